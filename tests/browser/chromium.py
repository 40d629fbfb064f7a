"""How the browser tests start Debian's Chromium: headless, quiet, as root in CI."""

from __future__ import annotations

import shutil

from selenium.webdriver.chrome.options import Options

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# --no-sandbox: CI runs as root, where Chromium refuses its sandbox. The --disable-* flags
# stop background traffic (updates, sync) that has nowhere to go without internet.
CHROME_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1366,768",
)


def chrome_options() -> Options:
    options = Options()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    return options
