"""Load: N simulated users against gunicorn (2 workers) on 127.0.0.1, end to end.

    python benchmarks/bench_load.py                     # all parts, about 2 minutes
    python benchmarks/bench_load.py --users 100 --duration 60 --think 0.5
    python benchmarks/bench_load.py --skip-think --closed-users 16 --closed-duration 30
    python benchmarks/bench_load.py --skip-closed       # only the run with think time
    TALENT_DATA_DIR=data python benchmarks/bench_load.py  # that store instead of the demo one

Part 1, with think time:
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

Part 2, closed loop (issue 12, item 8; closed_loop.py): ``--closed-users`` users open pages
back to back with no think time for ``--closed-duration`` seconds, against (a) the app,
(b) the floor: the same page-open requests replayed against floor_app.py, a WSGI app that
answers a small JSON, on the same gunicorn.conf.py and workers, and (c) nginx with
deploy/nginx/talent.conf in front of 2 app instances on one data folder
(tests/support/nginx_server.py; skipped with a note when nginx is not installed). Prints page
opens per second, errors (must be 0), p95 per open and per request, the CPU the servers and
this load generator used (they share the machine), and the app's opens/s as a share of the
floor's.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
# tests/support: what tests and benchmarks share (callback payloads, the ETL's test stores)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # etl, dashboard, app
from closed_loop import (  # noqa: E402
    LoopResult,
    PageOpener,
    Recorder,
    Replayer,
    Script,
    fresh_client_session,
    run_closed_loop,
)
from gunicorn_server import (  # noqa: E402
    free_port,
    percentile,
    serves_charts,
    start_gunicorn,
    stop_gunicorn,
)
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

    def __init__(
        self, base: str, results: Recorder, think: float, until: float, rng: random.Random
    ):
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


def think_time_run(base: str, process: subprocess.Popen, args: argparse.Namespace) -> bool:
    """Part 1: ``--users`` users with think time; prints the report, says if the target is met."""
    users = max(1, min(args.users, 500))
    duration = max(1.0, min(args.duration, 600.0))
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

    samples = results.latencies_ms
    p95 = percentile(samples, 0.95)
    print(
        f"\nPart 1, think time: users {users}, duration {elapsed:.1f} s, think "
        f"{args.think:.1f} s, gunicorn 2 workers on 127.0.0.1"
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
    return ok


class RecordingUser(User):
    """A user that also keeps every request it sends: a page open's script for the floor."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.script: Script = []

    def _request(self, method, path, json_body=None, kind=None):
        self.script.append((method, path, copy.deepcopy(json_body)))
        return super()._request(method, path, json_body, kind)


def record_scripts(base: str) -> dict[str, Script]:
    scripts = {}
    for page in PAGES:
        user = RecordingUser(base, Results(), 0, time.monotonic() + 60, random.Random(0))
        user.open_page(page, f"?gemeente={GEMEENTEN[0]}")
        scripts[page] = user.script
    return scripts


def tree_cpu(processes: list[subprocess.Popen]) -> float:
    """CPU seconds so far of these processes and all their children (workers)."""
    total = 0.0
    for process in processes:
        root = psutil.Process(process.pid)
        for member in [root, *root.children(recursive=True)]:
            try:
                total += sum(member.cpu_times()[:2])
            except psutil.NoSuchProcess:
                pass
    return total


def closed_run(
    label: str,
    make_user: Callable[[int, float, LoopResult], PageOpener],
    servers: list[subprocess.Popen],
    args: argparse.Namespace,
    *,
    new_session_per_open: bool = False,
) -> LoopResult:
    """One closed-loop run; ``make_user(number, until, result)`` gives a user recording into
    ``result``. CPU is counted for ``servers`` (with their workers) and for this process."""
    result = LoopResult(label)
    server_before, client_before = tree_cpu(servers), sum(psutil.Process().cpu_times()[:2])
    run_closed_loop(
        result,
        lambda number, until: make_user(number, until, result),
        PAGES,
        [f"?gemeente={g}" for g in GEMEENTEN],
        max(1, min(args.closed_users, 200)),
        max(1.0, min(args.closed_duration, 600.0)),
        new_session_per_open=new_session_per_open,
        seed=args.seed,
    )
    result.cpu_server = tree_cpu(servers) - server_before
    result.cpu_client = sum(psutil.Process().cpu_times()[:2]) - client_before
    return result


def distinct_ports(count: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


def through_nginx(data_dir: Path, args: argparse.Namespace) -> LoopResult | str:
    """The closed loop through nginx (the deploy site file, tests/support/nginx_server.py)
    in front of 2 app instances on one data folder; a reason instead when it cannot run."""
    try:
        from support.nginx_server import NginxServer, nginx_installed  # noqa: PLC0415
    except ImportError as exc:  # it imports pytest (to skip tests): the test extra
        return f"tests/support/nginx_server.py cannot be imported ({exc})"
    if not nginx_installed():
        return "nginx is not installed (apt-get install nginx)"
    ports = distinct_ports(2)
    instances: list[subprocess.Popen] = []
    nginx = None
    try:
        for port in ports:
            instances.append(start_gunicorn(data_dir, port, workers=args.instance_workers))
        nginx = NginxServer(ports).start()
        base = nginx.url
        for page in PAGES * 2 * args.instance_workers:  # every worker renders every page
            warm = User(base, Results(), 0, time.monotonic() + 60, random.Random(0))
            warm.session = fresh_client_session()
            warm.open_page(page)
        label = f"nginx, 2 instances x {args.instance_workers} workers"
        logged_before = len(nginx.upstreams())
        run = closed_run(
            label,
            lambda number, until, result: User(
                base, result, 0.0, until, random.Random(args.seed + number)
            ),
            [*instances, *([nginx.process] if nginx.process else [])],
            args,
            new_session_per_open=True,
        )
        # nginx writes a log line once a response is sent: which instance answered each one
        answered = Counter(nginx.upstreams()[logged_before:])
        run.note = "nginx: requests answered per instance (upstream_addr): " + ", ".join(
            f"{address} {count}" for address, count in sorted(answered.items())
        )
        return run
    finally:
        if nginx is not None:
            nginx.stop()
            shutil.rmtree(nginx.folder, ignore_errors=True)
        for process in instances:
            stop_gunicorn(process)


def report_closed(runs: list[LoopResult], args: argparse.Namespace, notes: list[str]) -> bool:
    """The closed-loop table; True when every run had 0 errors."""
    print(
        f"\nPart 2, closed loop: {args.closed_users} users, no think time, "
        f"{args.closed_duration:.0f} s per target, all in this run\n"
    )
    header = (
        "| " + "target".ljust(40) + " | opens | opens/s | open p50 ms | open p95 ms "
        "| requests | req p95 ms | errors | CPU server s | CPU load gen s |"
    )
    print(header + "\n|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
    for run in runs:
        print(
            f"| {run.label:<40} | {len(run.open_ms):>5} | {run.opens_per_second:>7.1f} "
            f"| {percentile(run.open_ms, 0.5):>11.1f} | {percentile(run.open_ms, 0.95):>11.1f} "
            f"| {len(run.request_ms):>8} | {percentile(run.request_ms, 0.95):>10.1f} "
            f"| {len(run.errors):>6} | {run.cpu_server:>12.1f} | {run.cpu_client:>14.1f} |"
        )
    by_label = {run.label.split(",")[0]: run for run in runs}
    app, floor, nginx = by_label.get("app"), by_label.get("floor"), by_label.get("nginx")
    if app and floor and floor.opens_per_second:
        print(
            f"\napp / floor: {app.opens_per_second / floor.opens_per_second:.2f} of the floor's "
            f"page opens per second (open p95 {percentile(app.open_ms, 0.95):.0f} ms vs "
            f"{percentile(floor.open_ms, 0.95):.0f} ms)"
        )
    if app and nginx and app.opens_per_second:
        print(
            f"nginx / app direct: {nginx.opens_per_second / app.opens_per_second:.2f} "
            "of the direct run's page opens per second"
        )
    for note in [*(run.note for run in runs if run.note), *notes]:
        print(note)
    for run in runs:
        if run.errors:
            print(f"errors in {run.label}: {len(run.errors)} (first: {run.errors[:5]})")
    return all(not run.errors for run in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="part 1: users")
    parser.add_argument("--duration", type=float, default=30.0, help="part 1: seconds of load")
    parser.add_argument("--think", type=float, default=1.0, help="part 1: seconds between actions")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--closed-users", type=int, default=8, help="part 2: users")
    parser.add_argument(
        "--closed-duration", type=float, default=15.0, help="part 2: seconds per target"
    )
    parser.add_argument(
        "--instance-workers", type=int, default=2, help="part 2: gunicorn workers per instance"
    )
    parser.add_argument("--skip-think", action="store_true", help="no part 1")
    parser.add_argument("--skip-closed", action="store_true", help="no part 2")
    parser.add_argument("--skip-nginx", action="store_true", help="part 2 without nginx")
    args = parser.parse_args()
    if args.closed_users < 1 or args.closed_duration <= 0 or not 1 <= args.instance_workers <= 8:
        parser.error("--closed-users >= 1, --closed-duration > 0, --instance-workers 1..8")

    configured = os.environ.get("TALENT_DATA_DIR", "")
    given = bool(configured) and (Path(configured) / "store" / "manifest.json").exists()
    data_dir = Path(configured) if given else Path(tempfile.mkdtemp(prefix="talent-load-"))
    ok = True
    runs: list[LoopResult] = []
    notes: list[str] = []
    try:
        if given:
            print(f"store: {data_dir} (TALENT_DATA_DIR)", flush=True)
        else:
            print(f"demo store in {data_dir} …", flush=True)
            make_store(data_dir)
        port = free_port()
        process = start_gunicorn(data_dir, port)
        try:
            base = f"http://127.0.0.1:{port}"
            problem = serves_charts(base)
            if problem:
                print(f"not measured: {problem}")
                return 2
            # Warm both workers (first request per worker loads the store and the pages).
            warm = User(base, Results(), 0, time.monotonic() + 3600, random.Random(0))
            for page in PAGES * 2:
                warm.open_page(page)
            if not args.skip_think:
                ok = think_time_run(base, process, args) and ok
            if not args.skip_closed:
                scripts = record_scripts(base)
                runs.append(
                    closed_run(
                        "app, gunicorn 2 workers",
                        lambda number, until, result: User(
                            base, result, 0.0, until, random.Random(args.seed + number)
                        ),
                        [process],
                        args,
                    )
                )
        finally:
            stop_gunicorn(process)
        if not args.skip_closed:
            floor_port = free_port()
            floor = start_gunicorn(data_dir, floor_port, app="benchmarks.floor_app:app")
            try:
                floor_base = f"http://127.0.0.1:{floor_port}"
                runs.append(
                    closed_run(
                        "floor, floor_app.py, gunicorn 2 workers",
                        lambda number, until, result: Replayer(floor_base, scripts, result),
                        [floor],
                        args,
                    )
                )
            finally:
                stop_gunicorn(floor)
            if not args.skip_nginx:
                nginx_run = through_nginx(data_dir, args)
                if isinstance(nginx_run, str):
                    notes.append(f"nginx part skipped: {nginx_run}")
                else:
                    runs.append(nginx_run)
            ok = report_closed(runs, args, notes) and ok
    finally:
        if not given:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
