"""Time until a page has settled in headless Chromium, first visit (empty cache) and warm.

"Settled" (issue 12, item 2) = every chart's SVG drawn and no Dash callback pending, by the
page's own clock from navigation start; ``settle_monitor.js`` says how both are read. The
monitor is injected before any page script with CDP ``Page.addScriptToEvaluateOnNewDocument``
and knows how many charts to wait for: the number of ``dcc.Graph`` components in the page's
own layout, counted in the pages router's answer for that URL.

Each visit also hands back the page's Resource Timing entries (same clock): the
``_dash-update-component`` requests made during page load (the callbacks in the browser),
the ``/_dash-layout`` fetch beside them (a static JSON of ~0.5 kB: the floor) and the bytes of
JavaScript that came over the wire.

- first visit: before each visit CDP ``Network.clearBrowserCache`` and
  ``Storage.clearDataForOrigin`` (all storage types: cookies, local storage, cache storage)
  empty what a previous visit left; the JavaScript bytes show the cache really was empty.
- warm: the same browser with its cache, a new navigation to the page.
Both start from ``about:blank``. The server's own caches are warm in both modes (one visit
per page first): what differs is the browser's side.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import requests
from gunicorn_server import count_graphs
from support import payloads as dp

MONITOR = (Path(__file__).resolve().parent / "settle_monitor.js").read_text()
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
# Waits for the monitor's verdict, then returns it with the page's resource entries.
COLLECT = """
var done = arguments[arguments.length - 1];
(function poll() {
  if (!window.__benchSettled) { setTimeout(poll, 25); return; }
  var entries = performance.getEntriesByType("resource").map(function (e) {
    return {name: e.name, start: e.startTime, duration: e.duration, bytes: e.transferSize};
  });
  done({settle: window.__benchSettled, entries: entries});
})();
"""


@dataclass
class Visit:
    path: str
    mode: str  # "first" (empty cache) or "warm"
    settled_ms: float | None  # None: not settled within 30 s
    drawn_ms: float | None
    charts: int
    callbacks_ms: list[float] = field(default_factory=list)
    layout_ms: list[float] = field(default_factory=list)
    js_bytes: int = 0


def expected_charts(base_url: str, path: str) -> int:
    answer = requests.post(
        base_url + "/_dash-update-component", json=dp.router_payload(path, ""), timeout=30
    )
    answer.raise_for_status()
    return count_graphs(answer.json()["response"]["_pages_content"]["children"])


def start_chromium():
    if not shutil.which("chromedriver"):
        raise SystemExit(
            "the browser part needs Chromium and chromedriver (Debian: apt-get install chromium "
            "chromium-driver); --skip-browser leaves it out"
        )
    from selenium import webdriver  # noqa: PLC0415 - only when the browser part runs
    from selenium.webdriver.chrome.options import Options  # noqa: PLC0415

    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options)
    driver.set_script_timeout(40)
    return driver


class SettleBrowser:
    """One Chromium; ``visit`` loads a page with the monitor for that page injected."""

    def __init__(self, base_url: str, quiet_ms: int = 250) -> None:
        self.base_url, self.quiet_ms = base_url, quiet_ms
        self.driver = start_chromium()
        self._script: str | None = None
        self._charts: dict[str, int] = {}

    def close(self) -> None:
        self.driver.quit()

    def _inject(self, charts: int) -> None:
        # One monitor at a time: the previous page's (its chart count) is removed first.
        if self._script is not None:
            self.driver.execute_cdp_cmd(
                "Page.removeScriptToEvaluateOnNewDocument", {"identifier": self._script}
            )
        source = MONITOR.replace("__EXPECTED_CHARTS__", str(charts)).replace(
            "__QUIET_MS__", str(self.quiet_ms)
        )
        answer = self.driver.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": source}
        )
        self._script = answer["identifier"]

    def empty_cache(self) -> None:
        self.driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        self.driver.execute_cdp_cmd(
            "Storage.clearDataForOrigin", {"origin": self.base_url, "storageTypes": "all"}
        )

    def visit(self, path: str, mode: str) -> Visit:
        if path not in self._charts:
            self._charts[path] = expected_charts(self.base_url, path)
        self._inject(self._charts[path])
        self.driver.get("about:blank")
        if mode == "first":
            self.empty_cache()
        self.driver.get(self.base_url + path)
        found = self.driver.execute_async_script(COLLECT)
        settle, entries = found["settle"], found["entries"]
        timed_out = bool(settle.get("timedOut"))
        return Visit(
            path=path,
            mode=mode,
            settled_ms=None if timed_out else settle["settledAt"],
            drawn_ms=settle.get("drawnAt"),
            charts=int(settle.get("charts", 0)),
            callbacks_ms=[e["duration"] for e in entries if "/_dash-update-component" in e["name"]],
            layout_ms=[e["duration"] for e in entries if e["name"].endswith("/_dash-layout")],
            js_bytes=sum(
                int(e["bytes"]) for e in entries if e["name"].split("?")[0].endswith(".js")
            ),
        )


def measure_pages(base_url: str, paths: list[str], runs: int, quiet_ms: int = 250) -> list[Visit]:
    """``runs`` first visits and ``runs`` warm visits of every path, interleaved per path."""
    browser = SettleBrowser(base_url, quiet_ms)
    visits: list[Visit] = []
    try:
        for path in paths:  # the server renders each page once; the browser caches the code
            browser.visit(path, "warm")
        for path in paths:
            for _ in range(runs):
                visits.append(browser.visit(path, "first"))
                visits.append(browser.visit(path, "warm"))
    finally:
        browser.close()
    return visits
