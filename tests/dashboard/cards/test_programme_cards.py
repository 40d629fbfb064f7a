"""Talentopgave cards, page, overview status and the events toggle as plain functions, on
the ETL's demo store: its programme is programme/talentopgave.xlsx (7 targets, all marked as
examples; 4 milestones; 4 events). Statuses and gaps are the ETL's; the arithmetic behind
them is redone here by hand from the rows' own baseline, target and latest values."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from support.components import page as _page
from support.components import texts as _texts
from support.stores import publish_store

from dashboard.cards import programme as programme_cards
from dashboard.cards.model import CardSpec
from dashboard.cards.registry import build_card
from dashboard.data.store import STORE, load_store
from dashboard.programme import targets as programme
from dashboard.state.sync import next_view_state
from dashboard.state.url import ViewState, build_query, parse_view_state, query_values
from dashboard.state.view import resolve_view
from etl.programme import targets_with_status

NL, EN = ViewState(), ViewState(taal="en")
EXAMPLE = "Voorbeeld — geen vastgesteld doel"
NBSP = "\u00a0"


def _target(store, indicator: str) -> dict:
    return programme.target_row(store, indicator)


def _path(row: dict, year: float) -> float:
    """The straight path from baseline to target, by hand."""
    share = (year - row["baseline_year"]) / (row["target_year"] - row["baseline_year"])
    return row["baseline_value"] + (row["target_value"] - row["baseline_value"]) * share


def _dutch(value: float, decimals: int) -> str:
    text = f"{abs(value):,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return ("−" if value < 0 else "") + text


@pytest.fixture(scope="module")
def variant(tmp_path_factory):
    """The demo store with two targets changed, written by the ETL's store writer with the
    statuses its own code computes: the 18-35 share measured from 2026 on (no value yet),
    and the seed budget for werken a public target (not an example)."""

    def edit(content):
        plan = content.programme
        targets = plan.targets.copy()
        share = targets["indicator"] == "share_18_35"
        targets.loc[share, "baseline_year"] = 2026
        targets.loc[targets["indicator"] == "budget_committed_werken", "example"] = False
        targets = targets_with_status(targets, content.frames.indicators, plan.measurements)
        return dataclasses.replace(content, programme=dataclasses.replace(plan, targets=targets))

    root = tmp_path_factory.mktemp("programme-variant")
    return load_store(publish_store(root, edit=edit))


def test_prg001_store_loads_the_programme_and_older_vintages_have_none(store, tmp_path):
    assert store.programme is not None
    assert list(store.programme.targets["indicator"]) == [
        "population",
        "share_18_35",
        "budget_committed_wonen",
        "budget_committed_werken",
        "budget_committed_leven",
        "budget_committed_imago",
        "initiatives_started",
    ]
    assert "budget_spent_wonen" in store.programme.indicators
    old = load_store(publish_store(tmp_path, programme=False))
    assert old.programme is None
    assert programme.targets(old) == [] and programme.headline(old)["total"] == 0


def test_prg002_target_card_shows_status_gap_path_forecast_and_example_label(store):
    row = _target(store, "population")
    # The latest actual is CBS's population of Hengelo in the store's last year.
    assert row["latest_year"] == 2025
    assert row["latest_value"] == store.get_series("population", "GM0164").value_in(2025)
    path = _path(row, 2025)  # 82,311 + 17,689 * 2/17
    gap = row["latest_value"] - path
    behind = 2025 - (
        row["baseline_year"]
        + (row["latest_value"] - row["baseline_value"])
        / (
            (row["target_value"] - row["baseline_value"])
            / (row["target_year"] - row["baseline_year"])
        )
    )
    assert row["path_value"] == pytest.approx(path) and row["gap_amount"] == pytest.approx(gap)
    assert row["gap_years"] == pytest.approx(-behind)

    content = build_card(CardSpec("target", "population"), NL, store)
    assert content.title == f"{EXAMPLE}: Inwoners, Hengelo (O.): achter op weg naar 100.000 in 2040"
    assert f"{_dutch(behind, 1)} jaar achter op het pad" in content.summary  # 1,2
    assert f"{_dutch(gap, 0)} ten opzichte van het pad in 2025" in content.summary  # −1.275
    assert f"was {_dutch(path, 0)} verwacht" in content.summary  # 84.392
    assert any(EXAMPLE in note for note in content.notes)
    names = [trace["name"] for trace in content.figure["data"]]
    assert "Pad naar het doel" in names and "Prognose CBS/PBL" in names
    table = content.table
    assert EXAMPLE in table.caption
    series_column = [row[1] for row in table.rows]
    assert "Pad naar het doel" in series_column and "Doel" in series_column
    csv = content.csv("nl")
    assert csv.startswith("\ufeffJaar;Reeks") and "Prognose CBS/PBL" in csv
    english = build_card(CardSpec("target", "population"), EN, store)
    assert english.title.startswith("Example — not an adopted target") and "behind" in english.title


def test_prg003_target_without_actuals_and_programme_target(store, variant):
    none = build_card(CardSpec("target", "share_18_35"), NL, variant)
    assert "nog geen meting" in none.title and none.summary.startswith("Nog geen meting")
    public = build_card(CardSpec("target", "budget_committed_werken"), NL, variant)
    assert not public.title.startswith(EXAMPLE)

    row = _target(store, "budget_committed_wonen")
    # Committed so far: the last measurement of 2025 (30 June), against the path in 2025.
    assert row["latest_value"] == 320_000.0 and _path(row, 2025) == 350_000.0
    own = build_card(CardSpec("target", "budget_committed_wonen"), NL, store)
    assert own.title.startswith(EXAMPLE)
    assert f"achter op weg naar €{NBSP}700.000 in 2027" in own.title
    years = (350_000 - 320_000) / (700_000 / 4)  # 0.17: the gap at the path's pace
    assert f"{_dutch(years, 1)} jaar achter op het pad" in own.summary
    assert f"−€{NBSP}30.000 ten opzichte van het pad in 2025" in own.summary
    actual = next(t for t in own.figure["data"] if t["name"].startswith("Gemeten"))
    assert len(actual["x"]) == 2 and 2025.4 < actual["x"][1] < 2025.6  # 30 June 2025
    ahead = build_card(CardSpec("target", "initiatives_started"), NL, store)
    assert "voor op weg naar 20 in 2027" in ahead.title
    assert build_card(CardSpec("target", "unknown"), NL, store).message


def test_prg004_budget_per_pillar_with_table_and_example_marking(store):
    measured = store.programme.measurements.sort_values("date")
    latest = measured.groupby("indicator")["value"].last()  # 30 June 2025 for every pillar
    committed = sum(latest[f"budget_committed_{p}"] for p in ("wonen", "werken", "leven", "imago"))
    spent = sum(latest[f"budget_spent_{p}"] for p in ("wonen", "werken", "leven", "imago"))
    assert (committed, spent) == (1_150_000.0, 504_751.25)
    content = build_card(CardSpec("budget"), NL, store)
    assert content.title.replace(NBSP, " ") == (
        "Voorbeeldgegevens — geen openbare cijfers: Aanjaagbudget: € 1.150.000 van "
        "€ 2.800.000 toegezegd, € 504.751 besteed (stand 30-6-2025)"
    )
    assert [[c.replace(NBSP, " ") for c in row] for row in content.table.rows] == [
        ["Wonen", "€ 700.000", "€ 320.000", "€ 143.251"],
        ["Werken", "€ 700.000", "€ 250.000", "€ 90.000"],
        ["Leven", "€ 700.000", "€ 180.000", "€ 61.500"],
        ["Imago", "€ 700.000", "€ 400.000", "€ 210.000"],
    ]
    assert content.export_rows[0] == ["Wonen", 700000.0, 320000.0, 143250.75]
    assert [t["name"] for t in content.figure["data"]] == ["Budget", "Toegezegd", "Besteed"]


def test_prg005_milestones_on_a_timeline_and_in_a_table(store):
    frame = store.programme.milestones
    titles = list(frame["title"])
    assert list(frame["status"]) == ["gereed", "gereed", "gepland", "bezig"]
    content = programme_cards.milestones_card(
        CardSpec("milestones"), NL, store, today=date(2025, 1, 1)
    )
    assert (
        content.title == f"Mijlpalen: 2 van 4 gereed; volgende: {titles[2]} (voorbeeld) (30-6-2026)"
    )
    assert content.table.rows[0] == ["31-3-2025", titles[0], "Programma", "gereed", "nee"]
    assert [row[-1] for row in content.table.rows] == ["nee", "nee", "ja", "ja"]
    assert f"{titles[2]} (voorbeeld) (Wonen, gepland)" in content.summary


def test_prg006_targets_table_labels_examples(store, variant):
    table = programme_cards.targets_table(store, "nl")
    assert all(EXAMPLE in row[0] for row in table.rows)  # the demo's targets are examples
    statuses = list(store.programme.targets["status"])
    words = {"on_track": "op koers", "behind": "achter", "ahead": "voor"}
    assert (
        [row[4] for row in table.rows]
        == [words[s] for s in statuses]
        == ["achter"] * 5 + ["voor"] * 2
    )
    assert [row[-1] for row in table.rows] == ["ja"] * 7
    assert (
        programme.headline(store)
        == {
            "on_track": statuses.count("on_track"),
            "behind": statuses.count("behind"),
            "ahead": statuses.count("ahead"),
            "total": 7,
        }
        == {"on_track": 0, "behind": 5, "ahead": 2, "total": 7}
    )
    other = programme_cards.targets_table(variant, "nl")
    assert other.rows[1][4] == "nog geen meting" and other.rows[1][5] == "–"
    assert EXAMPLE not in other.rows[3][0] and other.rows[3][-1] == "nee"


def test_prg007_events_overlay_every_time_series_card_only_when_on(store):
    off = build_card(CardSpec("line", "share_18_35"), NL, store)
    assert not off.events and "shapes" not in off.figure["layout"]
    first = store.programme.events.iloc[0]
    on_state = ViewState(gebeurtenissen="aan")
    for spec in (
        CardSpec("line", "share_18_35"),
        CardSpec("forecast", "population_forecast"),
        CardSpec("target", "population"),
    ):
        content = build_card(spec, on_state, store)
        assert len(content.figure["layout"]["shapes"]) >= 3, spec
        assert content.events[0] == f"1. 1-7-2023 — {first['title']} (beleid, doorgetrokken lijn)"
    dashed = build_card(CardSpec("line", "share_18_35"), on_state, store).figure["layout"]
    assert list(store.programme.events["kind"]) == ["beleid", "databreuk", "beleid", "beleid"]
    assert [s["line"]["dash"] for s in dashed["shapes"]] == ["solid", "dash", "solid", "solid"]
    budget = build_card(CardSpec("budget"), on_state, store)  # not a time series
    assert not budget.events


def test_prg008_events_toggle_round_trips_through_the_url_and_controls(use_store):
    state, notes = parse_view_state("?gebeurtenissen=aan")
    assert (
        state.gebeurtenissen == "aan" and not notes and build_query(state) == "?gebeurtenissen=aan"
    )
    state, notes = parse_view_state("?gebeurtenissen=misschien")
    assert state.gebeurtenissen == "uit" and notes[0].param == "gebeurtenissen"
    data = next_view_state({"query": "?van=2015"}, {"gebeurtenissen": "aan"})
    assert query_values(data["query"]) == {"van": "2015", "gebeurtenissen": "aan"}
    data = next_view_state(data, {"gebeurtenissen": "uit"})
    assert "gebeurtenissen" not in data["query"]


def test_prg009_talentopgave_page_renders_targets_budget_and_milestones(dash_app, use_store):
    layout = _page("/talentopgave")["layout"](gebeurtenissen="aan")
    text = " ".join(_texts(layout))
    assert "Alle doelen" in text and EXAMPLE in text
    assert "Aanjaagbudget" in text and "Mijlpalen" in text
    assert "Gebeurtenissen in deze grafiek" in text
    english = " ".join(_texts(_page("/talentopgave")["layout"](taal="en")))
    assert "All targets" in english and "Example — not an adopted target" in english


def test_prg010_a_vintage_without_programme_gets_a_friendly_message(dash_app, tmp_path):
    publish_store(tmp_path, programme=False)
    STORE.configure(tmp_path, check_seconds=0)
    try:
        text = " ".join(_texts(_page("/talentopgave")["layout"]()))
        assert "geen programmagegevens in deze gegevensversie" in text
        overview = " ".join(_texts(_page("/")["layout"]()))
        assert "geen programmagegevens in deze gegevensversie" in overview
    finally:
        STORE.configure()


def test_prg011_overview_headline_status_links_with_the_view(dash_app, use_store):
    from dashboard.pages.overzicht import programme_status, update_programme_status

    view = resolve_view("?gemeente=GM0153&gebeurtenissen=aan")
    children = programme_status(view, view.store)
    text = " ".join(_texts(children))
    assert "7 doelen: 0 op koers, 5 achter, 2 voor" in text
    assert "Inwonersdoel (100.000 in 2040): " in text and "achter" in text and EXAMPLE in text
    link = children[-1]
    assert link.href == "/talentopgave?gemeente=GM0153&gebeurtenissen=aan"
    updated = update_programme_status({"query": "?taal=en"})
    assert updated[-1].href == "/talentopgave?taal=en"


def test_prg012_a_gap_in_a_percentage_is_written_in_percentage_points():
    # Share 18-35 on its path: 23.1% in 2024, path value 23.5% -> gap -0.4 points, and the
    # path reaches 23.1% 0.8 years earlier -> 0.8 years behind.
    share = programme.Indicator("Aandeel 18-35", "", "%", 1)
    row = {"gap_amount": 23.1 - 23.5, "gap_years": -0.8, "latest_year": 2024}
    assert programme.gap_text(row, share, "nl") == (
        "0,8 jaar achter op het pad; −0,4\u00a0procentpunt ten opzichte van het pad in 2024"
    )
    assert "−0.4\u00a0percentage points compared with the path in 2024" in programme.gap_text(
        row, share, "en"
    )
    # Levels keep their own unit: the target and the latest value are percentages.
    assert programme.format_amount(24.0, "%", 1, "nl") == "24,0%"
    population = programme.Indicator("Inwoners", "", "", 0)
    assert (
        programme.gap_text(
            {"gap_amount": -3000.0, "gap_years": None, "latest_year": 2024}, population, "nl"
        )
        == "−3.000 ten opzichte van het pad in 2024"
    )
