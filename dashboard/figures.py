"""Pure figure builders: a frame (from :mod:`dashboard.series`) in, a plotly figure out.

No store, no Dash, no text lookups: callers pass the labels in the page's language, so the
builders are tested on tiny literal frames. Provisional figures are told apart by more than
colour (dotted line, hollow markers and a "* voorlopig" legend entry); the focus municipality
is the one strong colour and the thickest line.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.formatting import plotly_separators

FOCUS_COLOUR = "#004C97"  # 8.6:1 on white
COMPARISON_COLOURS = ["#5F5F5F", "#B45309", "#047857", "#6D28D9", "#9F1239", "#0E7490",
                      "#4D7C0F", "#7C2D12"]  # every one >= 4.5:1 on white
MUTED_COLOUR = "#7A8FA6"  # >= 3:1 on white: enough for bars (WCAG 1.4.11)
COMPARISON_SYMBOLS = ["square", "diamond", "triangle-up", "x", "star", "cross", "pentagon",
                      "hexagon"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
GRID = "#E3E6EA"


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


def _base_layout(fig: go.Figure, labels: Labels, *, height: int = 380) -> go.Figure:
    fig.update_layout(
        height=height, margin={"l": 56, "r": 16, "t": 16, "b": 8},
        font={"family": FONT, "size": 14, "color": "#1F2328"},
        paper_bgcolor="white", plot_bgcolor="white",
        separators=plotly_separators(labels.lang),
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "title": None},
        hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(showgrid=False, linecolor="#6B7280", ticks="outside", tickformat="d")
    fig.update_yaxes(gridcolor=GRID, zeroline=True, zerolinecolor="#9CA3AF",
                     title={"text": labels.y_title}, separatethousands=True)
    return fig


def _style(position: int, focus: bool) -> dict:
    if focus:
        return {"color": FOCUS_COLOUR, "width": 4, "symbol": "circle", "size": 8}
    index = position % len(COMPARISON_COLOURS)
    return {"color": COMPARISON_COLOURS[index], "width": 2,
            "symbol": COMPARISON_SYMBOLS[index % len(COMPARISON_SYMBOLS)], "size": 7}


def _hover(labels: Labels) -> str:
    return (f"%{{fullData.name}}<br>%{{x}}: %{{y:{labels.value_format}}}{labels.value_suffix}"
            "%{customdata}<extra></extra>")


def line_figure(frame: pd.DataFrame, focus: str, labels: Labels,
                *, reference: float | None = None) -> go.Figure:
    """One line per region; the provisional stretch dotted with hollow markers."""
    fig = go.Figure()
    regions = list(dict.fromkeys(frame["region_code"]))
    comparison_position = 0
    provisional_seen = False
    for code in regions:
        rows = frame[frame["region_code"] == code].sort_values("year")
        is_focus = code == focus
        style = _style(comparison_position, is_focus)
        if not is_focus:
            comparison_position += 1
        name = str(rows["region"].iloc[0])
        final = rows[rows["status"] != "voorlopig"]
        provisional = rows[rows["status"] == "voorlopig"]
        suffix = [""] * len(final)
        fig.add_trace(go.Scatter(
            x=final["year"], y=final["value"], name=name, legendgroup=code, mode="lines+markers",
            line={"color": style["color"], "width": style["width"]},
            marker={"symbol": style["symbol"], "size": style["size"], "color": style["color"]},
            customdata=suffix, hovertemplate=_hover(labels)))
        if not provisional.empty:
            provisional_seen = True
            # Start the dotted stretch at the last final point so the line stays connected.
            joined = pd.concat([final.tail(1), provisional])
            fig.add_trace(go.Scatter(
                x=joined["year"], y=joined["value"], name=f"{name} {labels.provisional}",
                legendgroup=code, showlegend=False, mode="lines+markers",
                line={"color": style["color"], "width": style["width"], "dash": "dot"},
                marker={"symbol": [style["symbol"]] * (len(joined) - len(provisional))
                        + [f"{style['symbol']}-open"] * len(provisional),
                        "size": style["size"] + 2, "color": style["color"],
                        "line": {"width": 2, "color": style["color"]}},
                customdata=[""] * (len(joined) - len(provisional))
                + [f" ({labels.provisional.lstrip('* ')})"] * len(provisional),
                hovertemplate=_hover(labels)))
    if provisional_seen:
        # A legend-only entry that explains the dotted, hollow style in words.
        fig.add_trace(go.Scatter(
            x=[None], y=[None], name=labels.provisional, mode="lines+markers",
            line={"color": "#4B5563", "width": 2, "dash": "dot"},
            marker={"symbol": "circle-open", "size": 9, "color": "#4B5563"},
            hoverinfo="skip"))
    if reference is not None:
        fig.add_hline(y=reference, line={"color": "#6B7280", "width": 1, "dash": "dash"})
    _base_layout(fig, labels)
    years = frame["year"]
    if not years.empty and years.max() - years.min() <= 14:
        fig.update_xaxes(dtick=1)
    return fig


def forecast_figure(history: pd.DataFrame, forecast: pd.DataFrame, focus: str,
                    labels: Labels) -> go.Figure:
    """Observed population (focus only) continued by the forecast and its 67% interval."""
    fig = line_figure(history, focus, labels) if not history.empty else go.Figure()
    if not forecast.empty:
        rows = forecast.sort_values("year")
        if not history.empty:  # connect the forecast to the last observed year
            rows = pd.concat([history.sort_values("year").tail(1).assign(
                lower=lambda f: f["value"], upper=lambda f: f["value"]), rows])
        name = str(rows["region"].iloc[-1])
        fig.add_trace(go.Scatter(
            x=list(rows["year"]) + list(rows["year"])[::-1],
            y=list(rows["upper"]) + list(rows["lower"])[::-1], fill="toself",
            fillcolor="rgba(0, 76, 151, 0.15)", line={"width": 0}, hoverinfo="skip",
            name=labels.interval))
        fig.add_trace(go.Scatter(
            x=rows["year"], y=rows["value"], name=f"{name} ({labels.forecast})",
            mode="lines", line={"color": FOCUS_COLOUR, "width": 3, "dash": "dash"},
            customdata=[f" ({labels.forecast})"] * len(rows), hovertemplate=_hover(labels)))
    _base_layout(fig, labels)
    fig.update_xaxes(dtick=None)
    return fig


def pyramid_figure(focus: pd.DataFrame, labels: Labels, *, men: str, women: str,
                   band: str, other: str, comparison: pd.DataFrame | None = None,
                   comparison_name: str = "", band_ages: tuple[int, int] = (18, 35)) -> go.Figure:
    """Men left, women right, as % of all inhabitants; the 18–35 band in the focus colour."""
    low, high = band_ages
    in_band = (focus["age"] >= low) & (focus["age"] <= high)
    fig = go.Figure()
    for part, name in ((in_band, band), (~in_band, other)):
        rows = focus[part]
        colour = FOCUS_COLOUR if name == band else MUTED_COLOUR
        for side, values, sex in (("men", -rows["men_share"], men),
                                  ("women", rows["women_share"], women)):
            fig.add_trace(go.Bar(
                y=rows["age"], x=values, orientation="h", name=name, legendgroup=name,
                showlegend=side == "women", marker={"color": colour, "line": {"width": 0}},
                customdata=abs(values), hovertemplate=f"{sex}, %{{y}}: %{{customdata:.2f}}%"
                                                      "<extra></extra>"))
    if comparison is not None:
        for values, show in ((-comparison["men_share"], True),
                             (comparison["women_share"], False)):
            fig.add_trace(go.Scatter(
                y=comparison["age"], x=values, mode="lines", line={"color": "#B45309",
                                                                   "width": 2, "shape": "vh"},
                name=comparison_name, legendgroup="comparison", showlegend=show,
                hoverinfo="skip"))
    _base_layout(fig, labels, height=460)
    top = int(focus["age"].max()) if not focus.empty else 100
    tick_ages = list(range(0, top + 1, 10))
    fig.update_layout(barmode="overlay", bargap=0.05)
    fig.update_yaxes(title={"text": None}, tickvals=tick_ages,
                     ticktext=[f"{a}+" if a == top and bool(focus["age_open"].any()) else str(a)
                               for a in tick_ages], zeroline=False)
    limit = float(max(focus["men_share"].max(), focus["women_share"].max())) * 1.1 \
        if not focus.empty else 1.0
    step = 0.5 if limit < 1.5 else 1.0
    ticks = [round(k * step, 1) for k in range(-int(limit / step), int(limit / step) + 1)]
    fig.update_xaxes(range=[-limit, limit], tickvals=ticks,
                     ticktext=[f"{abs(v):g}".replace(".", "," if labels.lang == "nl" else ".")
                               for v in ticks], tickformat=None, title={"text": labels.y_title})
    fig.add_annotation(x=-limit * 0.95, y=top, text=men, showarrow=False, xanchor="left",
                       font={"size": 14})
    fig.add_annotation(x=limit * 0.95, y=top, text=women, showarrow=False, xanchor="right",
                       font={"size": 14})
    return fig


def ranking_figure(frame: pd.DataFrame, focus: str, labels: Labels) -> go.Figure:
    """Horizontal bars, highest on top; the focus municipality in the strong colour."""
    rows = frame.sort_values("rank")
    colours = [FOCUS_COLOUR if code == focus else MUTED_COLOUR for code in rows["region_code"]]
    names = [f"<b>{n}</b>" if c == focus else str(n)
             for n, c in zip(rows["region"], rows["region_code"], strict=True)]
    fig = go.Figure(go.Bar(
        y=names, x=rows["value"], orientation="h", marker={"color": colours},
        texttemplate=f"%{{x:{labels.value_format}}}{labels.value_suffix}", textposition="outside",
        cliponaxis=False, hovertemplate=f"%{{y}}: %{{x:{labels.value_format}}}"
                                        f"{labels.value_suffix}<extra></extra>"))
    _base_layout(fig, labels, height=max(320, 28 * len(rows) + 60))
    fig.update_yaxes(autorange="reversed", title={"text": None}, gridcolor="white")
    fig.update_xaxes(title={"text": labels.y_title}, tickformat=None, showgrid=True,
                     gridcolor=GRID)
    fig.update_layout(showlegend=False, margin={"r": 64})
    return fig


def _centroid(geometry: dict) -> tuple[float, float]:
    """Mean of the outer ring's points of the largest polygon: good enough to place a label."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else \
        geometry["coordinates"]
    ring = max((p[0] for p in polygons), key=len)
    return (sum(p[0] for p in ring[:-1]) / max(len(ring) - 1, 1),
            sum(p[1] for p in ring[:-1]) / max(len(ring) - 1, 1))


def map_figure(frame: pd.DataFrame, geojson: dict, focus: str, labels: Labels) -> go.Figure:
    """Twente coloured by value (light = low, dark = high), focus outlined, names on top."""
    codes = list(frame["region_code"])
    fig = go.Figure(go.Choropleth(
        geojson=geojson, featureidkey="properties.statcode", locations=codes,
        z=frame["value"], text=frame["region"], colorscale="Blues",
        marker={"line": {"color": ["#111827" if c == focus else "white" for c in codes],
                         "width": [3 if c == focus else 0.8 for c in codes]}},
        colorbar={"title": {"text": labels.y_title}, "thickness": 14},
        hovertemplate=f"%{{text}}: %{{z:{labels.value_format}}}{labels.value_suffix}"
                      "<extra></extra>"))
    features = {f["properties"].get("statcode"): f for f in geojson.get("features", [])}
    placed = [(features[c], n) for c, n in zip(codes, frame["region"], strict=True)
              if c in features]
    if placed:
        points = [_centroid(f["geometry"]) for f, _ in placed]
        fig.add_trace(go.Scattergeo(
            lon=[p[0] for p in points], lat=[p[1] for p in points], mode="text",
            text=[f"<b>{n}</b>" if f["properties"]["statcode"] == focus else n
                  for f, n in placed],
            textfont={"size": 11, "color": "#111827"}, hoverinfo="skip", showlegend=False))
    _base_layout(fig, labels, height=480)
    fig.update_geos(fitbounds="locations", visible=False, projection={"type": "mercator"})
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return fig
