"""The Talentopgave page and the events overlay in a real browser."""

from __future__ import annotations

from selenium.webdriver.support.ui import WebDriverWait

EVENTS_ON = ".control-gebeurtenissen input[value=aan]"


def test_tlo001_talentopgave_renders_targets_budget_milestones_without_console_errors(start):
    duo = start("/talentopgave")
    duo.wait_for_text_to_equal("h1", "Talentopgave")
    duo.wait_for_element("#tlo-targets-table")
    duo.wait_for_element(".card-target .js-plotly-plot .main-svg")
    titles = [e.text for e in duo.find_elements(".card-title")]
    assert titles[0].startswith("Voorbeeld — geen vastgesteld doel: ")
    assert "achter op weg naar 100.000 in 2040" in titles[0]
    assert any(
        title.startswith("Voorbeeldgegevens — geen openbare cijfers: Aanjaagbudget")
        for title in titles
    )
    assert any(title.startswith("Mijlpalen: 2 van 4 gereed") for title in titles)
    assert "Voorbeeld — geen vastgesteld doel" in duo.find_element("#tlo-targets-table").text
    assert duo.get_logs() == []


def test_tlo002_event_overlay_appears_after_toggling_and_is_in_the_url(start):
    duo = start("/")
    duo.wait_for_element(".js-plotly-plot .main-svg")
    assert duo.find_elements(".card-events") == []
    duo.find_element(EVENTS_ON).click()
    WebDriverWait(duo.driver, 10).until(
        lambda d: d.find_elements("css selector", ".card-events li")
    )
    assert "gebeurtenissen=aan" in duo.driver.current_url
    items = [e.text for e in duo.find_elements(".card-events li")]
    assert (
        "1. 1-7-2023 — Zomernota 2023–2027: aanjaagbudget Talentopgave van € 5 miljoen "
        "(beleid, doorgetrokken lijn)" in items
    )
    # The numbered labels are drawn on the chart itself.
    WebDriverWait(duo.driver, 10).until(
        lambda d: d.find_elements("css selector", ".js-plotly-plot .annotation")
    )
    assert duo.get_logs() == []


def test_tlo003_overview_links_to_talentopgave_with_the_view(start):
    duo = start("/?gebeurtenissen=aan")
    link = duo.find_element("#ovw-programme-link")
    assert (
        "7 doelen: 0 op koers, 5 achter, 2 voor" in duo.find_element("#ovw-programme-status").text
    )
    assert link.get_attribute("href").endswith("/talentopgave?gebeurtenissen=aan")
    link.click()
    duo.wait_for_text_to_equal("h1", "Talentopgave")
    duo.wait_for_element(".card-events li")
    assert duo.get_logs() == []
