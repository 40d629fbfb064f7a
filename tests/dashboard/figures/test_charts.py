"""Figure builders on tiny literal rows; every figure must be valid plotly."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.data.series import Point, PyramidRow, Ranked
from dashboard.figures import charts as figures

ROWS = [
    Point("GM0164", "Hengelo", 2022, 20.0, "definitief"),
    Point("GM0164", "Hengelo", 2023, 19.5, "definitief"),
    Point("GM0164", "Hengelo", 2024, 19.4, "voorlopig"),
    Point("CR12", "Twente", 2022, 22.0, "definitief"),
    Point("CR12", "Twente", 2023, 21.8, "definitief"),
    Point("CR12", "Twente", 2024, 21.7, "voorlopig"),
]
LABELS = figures.Labels(lang="nl", y_title="%", provisional="* voorlopig")


def _valid(figure: dict) -> go.Figure:
    return go.Figure(figure)  # raises on any invalid property


def test_fig001_line_marks_provisional_by_style_not_only_colour():
    figure = figures.line_figure(ROWS, "GM0164", LABELS)
    _valid(figure)
    dotted = [t for t in figure["data"] if t["line"].get("dash") == "dot"]
    assert any(t["name"] == "* voorlopig" for t in figure["data"])  # explained in the legend
    hengelo = next(t for t in dotted if t["legendgroup"] == "GM0164")
    assert hengelo["x"] == [2023, 2024]  # joined to the last final year
    assert hengelo["marker"]["symbol"][-1].endswith("-open")


def test_fig002_focus_is_the_strong_thick_line():
    figure = figures.line_figure(ROWS, "GM0164", LABELS)
    hengelo = figure["data"][0]
    twente = next(t for t in figure["data"] if t["legendgroup"] == "CR12")
    assert hengelo["line"]["color"] == figures.FOCUS_COLOUR
    assert hengelo["line"]["width"] > twente["line"]["width"]


def test_fig003_separators_follow_the_language():
    assert figures.line_figure(ROWS, "GM0164", LABELS)["layout"]["separators"] == ",."
    english = figures.Labels(lang="en")
    assert figures.line_figure(ROWS, "GM0164", english)["layout"]["separators"] == ".,"


def test_fig004_index_view_draws_a_reference_line():
    figure = figures.line_figure(ROWS, "GM0164", LABELS, reference=100.0)
    assert figure["layout"]["shapes"][0]["y0"] == 100.0


def test_fig005_forecast_band_and_dashed_line():
    history = ROWS[:3]
    forecast = [Point("GM0164", "Hengelo", 2030, 21.0, "prognose", 20.0, 22.0)]
    figure = figures.forecast_figure(history, forecast, "GM0164", LABELS)
    _valid(figure)
    band = next(t for t in figure["data"] if t.get("fill") == "toself")
    assert band["x"] == [2024, 2030, 2030, 2024]
    assert any(t["line"].get("dash") == "dash" for t in figure["data"] if "line" in t)


def test_fig006_pyramid_highlights_the_band():
    rows = [PyramidRow(a, a == 100, 10, 12, 0.4, 0.5, "definitief") for a in range(0, 101)]
    figure = figures.pyramid_figure(
        rows,
        LABELS,
        men="Mannen",
        women="Vrouwen",
        band="18–35 jaar",
        other="overig",
        comparison=rows,
        comparison_name="Twente",
    )
    _valid(figure)
    band = [t for t in figure["data"] if t.get("name") == "18–35 jaar"]
    assert all(t["marker"]["color"] == figures.FOCUS_COLOUR for t in band)
    assert sorted(band[0]["y"]) == list(range(18, 36))
    assert min(band[0]["x"]) < 0 < max(band[1]["x"])  # men left, women right
    assert "100+" in figure["layout"]["yaxis"]["ticktext"]


def test_fig007_ranking_and_map():
    ranked = [
        Ranked(1, Point("GM0153", "Enschede", 2024, 26.0, "voorlopig")),
        Ranked(2, Point("GM0164", "Hengelo", 2024, 20.9, "voorlopig")),
    ]
    ranking = figures.ranking_figure(ranked, "GM0164", LABELS)
    _valid(ranking)
    assert ranking["data"][0]["marker"]["color"] == [figures.MUTED_COLOUR, figures.FOCUS_COLOUR]
    square = [[6.0, 52.0], [6.0, 52.1], [6.1, 52.1], [6.1, 52.0], [6.0, 52.0]]
    geo = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"statcode": code},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[x + shift, y] for x, y in square]],
                },
            }
            for code, shift in (("GM0153", 0.0), ("GM0164", 0.2))
        ],
    }
    figure = figures.map_figure(ranked, geo, "GM0164", LABELS)
    _valid(figure)
    shapes = [t for t in figure["data"] if t.get("fill") == "toself"]
    assert shapes[-1]["name"] == "Hengelo" and shapes[-1]["line"]["width"] == 3
    assert shapes[0]["fillcolor"] != shapes[1]["fillcolor"]
