"""The CSV button downloads exactly what the card shows, named after it."""

from __future__ import annotations

import time
from pathlib import Path

from dropdown_keys import settled
from selenium.webdriver.common.keys import Keys


def test_csv001_download_matches_the_card(start):
    duo = start("/?van=2022&vergelijk=CR12")
    duo.wait_for_element(".js-plotly-plot .main-svg")
    duo.find_element("#card-ovw-line-share_18_35 .button-secondary").click()
    target = Path(duo.download_path) / "hengelo_o_share_18_35_2022-2025.csv"
    deadline = time.monotonic() + 10
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("\ufeffRegio;Code;Jaar;Waarde (%);Status")
    lines = text.strip().splitlines()
    assert len(lines) == 1 + 2 * 4  # Hengelo and Twente, 2022 to the store's last year, 2025
    assert lines[-1].startswith("Twente;CR12;2025;") and lines[-1].endswith(";voorlopig")


def test_png001_modebar_png_has_a_meaningful_file_name(start):
    duo = start("/?gemeente=GM0153")
    duo.wait_for_element(".js-plotly-plot .main-svg")
    name = duo.driver.execute_script(
        "return document.querySelector('.js-plotly-plot')._context.toImageButtonOptions.filename"
    )
    assert name == "enschede_share_18_35_2000-2025"


def test_png002_png_button_works_from_the_keyboard(start):
    """The modebar's camera needs a mouse; the card's own PNG button takes Enter."""
    duo = start("/?gemeente=GM0153")
    duo.wait_for_element(".js-plotly-plot .main-svg")
    settled(duo)
    button = duo.find_element("#card-ovw-line-share_18_35 button.download-png")
    title = duo.find_element("#ovw-line-share_18_35-title").text
    assert button.text == "Download PNG" and title in button.get_attribute("title")
    button.send_keys(Keys.ENTER)
    target = Path(duo.download_path) / "enschede_share_18_35_2000-2025.png"
    deadline = time.monotonic() + 20
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert target.exists(), "the PNG did not download"
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert duo.get_logs() == []
