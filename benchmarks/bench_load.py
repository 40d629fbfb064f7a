"""Load: N simulated users against gunicorn (2 workers) on 127.0.0.1, end to end.

    python benchmarks/bench_load.py                     # 50 users, 30 s, demo store
    python benchmarks/bench_load.py --users 100 --duration 60 --think 0.5

Each user is a thread with its own HTTP session that walks what a visitor does: open a page
(GET the page, ``_dash-layout``, ``_dash-dependencies``, the pages router's callback and the
callbacks that fire on load), then change the municipality, the indicator or the years
(the control callback, then every callback that listens to the new view state), download a
CSV now and then, and switch the language (a new page load). Callback requests are built
from the app's own callback map (``tests/support/payloads.py``), so they are the browser's requests.
Users pause ``--think`` seconds (±50 %) between actions, as people do.

Prints throughput, p50/p95/p99 latency of every request, the error count (status >= 400 or
no answer) and the memory of each gunicorn worker. Target: 50 users, 0 errors, p95 <= 300 ms.
Only 127.0.0.1 is ever contacted; the run stops by itself after ``--duration`` seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
# tests/support: what tests and benchmarks share (callback payloads, the ETL's test stores)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # etl, dashboard, app
from gunicorn_server import free_port, percentile, start_gunicorn, stop_gunicorn  # noqa: E402
from support import payloads as dp  # noqa: E402

P95_TARGET_MS = 300.0
PAGES = [
    "/",
    "/vergrijzing",
    "/geboorte",
    "/migratie",
    "/arbeidsmarkt",
    "/vergelijken",
    "/talentopgave",
    "/over-de-data",
]
GEMEENTEN = ["GM0153", "GM0164", "GM0141", "GM0147", "GM0158", "GM0163", "GM0168", "GM0173"]
YEARS = list(range(2012, 2025))
REQUEST_TIMEOUT = 30.0


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies_ms: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def record(self, ms: float, error: str | None, kind: str) -> None:
        with self.lock:
            self.latencies_ms.append(ms)
            self.by_kind.setdefault(kind, []).append(ms)
            if error:
                self.errors.append(error)


def callback_kind(output: str) -> str:
    """A short name for a callback: its output component types/properties, no ids."""
    names = []
    for id_text, prop in dp.split_outputs(output):
        name = str(json.loads(id_text).get("type", "?")) if id_text.startswith("{") else id_text
        names.append(f"{name}.{prop}")
    return "callback " + ",".join(dict.fromkeys(names))


def make_store(data_dir: Path) -> None:
    """The ETL's demo store, published into ``data_dir`` (tests/support/stores.py)."""
    from support.stores import publish_store  # noqa: PLC0415 - runs the ETL

    publish_store(data_dir)


class User:
    """One visitor: a session, the page it is on and that page's components."""

    def __init__(self, base: str, results: Results, think: float, until: float, rng: random.Random):
        self.base, self.results, self.think, self.until = base, results, think, until
        self.rng = rng
        self.session = requests.Session()
        self.deps: list[dict] = []
        self.components: dict[str, dict] = {}

    def _request(
        self, method: str, path: str, json_body: dict | None = None, kind: str | None = None
    ):
        started = time.perf_counter()
        error = None
        response = None
        try:
            response = self.session.request(
                method, self.base + path, json=json_body, timeout=REQUEST_TIMEOUT
            )
            if response.status_code >= 400:
                error = f"{response.status_code} {method} {path}"
        except requests.RequestException as exc:
            error = f"{type(exc).__name__} {method} {path}"
        self.results.record(
            (time.perf_counter() - started) * 1000, error, kind or f"{method} {path.split('?')[0]}"
        )
        return response if error is None else None

    def _callback(self, payload: dict | None) -> None:
        if payload is None:
            return
        response = self._request(
            "POST", "/_dash-update-component", payload, kind=callback_kind(payload["output"])
        )
        if response is not None and response.status_code == 200:
            dp.apply_response(self.components, response.json())

    def _pause(self) -> bool:
        time.sleep(self.think * self.rng.uniform(0.5, 1.5))
        return time.monotonic() < self.until

    def open_page(self, path: str, search: str = "") -> None:
        self._request("GET", path + search, kind="GET page")
        self._request("GET", "/_dash-layout")
        deps = self._request("GET", "/_dash-dependencies")
        if deps is not None:
            self.deps = deps.json()
        routed = self._request(
            "POST",
            "/_dash-update-component",
            dp.router_payload(path, search),
            kind="callback pages router",
        )
        self.components = dp.page_components(routed.json()) if routed is not None else {}
        initial = [
            d
            for d in dp.server_callbacks(self.deps)
            if not d.get("prevent_initial_call") and d["output"] != dp.ROUTER_OUTPUT
        ]
        for payload in dp.payloads_for_page(initial, self.components):
            self._callback(payload)

    def change(self, name: str, value: object) -> None:
        """A control change, then every callback listening to the new view state."""
        self._callback(dp.control_change(self.deps, self.components, name, value))
        listeners = [
            d
            for d in dp.server_callbacks(self.deps)
            if any(spec["id"] == "view-state" for spec in d["inputs"])
        ]
        for payload in dp.payloads_for_page(listeners, self.components):
            self._callback(payload)

    def download_csv(self) -> None:
        downloads = [d for d in dp.server_callbacks(self.deps) if "card-download" in d["output"]]
        payloads = list(dp.payloads_for_page(downloads, self.components))
        if payloads:
            payload = self.rng.choice(payloads)
            payload["inputs"][0]["value"] = 1  # n_clicks
            self._callback(payload)

    def run(self) -> None:
        while time.monotonic() < self.until:
            page = self.rng.choice(PAGES)
            self.open_page(page, f"?gemeente={self.rng.choice(GEMEENTEN)}")
            actions = [
                ("gemeente", lambda: self.rng.choice(GEMEENTEN)),
                (
                    "indicator",
                    lambda: self.rng.choice(
                        [o.get("value") for o in self._options("indicator")] or [None]
                    ),
                ),
                ("van", lambda: self.rng.choice(YEARS[:6])),
                ("tot", lambda: self.rng.choice(YEARS[6:])),
            ]
            for name, value in actions:
                if not self._pause():
                    return
                if dp.stringify_id({"name": name, "type": "control"}) in self.components:
                    self.change(name, value())
            if not self._pause():
                return
            self.download_csv()
            if not self._pause():
                return
            self.open_page(page, f"?gemeente={self.rng.choice(GEMEENTEN)}&taal=en")
            if not self._pause():
                return

    def _options(self, name: str) -> list[dict]:
        props = self.components.get(dp.stringify_id({"name": name, "type": "control"}), {})
        options = props.get("options") or []
        return [o for o in options if isinstance(o, dict)]


def worker_memory(process: subprocess.Popen) -> list[float]:
    master = psutil.Process(process.pid)
    return [child.memory_info().rss / 2**20 for child in master.children()]


def cpu_seconds(process: subprocess.Popen) -> tuple[float, float]:
    """CPU time used so far by the gunicorn workers and by this load generator: on a
    two-core machine both compete, which the figures must be read with."""
    workers = sum(sum(c.cpu_times()[:2]) for c in psutil.Process(process.pid).children())
    return workers, sum(psutil.Process().cpu_times()[:2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between actions")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    users = max(1, min(args.users, 500))
    duration = max(1.0, min(args.duration, 600.0))

    data_dir = Path(tempfile.mkdtemp(prefix="talent-load-"))
    process = None
    try:
        print(f"demo store in {data_dir} …", flush=True)
        make_store(data_dir)
        port = free_port()
        process = start_gunicorn(data_dir, port)
        base = f"http://127.0.0.1:{port}"
        # Warm both workers (first request per worker loads the store and the page modules).
        warm = User(base, Results(), 0, time.monotonic() + 3600, random.Random(0))
        for page in PAGES * 2:
            warm.open_page(page)
        results = Results()
        until = time.monotonic() + duration
        threads = [
            threading.Thread(
                target=User(base, results, args.think, until, random.Random(args.seed + i)).run,
                daemon=True,
            )
            for i in range(users)
        ]
        pids_before = {c.pid for c in psutil.Process(process.pid).children()}
        cpu_before = cpu_seconds(process)
        started = time.monotonic()
        for thread in threads:
            thread.start()
            time.sleep(min(0.05, args.think / max(users, 1)))  # users arrive, not all at once
        for thread in threads:
            thread.join(timeout=duration + REQUEST_TIMEOUT + 10)
        elapsed = time.monotonic() - started
        cpu_after = cpu_seconds(process)
        pids_after = {c.pid for c in psutil.Process(process.pid).children()}
        memory = worker_memory(process)
    finally:
        if process is not None:
            stop_gunicorn(process)
        shutil.rmtree(data_dir, ignore_errors=True)

    samples = results.latencies_ms
    p95 = percentile(samples, 0.95)
    print(
        f"users {users}, duration {elapsed:.1f} s, think {args.think:.1f} s, "
        f"gunicorn 2 workers on 127.0.0.1"
    )
    print(f"requests {len(samples)}, throughput {len(samples) / elapsed:.1f} req/s")
    print(
        f"latency ms: p50 {percentile(samples, 0.50):.1f}  p95 {p95:.1f}  "
        f"p99 {percentile(samples, 0.99):.1f}  max {max(samples, default=0):.1f}"
    )
    print(
        f"errors {len(results.errors)}"
        + (f" (first: {results.errors[:5]})" if results.errors else "")
    )
    print("by request kind (n, p50, p95 ms):")
    for kind, values in sorted(results.by_kind.items(), key=lambda kv: -percentile(kv[1], 0.95)):
        print(
            f"  {kind[:70]:<70} {len(values):>5} {percentile(values, 0.5):>7.1f} "
            f"{percentile(values, 0.95):>7.1f}"
        )
    print(
        f"CPU during the run: gunicorn workers {cpu_after[0] - cpu_before[0]:.1f} s, "
        f"load generator {cpu_after[1] - cpu_before[1]:.1f} s "
        f"(of {2 * elapsed:.0f} core-seconds on 2 cores)"
    )
    print(
        f"workers replaced during the run (max_requests): {len(pids_after - pids_before)}"
        " — CPU of a replaced worker is not counted"
    )
    print("memory per worker (RSS, MiB): " + ", ".join(f"{m:.0f}" for m in memory))
    ok = not results.errors and p95 <= P95_TARGET_MS
    print(f"target (0 errors, p95 <= {P95_TARGET_MS:.0f} ms): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
