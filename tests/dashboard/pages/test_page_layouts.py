"""Layouts and callbacks as plain functions: every page renders; controls drive the URL."""

from __future__ import annotations

import pytest
from dash import html
from support.components import find as _find
from support.components import page as _page
from support.components import texts as _texts

from dashboard.components.chart_card import csv_download, render_card
from dashboard.state.sync import next_view_state
from dashboard.state.url import query_values
from dashboard.state.view import resolve_view, view_state_data

PAGES = [
    "/",
    "/vergrijzing",
    "/geboorte",
    "/migratie",
    "/jongeren",
    "/arbeidsmarkt",
    "/vergelijken",
    "/talentopgave",
    "/over-de-data",
    "/toegankelijkheid",
    "/404",
]


@pytest.mark.parametrize("path", PAGES)
def test_cbk001_every_page_renders_in_both_languages(dash_app, use_store, path):
    for taal in ("nl", "en"):
        layout = _page(path)["layout"](taal=taal)
        assert layout.lang == taal
        texts = " ".join(_texts(layout))
        assert ("Demonstratiegegevens" if taal == "nl" else "Demonstration data") in texts
        assert list(_find(layout, lambda c: getattr(c, "id", None) == "view-state"))


def test_cbk002_hostile_query_values_give_notes_not_errors(dash_app, use_store):
    layout = _page("/")["layout"](
        gemeente="<script>",
        vergelijk="XX,CR12",
        van="abc",
        taal="klingon",
        versie="../../etc",
        extra="ignored",
    )
    notes = next(
        _find(
            layout,
            lambda c: (
                getattr(c, "role", None) == "status"
                and "notes" in (getattr(c, "className", "") or "")
            ),
        )
    )
    text = " ".join(_texts(notes))
    assert "“<script>”" in text and "“abc”" in text and "“klingon”" in text


def test_cbk003_any_focus_municipality(dash_app, use_store):
    layout = _page("/")["layout"](gemeente="GM0153")
    titles = [" ".join(_texts(c)) for c in _find(layout, lambda c: isinstance(c, html.H2))]
    assert any(
        title.startswith("Aandeel inwoners van 18 tot en met 35 jaar in Enschede")
        for title in titles
    )


def test_cbk004_no_store_gives_a_friendly_page(dash_app, tmp_path):
    from dashboard.data.store import STORE

    STORE.configure(tmp_path, check_seconds=0)
    try:
        layout = _page("/")["layout"]()
        text = " ".join(_texts(layout))
        assert "make etl" in text and "python -m etl refresh --demo" in text
    finally:
        STORE.configure()


def test_cbk005_controls_update_the_query(use_store):
    start = view_state_data(resolve_view({}))
    # The store's first year (2000) stays implicit: the link follows the data.
    after = next_view_state(
        start,
        {"gemeente": "GM0153", "vergelijk": ["CR12"], "van": 2000, "tot": 2020, "basisjaar": ""},
    )
    assert after["query"] == "?gemeente=GM0153&vergelijk=CR12&tot=2020"
    assert query_values(after["other_language_query"])["taal"] == "en"
    cleared = next_view_state(after, {"vergelijk": []})
    assert "vergelijk=&" in cleared["query"] + "&"
    table = next_view_state(after, {}, weergave="tabel")
    assert query_values(table["query"])["weergave"] == "tabel"


def test_cbk006_card_callback_follows_the_view_state(use_store):
    data = next_view_state(None, {"gemeente": "GM0153"})
    spec = {"kind": "line", "indicator": "share_18_35", "card": "ovw-line-share_18_35"}
    head, body = render_card(data, spec)
    assert "Enschede" in head.children and head.id == "ovw-line-share_18_35-title"
    figure = next(_find(body, lambda c: getattr(c, "role", None) == "figure"))
    assert getattr(figure, "aria-describedby") == "ovw-line-share_18_35-summary"
    table_state = next_view_state(data, {}, weergave="tabel")
    _, body = render_card(table_state, spec)
    assert list(_find(body, lambda c: isinstance(c, html.Table)))


def test_cbk007_csv_download_of_what_is_shown(use_store):
    data = next_view_state(None, {"van": 2023})
    download = csv_download(data, {"kind": "line", "indicator": "share_18_35"})
    assert download["filename"] == "hengelo_o_share_18_35_2023-2025.csv"
    lines = download["content"].lstrip("\ufeff").splitlines()
    # Hengelo, Twente and Nederland, 2023 to 2025 (the store's last year)
    assert lines[0] == "Regio;Code;Jaar;Waarde (%);Status" and len(lines) == 1 + 3 * 3


def test_cbk008_tampered_client_data_is_harmless(use_store):
    head, body = render_card({"query": "?gemeente=<b>"}, {"kind": 5, "card": 'x"><script>'})
    assert head.id == "xscript-title"
    assert render_card(None, None)  # no crash on empty data


def test_cbk009_kpis_follow_the_focus(dash_app, use_store):
    from dashboard.pages import overzicht

    view = resolve_view({"gemeente": "GM0153", "taal": "en"})
    tiles = overzicht.kpi_tiles(view, view.store)
    regions = [" ".join(_texts(tile.children[0])) for tile in tiles]
    assert regions == ["Enschede", "Twente", "the Netherlands"]


def test_cbk010_every_chart_comes_with_the_page(dash_app, use_store):
    """Issue 12: no chart waits for a callback of its own (on two sync workers those queued
    behind each other); the page's one response carries every chart, words and figure."""
    from dash import dcc

    layout = _page("/talentopgave")["layout"]()
    cards = list(_find(layout, lambda c: "card-body" in (getattr(c, "className", "") or "")))
    graphs = list(_find(layout, lambda c: isinstance(c, dcc.Graph)))
    assert len(cards) >= 9 and len(graphs) == len(cards)
    assert all(graph.figure and graph.figure["data"] for graph in graphs)
    summaries = list(_find(layout, lambda c: "card-summary" in (getattr(c, "className", "") or "")))
    assert len(summaries) == len(graphs)
    assert not list(
        _find(layout, lambda c: "chart-placeholder" in (getattr(c, "className", "") or ""))
    )


def test_cbk011_a_failing_card_or_page_shows_a_message_not_a_traceback(use_store, monkeypatch):
    from dashboard.components import chart_card
    from dashboard.components.shell import render_page

    def broken(*_args, **_kwargs):
        raise ValueError("unexpected data")

    monkeypatch.setattr(chart_card, "build_card", broken)
    head, body = render_card(None, {"kind": "line", "indicator": "share_18_35", "card": "c"})
    assert "kon niet worden getoond" in " ".join(_texts(body))
    page = render_page("/", {}, "page_overzicht", broken)
    alert = next(_find(page, lambda c: getattr(c, "role", None) == "alert"))
    assert "kon niet worden getoond" in alert.children


def test_cb_notes_for_bad_comparisons_read_as_sentences():
    from dashboard.state.view import note_text  # noqa: PLC0415

    view = resolve_view("?vergelijk=%3Cscript%3E")
    texts = [note_text(note, view) for note in view.notes]
    assert texts == ["De waarde “<script>” voor “vergelijk” is niet geldig en is weggelaten."]
