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


def _shift_tab(driver) -> str:
    ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    return driver.execute_script(FOCUSED)


def test_kbd007_footer_link_to_the_statement_keeps_the_view(start):
    """The footer's link is the page's last Tab stop: Shift+Tab from the top reaches it."""
    duo = start("/?taal=en&gemeente=GM0153")
    duo.wait_for_element(".js-plotly-plot .main-svg")
    focused = _shift_tab(duo.driver)
    assert "footer-link" in focused, focused
    ActionChains(duo.driver).send_keys(Keys.ENTER).perform()
    duo.wait_for_text_to_equal("h1", "Accessibility statement")
    url = duo.driver.current_url
    assert "/toegankelijkheid?" in url and "taal=en" in url and "gemeente=GM0153" in url
    assert duo.driver.execute_script("return document.documentElement.lang") == "en"
    assert duo.get_logs() == []


def test_kbd008_statement_page_contact_link_is_reachable_with_tab(start):
    duo = start("/toegankelijkheid")
    duo.wait_for_text_to_equal("h1", "Toegankelijkheidsverklaring")
    stops = []
    for _ in range(40):
        ActionChains(duo.driver).send_keys(Keys.TAB).perform()
        stops.append(
            duo.driver.execute_script(
                "var e = document.activeElement; return [e.href || '', e.className || ''];"
            )
        )
    assert "skip-link" in stops[0][1]
    contact = stops.index(["https://www.hengelo.nl/", ""])  # the default contact
    footer = next(i for i, (_, cls) in enumerate(stops) if "footer-link" in cls)
    assert contact < footer  # the contact in the text, then the footer's own link
