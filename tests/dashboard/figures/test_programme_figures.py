"""Talentopgave figure builders as pure functions, on tiny literal inputs."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go

from dashboard.figures import programme as pf
from dashboard.figures.charts import Labels

LINE = {
    "data": [{"type": "scatter", "x": [2020, 2021, 2022], "y": [1, 2, 3]}],
    "layout": {"margin": {"t": 16}},
}
WORDS = pf.TargetLabels(
    actual="Gemeten", path="Pad", target="Doel", forecast="Prognose", interval="67%"
)


def _valid(figure: dict) -> go.Figure:
    return go.Figure(figure)  # raises on any invalid property


def test_pfg001_dates_sit_on_the_year_axis_as_fractions():
    assert pf.year_fraction(date(2023, 1, 1)) == 2023.0
    assert abs(pf.year_fraction(date(2023, 7, 2)) - 2023.5) < 0.01


def test_pfg002_events_inside_the_chart_range_only():
    events = [
        pf.Event(1, date(2019, 12, 31), "te vroeg", "beleid"),
        pf.Event(2, date(2021, 3, 1), "binnen", "beleid"),
        pf.Event(3, date(2022, 12, 1), "laatste jaar", "databreuk"),
        pf.Event(4, date(2023, 1, 1), "te laat", "beleid"),
    ]
    assert [e.number for e in pf.visible_events(events, LINE)] == [2, 3]
    assert pf.visible_events(events, {"data": [], "layout": {}}) == []


def test_pfg003_event_lines_numbered_data_breaks_dashed_labels_staggered():
    events = [
        pf.Event(
            n, date(2020 + n // 4, 1 + n % 4 * 3, 1), f"e{n}", "databreuk" if n == 2 else "beleid"
        )
        for n in range(1, 6)
    ]
    figure = pf.with_events(LINE, events)
    shapes, notes = figure["layout"]["shapes"], figure["layout"]["annotations"]
    assert len(shapes) == len(notes) == 5
    assert [s["line"]["dash"] for s in shapes] == ["solid", "dash", "solid", "solid", "solid"]
    assert [n["text"] for n in notes] == [f"<b>{n}</b>" for n in range(1, 6)]
    assert len({n["y"] for n in notes[:3]}) == 3  # neighbours at different heights
    assert figure["layout"]["margin"]["t"] > 16
    assert "shapes" not in LINE["layout"]  # the input is not changed
    assert pf.with_events(LINE, []) is LINE
    _valid(figure)


def test_pfg004_target_figure_has_path_target_actuals_and_forecast_band():
    path = pf.TargetPath(2020, 80000.0, 2040, 100000.0)
    figure = pf.target_figure(
        [2020, 2021],
        [80000.0, 80500.0],
        path,
        Labels(),
        WORDS,
        actual_name="Gemeten, Hengelo",
        forecast=[(2021, 80500.0, 80500.0, 80500.0), (2030, 82000.0, 79000.0, 85000.0)],
    )
    names = [trace["name"] for trace in figure["data"]]
    assert names == ["67%", "Prognose", "Pad", "Doel", "Gemeten, Hengelo"]
    path_trace = figure["data"][2]
    assert path_trace["x"] == [2020, 2040] and path_trace["y"] == [80000.0, 100000.0]
    assert figure["data"][0]["fill"] == "toself"
    _valid(figure)
    without = pf.target_figure([], [], path, Labels(), WORDS, actual_name="x")
    assert [t["name"] for t in without["data"]] == ["Pad", "Doel", "x"]


def test_pfg005_budget_bars_and_milestone_timeline_are_valid():
    pillars = [
        pf.PillarBudget("Wonen", 700000.0, 300000.0, 100000.0),
        pf.PillarBudget("Werken", 700000.0, None, None),
    ]
    budget = pf.budget_figure(pillars, Labels(), budget="B", committed="T", spent="S")
    assert [t["name"] for t in budget["data"]] == ["B", "T", "S"]
    assert budget["data"][1]["y"] == [300000.0, None]
    _valid(budget)
    stones = [
        pf.Milestone(date(2025, 3, 31), "Plan", "Programma", "gereed", "gereed"),
        pf.Milestone(date(2026, 6, 30), "Evaluatie", "Wonen", "gepland", "gepland"),
    ]
    timeline = pf.milestones_figure(
        stones, Labels(), today=date(2025, 11, 1), today_label="vandaag"
    )
    symbols = {t["name"]: t["marker"]["symbol"] for t in timeline["data"]}
    assert symbols == {"gereed": "circle", "gepland": "circle-open"}
    assert timeline["layout"]["yaxis"]["categoryarray"] == ["Programma", "Wonen"]
    _valid(timeline)
