"""Two refreshes at once never interleave; a run killed while publishing leaves the published
store whole and the next run cleans up after it. Real processes: the lock is per process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.etl_runs import fingerprint, run_etl

from etl.refresh_lock import LOCK_FILE

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys, time
from pathlib import Path
from etl.refresh_lock import refresh_lock
with refresh_lock(Path(sys.argv[1]), 0, progress=lambda _: None):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_lock(data_dir: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the data folder's refresh lock for ``seconds``."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir), str(seconds)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    return process


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("locked")
    code, out = run_etl(data_dir, "refresh", "--demo")
    assert code == 0, out
    return data_dir


def test_lck001_a_second_run_says_who_holds_the_lock_and_gives_up(published):
    before = fingerprint(published)
    holder = hold_lock(published, 30)
    try:
        code, out = run_etl(published, "refresh", "--demo", env={"TALENT_LOCK_WAIT_SECONDS": "1"})
    finally:
        holder.kill()
        holder.wait()
    assert code == 1, out
    assert f"another refresh is running (pid {holder.pid}" in out
    assert "waiting up to 1 s" in out and "waited 1 s" in out
    assert fingerprint(published) == before


def test_lck002_a_second_run_waits_for_the_first_to_finish(published):
    holder = hold_lock(published, 1.5)
    try:
        started = time.monotonic()
        code, out = run_etl(published, "refresh", "--demo", env={"TALENT_LOCK_WAIT_SECONDS": "60"})
    finally:
        holder.wait()
    assert code == 0, out
    assert "another refresh is running" in out and time.monotonic() - started > 1


def test_lck003_a_stale_lock_of_a_killed_run_is_cleared(published):
    holder = hold_lock(published, 30)
    holder.send_signal(signal.SIGKILL)  # the kernel drops its lock; its note stays
    holder.wait()
    assert json.loads((published / LOCK_FILE).read_text())["pid"] == holder.pid
    code, out = run_etl(published, "refresh", "--demo")
    assert code == 0, out
    assert f"previous refresh (pid {holder.pid}" in out and "lock is cleared" in out


def test_lck004_a_run_killed_while_publishing_leaves_the_store_whole(published):
    """SIGKILL the moment the new vintage is being written: the published store is the
    previous one, whole; the next run removes the half-written vintage and publishes."""
    for _ in range(3):  # the kill races the writer; retry the rare run where it lost
        before = fingerprint(published)
        process = subprocess.Popen(
            [sys.executable, "-m", "etl", "--data-dir", str(published), "refresh", "--demo"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        building: list[Path] = []
        deadline = time.monotonic() + 120
        while not building and process.poll() is None and time.monotonic() < deadline:
            # killed once it has begun writing files into the new vintage
            building = [p for p in (published / "vintages").glob(".building-*") if any(p.iterdir())]
            time.sleep(0.002)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        if building and building[0].exists():
            break
    else:
        pytest.fail("could not kill a run while it was publishing")
    after = {
        path: digest for path, digest in fingerprint(published).items() if ".building-" not in path
    }
    assert after == before  # the old store, untouched and whole
    code, out = run_etl(published, "refresh", "--demo")
    assert code == 0, out
    assert "Removed what an interrupted run left behind" in out and ".building-" in out
    assert not list((published / "vintages").glob(".building-*"))
    assert not list(published.glob(".store-*"))
