"""Dashboard speed: server-side callback latency and time until a page is usable in Chromium.

    python benchmarks/bench_dashboard.py                 # the ETL's demo store, all parts
    TALENT_DATA_DIR=data python benchmarks/bench_dashboard.py --iterations 500
    python benchmarks/bench_dashboard.py --skip-browser  # no Chromium needed

Targets (DESIGN.md): server-side p95 <= 50 ms; page usable in headless Chromium <= 1.5 s on
localhost. "Server-side" is measured twice: the callback functions called directly, and full
POSTs to /_dash-update-component through the Flask test client (JSON decoding, dispatch,
serialisation and compression included). "Usable" is the browser's own clock
(performance.now(), from navigation start) at the moment the first chart's SVG exists — or
the page heading, on pages without charts. The page is served by gunicorn with the project's
gunicorn.conf.py, as in production.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# tests/support: what tests and benchmarks share (callback payloads, the ETL's test stores)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # etl, dashboard, app
from gunicorn_server import ROOT, free_port, percentile, start_gunicorn, stop_gunicorn  # noqa: E402
from support import payloads as dp  # noqa: E402

SERVER_TARGET_MS = 50.0
USABLE_TARGET_MS = 1500.0
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
PAGES = [
    "/",
    "/vergrijzing",
    "/geboorte",
    "/migratie",
    "/arbeidsmarkt",
    "/vergelijken",
    "/over-de-data",
]


def measure(function: Callable[[], object], iterations: int) -> list[float]:
    function()  # warm caches once, like a worker that has served a request
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def reference_loop_ms() -> float:
    """A fixed pure-Python workload: how fast this machine is right now (load included)."""
    start = time.perf_counter()
    total = 0
    for number in range(2_000_000):
        total += number % 7
    return (time.perf_counter() - start) * 1000


def ensure_store() -> Path:
    """``TALENT_DATA_DIR`` when it holds a store, else the ETL's demo store published into a
    temporary folder (tests/support/stores.py; removed at exit)."""
    configured = os.environ.get("TALENT_DATA_DIR")
    if configured and (Path(configured) / "store" / "manifest.json").exists():
        return Path(configured)
    from support.stores import publish_store  # noqa: PLC0415 - runs the ETL, only if needed

    folder = Path(tempfile.mkdtemp(prefix="talent-bench-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    publish_store(folder)
    return folder


# --- server side ------------------------------------------------------------------------------


def _post(client, body: dict) -> dict:
    response = client.post("/_dash-update-component", json=body)
    if response.status_code != 200:
        raise RuntimeError(f"callback failed ({response.status_code}): {response.data[:300]!r}")
    return response


def server_cases(app) -> dict[str, Callable[[], object]]:
    from dashboard.cards.model import CardSpec
    from dashboard.cards.registry import build_card
    from dashboard.components.chart_card import render_card
    from dashboard.server import render_cache
    from dashboard.state.sync import next_view_state
    from dashboard.state.view import resolve_view, view_state_data

    client = app.server.test_client()
    client.get("/")  # the first request sets up the router and the callback map
    keys = list(app.callback_map)
    card_key = next(k for k in keys if '"card-head"' in k)
    sync_key = next(k for k in keys if k.startswith("..view-state.data"))

    view = resolve_view({})
    enschede = next_view_state(view_state_data(view), {"gemeente": "GM0153"})
    share = {"kind": "line", "indicator": "share_18_35", "card": "ovw-line-share_18_35"}
    pyramid = {"kind": "pyramid", "indicator": None, "card": "vgr-pyramid"}
    map_spec = {"kind": "map", "indicator": "share_18_35", "card": "vgl-map-share_18_35"}

    def card_request(spec: dict, data: dict) -> dict:
        card = spec["card"]
        return {
            "output": card_key,
            "outputs": [
                {"id": {"card": card, "type": "card-head"}, "property": "children"},
                {"id": {"card": card, "type": "card-body"}, "property": "children"},
            ],
            "inputs": [{"id": "view-state", "property": "data", "value": data}],
            "state": [
                {"id": {"card": card, "type": "card-spec"}, "property": "data", "value": spec}
            ],
            "changedPropIds": ["view-state.data"],
        }

    controls = [
        ("gemeente", "GM0153"),
        ("vergelijk", ["CR12", "NL01"]),
        ("van", 2012),
        ("tot", 2024),
        ("basisjaar", ""),
    ]
    toggles = [
        f"ovw-{n}" for n in ("line-share_18_35", "line-count_18_35", "forecast-population_forecast")
    ]
    control_id = json.dumps(
        {"name": "gemeente", "type": "control"}, separators=(",", ":"), sort_keys=True
    )
    sync_request = {
        "output": sync_key,
        "outputs": [
            {"id": "view-state", "property": "data"},
            [{"id": {"card": c, "type": "card-toggle"}, "property": "value"} for c in toggles],
        ],
        "inputs": [
            [
                {"id": {"name": n, "type": "control"}, "property": "value", "value": v}
                for n, v in controls
            ],
            [
                {"id": {"card": c, "type": "card-toggle"}, "property": "value", "value": "grafiek"}
                for c in toggles
            ],
        ],
        "state": [{"id": "view-state", "property": "data", "value": view_state_data(view)}],
        "changedPropIds": [f"{control_id}.value"],
    }

    def built_afresh(body: dict) -> dict:
        """A router request that finds the page cache empty (a view nobody opened yet)."""
        with app.server.app_context():
            render_cache.CACHE.clear()
        return _post(client, body)

    return {
        "function build_card line": lambda: build_card(
            CardSpec("line", "share_18_35"), resolve_view({}).state, view.store
        ),
        "function render_card line": lambda: render_card(enschede, share),
        "function next_view_state": lambda: next_view_state(
            view_state_data(view), {"gemeente": "GM0153"}
        ),
        "POST card line (Enschede)": lambda: _post(client, card_request(share, enschede)),
        "POST card pyramid": lambda: _post(client, card_request(pyramid, enschede)),
        "POST card map": lambda: _post(client, card_request(map_spec, enschede)),
        "POST controls -> view state": lambda: _post(client, sync_request),
        "POST page overzicht (router)": lambda: _post(client, dp.router_payload("/", "")),
        "POST page vergrijzing (router)": lambda: _post(
            client, dp.router_payload("/vergrijzing", "?gemeente=GM0153")
        ),
        "POST page vergelijken (router)": lambda: _post(
            client, dp.router_payload("/vergelijken", "?indicator=share_65plus")
        ),
        # The three above are page-cache hits after the first call; these build the page.
        "POST page overzicht (router, not cached)": lambda: built_afresh(
            dp.router_payload("/", "")
        ),
        "POST page vergrijzing (router, not cached)": lambda: built_afresh(
            dp.router_payload("/vergrijzing", "?gemeente=GM0153")
        ),
        "POST page talentopgave (router, not cached)": lambda: built_afresh(
            dp.router_payload("/talentopgave", "")
        ),
    }


# --- browser ---------------------------------------------------------------------------------

USABLE_SCRIPT = """
var done = arguments[arguments.length - 1];
var selector = arguments[0];
function check() {
  if (document.querySelector(selector)) { done(performance.now()); }
  else { requestAnimationFrame(check); }
}
check();
"""


CHART = ".js-plotly-plot .main-svg"


def _ready_selector(path: str) -> str:
    return "h1" if path == "/over-de-data" else CHART


def _usable(driver, url: str, selector: str) -> float:
    """ms from navigation start until ``selector`` exists, by the page's own clock."""
    driver.get("about:blank")
    driver.get(url)  # returns after the load event; the script then waits for the selector
    return float(driver.execute_async_script(USABLE_SCRIPT, selector))


def browser_timings(base_url: str, runs: int) -> dict[str, list[float]]:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options)
    driver.set_script_timeout(20)
    results: dict[str, list[float]] = {}
    try:
        # The very first visit also downloads and compiles plotly.js: reported on its own.
        results["/ (first visit, cold cache)"] = [_usable(driver, base_url + "/", CHART)]
        for path in PAGES:  # warm the server's and the browser's caches for every page
            _usable(driver, base_url + path, _ready_selector(path))
        for path in PAGES:
            results[path] = [
                _usable(driver, base_url + path, _ready_selector(path)) for _ in range(runs)
            ]
    finally:
        driver.quit()
    return results


# --- report ----------------------------------------------------------------------------------


def row(name: str, samples: list[float], target: float) -> str:
    p50, p95 = statistics.median(samples), percentile(samples, 0.95)
    verdict = "ok" if p95 <= target else "SLOW"
    return (
        f"| {name:<44} | {len(samples):>5} | {p50:>8.1f} | {p95:>8.1f} | {max(samples):>8.1f} "
        f"| {p95 / p50 if p50 else 0:>7.2f} | {p95 / target:>9.2f} | {verdict:<4} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--browser-runs", type=int, default=5)
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()

    data_dir = ensure_store()
    os.environ["TALENT_DATA_DIR"] = str(data_dir)
    os.chdir(ROOT)
    import app as app_module

    header = (
        "| " + "case".ljust(44) + " |     n |  p50 ms  |  p95 ms  |  max ms  "
        "| p95/p50 | p95/target | ok?  |"
    )
    rule = "|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|"
    print(f"store: {data_dir}")
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
        f"reference loop {reference_loop_ms():.0f} ms (compare runs on other machines)"
    )
    print(f"\nServer side (target p95 <= {SERVER_TARGET_MS:.0f} ms)\n")
    print(header + "\n" + rule)
    for name, function in server_cases(app_module.app).items():
        print(row(name, measure(function, args.iterations), SERVER_TARGET_MS), flush=True)

    if args.skip_browser:
        return
    port = free_port()
    server = start_gunicorn(data_dir, port)
    try:
        timings = browser_timings(f"http://127.0.0.1:{port}", args.browser_runs)
    finally:
        stop_gunicorn(server)
    print(
        f"\nPage usable in headless Chromium, gunicorn 2 workers "
        f"(target <= {USABLE_TARGET_MS:.0f} ms)\n"
    )
    print(header + "\n" + rule)
    for path, samples in timings.items():
        print(row(f"page {path}", samples, USABLE_TARGET_MS))


if __name__ == "__main__":
    main()
