"""Forecast against reality: each forecast edition's 67% band as a filled area, its forecast
as a thin dashed line, and the realised population as the strong line over them.

Pure, like :mod:`dashboard.figures.charts`: points in, a plotly figure dict out; only scatter
traces (the served plotly bundle is the basic one; ``fill: 'toself'`` is a scatter's).
Whether the realisation is inside or outside a band is said in words (the finding title,
the table's position column), not by colour alone (WCAG 1.4.1); provisional years have
hollow markers, explained in the legend, and say so on hover.
"""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.data.forecast_check import Edition, Realised
from dashboard.data.store import PROVISIONAL
from dashboard.figures.charts import (
    COMPARISON_COLOURS,
    FOCUS_COLOUR,
    Figure,
    Labels,
    _provisional_legend,
    base_layout,
    hover_template,
)

# Band fills, newest edition first: the focus blue, then the comparison colours, light
# enough that the realised line over them keeps its contrast.
_BAND_ALPHA = 0.16
# The realised line: near-black, so it stands out over every band colour (>= 12:1 on white).
REALISED_COLOUR = "#1F2328"


def _rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def forecast_check_figure(
    realised: Sequence[Realised],
    editions: Sequence[Edition],
    labels: Labels,
    *,
    realised_name: str,
    band_name: dict[str, str],
    forecast_name: dict[str, str],
) -> Figure:
    """``editions`` oldest first, each already cut to the years shown; ``band_name`` and
    ``forecast_name``: the legend words per edition source."""
    traces: list[dict] = []
    newest_first = list(reversed(editions))
    for position, edition in enumerate(newest_first):
        colour = (
            FOCUS_COLOUR
            if position == 0
            else COMPARISON_COLOURS[(position - 1) % len(COMPARISON_COLOURS)]
        )
        band = [p for p in edition.band if p.lower is not None and p.upper is not None]
        if band:
            years = [p.year for p in band]
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",  # plotly's default for few points adds corner markers
                    "x": years + years[::-1],
                    "y": [p.upper for p in band] + [p.lower for p in band][::-1],
                    "fill": "toself",
                    "fillcolor": _rgba(colour, _BAND_ALPHA),
                    "line": {"width": 1, "color": _rgba(colour, 0.5)},
                    "hoverinfo": "skip",
                    "name": band_name[edition.source],
                    "legendgroup": edition.source,
                }
            )
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": [p.year for p in edition.band],
                "y": [p.forecast for p in edition.band],
                "name": forecast_name[edition.source],
                "legendgroup": edition.source,
                "line": {"color": colour, "width": 2, "dash": "dash"},
                "customdata": [""] * len(edition.band),
                "hovertemplate": hover_template(labels),
            }
        )
    if realised:
        provisional_word = f" ({labels.provisional.lstrip('* ')})"
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": [r.year for r in realised],
                "y": [r.value for r in realised],
                "name": realised_name,
                "line": {"color": REALISED_COLOUR, "width": 4},
                # Provisional years hollow, as on every line chart (the legend says so).
                "marker": {
                    "size": 8,
                    "color": REALISED_COLOUR,
                    "symbol": [
                        "circle-open" if r.status == PROVISIONAL else "circle" for r in realised
                    ],
                    "line": {"width": 2, "color": REALISED_COLOUR},
                },
                "customdata": [
                    provisional_word if r.status == PROVISIONAL else "" for r in realised
                ],
                "hovertemplate": hover_template(labels),
            }
        )
        if any(r.status == PROVISIONAL for r in realised):
            traces.append(_provisional_legend(labels))
    return {"data": traces, "layout": base_layout(labels)}
