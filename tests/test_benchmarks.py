"""The benchmark scripts run end to end with tiny options (real gunicorn, nginx, Chromium) and
report what they promise. No timing is asserted here: speed is the scripts' job (README,
"Benchmarks"); these only check that they still work and count right."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))  # floor_app, gunicorn_server
# The checkout before tests/: with only tests/ ahead, "etl" would resolve to tests/etl (a
# folder without __init__.py, so a namespace package) when publish_store imports etl.cli.
sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from support.stores import publish_store  # noqa: PLC0415 - after the sys.path line above

    root = tmp_path_factory.mktemp("bench-store")
    publish_store(root)
    return root


def run_script(name: str, store: Path, *options: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / name), *options],
        env={**os.environ, "TALENT_DATA_DIR": str(store)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def test_bch001_count_graphs_counts_dcc_graph_components_only():
    from gunicorn_server import count_graphs

    # By hand: two Graphs (one nested in a Div's children, one in a Figure's children); the
    # Div, the Figure and the plain dict {"type": "Graph"} without a namespace are not.
    graph = {"type": "Graph", "namespace": "dash_core_components", "props": {"id": "a"}}
    tree = [
        {
            "type": "Div",
            "namespace": "dash_html_components",
            "props": {"children": [graph, {"type": "Graph"}]},
        },
        {"type": "Figure", "namespace": "dash_html_components", "props": {"children": graph}},
    ]
    assert count_graphs(tree) == 2


def test_bch002_floor_app_answers_small_json_and_reads_the_body():
    import io

    from floor_app import app

    seen = {}
    body = io.BytesIO(b'{"output": "x"}')
    answer = app({"wsgi.input": body}, lambda status, headers: seen.update(status=status))
    assert seen["status"] == "200 OK"
    assert b"".join(answer) == b'{"status":"ok"}'
    assert body.read() == b""  # the request body was consumed


# | target | opens | … | errors | CPU server s | CPU load gen s |
ROW = r"^\| ([^|]+?) +\| +(\d+) \|.*\| +(\d+) \| +[\d.]+ \| +[\d.]+ \|$"


def test_bch003_bench_load_closed_loop_reports_every_target_with_zero_errors(store):
    out = run_script(
        "bench_load.py",
        store,
        "--skip-think",
        "--closed-users",
        "1",
        "--closed-duration",
        "1",
        "--instance-workers",
        "1",
    )
    rows = {
        m.group(1).strip(): (int(m.group(2)), int(m.group(3)))
        for m in re.finditer(
            r"^\| ([^|]+?) +\| +(\d+) \|.*\| +(\d+) \| +[\d.]+ \| +[\d.]+ \|$", out, re.M
        )
    }
    assert "app, gunicorn 2 workers" in rows, out
    assert "floor, floor_app.py, gunicorn 2 workers" in rows, out
    assert "nginx, 2 instances x 1 workers" in rows or "nginx part skipped" in out, out
    for label, (opens, errors) in rows.items():
        assert opens > 0 and errors == 0, (label, out)
    assert "app / floor:" in out


def test_bch004_bench_dashboard_http_part_reports_hits_beside_the_floor(store):
    out = run_script(
        "bench_dashboard.py", store, "--skip-inprocess", "--skip-browser", "--iterations", "3"
    )
    assert "floor: GET /_dash-layout (static JSON)" in out
    for path in ("/", "/talentopgave", "/vergrijzing"):
        assert f"page open {path} (router, cache hit)" in out
    assert re.search(r"card callback \S+ \(cache hit\)", out)


@pytest.mark.browser
def test_bch005_bench_dashboard_browser_part_settles_the_page(store):
    if not shutil.which("chromedriver"):
        pytest.skip("chromedriver is not installed")
    out = run_script(
        "bench_dashboard.py",
        store,
        "--skip-inprocess",
        "--iterations",
        "1",
        "--browser-runs",
        "1",
        "--pages",
        "/",
    )
    # every visit settled (no "never settled"), with the overview's charts drawn
    first = re.search(r"^\| / +\| first \|  1 \| +\d+ \|.*\| +[1-9]\d* \| +1500 \|", out, re.M)
    warm = re.search(r"^\| / +\| warm  \|  1 \| +\d+ \|.*\| +[1-9]\d* \| +1000 \|", out, re.M)
    assert first and warm, out
    assert "never settled" not in out
    assert "_dash-update-component (first visits)" in out
    assert re.search(r"first visit median [1-9]\d* KiB", out), out  # an empty cache loads JS


def test_bch006_serves_charts_names_the_missing_store(tmp_path):
    """A server without a store still answers pages (200, "no data"): measuring it would give
    fast, meaningless figures, so the scripts stop with this reason first."""
    from gunicorn_server import free_port, serves_charts, start_gunicorn, stop_gunicorn

    port = free_port()
    server = start_gunicorn(tmp_path, port)
    try:
        problem = serves_charts(f"http://127.0.0.1:{port}")
    finally:
        stop_gunicorn(server)
    assert problem == '/gezondheid answered 503: {"reason":"no store published","status":"error"}'
