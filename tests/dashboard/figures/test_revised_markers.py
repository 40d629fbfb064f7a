"""The "herzien" marker on line figures, on tiny literal rows; figures must be valid plotly."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.data.series import Point
from dashboard.figures import charts as figures

ROWS = [
    Point("GM0164", "Hengelo", 2022, 20.0, "definitief"),
    Point("GM0164", "Hengelo", 2023, 19.5, "definitief"),
    Point("GM0164", "Hengelo", 2024, 19.4, "voorlopig"),
    Point("CR12", "Twente", 2023, 21.8, "definitief"),
]
LABELS = figures.Labels(lang="nl", y_title="%", revised="herzien")
REVISED = {("GM0164", 2023): "herzien: 19,3 → 19,5", ("CR12", 2023): "herzien: 21,9 → 21,8"}


def test_rvm001_revised_points_get_their_own_symbol_legend_and_hover():
    figure = figures.line_figure(ROWS, "GM0164", LABELS, revised=REVISED)
    go.Figure(figure)  # raises on any invalid property (the symbol name too)
    marker = next(t for t in figure["data"] if t["name"] == "herzien")
    assert marker.get("showlegend", True)  # the legend says what the symbol means
    assert sorted(zip(marker["x"], marker["y"], strict=True)) == [(2023, 19.5), (2023, 21.8)]
    assert marker["marker"]["symbol"] == figures.REVISED_SYMBOL
    used = set(figures.COMPARISON_SYMBOLS) | {"circle"}
    assert figures.REVISED_SYMBOL.removesuffix("-open") not in used
    # The line's own hover on 2023 says old -> new; other years say nothing more.
    hengelo = figure["data"][0]
    assert hengelo["x"] == [2022, 2023]
    assert hengelo["customdata"] == ["", "<br>herzien: 19,3 → 19,5"]
    # The provisional stretch starts at 2023 (joined), so its first point says it too.
    dotted = next(t for t in figure["data"] if t["legendgroup"] == "GM0164" and t is not hengelo)
    assert dotted["customdata"][0].endswith("herzien: 19,3 → 19,5")
    assert dotted["customdata"][1] == " (voorlopig)"


def test_rvm002_without_revisions_the_figure_is_unchanged():
    plain = figures.line_figure(ROWS, "GM0164", LABELS)
    assert figures.line_figure(ROWS, "GM0164", LABELS, revised={}) == plain
    # Revisions of points not shown add no marker trace.
    other = figures.line_figure(ROWS, "GM0164", LABELS, revised={("GM0153", 2023): "x"})
    assert other == plain


def test_rvm003_the_forecast_figures_history_is_marked_too():
    forecast = [Point("GM0164", "Hengelo", 2030, 21.0, "prognose", 20.0, 22.0)]
    figure = figures.forecast_figure(ROWS[:3], forecast, "GM0164", LABELS, revised=REVISED)
    go.Figure(figure)
    marker = next(t for t in figure["data"] if t.get("name") == "herzien")
    assert marker["x"] == [2023] and marker["y"] == [19.5]


def test_rvm004_a_revised_bar_carries_a_dagger_and_old_to_new():
    from dashboard.data.series import Ranked

    ranked = [Ranked(1, ROWS[3]), Ranked(2, ROWS[1])]  # Twente 21.8, Hengelo 19.5 (2023)
    figure = figures.ranking_figure(ranked, "GM0164", LABELS, revised=REVISED)
    go.Figure(figure)
    bar = figure["data"][0]
    assert bar["customdata"] == [
        [" †", "<br>herzien: 21,9 → 21,8"],
        [" †", "<br>herzien: 19,3 → 19,5"],
    ]
    assert "%{customdata[1]}<extra></extra>" in bar["hovertemplate"]
    assert figures.ranking_figure(ranked, "GM0164", LABELS, revised={}) == figures.ranking_figure(
        ranked, "GM0164", LABELS
    )
