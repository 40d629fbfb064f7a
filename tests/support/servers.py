"""Servers a test starts on free 127.0.0.1 ports and stops again: gunicorn serving the app
exactly as ``make run`` and the Procfile do (gunicorn.conf.py)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(
    data_dir: Path,
    port: int,
    *,
    workers: int = 2,
    env: Mapping[str, str] | None = None,
    log: Path | None = None,
    app: str = "app:server",
) -> subprocess.Popen:
    """gunicorn serving ``data_dir``'s store on 127.0.0.1:``port``, once its health says so.
    ``log``: where its output goes (else nowhere). ``app``: another WSGI app on the same
    gunicorn.conf.py (the load benchmark's floor, ``benchmarks.floor_app:app``)."""
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    environment = {
        **os.environ,
        "TALENT_DATA_DIR": str(data_dir),
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": str(workers),
        **(env or {}),
    }
    output = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - the child keeps it
    process = subprocess.Popen(
        [gunicorn, app, "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=environment,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/gezondheid", timeout=2).status_code < 600:
                return process
        except requests.RequestException:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"gunicorn on port {port} did not start")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM (graceful), then SIGKILL after 30 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
