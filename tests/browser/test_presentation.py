"""Presentation mode in a real browser: clicker keys, pinned vintage, PDF export."""

from __future__ import annotations

import base64
import dataclasses
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from dropdown_keys import settled
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from support.stores import publish_store

from dashboard.data.store import STORE
from dashboard.presentation.decks import decode_deck, default_deck, encode_deck, parse_deck
from etl.store_writer import StoreContent

pypdf = pytest.importorskip("pypdf")

OLD_VINTAGE = "20250301T120000Z"
NEW_VINTAGE = "20260601T120000Z"


def _current(driver) -> int:
    return int(driver.execute_script("return document.getElementById('deck').dataset.current"))


def _press(duo, key: str, expected: int) -> None:
    ActionChains(duo.driver).send_keys(key).perform()
    WebDriverWait(duo.driver, 5).until(
        lambda d: _current(d) == expected, f"{key!r} did not lead to slide {expected}"
    )
    total = len(default_deck().slides)
    duo.wait_for_text_to_equal("#deck-counter", f"{expected} / {total}")
    assert duo.find_element(f"#slide-{expected}").is_displayed()
    dia = parse_qs(urlsplit(duo.driver.current_url).query).get("dia")
    assert dia == [str(expected)]


def test_prs001_clicker_and_keyboard_keys_step_through_the_deck(start):
    duo = start("/presentatie")
    duo.wait_for_element("#slide-1 .slide-figure .main-svg", timeout=10)
    total = len(default_deck().slides)
    assert not duo.find_elements(".site-header") and not duo.find_elements(".site-nav")
    WebDriverWait(duo.driver, 5).until(
        lambda d: d.execute_script("return document.activeElement.id") == "slide-1-title"
    )
    _press(duo, Keys.ARROW_RIGHT, 2)
    _press(duo, Keys.PAGE_DOWN, 3)
    _press(duo, Keys.SPACE, 4)
    _press(duo, Keys.ARROW_LEFT, 3)
    _press(duo, Keys.PAGE_UP, 2)
    _press(duo, Keys.END, total)
    _press(duo, Keys.ARROW_RIGHT, total)  # stays on the last slide
    _press(duo, Keys.HOME, 1)
    _press(duo, Keys.ARROW_LEFT, 1)
    _press(duo, Keys.ARROW_RIGHT, 2)
    live = duo.find_element("#deck-live").text
    assert live.startswith(f"Dia 2 van {total}: ")
    assert duo.driver.execute_script("return document.activeElement.id") == "slide-2-title"
    assert not duo.find_element("#slide-1").is_displayed()
    # N shows the presenter notes, N again hides them.
    assert not duo.find_element("#slide-2 .slide-notes").is_displayed()
    ActionChains(duo.driver).send_keys("n").perform()
    WebDriverWait(duo.driver, 5).until(
        lambda d: duo.find_element("#slide-2 .slide-notes").is_displayed()
    )
    ActionChains(duo.driver).send_keys("n").perform()
    WebDriverWait(duo.driver, 5).until(
        lambda d: not duo.find_element("#slide-2 .slide-notes").is_displayed()
    )


def test_prs002_dia_parameter_opens_that_slide_and_buttons_work(start):
    duo = start("/presentatie?dia=3&taal=en")
    duo.wait_for_element("#slide-3 .slide-figure .main-svg", timeout=10)
    assert _current(duo.driver) == 3
    duo.find_element("#deck-next").click()
    WebDriverWait(duo.driver, 5).until(lambda d: _current(d) == 4)
    assert duo.find_element("#deck-live").text.startswith("Slide 4 of ")
    assert duo.find_element("#slide-4 .slide-source").text.startswith("Source: CBS, as of ")


def _one_slide_deck(versie: str | None) -> str:
    data = {
        "title_nl": "Vastgezet",
        "slides": [
            {
                "view": "/?gemeente=GM0164&indicator=share_18_35",
                "title_nl": "Aandeel 18–35",
                "takeaway_nl": "Een zin.",
            }
        ],
    }
    if versie:
        data["versie"] = versie
    return encode_deck(parse_deck(data))


def _slide_facts(duo, query: str) -> tuple[str, str, str]:
    duo.driver.get(duo.server_url + "/presentatie?deck=" + query)
    duo.wait_for_element("#slide-1 .slide-figure .main-svg", timeout=10)
    source = duo.find_element("#slide-1 .slide-source")
    summary = duo.driver.execute_script(
        "return document.getElementById('slide-1-summary').textContent"
    )
    return source.text, source.get_attribute("data-vintage"), summary


def test_prs003_pinned_deck_keeps_its_vintage_after_a_newer_store(start, tmp_path, browser_store):
    root = tmp_path / "data"
    publish_store(root, vintage=OLD_VINTAGE)
    STORE.configure(root, check_seconds=0)
    try:
        duo = start("/presentatie")
        pinned = _one_slide_deck(OLD_VINTAGE)
        before = _slide_facts(duo, pinned)
        assert before[0] == "Bron: CBS, stand 1-3-2025" and before[1] == OLD_VINTAGE

        # A newer ETL run lands in the same data dir, with different numbers.
        publish_store(root, vintage=NEW_VINTAGE, edit=ten_percent_more)

        assert _slide_facts(duo, pinned) == before
        unpinned = _slide_facts(duo, _one_slide_deck(None))
        assert unpinned[0] == "Bron: CBS, stand 1-6-2026" and unpinned[1] == NEW_VINTAGE
        assert unpinned[2] != before[2]  # the newest numbers differ, the pinned ones did not
    finally:
        STORE.configure(browser_store, check_seconds=0)


def ten_percent_more(content: StoreContent) -> StoreContent:
    """Every indicator value 10 % higher (through the ETL's store writer)."""
    frames = content.frames
    indicators = frames.indicators.assign(value=frames.indicators["value"] * 1.1)
    return dataclasses.replace(content, frames=dataclasses.replace(frames, indicators=indicators))


def _print_pdf(duo, encoded: str) -> bytes:
    duo.driver.get(duo.server_url + f"/presentatie?deck={encoded}&afdruk=1")
    figures = len(decode_deck(encoded).slides)
    WebDriverWait(duo.driver, 20).until(
        lambda d: (
            len(d.find_elements("css selector", "#deck.is-print .slide-figure .main-svg"))
            >= figures
        )
    )
    result = duo.driver.execute_cdp_cmd(
        "Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True}
    )
    return base64.b64decode(result["data"])


@pytest.mark.parametrize("slides", [None, 3])
def test_prs004_pdf_export_has_one_page_per_slide(start, slides):
    deck = default_deck()
    if slides:
        deck = deck.model_copy(update={"slides": deck.slides[:slides]})
    duo = start("/presentatie")
    assert duo.find_element("#deck-export-pdf").text == "Exporteer naar PDF"
    pdf = pypdf.PdfReader(io.BytesIO(_print_pdf(duo, encode_deck(deck))))
    assert len(pdf.pages) == len(deck.slides)
    box = pdf.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape, 297 x 167 mm
    assert abs(float(box.width) - 297 / 25.4 * 72) < 2
    for number, page in enumerate(pdf.pages):
        assert deck.slides[number].title_nl in page.extract_text().replace("\n", " ")


def test_prs005_add_charts_to_a_deck_reorder_and_present(start):
    duo = start("/vergrijzing?gemeente=GM0153")
    duo.driver.execute_script("window.localStorage.removeItem('deck-draft')")
    # Cards below the first row are redrawn just after the page appears: wait until every
    # callback is done, and find the buttons afresh before each click (no stale elements).
    duo.wait_for_element("button.add-to-deck")
    settled(duo)

    def add_to_deck(index: int) -> None:
        buttons = duo.driver.find_elements("css selector", "button.add-to-deck")
        assert len(buttons) >= 2 and buttons[index].text == "Voeg toe aan presentatie"
        buttons[index].click()

    add_to_deck(0)
    duo.wait_for_text_to_equal("#share-status", "Toegevoegd aan de presentatie (1 dia)")
    add_to_deck(1)
    duo.wait_for_text_to_equal("#share-status", "Toegevoegd aan de presentatie (2 dia’s)")
    first_title = duo.find_element(".card .card-title").text

    duo.driver.get(duo.server_url + "/presentatie/samenstellen")
    duo.wait_for_element(".compose-slide", timeout=10)
    assert len(duo.driver.find_elements("css selector", ".compose-slide")) == 2
    assert "gemeente=GM0153" in duo.find_element(".compose-slide code").text
    title_input = ".compose-slide input[type=text]"
    assert duo.find_element(title_input).get_attribute("value") == first_title
    label = duo.find_element(".compose-slide label")
    assert duo.driver.execute_script("return arguments[0].control !== null", label)
    duo.driver.find_elements("css selector", ".compose-slide .compose-actions button")[1].click()
    WebDriverWait(duo.driver, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: d.find_element("css selector", title_input).get_attribute("value") != first_title
    )
    href = duo.find_element("#cmp-open").get_attribute("href")
    assert "/presentatie?deck=" in href
    duo.driver.get(href)
    duo.wait_for_element("#slide-2 .slide-title", timeout=10)
    assert duo.find_element("#slide-2").get_attribute("data-title") == first_title


def test_prs006_a_per_1000_chart_goes_into_the_deck_as_per_1000(start):
    duo = start("/migratie")
    duo.driver.execute_script("window.localStorage.removeItem('deck-draft')")
    duo.wait_for_element("#card-mig-line-net_migration-population button.add-to-deck")
    settled(duo)
    duo.find_element("#card-mig-line-net_migration-population button.add-to-deck").click()
    duo.wait_for_text_to_equal("#share-status", "Toegevoegd aan de presentatie (1 dia)")
    draft = duo.driver.execute_script(
        "return JSON.parse(window.localStorage.getItem('deck-draft'))"
    )
    slide = draft["slides"][0]
    assert slide["per_1000_of"] == "population" and "indicator=net_migration" in slide["view"]
