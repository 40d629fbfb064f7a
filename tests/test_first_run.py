"""The first run on a new machine that reaches a CBS-shaped v3 feed: ``make run``'s two steps
(refresh, then gunicorn) serve live figures. The feed's interval codes and titles are CBS's
(MOG0067 'Ondergrens…'), the case that once stopped the product on its first live run."""

from __future__ import annotations

import json
import subprocess
import sys

import requests
from support.fakecbs import FakeCBS
from support.servers import ROOT, free_port, start_gunicorn, stop

from etl import demo


def test_run001_make_run_against_a_cbs_shaped_feed_serves_live_figures(tmp_path):
    tables = demo.write_demo_tables(tmp_path / "feed", "twente")
    intervals = json.loads((tables["85173NED"] / "PrognoseInterval.json").read_text())
    assert {m["Key"]: m["Title"].split()[0] for m in intervals} == {
        "MW00000": "Prognose",
        "MOG0067": "Ondergrens",
        "MBG0067": "Bovengrens",
    }
    data_dir = tmp_path / "data"
    with FakeCBS(tables, page_size=20000) as feed:
        env = {
            "TALENT_DATA_DIR": str(data_dir),
            "TALENT_CBS_URL": feed.url,
            "TALENT_PDOK_URL": "http://127.0.0.1:9/{year}",
            "TALENT_RETRIES": "2",
            "TALENT_RETRY_WAIT_SECONDS": "0.01",
            "PATH": str(ROOT / ".venv" / "bin"),
        }
        # the Makefile's `run` recipe, first line: its exit code is ignored there
        refresh = subprocess.run(
            [sys.executable, "-m", "etl", "refresh", "--demo-if-unreachable"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    assert refresh.returncode == 0, refresh.stdout + refresh.stderr
    port = free_port()
    server = start_gunicorn(data_dir, port)
    try:
        health = requests.get(f"http://127.0.0.1:{port}/gezondheid", timeout=10).json()
        page = requests.get(f"http://127.0.0.1:{port}/", timeout=30)
    finally:
        stop(server)
    assert health["status"] == "ok" and health["mode"] == "live", health
    assert page.status_code == 200
    manifest = json.loads((data_dir / "store" / "manifest.json").read_text())
    assert {entry["outcome"] for entry in manifest["tables"].values()} == {"fresh"}
