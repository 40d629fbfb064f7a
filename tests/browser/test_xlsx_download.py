"""The Excel button, pressed with the keyboard in Chromium, downloads the card's workbook:
named like its CSV, a real .xlsx (a zip), the card's rows and the view's own link."""

from __future__ import annotations

import time
from pathlib import Path

import openpyxl
from dropdown_keys import settled
from selenium.webdriver.common.keys import Keys


def _downloaded(folder: str, name: str, seconds: float = 20) -> Path:
    target = Path(folder) / name
    deadline = time.monotonic() + seconds
    # Chromium writes a .crdownload first and renames it when the file is complete.
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert target.exists(), f"{name} did not download"
    return target


def test_xlb001_enter_on_the_excel_button_downloads_the_workbook(start):
    duo = start("/vergrijzing?van=2022&vergelijk=CR12")
    duo.wait_for_element(".js-plotly-plot .main-svg")
    settled(duo)
    card = duo.find_element(".card-line")
    button = card.find_element("css selector", "button.download-xlsx")
    title = card.find_element("css selector", ".card-title").text
    assert button.text == "Download Excel" and title in button.get_attribute("title")
    csv_button = card.find_elements("css selector", ".card-tools > button")
    # beside the CSV button, in the keyboard's order
    labels = [b.text for b in csv_button]
    assert labels.index("Download Excel") == labels.index("Download CSV") + 1
    spec = card.find_element("css selector", "button.add-to-deck").get_attribute("data-indicator")
    button.send_keys(Keys.ENTER)
    # van=2022 to the store's last year (2025), as the CSV's name says
    target = _downloaded(duo.download_path, f"hengelo_o_{spec}_2022-2025.xlsx")
    content = target.read_bytes()
    assert content[:2] == b"PK"
    workbook = openpyxl.load_workbook(target)
    data = workbook["Gegevens"]
    assert data["A1"].value == "Regio" and data.freeze_panes == "A2"
    assert {row[1] for row in data.iter_rows(min_row=2, values_only=True)} == {"GM0164", "CR12"}
    meta = {row[0]: row[1] for row in workbook["Metadata"].iter_rows(values_only=True)}
    # The address the reader would share: this server, this page, the canonical query.
    link = meta["Link naar deze weergave"]
    assert link == duo.server_url + "/vergrijzing?vergelijk=CR12&van=2022"
    assert meta["Gemeente"] == "Hengelo (O.) (GM0164)" and meta["Jaren"] == "2022–2025"
    assert duo.get_logs() == []


def test_xlb002_after_moving_to_another_page_the_link_names_that_page(start):
    """The page path comes from the address Dash's router keeps, not from the first page."""
    duo = start("/?gemeente=GM0153&taal=en")
    duo.wait_for_element(".js-plotly-plot .main-svg")
    duo.find_element('a.nav-link[href^="/migratie"]').click()
    duo.wait_for_text_to_equal("#page-title", "Migration", timeout=10)
    duo.wait_for_element(".js-plotly-plot .main-svg")
    settled(duo)
    card = duo.find_element(".card-line")
    # The card's own file name (its PNG button carries it): migration runs to 2024.
    name = card.find_element("css selector", "button.download-png").get_attribute("data-filename")
    assert name.startswith("enschede_")
    card.find_element("css selector", "button.download-xlsx").send_keys(Keys.ENTER)
    target = _downloaded(duo.download_path, f"{name}.xlsx")
    workbook = openpyxl.load_workbook(target)
    meta = {row[0]: row[1] for row in workbook["Metadata"].iter_rows(values_only=True)}
    assert meta["Link to this view"] == duo.server_url + "/migratie?gemeente=GM0153&taal=en"
    assert workbook.sheetnames == ["Data", "Metadata"]
    assert duo.get_logs() == []
