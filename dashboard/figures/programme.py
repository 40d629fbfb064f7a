"""Pure figure builders for the Talentopgave: targets, budget, milestones and the event overlay.

Same rules as :mod:`dashboard.figures.charts`: plain values in, a ``{"data", "layout"}`` dict
out, the words passed in by the caller in the page's language. Dates are placed on the year axis as
fractional years (1 July 2023 -> 2023.5), so events and measurements share the axis of the
yearly CBS series.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dashboard.figures.charts import (
    FOCUS_COLOUR,
    MUTED_COLOUR,
    Figure,
    Labels,
    base_layout,
    hover_template,
)

PATH_COLOUR = "#B45309"  # the straight path to the target: 4.9:1 on white
EVENT_COLOUR = "#374151"
BUDGET_COLOURS = {"budget": "#BFD3E6", "committed": "#4A7AB0", "spent": FOCUS_COLOUR}
MILESTONE_SYMBOLS = {
    "gereed": "circle",
    "bezig": "diamond",
    "gepland": "circle-open",
    "vertraagd": "x",
}
EVENT_ROWS = 3  # staggered label heights, so neighbouring numbers do not overlap


def year_fraction(day: date) -> float:
    """A date as a position on a year axis: 1 January = the whole year."""
    start = date(day.year, 1, 1)
    return day.year + (day - start).days / (date(day.year + 1, 1, 1) - start).days


@dataclass(frozen=True)
class Event:
    number: int  # as printed above the line and in the list below the chart
    day: date
    title: str
    kind: str  # beleid / databreuk


def visible_events(events: Sequence[Event], figure: Figure) -> list[Event]:
    """The events inside the figure's x range (from its traces' x values)."""
    xs = [
        x
        for trace in figure.get("data", [])
        for x in trace.get("x") or []
        if isinstance(x, (int, float))
    ]
    if not xs:
        return []
    low, high = min(xs), max(xs) + 1  # a year value covers that whole year
    return [e for e in events if low <= year_fraction(e.day) < high]


def with_events(figure: Figure, events: Sequence[Event]) -> Figure:
    """A copy of ``figure`` with a vertical line per event and its number above it.

    Numbers rather than titles keep labels readable however close the events are; the
    numbered list (the caller shows it below the chart) carries the titles. Policy events are
    solid lines, breaks in a data series dashed; numbers alternate over a few heights."""
    if not events:
        return figure
    layout = dict(figure.get("layout", {}))
    shapes = list(layout.get("shapes", []))
    annotations = list(layout.get("annotations", []))
    for position, event in enumerate(sorted(events, key=lambda e: e.day)):
        x = year_fraction(event.day)
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "layer": "below",
                "line": {
                    "color": EVENT_COLOUR,
                    "width": 1.5,
                    "dash": "dash" if event.kind == "databreuk" else "solid",
                },
            }
        )
        annotations.append(
            {
                "x": x,
                "xref": "x",
                "yref": "paper",
                "y": 1.0 + 0.06 * (position % EVENT_ROWS),
                "yanchor": "bottom",
                "text": f"<b>{event.number}</b>",
                "showarrow": False,
                "font": {"size": 12, "color": "white"},
                "bgcolor": EVENT_COLOUR,
                "borderpad": 2,
                "hovertext": event.title,
            }
        )
    margin = dict(layout.get("margin", {}))
    margin["t"] = max(margin.get("t", 16), 24 + 18 * min(len(events), EVENT_ROWS))
    layout.update({"shapes": shapes, "annotations": annotations, "margin": margin})
    return {**figure, "layout": layout}


@dataclass(frozen=True)
class TargetPath:
    baseline_year: int
    baseline_value: float
    target_year: int
    target_value: float


@dataclass(frozen=True)
class TargetLabels:
    actual: str
    path: str
    target: str
    forecast: str
    interval: str


def target_figure(
    actual_x: Sequence[float],
    actual_y: Sequence[float],
    path: TargetPath,
    labels: Labels,
    words: TargetLabels,
    *,
    actual_name: str,
    forecast: Sequence[tuple[int, float, float | None, float | None]] = (),
) -> Figure:
    """Actuals, the straight path from baseline to target and the target itself; optionally a
    forecast ``(year, value, lower, upper)`` with its band."""
    traces: list[dict] = []
    if forecast:
        years = [f[0] for f in forecast]
        if all(f[2] is not None and f[3] is not None for f in forecast):
            traces.append(
                {
                    "type": "scatter",
                    "x": years + years[::-1],
                    "y": [f[3] for f in forecast] + [f[2] for f in forecast][::-1],
                    "fill": "toself",
                    "fillcolor": "rgba(0, 76, 151, 0.15)",
                    "line": {"width": 0},
                    "hoverinfo": "skip",
                    "name": words.interval,
                }
            )
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": years,
                "y": [f[1] for f in forecast],
                "name": words.forecast,
                "line": {"color": FOCUS_COLOUR, "width": 2, "dash": "dash"},
                "customdata": [f" ({words.forecast})"] * len(years),
                "hovertemplate": hover_template(labels),
            }
        )
    traces.append(
        {
            "type": "scatter",
            "mode": "lines",
            "name": words.path,
            "x": [path.baseline_year, path.target_year],
            "y": [path.baseline_value, path.target_value],
            "line": {"color": PATH_COLOUR, "width": 2, "dash": "dot"},
            "customdata": ["", ""],
            "hovertemplate": hover_template(labels),
        }
    )
    traces.append(
        {
            "type": "scatter",
            "mode": "markers",
            "name": words.target,
            "x": [path.target_year],
            "y": [path.target_value],
            "customdata": [""],
            "hovertemplate": hover_template(labels),
            "marker": {"symbol": "star", "size": 14, "color": PATH_COLOUR},
        }
    )
    traces.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": actual_name,
            "x": list(actual_x),
            "y": list(actual_y),
            "line": {"color": FOCUS_COLOUR, "width": 4},
            "marker": {"size": 8, "color": FOCUS_COLOUR},
            "customdata": [""] * len(actual_x),
            "hovertemplate": hover_template(labels),
        }
    )
    layout = base_layout(labels)
    layout["xaxis"].update({"tickangle": 0})
    return {"data": traces, "layout": layout}


@dataclass(frozen=True)
class PillarBudget:
    pillar: str  # the pillar's name in the page's language
    budget: float | None
    committed: float | None
    spent: float | None


def budget_figure(
    pillars: Sequence[PillarBudget], labels: Labels, *, budget: str, committed: str, spent: str
) -> Figure:
    """Grouped bars per pillar: budget (light), committed, spent (strong)."""
    names = [p.pillar for p in pillars]
    traces = []
    for key, name in (("budget", budget), ("committed", committed), ("spent", spent)):
        values = [getattr(p, key) for p in pillars]
        traces.append(
            {
                "type": "bar",
                "name": name,
                "x": names,
                "y": values,
                "marker": {
                    "color": BUDGET_COLOURS[key],
                    "line": {"color": FOCUS_COLOUR, "width": 1},
                },
                "hovertemplate": f"{name}, %{{x}}: € %{{y:,.0f}}<extra></extra>",
            }
        )
    layout = base_layout(labels)
    layout.update({"barmode": "group", "bargap": 0.25})
    layout["xaxis"] = {**layout["xaxis"], "tickformat": None, "type": "category"}
    layout["yaxis"] = {**layout["yaxis"], "tickprefix": "€ "}
    return {"data": traces, "layout": layout}


@dataclass(frozen=True)
class Milestone:
    day: date
    title: str
    pillar: str  # in the page's language
    status: str  # gepland / bezig / gereed / vertraagd
    status_label: str


def milestones_figure(
    milestones: Sequence[Milestone],
    labels: Labels,
    *,
    today: date | None = None,
    today_label: str = "",
) -> Figure:
    """A timeline: one row per pillar, a marker per milestone (shape = status)."""
    traces = []
    for status, symbol in MILESTONE_SYMBOLS.items():
        own = [m for m in milestones if m.status == status]
        if not own:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": own[0].status_label,
                "x": [m.day.isoformat() for m in own],
                "y": [m.pillar for m in own],
                "text": [m.title for m in own],
                "marker": {
                    "symbol": symbol,
                    "size": 14,
                    "color": FOCUS_COLOUR if status != "vertraagd" else PATH_COLOUR,
                    "line": {"width": 2, "color": FOCUS_COLOUR},
                },
                "hovertemplate": "%{x|%d-%m-%Y}: %{text}<extra></extra>",
            }
        )
    pillars = list(dict.fromkeys(m.pillar for m in milestones))
    layout = base_layout(labels, height=max(260, 70 * len(pillars) + 140))
    layout["xaxis"] = {**layout["xaxis"], "type": "date", "tickformat": "%Y"}
    layout["yaxis"] = {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": pillars,
        "showgrid": True,
        "gridcolor": "#E3E6EA",
        "title": {"text": None},
        "automargin": True,
    }
    if today is not None:
        layout["shapes"] = [
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": today.isoformat(),
                "x1": today.isoformat(),
                "y0": 0,
                "y1": 1,
                "line": {"color": MUTED_COLOUR, "width": 1, "dash": "dot"},
            }
        ]
        layout["annotations"] = [
            {
                "x": today.isoformat(),
                "xref": "x",
                "yref": "paper",
                "y": 1,
                "yanchor": "bottom",
                "text": today_label,
                "showarrow": False,
                "font": {"size": 12},
            }
        ]
    return {"data": traces, "layout": layout}
