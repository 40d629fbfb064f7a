"""Print a deck to PDF, one slide per page, with headless Chromium.

Usage::

    python -m dashboard_export DECK.json OUT.pdf [--url http://127.0.0.1:8050] [--taal en]

The dashboard must be running at ``--url`` (with the data vintage the deck pins; a prefix it
is served under belongs in the URL). Needs Chromium and chromedriver (Debian: ``apt-get
install chromium chromium-driver``) and selenium (the ``export`` extra). The deck is opened
in the print view (``/presentatie?deck=…&afdruk=1``) and printed with the DevTools command
``Page.printToPDF``, which honours the page size of the print stylesheet (297 mm × 167 mm,
one slide per page). Not part of the running app: nothing in ``dashboard/`` imports this.
"""

from __future__ import annotations

import argparse
import base64
import shutil
import sys
import time
from pathlib import Path

from dashboard.presentation.decks import DeckError, encode_deck, load_deck_file
from dashboard.state.url import PRESENTATION_PATH, presentation_query

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PRINT_WINDOW = "1123,631"  # 297 x 167 mm at 96 px per inch: charts are drawn at page size
CHROME_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    f"--window-size={PRINT_WINDOW}",
)


def print_view_url(base_url: str, encoded_deck: str, lang: str = "nl") -> str:
    """The print view of a deck on the dashboard at ``base_url``."""
    query = presentation_query(encoded_deck, taal=lang, afdruk=True)
    return f"{base_url.rstrip('/')}{PRESENTATION_PATH}{query}"


def wait_for_slides(driver, timeout: float = 30.0) -> int:
    """Wait until every slide's chart is drawn; returns the number of slides."""
    script = """
        var root = document.getElementById('deck');
        if (!root) { return -1; }
        var figures = root.querySelectorAll('.slide-figure').length;
        var drawn = root.querySelectorAll('.slide-figure .main-svg').length;
        return drawn >= figures ? root.querySelectorAll('section.slide').length : -1;"""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = driver.execute_script(script)
        if count and count > 0:
            return int(count)
        time.sleep(0.2)
    raise TimeoutError("the print view did not finish drawing its charts")


def print_pdf(driver) -> bytes:
    result = driver.execute_cdp_cmd(
        "Page.printToPDF",
        {
            "printBackground": True,
            "preferCSSPageSize": True,
            "marginTop": 0,
            "marginBottom": 0,
            "marginLeft": 0,
            "marginRight": 0,
        },
    )
    return base64.b64decode(result["data"])


def start_chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    return webdriver.Chrome(options=options)


def export_deck(deck_file: Path, out_file: Path, base_url: str, lang: str = "nl") -> int:
    """Write the PDF; returns the number of slides."""
    url = print_view_url(base_url, encode_deck(load_deck_file(deck_file)), lang)
    driver = start_chromium()
    try:
        driver.get(url)
        slides = wait_for_slides(driver)
        out_file.write_bytes(print_pdf(driver))
    finally:
        driver.quit()
    return slides


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard_export", description="Print a presentation deck to PDF."
    )
    parser.add_argument("deck", type=Path, help="deck file (.json)")
    parser.add_argument("out", type=Path, help="PDF to write")
    parser.add_argument(
        "--url",
        default="http://127.0.0.1:8050",
        help="address of the running dashboard (default %(default)s)",
    )
    parser.add_argument("--taal", choices=("nl", "en"), default="nl")
    args = parser.parse_args(argv)
    try:
        slides = export_deck(args.deck, args.out, args.url, args.taal)
    except DeckError as error:
        print(f"dashboard_export: {args.deck}: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # no chromium, no server, a timeout: say so, exit non-zero
        print(f"dashboard_export: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(f"{args.out}: {slides} slides")
    return 0
