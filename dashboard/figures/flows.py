"""Moves between municipalities as figures: partner bars and lines on the municipal map.

Pure, like :mod:`dashboard.figures.charts`: numbers and names in, a plotly figure dict out.
Bars and scatter traces only: the served plotly bundle is the basic one (bar, pie,
scatter; tests/dashboard/test_plotly_bundle.py). The map is drawn like
:func:`dashboard.figures.charts.map_figure`, on a locally flattened lon/lat plane, without
plotly's geo traces (they fetch a world map from a CDN).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.figures.charts import (
    FOCUS_COLOUR,
    GRID,
    Figure,
    Labels,
    _centroid,
    _rings,
    base_layout,
)

LOSS_COLOUR = "#B45309"  # 5.0:1 on white; gains keep the focus colour
MAP_FILL = "#EEF1F4"  # the municipalities under the lines
MAP_EDGE = "#9CA3AF"
MIN_WIDTH, MAX_WIDTH = 1.5, 12.0  # px of a flow line: thin still visible, thick not a blot


@dataclass(frozen=True)
class Bar:
    name: str
    value: int


def partner_bars(bars: Sequence[Bar], labels: Labels, *, signed: bool = False) -> Figure:
    """Horizontal bars, first on top. ``signed``: a net balance, gains in the focus colour
    and losses in another, both labelled with their sign."""
    layout = base_layout(labels, height=max(320, 28 * len(bars) + 72))
    layout.update({"showlegend": False, "margin": {"l": 150, "r": 72, "t": 16, "b": 48}})
    layout["yaxis"] = {"autorange": "reversed", "title": {"text": None}, "showgrid": False}
    layout["xaxis"] = {
        "title": {"text": labels.y_title},
        "showgrid": True,
        "gridcolor": GRID,
        "zeroline": True,
        "zerolinecolor": "#6B7280",
        "tickformat": ",~f",
        "automargin": True,
    }
    if signed and bars:
        # Room inside the plot for the labels of losses: outside a bar pointing left they
        # would run into the names.
        low = min(0, *(b.value for b in bars))
        high = max(0, *(b.value for b in bars))
        pad = (high - low or 1) * 0.14
        layout["xaxis"]["range"] = [low - pad if low < 0 else low, high + pad]
    number = "+,d" if signed else ",d"
    bar = {
        "type": "bar",
        "orientation": "h",
        "y": [b.name for b in bars],
        "x": [b.value for b in bars],
        "marker": {
            "color": [LOSS_COLOUR if signed and b.value < 0 else FOCUS_COLOUR for b in bars]
        },
        "texttemplate": f"%{{x:{number}}}",
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": f"%{{y}}: %{{x:{number}}}<extra></extra>",
    }
    return {"data": [bar], "layout": layout}


@dataclass(frozen=True)
class MapFlow:
    code: str
    name: str
    persons: int  # in + out: how many moved between the focus and this partner
    net: int  # in − out
    hover: str  # the partner's numbers in words, in the page's language


def line_width(persons: int, largest: int) -> float:
    """Width proportional to persons, the largest flow :data:`MAX_WIDTH` px wide."""
    if largest <= 0:
        return MIN_WIDTH
    return max(MIN_WIDTH, MAX_WIDTH * persons / largest)


def flow_map(
    flows: Sequence[MapFlow],
    geojson: dict,
    focus: str,
    labels: Labels,
    *,
    focus_name: str,
    gain: str,
    loss: str,
) -> Figure:
    """The municipalities in grey, a line from the focus to each partner on the map (width
    by persons, colour by the sign of the net), names on top. ``gain``/``loss``: the legend
    words for the two colours."""
    features = {f["properties"].get("statcode"): f for f in geojson.get("features", [])}
    latitudes = [c[1] for f in features.values() for ring in _rings(f["geometry"]) for c in ring]
    squeeze = math.cos(math.radians(sum(latitudes) / len(latitudes))) if latitudes else 1.0
    traces: list[dict] = []
    for code, feature in features.items():
        xs: list[float | None] = []
        ys: list[float | None] = []
        for ring in _rings(feature["geometry"]):
            xs += [c[0] * squeeze for c in ring] + [None]
            ys += [c[1] for c in ring] + [None]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": xs,
                "y": ys,
                "fill": "toself",
                "fillcolor": MAP_FILL,
                "line": {
                    "color": "#111827" if code == focus else MAP_EDGE,
                    "width": 2 if code == focus else 1,
                },
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
    shown = [f for f in flows if f.code in features and f.code != focus]
    if focus in features and shown:
        fx, fy = _centroid(features[focus]["geometry"])
        largest = max(f.persons for f in shown)
        # The thickest first, so the thin lines drawn after them stay visible on top.
        for flow in sorted(shown, key=lambda f: -f.persons):
            px, py = _centroid(features[flow.code]["geometry"])
            colour = FOCUS_COLOUR if flow.net >= 0 else LOSS_COLOUR
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": [fx * squeeze, px * squeeze],
                    "y": [fy, py],
                    "line": {"color": colour, "width": line_width(flow.persons, largest)},
                    "opacity": 0.8,
                    "name": flow.name,
                    "text": [flow.hover, flow.hover],
                    "hoverinfo": "text",
                    "showlegend": False,
                }
            )
        for colour, word in ((FOCUS_COLOUR, gain), (LOSS_COLOUR, loss)):
            traces.append(  # legend-only: what the two colours mean
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": [None],
                    "y": [None],
                    "name": word,
                    "line": {"color": colour, "width": 6},
                    "hoverinfo": "skip",
                }
            )
    named = [c for c in features if c == focus or any(f.code == c for f in shown)]
    if named:
        centres = [_centroid(features[c]["geometry"]) for c in named]
        names = {f.code: f.name for f in shown}
        traces.append(
            {
                "type": "scatter",
                "mode": "text",
                "x": [c[0] * squeeze for c in centres],
                "y": [c[1] for c in centres],
                "text": [f"<b>{focus_name}</b>" if c == focus else names.get(c, c) for c in named],
                "textfont": {"size": 11, "color": "#111827"},
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
    layout = base_layout(labels, height=520)
    hidden_axis = {"visible": False, "showgrid": False, "zeroline": False}
    layout.update(
        {
            "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
            "showlegend": True,
            "hovermode": "closest",
            "xaxis": {**hidden_axis},
            "yaxis": {**hidden_axis, "scaleanchor": "x", "scaleratio": 1},
        }
    )
    return {"data": traces, "layout": layout}
