"""The benchmarks' server: gunicorn with the project's gunicorn.conf.py and 2 workers, as in
production, on a free port of 127.0.0.1, started and stopped around a measurement. Also the
percentile the benchmarks report with."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(data_dir: Path, port: int) -> subprocess.Popen:
    """gunicorn serving ``data_dir``'s store on 127.0.0.1:``port``, once its health says so."""
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    env = {**os.environ, "TALENT_DATA_DIR": str(data_dir), "PORT": str(port),
           "HOST": "127.0.0.1", "WEB_CONCURRENCY": "2"}
    process = subprocess.Popen([gunicorn, "app:server", "--config", "gunicorn.conf.py",
                                "--access-logfile", "/dev/null"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/gezondheid", timeout=2).ok:
                return process
        except requests.RequestException:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.3)
    stop_gunicorn(process)
    raise RuntimeError("gunicorn did not become healthy")


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
