"""Pure figure builders: rows (from :mod:`dashboard.data.series`) in, a plotly figure dict out.

No store, no Dash, no text lookups: callers pass the labels in the page's language, so the
builders are tested on tiny literal rows. They return plain ``{"data", "layout"}`` dicts,
which ``dcc.Graph`` takes as they are; building ``plotly.graph_objects`` would validate every
property and costs more than the rest of a callback (tests validate via ``go.Figure``).

Provisional figures are told apart by more than colour (dotted line, hollow markers and a
"* voorlopig" legend entry); the focus municipality is the one strong colour and the
thickest line.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dashboard.data.series import Point, PyramidRow, Ranked, rows_of
from dashboard.data.store import PROVISIONAL
from dashboard.i18n.formatting import plotly_separators

FOCUS_COLOUR = "#004C97"  # 8.6:1 on white
COMPARISON_COLOURS = [
    "#5F5F5F",
    "#B45309",
    "#047857",
    "#6D28D9",
    "#9F1239",
    "#0E7490",
    "#4D7C0F",
    "#7C2D12",
]  # every one >= 4.5:1 on white
MUTED_COLOUR = "#7A8FA6"  # >= 3:1 on white: enough for bars (WCAG 1.4.11)
COMPARISON_SYMBOLS = [
    "square",
    "diamond",
    "triangle-up",
    "x",
    "star",
    "cross",
    "pentagon",
    "hexagon",
]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
TEXT_COLOUR = "#1F2328"
GRID = "#E3E6EA"
# Light to mid blue-green: dark names printed on top stay readable (>= 4.5:1) at both ends.
MAP_SCALE: list[tuple[float, str]] = [(0.0, "#FFFFD9"), (0.5, "#7FCDBB"), (1.0, "#1D91C0")]

Figure = dict


@dataclass(frozen=True)
class Labels:
    """The words a figure needs, already in the page's language."""

    lang: str = "nl"
    y_title: str = ""
    provisional: str = "* voorlopig"
    forecast: str = "prognose"
    interval: str = "67%-interval"
    value_format: str = ",.1f"  # d3 format for hover/labels; separators come from `lang`
    value_suffix: str = ""
    revised: str = "herzien"  # legend entry of the points CBS revised since the last vintage


# (region_code, year) -> the hover's words on a point CBS revised, e.g. "herzien t.o.v.
# versie …: 82.647 → 82.672" (the caller formats them: the builders look up no texts).
Revised = Mapping[tuple[str, int], str]
REVISED_COLOUR = TEXT_COLOUR  # a dark outline, apart from every region's colour
REVISED_SYMBOL = "hexagram-open"  # in no region's style (COMPARISON_SYMBOLS, _style)


def base_layout(labels: Labels, *, height: int = 380) -> dict:
    return {
        "height": height,
        "margin": {"l": 64, "r": 16, "t": 16, "b": 8},
        "font": {"family": FONT, "size": 14, "color": TEXT_COLOUR},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "separators": plotly_separators(labels.lang),
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0},
        "hoverlabel": {"font": {"family": FONT}},
        "xaxis": {
            "showgrid": False,
            "linecolor": "#6B7280",
            "ticks": "outside",
            "tickformat": "d",
            "automargin": True,
        },
        # ",~f": full numbers with the page's separators ("3.000.000", "22,5"), never SI
        # suffixes like "3M" that Dutch readers would misread.
        "yaxis": {
            "gridcolor": GRID,
            "zeroline": True,
            "zerolinecolor": "#9CA3AF",
            "title": {"text": labels.y_title, "standoff": 8},
            "tickformat": ",~f",
            "automargin": True,
        },
    }


def _style(position: int, focus: bool) -> dict:
    if focus:
        return {"color": FOCUS_COLOUR, "width": 4, "symbol": "circle", "size": 8}
    index = position % len(COMPARISON_COLOURS)
    return {
        "color": COMPARISON_COLOURS[index],
        "width": 2,
        "symbol": COMPARISON_SYMBOLS[index % len(COMPARISON_SYMBOLS)],
        "size": 7,
    }


def hover_template(labels: Labels) -> str:
    return (
        f"%{{fullData.name}}<br>%{{x}}: %{{y:{labels.value_format}}}{labels.value_suffix}"
        "%{customdata}<extra></extra>"
    )


def _line_traces(rows: Sequence[Point], focus: str, labels: Labels) -> tuple[list, bool]:
    traces: list[dict] = []
    regions = list(dict.fromkeys(p.region_code for p in rows))
    comparison_position = 0
    provisional_seen = False
    provisional_word = f" ({labels.provisional.lstrip('* ')})"
    for code in regions:
        own = rows_of(list(rows), code)
        is_focus = code == focus
        style = _style(comparison_position, is_focus)
        comparison_position += 0 if is_focus else 1
        final = [p for p in own if p.status != PROVISIONAL]
        provisional = [p for p in own if p.status == PROVISIONAL]
        line = {"color": style["color"], "width": style["width"]}
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": own[0].region,
                "legendgroup": code,
                "x": [p.year for p in final],
                "y": [p.value for p in final],
                "line": line,
                "customdata": [""] * len(final),
                "hovertemplate": hover_template(labels),
                "marker": {
                    "symbol": style["symbol"],
                    "size": style["size"],
                    "color": style["color"],
                },
            }
        )
        if provisional:
            provisional_seen = True
            # Start the dotted stretch at the last final point so the line stays connected.
            joined = final[-1:] + provisional
            hollow = [style["symbol"]] * (len(joined) - len(provisional)) + [
                f"{style['symbol']}-open"
            ] * len(provisional)
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "showlegend": False,
                    "name": f"{own[0].region} {labels.provisional}",
                    "legendgroup": code,
                    "x": [p.year for p in joined],
                    "y": [p.value for p in joined],
                    "line": {**line, "dash": "dot"},
                    "marker": {
                        "symbol": hollow,
                        "size": style["size"] + 2,
                        "color": style["color"],
                        "line": {"width": 2, "color": style["color"]},
                    },
                    "customdata": [""] * (len(joined) - len(provisional))
                    + [provisional_word] * len(provisional),
                    "hovertemplate": hover_template(labels),
                }
            )
    return traces, provisional_seen


def _provisional_legend(labels: Labels) -> dict:
    """A legend-only entry that explains the dotted, hollow style in words."""
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "x": [None],
        "y": [None],
        "name": labels.provisional,
        "hoverinfo": "skip",
        "line": {"color": "#4B5563", "width": 2, "dash": "dot"},
        "marker": {"symbol": "circle-open", "size": 9, "color": "#4B5563"},
    }


def _mark_revised(
    traces: list[dict], rows: Sequence[Point], revised: Revised, labels: Labels
) -> None:
    """The points CBS revised: their hover says old → new (the line's own hover, so it
    shows wherever the pointer lands), and one more trace draws a distinct outline symbol
    around each, with the legend entry "herzien" that says what the symbol means."""
    for trace in traces:
        code = trace.get("legendgroup")
        if code is None:
            continue
        trace["customdata"] = [
            f"{extra}<br>{revised[(code, year)]}" if (code, year) in revised else extra
            for extra, year in zip(trace["customdata"], trace["x"], strict=True)
        ]
    points = [p for p in rows if (p.region_code, p.year) in revised]
    if not points:
        return
    traces.append(
        {
            "type": "scatter",
            "mode": "markers",
            "name": labels.revised,
            "x": [p.year for p in points],
            "y": [p.value for p in points],
            "hoverinfo": "skip",  # the line's point below says it, with old → new
            "marker": {
                "symbol": REVISED_SYMBOL,
                "size": 18,
                "color": REVISED_COLOUR,
                "line": {"width": 1.5, "color": REVISED_COLOUR},
            },
        }
    )


def line_figure(
    rows: Sequence[Point],
    focus: str,
    labels: Labels,
    *,
    reference: float | None = None,
    revised: Revised | None = None,
) -> Figure:
    """One line per region; the provisional stretch dotted with hollow markers; points
    in ``revised`` outlined and explained in the hover."""
    traces, provisional_seen = _line_traces(rows, focus, labels)
    if provisional_seen:
        traces.append(_provisional_legend(labels))
    if revised:
        _mark_revised(traces, rows, revised, labels)
    layout = base_layout(labels)
    years = [p.year for p in rows]
    if years:  # whole years and horizontal labels that fit a half-width card
        span = max(years) - min(years)
        layout["xaxis"].update(
            {"dtick": 1 if span <= 8 else 2 if span <= 16 else 5, "tickangle": 0}
        )
    if reference is not None:
        layout["shapes"] = [
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": reference,
                "y1": reference,
                "line": {"color": "#6B7280", "width": 1, "dash": "dash"},
            }
        ]
    return {"data": traces, "layout": layout}


def forecast_figure(
    history: Sequence[Point],
    forecast: Sequence[Point],
    focus: str,
    labels: Labels,
    *,
    revised: Revised | None = None,
) -> Figure:
    """Observed population continued by the forecast (dashed) and its 67% interval (band);
    observed points in ``revised`` outlined as on :func:`line_figure`."""
    traces, provisional_seen = _line_traces(history, focus, labels)
    if revised:
        _mark_revised(traces, history, revised, labels)
    if forecast:
        ahead = sorted(forecast, key=lambda p: p.year)
        if history:  # connect the forecast to the last observed year
            last = max(history, key=lambda p: p.year)
            ahead = [last._replace(lower=last.value, upper=last.value)] + ahead
        years = [p.year for p in ahead]
        traces.append(
            {
                "type": "scatter",
                "x": years + years[::-1],
                "y": [p.upper for p in ahead] + [p.lower for p in ahead][::-1],
                "fill": "toself",
                "fillcolor": "rgba(0, 76, 151, 0.15)",
                "line": {"width": 0},
                "hoverinfo": "skip",
                "name": labels.interval,
            }
        )
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": years,
                "y": [p.value for p in ahead],
                "name": f"{ahead[-1].region} ({labels.forecast})",
                "line": {"color": FOCUS_COLOUR, "width": 3, "dash": "dash"},
                "customdata": [f" ({labels.forecast})"] * len(ahead),
                "hovertemplate": hover_template(labels),
            }
        )
    if provisional_seen:
        traces.append(_provisional_legend(labels))
    return {"data": traces, "layout": base_layout(labels)}


def _decimal(value: float, lang: str) -> str:
    text = f"{abs(value):g}"
    return text.replace(".", ",") if lang == "nl" else text


def pyramid_figure(
    focus: Sequence[PyramidRow],
    labels: Labels,
    *,
    men: str,
    women: str,
    band: str,
    other: str,
    comparison: Sequence[PyramidRow] | None = None,
    comparison_name: str = "",
    band_ages: tuple[int, int] = (18, 35),
) -> Figure:
    """Men left, women right, as % of all inhabitants; the 18–35 band in the focus colour."""
    low, high = band_ages
    traces = []
    for in_band, name, colour in ((True, band, FOCUS_COLOUR), (False, other, MUTED_COLOUR)):
        part = [r for r in focus if (low <= r.age <= high) == in_band]
        for side, sex in (("men", men), ("women", women)):
            shares = [r.men_share if side == "men" else r.women_share for r in part]
            traces.append(
                {
                    "type": "bar",
                    "orientation": "h",
                    "name": name,
                    "legendgroup": name,
                    "showlegend": side == "women",
                    "y": [r.age for r in part],
                    "x": [-s if side == "men" else s for s in shares],
                    "customdata": shares,
                    "marker": {"color": colour, "line": {"width": 0}},
                    "hovertemplate": f"{sex}, %{{y}}: %{{customdata:.2f}}%<extra></extra>",
                }
            )
    if comparison:
        for side in ("men", "women"):
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": comparison_name,
                    "legendgroup": "comparison",
                    "showlegend": side == "men",
                    "y": [r.age for r in comparison],
                    "x": [-r.men_share if side == "men" else r.women_share for r in comparison],
                    "line": {"color": "#B45309", "width": 2, "shape": "vh"},
                    "hoverinfo": "skip",
                }
            )
    layout = base_layout(labels, height=480)
    top = max((r.age for r in focus), default=100)
    has_open = any(r.age_open for r in focus)
    tick_ages = list(range(0, top + 1, 10))
    limit = max([r.men_share for r in focus] + [r.women_share for r in focus] + [0.5]) * 1.15
    step = 0.5 if limit < 1.5 else 1.0
    ticks = [round(k * step, 1) for k in range(-int(limit / step), int(limit / step) + 1)]
    layout.update({"barmode": "overlay", "bargap": 0.05})
    layout["yaxis"] = {
        **layout["yaxis"],
        "title": {"text": None},
        "tickvals": tick_ages,
        "zeroline": False,
        "ticktext": [f"{a}+" if a == top and has_open else str(a) for a in tick_ages],
    }
    layout["xaxis"] = {
        **layout["xaxis"],
        "range": [-limit, limit],
        "tickvals": ticks,
        "ticktext": [_decimal(v, labels.lang) for v in ticks],
        "tickformat": None,
        "title": {"text": labels.y_title},
    }
    layout["annotations"] = [
        {"x": -limit * 0.97, "y": top, "text": men, "showarrow": False, "xanchor": "left"},
        {"x": limit * 0.97, "y": top, "text": women, "showarrow": False, "xanchor": "right"},
    ]
    return {"data": traces, "layout": layout}


def ranking_figure(
    ranked: Sequence[Ranked], focus: str, labels: Labels, *, revised: Revised | None = None
) -> Figure:
    """Horizontal bars, highest on top; the focus municipality in the strong colour; a bar
    CBS revised (``revised``) carries a dagger after its value and old → new in its hover."""
    points = [r.point for r in sorted(ranked, key=lambda r: r.rank)]
    names = [f"<b>{p.region}</b>" if p.region_code == focus else p.region for p in points]
    layout = base_layout(labels, height=max(320, 28 * len(points) + 60))
    layout.update({"showlegend": False, "margin": {"l": 130, "r": 72, "t": 36, "b": 48}})
    layout["yaxis"] = {"autorange": "reversed", "title": {"text": None}, "showgrid": False}
    layout["xaxis"] = {
        "title": {"text": labels.y_title},
        "showgrid": True,
        "gridcolor": GRID,
        "zeroline": True,
        "zerolinecolor": "#9CA3AF",
    }
    bar = {
        "type": "bar",
        "orientation": "h",
        "y": names,
        "x": [p.value for p in points],
        "marker": {
            "color": [FOCUS_COLOUR if p.region_code == focus else MUTED_COLOUR for p in points]
        },
        "texttemplate": f"%{{x:{labels.value_format}}}{labels.value_suffix}",
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": f"%{{y}}: %{{x:{labels.value_format}}}{labels.value_suffix}"
        "<extra></extra>",
    }
    if revised:
        _mark_revised_bars(bar, points, revised)
    return {"data": [bar], "layout": layout}


def _mark_revised_bars(bar: dict, points: Sequence[Point], revised: Revised) -> None:
    """The dagger the table view uses after a revised value, and old → new in the hover."""
    keys = [(p.region_code, p.year) for p in points]
    bar["customdata"] = [
        [" †", f"<br>{revised[key]}"] if key in revised else ["", ""] for key in keys
    ]
    bar["texttemplate"] += "%{customdata[0]}"
    bar["hovertemplate"] = bar["hovertemplate"].replace("<extra>", "%{customdata[1]}<extra>")


def _rings(geometry: dict) -> list[list[list[float]]]:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [ring for polygon in polygons for ring in polygon]


def _centroid(geometry: dict) -> tuple[float, float]:
    """Mean of the largest ring's points: good enough to place a name."""
    ring = max(_rings(geometry), key=len)[:-1] or [[math.nan, math.nan]]
    return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))


def _scale_colour(fraction: float) -> str:
    """Linear interpolation in :data:`MAP_SCALE` (fraction 0..1) as ``#rrggbb``."""
    fraction = min(max(fraction, 0.0), 1.0)
    for (f0, c0), (f1, c1) in zip(MAP_SCALE, MAP_SCALE[1:], strict=False):
        if fraction <= f1:
            share = 0.0 if f1 == f0 else (fraction - f0) / (f1 - f0)
            a = [int(c0[k : k + 2], 16) for k in (1, 3, 5)]
            b = [int(c1[k : k + 2], 16) for k in (1, 3, 5)]
            return "#" + "".join(
                f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True)
            )
    return MAP_SCALE[-1][1]


def map_figure(ranked: Sequence[Ranked], geojson: dict, focus: str, labels: Labels) -> Figure:
    """Twente coloured by value (light = low, dark = high), focus outlined, names on top.

    Drawn as filled scatter polygons on a locally flattened lon/lat plane instead of plotly's
    geo traces: those fetch a world topojson from a CDN even with the base map hidden, which
    fails (and logs errors) on an intranet without internet access.
    """
    points = [r.point for r in ranked]
    features = {f["properties"].get("statcode"): f for f in geojson.get("features", [])}
    drawn = [p for p in points if p.region_code in features]
    values = [p.value for p in drawn]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    span = (high - low) or 1.0
    latitudes = [
        c[1] for p in drawn for ring in _rings(features[p.region_code]["geometry"]) for c in ring
    ]
    squeeze = math.cos(math.radians(sum(latitudes) / len(latitudes))) if latitudes else 1.0
    hover = f"%{{text}}: %{{customdata:{labels.value_format}}}{labels.value_suffix}<extra></extra>"
    traces = []
    # The focus last, so its thick outline is drawn on top of its neighbours' edges.
    for p in sorted(drawn, key=lambda p: p.region_code == focus):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for ring in _rings(features[p.region_code]["geometry"]):
            xs += [c[0] * squeeze for c in ring] + [None]
            ys += [c[1] for c in ring] + [None]
        is_focus = p.region_code == focus
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": xs,
                "y": ys,
                "fill": "toself",
                "fillcolor": _scale_colour((p.value - low) / span),
                "hoveron": "fills",
                "line": {
                    "color": "#111827" if is_focus else "white",
                    "width": 3 if is_focus else 1,
                },
                "name": p.region,
                "text": p.region,
                "showlegend": False,
                "hovertemplate": hover,
                "customdata": [p.value] * len(xs),
            }
        )
    if drawn:
        centres = [_centroid(features[p.region_code]["geometry"]) for p in drawn]
        traces.append(
            {
                "type": "scatter",
                "mode": "text",
                "x": [c[0] * squeeze for c in centres],
                "y": [c[1] for c in centres],
                "hoverinfo": "skip",
                "showlegend": False,
                "text": [
                    f"<b>{p.region}</b>" if p.region_code == focus else p.region for p in drawn
                ],
                "textfont": {"size": 11, "color": "#111827"},
            }
        )
        # An invisible marker trace carries the colour bar (the legend of the colours).
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [None, None],
                "y": [None, None],
                "showlegend": False,
                "hoverinfo": "skip",
                "marker": {
                    "color": [low, high],
                    "colorscale": MAP_SCALE,
                    "cmin": low,
                    "cmax": high,
                    "showscale": True,
                    "colorbar": {
                        "title": {"text": labels.y_title},
                        "thickness": 14,
                        "tickformat": labels.value_format,
                    },
                },
            }
        )
    layout = base_layout(labels, height=520)
    hidden_axis = {"visible": False, "showgrid": False, "zeroline": False}
    layout.update(
        {
            "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
            "showlegend": False,
            "xaxis": {**hidden_axis},
            "hovermode": "closest",
            "yaxis": {**hidden_axis, "scaleanchor": "x", "scaleratio": 1},
        }
    )
    return {"data": traces, "layout": layout}
