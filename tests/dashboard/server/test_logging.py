"""One logging configuration (issue 12, item 5): under real gunicorn the app's own lines carry
time, level and logger — the store-loaded line once, every handled error one line — and
gunicorn's error and access logs keep working."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import requests
from support import payloads as dp
from support.redis_server import RedisServer
from support.servers import ROOT, free_port, start_gunicorn, stop
from support.stores import publish_store

# 2026-12-03 07:40:12,345 WARNING dashboard.server.errors: ...
LINE = (
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} "
    r"(?P<level>[A-Z]+) (?P<logger>[\w.]+): (?P<message>.*)$"
)


def lines(text: str) -> list[dict[str, str]]:
    return [m.groupdict() for m in re.finditer(LINE, text, re.M)]


def wait_for(path, pattern: str, seconds: float = 10) -> str:
    """The log's text once ``pattern`` is in it (a worker writes when it gets to it)."""
    deadline = time.monotonic() + seconds
    while True:
        text = path.read_text(encoding="utf-8", errors="replace")
        if re.search(pattern, text, re.M) or time.monotonic() > deadline:
            return text
        time.sleep(0.1)


def test_log001_gunicorn_writes_the_apps_lines_with_time_level_and_logger(tmp_path):
    publish_store(tmp_path / "data", vintage="20250301T120000Z")
    log = tmp_path / "gunicorn.log"
    port = free_port()
    redis = RedisServer()  # never started: a Redis that is down from the first request
    server = start_gunicorn(
        tmp_path / "data", port, workers=1, env={"TALENT_CACHE_URL": redis.url}, log=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # A shared link with a municipality that does not exist: the page falls back to
        # the default and says so; the cache is down, so it is built without it.
        page = requests.post(
            f"{base}/_dash-update-component",
            json=dp.router_payload("/vergrijzing", "?gemeente=GM9999"),
            timeout=30,
        )
        assert page.status_code == 200 and page.headers["X-Talent-Cache"] == "miss"
        assert requests.get(f"{base}/_reload-hash", timeout=10).status_code == 404
        unknown = requests.post(
            f"{base}/_dash-update-component", json={"output": "nope.children"}, timeout=10
        )
        assert unknown.status_code == 400
        assert requests.get(f"{base}/gezondheid", timeout=10).status_code == 200
        text = wait_for(log, r'"GET /gezondheid HTTP/1.1" 200')
    finally:
        stop(server)
        redis.stop()

    found = lines(text)
    loaded = [f for f in found if f["message"].startswith("store loaded:")]
    assert len(loaded) == 1, text  # once: the master loads it, the worker forks with it
    assert loaded[0]["level"] == "INFO" and loaded[0]["logger"] == "dashboard.data.store"
    assert "vintage 20250301T120000Z" in loaded[0]["message"]

    def one(logger: str, level: str, words: str) -> None:
        hits = [f for f in found if f["logger"] == logger and words in f["message"]]
        assert len(hits) == 1 and hits[0]["level"] == level, (logger, words, text)

    one("dashboard.state.view", "WARNING", "gemeente='GM9999' (unknown_region)")
    one("dashboard.server.render_cache", "WARNING", "get failed (ConnectionError")
    one("dashboard.server.errors", "WARNING", "GET '/_reload-hash' answered 404")
    one("dashboard.server.errors", "WARNING", "answered 400: a callback that does not exist")
    # gunicorn's own error log in the same format, its access log as before.
    assert any(f["logger"] == "gunicorn.error" and "Booting worker" in f["message"] for f in found)
    assert re.search(r'^127\.0\.0\.1 .* "GET /gezondheid HTTP/1\.1" 200 ', text, re.M), text
    assert "Traceback" not in text


def test_log002_python_app_py_uses_the_same_format(tmp_path):
    # The development server path: app.py applies the same configuration before building.
    publish_store(tmp_path / "data", vintage="20250301T120000Z")
    code = (
        "import runpy, sys; sys.argv = ['app.py'];"
        "import flask; flask.Flask.run = lambda self, **kw: None;"  # configure, build, no serve
        "runpy.run_path('app.py', run_name='__main__');"
        "from dashboard.data.store import STORE; STORE.current()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"TALENT_DATA_DIR": str(tmp_path / "data"), "TALENT_CACHE_URL": "memcached://x"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = lines(result.stderr)
    assert any(
        f["logger"] == "dashboard.server.render_cache" and f["level"] == "WARNING" for f in found
    ), result.stderr
    assert any(f["message"].startswith("store loaded: vintage 20250301T120000Z") for f in found)
