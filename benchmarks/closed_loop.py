"""Closed-loop load (issue 12, item 8): N users open pages back to back, no think time.

A page open is what bench_load.User.open_page sends (the page, ``_dash-layout``,
``_dash-dependencies``, the pages router and the callbacks that fire on load). The figure is
page opens per second with its errors and p95; it is set against a floor measured in the same
run: the very requests of a page open (recorded once per page from the real app) replayed
against ``floor_app.py`` on the same gunicorn settings.

Through nginx, each page open comes from its own client address in 127.1.0.0/16 (all of
127.0.0.0/8 is the loopback interface on Linux; the server is still 127.0.0.1): the site file
allows 20 requests/s per address (limit_req, deploy/nginx/talent.conf), so back-to-back opens
from one address would measure the limiter's 429s, not the instances. The address is set with
urllib3's ``source_address`` pool keyword (urllib3 src/urllib3/poolmanager.py lists it among
the pool keys), through requests' ``HTTPAdapter.init_poolmanager``.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import requests
from requests.adapters import HTTPAdapter

REQUEST_TIMEOUT = 30.0


@dataclass
class LoopResult:
    label: str
    elapsed: float = 0.0
    open_ms: list[float] = field(default_factory=list)
    request_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cpu_server: float = 0.0
    cpu_client: float = 0.0
    note: str = ""  # e.g. which instances answered
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, ms: float, error: str | None, kind: str) -> None:
        """One request (the signature of bench_load.Results.record, so users record here)."""
        with self.lock:
            self.request_ms.append(ms)
            if error:
                self.errors.append(error)

    @property
    def opens_per_second(self) -> float:
        return len(self.open_ms) / self.elapsed if self.elapsed else 0.0


class SourceAddressAdapter(HTTPAdapter):
    """Every connection of this adapter leaves from ``address`` (a loopback address)."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


_ADDRESSES = itertools.count()


def fresh_client_session() -> requests.Session:
    """A session from the next address of 127.1.0.1 … 127.1.255.250 (then round again)."""
    number = next(_ADDRESSES) % (256 * 250)
    session = requests.Session()
    session.mount("http://", SourceAddressAdapter(f"127.1.{number // 250}.{number % 250 + 1}"))
    return session


class Recorder(Protocol):
    """Where a user records each request: bench_load.Results or a LoopResult."""

    def record(self, ms: float, error: str | None, kind: str) -> None: ...


class PageOpener(Protocol):
    """What a closed-loop user is: bench_load.User, or the floor's Replayer."""

    session: requests.Session

    def open_page(self, path: str, search: str = "") -> None: ...


# (method, path with query, JSON body or None) of every request of one page open
Script = list[tuple[str, str, dict | None]]


class Replayer:
    """Sends a recorded page open to ``base`` (the floor), recording like the real users."""

    def __init__(self, base: str, scripts: dict[str, Script], result: LoopResult) -> None:
        self.base, self.scripts, self.result = base, scripts, result
        self.session = requests.Session()

    def open_page(self, path: str, search: str = "") -> None:
        for method, target, body in self.scripts[path]:
            started = time.perf_counter()
            error = None
            try:
                answer = self.session.request(
                    method, self.base + target, json=body, timeout=REQUEST_TIMEOUT
                )
                if answer.status_code >= 400:
                    error = f"{answer.status_code} {method} {target}"
            except requests.RequestException as exc:
                error = f"{type(exc).__name__} {method} {target}"
            self.result.record((time.perf_counter() - started) * 1000, error, "floor")


def run_closed_loop(
    result: LoopResult,
    make_user: Callable[[int, float], PageOpener],
    pages: list[str],
    searches: list[str],
    users: int,
    duration: float,
    *,
    new_session_per_open: bool = False,
    seed: int = 6,
) -> None:
    """``users`` threads, each opening a random page with a random query, back to back, for
    ``duration`` seconds. ``make_user(i, until)`` gives an object with ``open_page(path,
    search)`` and a ``session``; ``new_session_per_open``: a fresh client address per open."""
    until = time.monotonic() + duration

    def loop(number: int) -> None:
        rng = random.Random(seed + number)
        user = make_user(number, until)
        while time.monotonic() < until:
            if new_session_per_open:
                user.session.close()
                user.session = fresh_client_session()
            started = time.perf_counter()
            user.open_page(rng.choice(pages), rng.choice(searches))
            with result.lock:
                result.open_ms.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + REQUEST_TIMEOUT + 10)
    result.elapsed = time.monotonic() - started
