"""Talentopgave cards, page, overview status and the events toggle as plain functions."""

from __future__ import annotations

import inspect
from datetime import date

import dash
from store_factory import write_store

from dashboard.cards import programme as programme_cards
from dashboard.cards.model import CardSpec
from dashboard.cards.registry import build_card
from dashboard.data.store import STORE, load_store
from dashboard.programme import targets as programme
from dashboard.state.sync import next_view_state
from dashboard.state.url import ViewState, build_query, parse_view_state, query_values
from dashboard.state.view import resolve_view

NL, EN = ViewState(), ViewState(taal="en")
EXAMPLE = "Voorbeeld — geen vastgesteld doel"


def _texts(component) -> list[str]:
    if isinstance(component, str):
        return [component]
    if isinstance(component, (list, tuple)):
        return [text for child in component for text in _texts(child)]
    children = getattr(component, "children", None)
    return _texts(children) if children is not None else []


def _page(path: str):
    """The registry entry with the page's own layout function: the registry serves it through
    the page cache, which hands out Dash's wire form, and these tests inspect components."""
    page = next(p for p in dash.page_registry.values() if p["path"] == path)
    return {**page, "layout": inspect.unwrap(page["layout"])}


def test_prg001_store_loads_the_programme_and_older_vintages_have_none(store, tmp_path):
    assert store.programme is not None
    assert list(store.programme.targets["indicator"])[:2] == ["population", "share_18_35"]
    assert "budget_spent_wonen" in store.programme.indicators
    old = load_store(write_store(tmp_path, programme=False))
    assert old.programme is None
    assert programme.targets(old) == [] and programme.headline(old)["total"] == 0


def test_prg002_target_card_shows_status_gap_path_forecast_and_example_label(store):
    content = build_card(CardSpec("target", "population"), NL, store)
    assert content.title.startswith(EXAMPLE)
    assert "achter" in content.title and "100.000 in 2040" in content.title
    assert "3,0 jaar achter op het pad" in content.summary
    assert "−3.000 ten opzichte van het pad in 2024" in content.summary
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


def test_prg003_target_without_actuals_and_programme_target(store):
    none = build_card(CardSpec("target", "share_18_35"), NL, store)
    assert "nog geen meting" in none.title and none.summary.startswith("Nog geen meting")
    own = build_card(CardSpec("target", "budget_committed_wonen"), NL, store)
    assert not own.title.startswith(EXAMPLE) and "voor op weg naar €\u00a0700.000" in own.title
    assert "1,3 jaar voor op het pad" in own.summary
    actual = next(t for t in own.figure["data"] if t["name"].startswith("Gemeten"))
    assert len(actual["x"]) == 2 and 2024.4 < actual["x"][1] < 2024.6  # 30 June 2024
    assert build_card(CardSpec("target", "unknown"), NL, store).message


def test_prg004_budget_per_pillar_with_table_and_example_marking(store):
    content = build_card(CardSpec("budget"), NL, store)
    assert content.title.replace("\u00a0", " ") == (
        "Voorbeeldgegevens — geen openbare cijfers: Aanjaagbudget: € 400.000 van € 700.000 "
        "toegezegd, € 90.000 besteed (stand 30-6-2024)")
    assert [[c.replace("\u00a0", " ") for c in row] for row in content.table.rows] == [
        ["Wonen", "€ 700.000", "€ 400.000", "€ 90.000"]]
    assert content.export_rows == [["Wonen", 700000.0, 400000.0, 90000.0]]
    assert [t["name"] for t in content.figure["data"]] == ["Budget", "Toegezegd", "Besteed"]


def test_prg005_milestones_on_a_timeline_and_in_a_table(store):
    content = programme_cards.milestones_card(CardSpec("milestones"), NL, store,
                                        today=date(2025, 1, 1))
    assert content.title == "Mijlpalen: 1 van 2 gereed; volgende: Evaluatie wonen " \
                            "(voorbeeld) (30-6-2026)"
    assert content.table.rows[0] == ["31-3-2023", "Programmaplan aangeboden", "Programma",
                                     "gereed", "nee"]
    assert content.table.rows[1][-1] == "ja"
    assert "Evaluatie wonen (voorbeeld) (Wonen, gepland)" in content.summary


def test_prg006_targets_table_labels_examples(store):
    table = programme_cards.targets_table(store, "nl")
    assert EXAMPLE in table.rows[0][0] and EXAMPLE not in table.rows[2][0]
    assert [row[4] for row in table.rows] == ["achter", "nog geen meting", "voor"]
    assert [row[-1] for row in table.rows] == ["ja", "ja", "nee"]
    assert programme.headline(store) == {"on_track": 0, "behind": 1, "ahead": 1, "total": 3}


def test_prg007_events_overlay_every_time_series_card_only_when_on(store):
    off = build_card(CardSpec("line", "share_18_35"), NL, store)
    assert not off.events and "shapes" not in off.figure["layout"]
    on_state = ViewState(gebeurtenissen="aan")
    for spec in (CardSpec("line", "share_18_35"), CardSpec("forecast", "population_forecast"),
                 CardSpec("target", "population")):
        content = build_card(spec, on_state, store)
        assert len(content.figure["layout"]["shapes"]) >= 3, spec
        assert content.events[0] == "1. 1-1-2015 — Nieuwe leeftijdsindeling " \
                                    "(databreuk, gestreepte lijn)"
    dashed = build_card(CardSpec("line", "share_18_35"), on_state, store).figure["layout"]
    assert [s["line"]["dash"] for s in dashed["shapes"]] == ["dash", "solid", "solid"]
    budget = build_card(CardSpec("budget"), on_state, store)  # not a time series
    assert not budget.events


def test_prg008_events_toggle_round_trips_through_the_url_and_controls(use_store):
    state, notes = parse_view_state("?gebeurtenissen=aan")
    assert state.gebeurtenissen == "aan" and not notes and \
        build_query(state) == "?gebeurtenissen=aan"
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
    write_store(tmp_path, programme=False)
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
    children = programme_status(view)
    text = " ".join(_texts(children))
    assert "3 doelen: 0 op koers, 1 achter, 1 voor" in text
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
        "0,8 jaar achter op het pad; −0,4\u00a0procentpunt ten opzichte van het pad in 2024")
    assert "−0.4\u00a0percentage points compared with the path in 2024" in programme.gap_text(
        row, share, "en")
    # Levels keep their own unit: the target and the latest value are percentages.
    assert programme.format_amount(24.0, "%", 1, "nl") == "24,0%"
    population = programme.Indicator("Inwoners", "", "", 0)
    assert programme.gap_text({"gap_amount": -3000.0, "gap_years": None, "latest_year": 2024},
                              population, "nl") == "−3.000 ten opzichte van het pad in 2024"
