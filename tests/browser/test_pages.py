"""Every page renders on the store, in a real browser, without console errors."""

from __future__ import annotations

import pytest

PAGES = [
    ("/", "Overzicht", True),
    ("/vergrijzing", "Vergrijzing", True),
    ("/geboorte", "Geboorte", True),
    ("/migratie", "Migratie", True),
    ("/arbeidsmarkt", "Arbeidsmarkt", True),
    ("/vergelijken", "Vergelijken", True),
    ("/talentopgave", "Talentopgave", False),
    ("/over-de-data", "Over de data", False),
    ("/toegankelijkheid", "Toegankelijkheidsverklaring", False),
]


@pytest.mark.parametrize(("path", "heading", "has_charts"), PAGES)
def test_pag001_page_renders_without_console_errors(start, path, heading, has_charts):
    duo = start(path)
    duo.wait_for_text_to_equal("h1", heading)
    if has_charts:
        duo.wait_for_element(".js-plotly-plot .main-svg")
    assert duo.find_element(".banner-demo").text == "Demonstratiegegevens — geen echte CBS-cijfers"
    assert duo.get_logs() == []


def test_pag002_unknown_path_is_a_friendly_page(start):
    duo = start("/bestaat-niet")
    duo.wait_for_text_to_equal("h1", "Pagina niet gevonden")
    assert duo.get_logs() == []


def test_pag003_invalid_url_values_show_a_note(start):
    duo = start("/?gemeente=GM9999&taal=xx&van=abc")
    duo.wait_for_element(".notes[role=status]")
    note = duo.find_element(".notes").text
    assert "GM9999" in note and "“xx”" in note and "“abc”" in note
    duo.wait_for_element(".js-plotly-plot .main-svg")
    assert "Hengelo" in duo.find_element(".card-title").text
    assert duo.get_logs() == []


def test_pag004_without_a_store_the_app_explains_how_to_make_one(start, browser_store, tmp_path):
    from dashboard.data.store import STORE

    STORE.configure(tmp_path, check_seconds=0)
    try:
        duo = start("/")
        duo.wait_for_text_to_equal("h1", "Er zijn nog geen gegevens")
        assert "python -m etl refresh --demo" in duo.find_element("main").text
        assert duo.get_logs() == []
    finally:
        STORE.configure(browser_store, check_seconds=0)
