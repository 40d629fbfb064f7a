"""Everything is reachable and operable with the keyboard alone."""

from __future__ import annotations

from dropdown_keys import choose
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

FOCUSED = (
    "var e = document.activeElement;"
    "return (e.id || '') + '|' + (e.className || '') + '|' + (e.value || '');"
)


def _tab_through(driver, presses: int) -> list[str]:
    seen = []
    for _ in range(presses):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        seen.append(driver.execute_script(FOCUSED))
    return seen


def test_kbd001_skip_link_comes_first_and_moves_focus_to_main(start):
    duo = start("/")
    first = _tab_through(duo.driver, 1)[0]
    assert "skip-link" in first
    ActionChains(duo.driver).send_keys(Keys.ENTER).perform()
    WebDriverWait(duo.driver, 5).until(lambda d: d.current_url.endswith("#main"))


def test_kbd002_every_control_is_reachable_with_tab(start):
    duo = start("/")
    duo.wait_for_element(".js-plotly-plot .main-svg")
    seen = " ".join(_tab_through(duo.driver, 40))
    for expected in (
        "language-switch",
        "share-button",
        '"path":"/vergrijzing"',
        '"name":"gemeente"',
        '"name":"vergelijk"',
        '"name":"van"',
        '"name":"tot"',
        '"name":"basisjaar"',
        "|grafiek",
        '"type":"card-csv"',
    ):
        assert expected in seen, expected


def test_kbd003_dropdown_operable_with_enter_and_arrows(start):
    duo = start("/")
    duo.wait_for_element(".js-plotly-plot .main-svg")
    choose(duo, ".control-tot button.dash-dropdown", (Keys.ARROW_UP,))
    # one year before the store's last, 2025
    duo.wait_for_text_to_equal(".control-tot button.dash-dropdown", "2024", timeout=10)
    WebDriverWait(duo.driver, 10).until(lambda d: "tot=2024" in d.current_url)


def test_kbd004_view_toggle_with_arrow_keys(start):
    duo = start("/geboorte")
    radio = duo.find_element(".view-toggle input[value=grafiek]")
    radio.send_keys(Keys.ARROW_RIGHT)
    WebDriverWait(duo.driver, 10).until(lambda d: "weergave=tabel" in d.current_url)
    duo.wait_for_element("table.data-table")


def test_kbd005_nav_link_with_enter_keeps_the_view(start):
    duo = start("/?gemeente=GM0153")
    link = duo.find_element('a[href^="/vergrijzing"]')
    link.send_keys(Keys.ENTER)
    duo.wait_for_text_to_equal("h1", "Vergrijzing")
    assert "gemeente=GM0153" in duo.driver.current_url


def test_kbd006_dropdowns_are_named_by_their_labels(start):
    duo = start("/")
    labelled_by = duo.find_element(".control-gemeente button.dash-dropdown").get_attribute(
        "aria-labelledby"
    )
    assert labelled_by.split()[0] == "label-gemeente"
