"""Shared links, language and focus municipality: what a user sees follows the URL."""

from __future__ import annotations

import time

from chromium import chrome_options
from dropdown_keys import choose
from selenium import webdriver
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

GEMEENTE = ".control-gemeente button.dash-dropdown"


def _chart_state(driver) -> dict:
    return driver.execute_script(
        "var gd = document.querySelector('.js-plotly-plot');"
        "return {title: document.querySelector('.card-title').textContent,"
        " traces: gd.data.map(function (t) { return [t.name, t.y]; })};"
    )


def test_shr001_shared_url_reproduces_controls_and_chart_in_a_fresh_browser(start):
    duo = start("/")
    duo.wait_for_element(".js-plotly-plot .main-svg")
    # Hengelo -> three further down the list: Oldenzaal.
    choose(duo, GEMEENTE, (Keys.ARROW_DOWN,) * 3)
    duo.wait_for_text_to_equal(GEMEENTE, "Oldenzaal")
    duo.find_element(".view-toggle input[value=grafiek]")  # the chart view stays
    WebDriverWait(duo.driver, 10).until(lambda d: "gemeente=GM0173" in d.current_url)
    WebDriverWait(duo.driver, 10).until(
        lambda d: "Oldenzaal" in d.find_element("css selector", ".card-title").text
    )
    shared_url, seen = duo.driver.current_url, _chart_state(duo.driver)

    fresh = webdriver.Chrome(options=chrome_options())
    try:
        fresh.get(shared_url)
        WebDriverWait(fresh, 10).until(
            lambda d: d.find_elements("css selector", ".js-plotly-plot .main-svg")
        )
        assert fresh.find_element("css selector", GEMEENTE).text == "Oldenzaal"
        assert _chart_state(fresh) == seen
    finally:
        fresh.quit()


def test_shr002_share_button_copies_and_announces(start):
    duo = start("/?gemeente=GM0153")
    duo.find_element("#share-button").click()
    duo.wait_for_text_to_equal("#share-status", "Link gekopieerd")
    assert duo.find_element("#share-status").get_attribute("aria-live") == "polite"


def test_shr003_table_view_is_in_the_url_and_on_every_card(start):
    duo = start("/vergrijzing")
    duo.find_element(".view-toggle input[value=tabel]").click()
    WebDriverWait(duo.driver, 10).until(lambda d: "weergave=tabel" in d.current_url)
    duo.wait_for_element("table.data-table")
    checked = duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('.view-toggle input[value=tabel]'))"
        ".map(function (e) { return e.checked; });"
    )
    assert checked and all(checked)
    assert len(duo.find_elements("table.data-table")) == len(checked)


def test_lng001_language_switch_translates_everything(start):
    duo = start("/vergrijzing?gemeente=GM0153")
    duo.find_element("#language-switch").click()
    duo.wait_for_text_to_equal("h1", "Ageing")
    WebDriverWait(duo.driver, 10).until(lambda d: "taal=en" in d.current_url)
    assert "gemeente=GM0153" in duo.driver.current_url
    assert duo.driver.execute_script("return document.documentElement.lang") == "en"
    assert duo.find_element(".banner-demo").text == "Demonstration data — not real CBS figures"
    duo.wait_for_element(".js-plotly-plot .main-svg")
    separators = duo.driver.execute_script(
        "return document.querySelector('.js-plotly-plot').layout.separators"
    )
    assert separators == ".,"
    assert duo.get_logs() == []


def test_foc001_another_focus_municipality(start):
    duo = start("/?gemeente=GM0153")
    duo.wait_for_element(".js-plotly-plot .main-svg")
    assert duo.find_element(GEMEENTE).text == "Enschede"
    titles = [e.text for e in duo.find_elements(".card-title")]
    assert titles and all("Enschede" in title for title in titles)
    assert duo.find_element(".kpi.is-focus .kpi-region").text == "Enschede"


def test_foc002_comparison_with_any_stored_region(start):
    duo = start("/migratie?vergelijk=GM0164,PV23")
    duo.wait_for_element(".js-plotly-plot .main-svg")
    time.sleep(0.5)
    names = duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('.js-plotly-plot'))"
        ".flatMap(function (g) { return g.data.map(function (t) { return t.name; }); });"
    )
    assert "Overijssel" in names and "Hengelo (O.)" in names  # CBS's name
