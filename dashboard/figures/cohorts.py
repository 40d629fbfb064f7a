"""Follow-a-cohort lines: one line per birth year, age along the x axis, index 15 = 100.

Pure, like :mod:`dashboard.figures.charts`: points in, a plotly figure dict out; only
scatter traces (the served plotly bundle is the basic one). The newest cohort is the one
strong colour; provisional counts have hollow markers and say so on hover.
"""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.data.cohorts import BASE_AGE, CohortPoint, is_provisional
from dashboard.figures.charts import (
    COMPARISON_COLOURS,
    COMPARISON_SYMBOLS,
    FOCUS_COLOUR,
    Figure,
    Labels,
    _provisional_legend,
    base_layout,
)

REFERENCE = 100.0  # the index at BASE_AGE


def cohort_figure(
    cohorts: Sequence[Sequence[CohortPoint]],
    labels: Labels,
    *,
    age_title: str,
    name_of: dict[int, str],
) -> Figure:
    """``cohorts``: one list of points per birth year, oldest first; ``name_of``: the legend
    name of each birth year ("geboren in 1990")."""
    traces = []
    newest = max((c[0].birth_year for c in cohorts if c), default=None)
    provisional_word = f" ({labels.provisional.lstrip('* ')})"
    position = 0
    for points in cohorts:
        if not points:
            continue
        birth_year = points[0].birth_year
        if birth_year == newest:
            colour, symbol, width, size = FOCUS_COLOUR, "circle", 4, 8
        else:
            colour = COMPARISON_COLOURS[position % len(COMPARISON_COLOURS)]
            symbol = COMPARISON_SYMBOLS[position % len(COMPARISON_SYMBOLS)]
            width, size = 2, 7
            position += 1
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": name_of.get(birth_year, str(birth_year)),
                "x": [p.age for p in points],
                "y": [p.value for p in points],
                "line": {"color": colour, "width": width},
                "marker": {
                    "symbol": [f"{symbol}-open" if is_provisional(p) else symbol for p in points],
                    "size": size,
                    "color": colour,
                    "line": {"width": 2, "color": colour},
                },
                "customdata": [
                    f" ({p.year}){provisional_word if is_provisional(p) else ''}" for p in points
                ],
                "hovertemplate": (
                    f"%{{fullData.name}}<br>{age_title} %{{x}}%{{customdata}}: "
                    f"%{{y:{labels.value_format}}}<extra></extra>"
                ),
            }
        )
    if any(is_provisional(p) for points in cohorts for p in points):
        traces.append(_provisional_legend(labels))  # says what the hollow markers mean
    layout = base_layout(labels)
    layout["xaxis"].update(
        {"dtick": 5, "tick0": BASE_AGE, "tickangle": 0, "title": {"text": age_title}}
    )
    layout["legend"] = {**layout["legend"], "y": -0.24}  # below the age axis's title
    layout["shapes"] = [
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "y0": REFERENCE,
            "y1": REFERENCE,
            "line": {"color": "#6B7280", "width": 1, "dash": "dash"},
        }
    ]
    return {"data": traces, "layout": layout}
