"""ETL benchmark for every Dutch municipality (scope 'nl'): offline rebuilds and a live-like
refresh through the fake CBS feed.

    .venv/bin/python benchmarks/bench_etl.py [--runs 3] [--keep DIR] [--no-live] [--profile]

Generates demo data for scope 'nl' (342 municipalities, 40 COROP areas, 12 provinces,
2000-2025; 03759ned alone is ~0.7 GB of JSON) once, then runs the ETL in fresh processes:

- cold: `refresh --offline` from raw JSON only (every parquet sidecar removed first);
- warm: `refresh --offline` again, reading the sidecars;
- live-like: `refresh --cbs-url` against FakeCBS serving the nl demo tables from a separate
  process (so its own memory is not counted), pages of 10,000 rows (its default), a PDOK URL
  on a dead port (the store is published without boundaries).

Each is run --runs times (live-like once unless --live-runs); printed: median wall time and
peak RSS of the ETL process, the exit code (0 = all fresh, 3 = published with kept or absent
tables: both count as success), and where the time went: seconds between the refresh's own
progress lines, plus the raw cache's share (JSON parse, sidecar writes, downloads).
Targets (issue 10): cold <= 20 s and <= 1 GB, warm <= 10 s, live-like <= 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"cold": (20.0, 1.0), "warm": (10.0, None), "live-like": (None, 1.0)}
SUCCESS_CODES = (0, 3)

# The ETL in a fresh process: timestamps every line it prints, times the raw cache's own
# functions, and reports its peak RSS. Functions are wrapped by module attribute, which is
# how the pipeline calls them.
CHILD = r"""
import cProfile, io, json, pstats, resource, sys, time
start = time.perf_counter()
lines = []

class Stamped(io.TextIOBase):
    def __init__(self, stream):
        self.stream, self.pending = stream, ""
    def write(self, text):
        self.pending += text
        *done, self.pending = self.pending.split("\n")
        now = time.perf_counter() - start
        lines.extend([now, line] for line in done if line.strip())
        return len(text)
    def flush(self):
        pass

sys.stdout = sys.stderr = Stamped(sys.stdout)
from etl import cbs_client, raw

spent = {}
def timed(owner, name, label):
    function = getattr(owner, name)
    def wrapper(*args, **kwargs):
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - began
    setattr(owner, name, wrapper)

timed(raw, "load_raw_table", "raw: load_raw_table (all reads)")
timed(raw, "parse_data_file", "raw: parse TypedDataSet.json")
timed(raw, "_write_sidecar", "raw: write sidecar after a parse")
timed(cbs_client.CbsClient, "download", "cbs_client: download (stream pages)")
from etl.cli import main
profile = cProfile.Profile() if sys.argv[1] == "profile" else None
if profile:
    profile.enable()
code = main(sys.argv[2:])
if profile:
    profile.disable()
    report = io.StringIO()
    stats = pstats.Stats(profile, stream=report).sort_stats("cumulative")
    stats.print_stats(r"/etl/", 25)
    lines.append([time.perf_counter() - start, "PROFILE\n" + report.getvalue()])
sys.stdout = sys.__stdout__
print(json.dumps({"code": code, "seconds": time.perf_counter() - start,
                  "max_rss_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6,
                  "lines": lines, "spent": spent}))
"""

# FakeCBS in its own process: loads every table before it says READY, so the ETL's wall time
# holds serving pages, not the fake's own parse; stops when stdin closes.
FAKE_SERVER = r"""
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from support.fakecbs import FakeCBS
tables = {k: Path(v) for k, v in json.loads(sys.argv[2]).items()}
server = FakeCBS(tables, page_size=10000).start()
for table in server._tables.values():
    table.records("TypedDataSet")
print("READY", server.url, flush=True)
sys.stdin.read()
server.stop()
"""


def run_child(
    data_dir: Path, etl_args: list[str], *, profile: bool = False, env: dict[str, str] | None = None
) -> dict:
    argv = [
        sys.executable,
        "-c",
        CHILD,
        "profile" if profile else "-",
        "--data-dir",
        str(data_dir),
        *etl_args,
    ]
    done = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, **(env or {})},
    )
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise SystemExit(f"the ETL process failed:\n{done.stdout}\n{done.stderr}") from None
    if result["code"] not in SUCCESS_CODES:
        printed = "\n".join(line for _, line in result["lines"])
        raise SystemExit(f"refresh exited with {result['code']}:\n{printed}\n{done.stderr}")
    return result


DATA_PAGE = re.compile(r"^\s+(\S+): data page (\d+)$")


def stages(result: dict) -> list[tuple[str, float]]:
    """Seconds from each progress line to the next, a table's data page lines as one."""
    marks = [(t, line) for t, line in result["lines"] if not line.startswith("PROFILE")]
    marks.append((result["seconds"], "(end)"))
    folded: list[tuple[str, float]] = [("(start-up and imports)", marks[0][0])]
    for (began, line), (ended, _) in zip(marks, marks[1:], strict=False):
        page = DATA_PAGE.match(line)
        previous = DATA_PAGE.match(folded[-1][0]) if page else None
        if page and previous and previous.group(1) == page.group(1):
            folded[-1] = (
                f"  {page.group(1)}: data page {page.group(2)}",
                folded[-1][1] + ended - began,
            )
            continue
        folded.append((line.rstrip()[:80], ended - began))
    return [(DATA_PAGE.sub(r"  \1: data pages 1-\2", label), seconds) for label, seconds in folded]


def tree_size_gb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e9


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_fake(tables: dict[str, Path]) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            FAKE_SERVER,
            str(ROOT / "tests"),
            json.dumps({k: str(v) for k, v in tables.items()}),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    ready = process.stdout.readline().split() if process.stdout else []
    if len(ready) != 2 or ready[0] != "READY":
        process.kill()
        raise SystemExit(f"the fake CBS feed did not start: {ready}")
    return process, ready[1]


def stop_fake(process: subprocess.Popen) -> None:
    if process.stdin:
        process.stdin.close()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def offline_runs(raw_dir: Path, work: Path, runs: int, kind: str) -> list[dict]:
    results = []
    for i in range(runs):
        if kind == "cold":
            for sidecar in raw_dir.rglob("*.parquet"):
                sidecar.unlink()
        results.append(
            run_child(
                work / f"data-{kind}-{i}", ["refresh", "--offline", str(raw_dir), "--scope", "nl"]
            )
        )
    return results


def live_runs(tables_dir: Path, work: Path, runs: int) -> list[dict]:
    from etl.demo import write_demo_tables  # noqa: PLC0415

    if not (tables_dir / "03759ned" / "TypedDataSet.json").exists():
        started = time.perf_counter()
        write_demo_tables(tables_dir, "nl")
        print(f"generated the nl demo tables in {time.perf_counter() - started:.1f} s")
    tables = {p.name: p for p in tables_dir.iterdir() if (p / "TableInfos.json").exists()}
    started = time.perf_counter()
    fake, url = start_fake(tables)
    print(
        f"fake CBS feed (own process) loaded {len(tables)} tables in "
        f"{time.perf_counter() - started:.1f} s: {url}"
    )
    dead_pdok = f"http://127.0.0.1:{free_port()}/{{year}}/wfs"
    try:
        return [
            run_child(
                work / f"data-live-{i}",
                ["refresh", "--cbs-url", url, "--scope", "nl", "--pdok-url", dead_pdok],
                env={"TALENT_RETRY_WAIT_SECONDS": "0.1"},
            )
            for i in range(runs)
        ]
    finally:
        stop_fake(fake)


def summarise(name: str, results: list[dict]) -> dict:
    return {
        "name": name,
        "seconds": statistics.median(r["seconds"] for r in results),
        "gb": max(r["max_rss_gb"] for r in results),
        "codes": sorted({r["code"] for r in results}),
        "runs": [(r["seconds"], r["max_rss_gb"]) for r in results],
    }


def verdict(name: str, seconds: float, gb: float) -> str:
    target_s, target_gb = TARGETS[name]
    parts = []
    if target_s is not None:
        parts.append(f"{seconds:.1f} of {target_s:.0f} s {'ok' if seconds <= target_s else 'OVER'}")
    if target_gb is not None:
        parts.append(f"{gb:.2f} of {target_gb:.0f} GB {'ok' if gb <= target_gb else 'OVER'}")
    return "; ".join(parts)


def print_report(summaries: list[dict], details: dict[str, dict]) -> None:
    print(f"\n{'run':<12}{'median s':>10}{'peak GB':>10}{'exit':>8}   runs (s / GB)   target")
    for s in summaries:
        runs = ", ".join(f"{t:.1f}/{g:.2f}" for t, g in s["runs"])
        codes = ",".join(str(c) for c in s["codes"])
        print(
            f"{s['name']:<12}{s['seconds']:>10.1f}{s['gb']:>10.2f}{codes:>8}   {runs}   "
            f"{verdict(s['name'], s['seconds'], s['gb'])}"
        )
    for name, result in details.items():
        print(f"\nwhere the time went: {name} (one run, {result['seconds']:.1f} s)")
        for label, seconds in stages(result):
            print(f"  {seconds:7.2f} s  {label}")
        for label, seconds in sorted(result["spent"].items()):
            print(f"  {seconds:7.2f} s  (inside) {label}")
        for _, line in result["lines"]:
            if line.startswith("PROFILE"):
                print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold and warm runs (median)")
    parser.add_argument("--live-runs", type=int, default=1)
    parser.add_argument("--no-live", action="store_true", help="skip the live-like refresh")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also print cProfile's top etl functions of one warm run",
    )
    parser.add_argument(
        "--keep", type=Path, help="use/keep generated data in this folder (raw/ and tables/)"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from etl.demo.cache import write_demo_raw_cache  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="bench-etl-") as tmp:
        keep = args.keep or Path(tmp)
        raw_dir, tables_dir, work = keep / "raw", keep / "tables", Path(tmp)
        if not (raw_dir / "selection.json").exists():
            started = time.perf_counter()
            write_demo_raw_cache(raw_dir, "nl")
            print(
                f"generated the nl raw cache in {time.perf_counter() - started:.1f} s "
                f"({tree_size_gb(raw_dir):.2f} GB)"
            )
        cold = offline_runs(raw_dir, work, args.runs, "cold")
        warm = offline_runs(raw_dir, work, args.runs, "warm")
        summaries = [summarise("cold", cold), summarise("warm", warm)]
        details = {"cold": cold[-1], "warm": warm[-1]}
        if args.profile:
            details["warm, profiled (cProfile slows it)"] = run_child(
                work / "data-profile",
                ["refresh", "--offline", str(raw_dir), "--scope", "nl"],
                profile=True,
            )
        if not args.no_live:
            live = live_runs(tables_dir, work, args.live_runs)
            summaries.append(summarise("live-like", live))
            details["live-like"] = live[-1]
    print_report(summaries, details)


if __name__ == "__main__":
    main()
