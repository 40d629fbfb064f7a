"""Dashboard speed: callbacks (in the process, over HTTP, in the browser) and page settle time.

    python benchmarks/bench_dashboard.py                 # the ETL's demo store, all parts
    python benchmarks/bench_dashboard.py --browser-runs 7 --pages / /talentopgave /vergelijken
    python benchmarks/bench_dashboard.py --skip-browser  # no Chromium needed
    TALENT_DATA_DIR=data python benchmarks/bench_dashboard.py --iterations 500

1. In the process (target p95 <= 50 ms, DESIGN.md): the callback functions called directly,
   and full POSTs to /_dash-update-component through the Flask test client.
2. Over HTTP against gunicorn with the project's gunicorn.conf.py (issue 12, item 3: p95 <=
   10 ms for a cache hit): the pages router for a URL already rendered and a card callback
   already rendered, next to GET /_dash-layout (static JSON) measured in the same run, as
   p50/p95 and their ratio to that floor (callbacks_http.py).
3. Headless Chromium against the same gunicorn (issue 12, item 2: first visit with an empty
   cache <= 1.5 s, warm <= 1.0 s): median time until every chart is drawn and no callback is
   pending ("settled", page_settle.py); the page-load callbacks' p50/p95 from Resource Timing
   next to the /_dash-layout fetch of the same visits (target p95 <= 50 ms), and the bytes
   of JavaScript a first visit transfers.
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
from gunicorn_server import (  # noqa: E402
    ROOT,
    free_port,
    percentile,
    serves_charts,
    start_gunicorn,
    stop_gunicorn,
)
from support import payloads as dp  # noqa: E402

SERVER_TARGET_MS = 50.0  # in the process, every case (DESIGN.md)
HTTP_HIT_TARGET_MS = 10.0  # over HTTP, p95 of a cache hit (issue 12, item 3)
BROWSER_CALLBACK_TARGET_MS = 50.0  # in the browser, p95 at page load (issue 12, item 3)
SETTLED_TARGET_MS = {"first": 1500.0, "warm": 1000.0}  # issue 12, item 2
# Pages with charts of every kind: the overview (3 charts), the programme page (9) and a
# topic page with the pyramid (6); --pages takes any registered path.
DEFAULT_PAGES = ["/", "/talentopgave", "/vergrijzing"]


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


# --- report ---------------------------------------------------------------------------------


def row(name: str, samples: list[float], target: float) -> str:
    p50, p95 = statistics.median(samples), percentile(samples, 0.95)
    verdict = "ok" if p95 <= target else "SLOW"
    return (
        f"| {name:<48} | {len(samples):>5} | {p50:>8.1f} | {p95:>8.1f} | {max(samples):>8.1f} "
        f"| {p95 / p50 if p50 else 0:>7.2f} | {p95 / target:>9.2f} | {verdict:<4} |"
    )


def floor_row(name: str, samples: list[float], floor: list[float], target: float | None) -> str:
    """p50/p95 of ``samples`` and their ratio to the floor's p50/p95 of the same run."""
    p50, p95 = statistics.median(samples), percentile(samples, 0.95)
    f50, f95 = statistics.median(floor), percentile(floor, 0.95)
    verdict = "-" if target is None else ("ok" if p95 <= target else "SLOW")
    return (
        f"| {name:<48} | {len(samples):>5} | {p50:>7.1f} | {p95:>7.1f} | {max(samples):>7.1f} "
        f"| {p50 / f50 if f50 else 0:>9.2f} | {p95 / f95 if f95 else 0:>9.2f} | {verdict:<4} |"
    )


FLOOR_HEADER = (
    "| " + "case".ljust(48) + " |     n | p50 ms  | p95 ms  | max ms  | p50/floor | p95/floor "
    "| ok?  |"
)


def table_rule(header: str) -> str:
    return "|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|"


def report_http(samples: dict[str, list[float]]) -> None:
    from callbacks_http import FLOOR  # noqa: PLC0415

    print(
        f"\nOver HTTP, gunicorn 2 workers, one client (target p95 <= {HTTP_HIT_TARGET_MS:.0f} ms "
        "for a cache hit; floor = GET /_dash-layout, same run)\n"
    )
    print(FLOOR_HEADER + "\n" + table_rule(FLOOR_HEADER))
    floor = samples[FLOOR]
    for name, values in samples.items():
        target = None if name == FLOOR else HTTP_HIT_TARGET_MS
        print(floor_row(name, values, floor, target))


def report_browser(visits: list, runs: int) -> None:
    header = (
        "| " + "page".ljust(16) + " | mode  |  n | settled median ms | min ms | max ms "
        "| drawn median ms | charts | target ms | ok?  |"
    )
    print(
        "\nPage settled in headless Chromium (every chart's SVG drawn, no callback pending; "
        f"median of {runs} visits)\n"
    )
    print(header + "\n" + table_rule(header))
    paths = list(dict.fromkeys(v.path for v in visits))
    for path in paths:
        for mode in ("first", "warm"):
            mine = [v for v in visits if v.path == path and v.mode == mode]
            settled = [v.settled_ms for v in mine if v.settled_ms is not None]
            drawn = [v.drawn_ms for v in mine if v.drawn_ms is not None]
            target = SETTLED_TARGET_MS[mode]
            median = statistics.median(settled) if settled else float("nan")
            unsettled = len(mine) - len(settled)
            verdict = "ok" if settled and not unsettled and median <= target else "SLOW"
            print(
                f"| {path:<16} | {mode:<5} | {len(mine):>2} | {median:>17.0f} "
                f"| {min(settled, default=float('nan')):>6.0f} "
                f"| {max(settled, default=float('nan')):>6.0f} "
                f"| {statistics.median(drawn) if drawn else float('nan'):>15.0f} "
                f"| {mine[0].charts if mine else 0:>6} | {target:>9.0f} | {verdict:<4} |"
                + (f" {unsettled} visit(s) never settled (30 s)" if unsettled else "")
            )
    print(
        f"\nCallbacks in the browser during page load (Resource Timing; target p95 <= "
        f"{BROWSER_CALLBACK_TARGET_MS:.0f} ms; floor = the /_dash-layout fetch of the same "
        "visits)\n"
    )
    print(FLOOR_HEADER + "\n" + table_rule(FLOOR_HEADER))
    for mode in ("first", "warm"):
        mine = [v for v in visits if v.mode == mode]
        callbacks = [ms for v in mine for ms in v.callbacks_ms]
        layout = [ms for v in mine for ms in v.layout_ms]
        if not callbacks or not layout:
            print(f"| {mode}: no _dash-update-component or /_dash-layout entry recorded")
            continue
        print(floor_row(f"floor: /_dash-layout ({mode} visits)", layout, layout, None))
        print(
            floor_row(
                f"_dash-update-component ({mode} visits)",
                callbacks,
                layout,
                BROWSER_CALLBACK_TARGET_MS,
            )
        )
    first = [v.js_bytes for v in visits if v.mode == "first"]
    warm = [v.js_bytes for v in visits if v.mode == "warm"]
    if first:
        print(
            f"\nJavaScript transferred (Resource Timing transferSize, compressed): first visit "
            f"median {statistics.median(first) / 1024:.0f} KiB (min {min(first) / 1024:.0f}, "
            f"max {max(first) / 1024:.0f}); warm median {statistics.median(warm) / 1024:.0f} KiB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200, help="samples per server case")
    parser.add_argument("--browser-runs", type=int, default=5, help="visits per page and mode")
    parser.add_argument("--pages", nargs="+", default=DEFAULT_PAGES, help="paths to open")
    parser.add_argument("--quiet-ms", type=int, default=250, help="settled for this long")
    parser.add_argument("--skip-inprocess", action="store_true", help="no in-process part")
    parser.add_argument("--skip-browser", action="store_true", help="no Chromium part")
    args = parser.parse_args()
    if args.iterations < 1 or args.browser_runs < 1 or args.quiet_ms < 0:
        parser.error("--iterations and --browser-runs must be >= 1, --quiet-ms >= 0")
    bad = [p for p in args.pages if not p.startswith("/")]
    if bad:
        parser.error(f"--pages takes paths that start with '/': {bad}")

    data_dir = ensure_store()
    os.environ["TALENT_DATA_DIR"] = str(data_dir)
    os.chdir(ROOT)

    header = (
        "| " + "case".ljust(48) + " |     n |  p50 ms  |  p95 ms  |  max ms  "
        "| p95/p50 | p95/target | ok?  |"
    )
    print(f"store: {data_dir}")
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
        f"reference loop {reference_loop_ms():.0f} ms (compare runs on other machines)"
    )
    if not args.skip_inprocess:
        import app as app_module  # noqa: PLC0415 - loads the store, only for this part

        print(f"\nIn the process (target p95 <= {SERVER_TARGET_MS:.0f} ms)\n")
        print(header + "\n" + table_rule(header))
        for name, function in server_cases(app_module.app).items():
            print(row(name, measure(function, args.iterations), SERVER_TARGET_MS), flush=True)

    from callbacks_http import http_cases, measure_http  # noqa: PLC0415

    port = free_port()
    server = start_gunicorn(data_dir, port)
    base_url = f"http://127.0.0.1:{port}"
    try:
        problem = serves_charts(base_url)
        if problem:
            sys.exit(f"not measured: {problem}")
        report_http(measure_http(http_cases(base_url), args.iterations))
        if not args.skip_browser:
            from page_settle import measure_pages  # noqa: PLC0415 - needs selenium

            report_browser(
                measure_pages(base_url, args.pages, args.browser_runs, args.quiet_ms),
                args.browser_runs,
            )
    finally:
        stop_gunicorn(server)


if __name__ == "__main__":
    main()
