"""The load benchmark's floor: a WSGI app that does nothing but answer a small JSON.

bench_load.py serves it with gunicorn on the project's gunicorn.conf.py (same workers,
timeouts, request limits) and replays the very requests of a page open against it: what
gunicorn, HTTP and the load generator cost on this machine with no Dash or store behind them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

BODY = b'{"status":"ok"}'
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
    environ["wsgi.input"].read()  # a callback's POST body, read as a real app reads it
    start_response("200 OK", HEADERS)
    return [BODY]
