"""Rendered pages and cards, cached: the same view on the same store is built once.

Building a page (its cards, figures and tables) is the heaviest thing a visit costs — 15 to
50 ms, against 2 to 5 ms to send a finished one — and a card's callback costs 2 to 3 ms.
Visitors mostly open the same few views: the default page, or the link an adviser shared. A
page is a pure function of its URL query, the published store and today's date (the
programme timeline marks what is past), and a card of its view state and spec on the same
store and date; those make the keys. The store part is content, not a counter:
``STORE.content_key()`` names the published vintage and its manifest's sha256 and every
available vintage with its manifest's sha256 (a page lists them, a link may pin one). Two
processes reading the same data folder make the same keys, so a cache they share never
serves one of them a page of another vintage; a new publish changes every key.

Where the cache lives is ``TALENT_CACHE_URL``: empty, each worker's memory (SimpleCache);
``redis://``, ``rediss://`` or ``unix://``, flask-caching's RedisCache, one cache for every
worker and instance. Redis is only ever a shortcut: when it is down or slow the page is
built as if nothing were cached, one warning is logged, and Redis is tried again a few
seconds later (:class:`_Outage`).

What is cached is Dash's wire form — the plain dicts of type, namespace and props that the
browser receives — not component objects: turning ~6,000 components into JSON again on every
hit would cost more than half of building them, while plain dicts encode in a millisecond
and Dash's renderer takes them as they are. Every hit is a fresh copy (the memory cache
pickles, Redis holds JSON), so no request can alter another's. Redis gets JSON, not
cachelib's default pickle: wire forms are JSON by nature, and unpickling what a network
service hands back would run whatever someone able to write to it put there. The memory
cache is bounded (``CACHE_THRESHOLD``) because a query string is whatever a visitor types;
Redis is bounded by its own ``maxmemory`` (README).

Every response whose body came through the cache says so: ``X-Talent-Cache: hit`` (all it
looked up was there) or ``miss`` (something was built); responses that did not use the cache
carry no such header.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import flask
from cachelib.serializers import BaseSerializer
from flask import Flask
from flask_caching import Cache
from plotly.io.json import to_json_plotly

from dashboard.data.store import STORE, StoreProvider
from dashboard.settings import settings

log = logging.getLogger(__name__)

CACHE = Cache()
HEADER = "X-Talent-Cache"
KEY_PREFIX = "talent:"  # one Redis may hold other things; clear() deletes only these keys
REDIS_SCHEMES = ("redis", "rediss", "unix")  # what redis-py's from_url takes
TIMEOUT_SECONDS = 3600
# A page answers in tens of milliseconds; a cache that takes longer than this is no help.
REDIS_SOCKET_SECONDS = 0.25
# After a failure, Redis is left alone this long before it is asked again: a dead Redis
# costs one failed call per worker per pause, not one per request (and one log line).
REDIS_PAUSE_SECONDS = 5.0


class WireFormJSON(BaseSerializer):
    """Wire forms to and from JSON bytes for Redis; what cannot be read is a miss."""

    def dumps(self, value: Any, *_args: Any, **_kwargs: Any) -> bytes:
        return json.dumps(value, separators=(",", ":")).encode("utf-8")

    def loads(self, bvalue: Any, *_args: Any, **_kwargs: Any) -> Any:
        if bvalue is None:  # not there
            return None
        try:
            return json.loads(bvalue)
        except ValueError:  # not ours, or cut short: built again and overwritten
            return None


def _memory_config() -> dict[str, Any]:
    return {
        "CACHE_TYPE": "SimpleCache",
        # Pages are 50-100 kB pickled, cards 5-20 kB: at most ~60 MB per worker.
        "CACHE_THRESHOLD": 1000,
        "CACHE_DEFAULT_TIMEOUT": TIMEOUT_SECONDS,
    }


def _redis_config(url: str) -> dict[str, Any]:
    from redis.backoff import NoBackoff  # noqa: PLC0415 - only a Redis deployment needs it
    from redis.retry import Retry  # noqa: PLC0415

    return {
        # flask-caching's RedisCache.factory (flask_caching/backends/rediscache.py) hands
        # CACHE_REDIS_URL and CACHE_OPTIONS to redis.from_url; a db in the URL wins over
        # flask-caching's CACHE_REDIS_DB default (redis-py's from_url: url options update
        # the keyword arguments).
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": url,
        "CACHE_KEY_PREFIX": KEY_PREFIX,
        "CACHE_DEFAULT_TIMEOUT": TIMEOUT_SECONDS,
        "CACHE_SERIALIZER": WireFormJSON,  # flask-caching 2.5+ sets it on the backend
        "CACHE_OPTIONS": {
            # redis-py's defaults (redis/_defaults.py, 8.x: DEFAULT_SOCKET_TIMEOUT 5 s,
            # DEFAULT_RETRY_COUNT 10) held a get on a Redis that accepts but never answers
            # for 5.0 s (measured); with these it gives up after 0.25 s and the page is
            # built without it. A refused connection fails at once either way.
            "socket_connect_timeout": REDIS_SOCKET_SECONDS,
            "socket_timeout": REDIS_SOCKET_SECONDS,
            "retry": Retry(NoBackoff(), 0),
        },
    }


def shown_url(url: str) -> str:
    """``url`` without its password (``user:pw@`` or ``?password=``), for the log."""
    url = re.sub(r"(?i)([?&]password=)[^&]*", r"\1***", url)
    return re.sub(r"^([A-Za-z]+://[^:/@]*:)[^@/]*@", r"\1***@", url)


def cache_config(url: str) -> dict[str, Any]:
    """flask-caching's configuration for ``TALENT_CACHE_URL``; what cannot be used gives
    the memory cache and a warning (a typo must not keep the dashboard from starting)."""
    url = url.strip()
    if not url:
        return _memory_config()
    scheme = urlsplit(url).scheme.lower()
    if scheme not in REDIS_SCHEMES:
        log.warning(
            "TALENT_CACHE_URL=%r is not a redis://, rediss:// or unix:// URL; "
            "caching rendered pages in each worker's memory instead",
            shown_url(url),
        )
        return _memory_config()
    return _redis_config(url)


def install(server: Flask) -> None:
    config = cache_config(settings().cache_url)
    CACHE.init_app(server, config=config)
    server.extensions["talent_cache"] = _Outage(
        shown_url(config["CACHE_REDIS_URL"]) if "CACHE_REDIS_URL" in config else None
    )
    log.info(
        "render cache: %s",
        f"Redis at {shown_url(config['CACHE_REDIS_URL'])}"
        if "CACHE_REDIS_URL" in config
        else "memory of each worker",
    )
    server.after_request(_mark_response)


class _Outage:
    """Whether the shared cache is to be left alone for now (after a failure), per worker."""

    def __init__(self, where: str | None) -> None:
        self.where = where
        self._lock = threading.Lock()
        self._paused_until = float("-inf")
        self._down = False

    def paused(self) -> bool:
        return time.monotonic() < self._paused_until

    def failed(self, action: str, error: Exception) -> None:
        with self._lock:
            self._paused_until = time.monotonic() + REDIS_PAUSE_SECONDS
            self._down = True
        log.warning(
            "render cache at %s: %s failed (%s: %s); rendering without it, next try in %.0f s",
            self.where,
            action,
            type(error).__name__,
            error,
            REDIS_PAUSE_SECONDS,
        )

    def worked(self) -> None:
        if self._down:
            with self._lock:
                was_down, self._down = self._down, False
            if was_down:
                log.info("render cache at %s answers again", self.where)


def _outage() -> _Outage:
    return flask.current_app.extensions["talent_cache"]


def cache_key(
    kind: str, *parts: object, provider: StoreProvider = STORE, day: date | None = None
) -> str:
    """A key for ``parts`` on the store content of ``provider`` and the date (today);
    hashed, so that a long or hostile query stays a short key."""
    today = (day or date.today()).isoformat()
    text = repr((kind, parts, provider.content_key(), today))
    return f"{kind}:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def page_key(
    page: str,
    query: dict[str, object],
    *,
    provider: StoreProvider = STORE,
    day: date | None = None,
) -> str:
    parts = sorted((str(k), repr(v)) for k, v in query.items())
    return cache_key("page", page, parts, provider=provider, day=day)


def wire_form(value: object) -> object:
    """Components (or tuples of them) as the JSON Dash sends, decoded: plain dicts and lists."""
    return json.loads(to_json_plotly(value))  # Dash's own encoder


def cached_layout(page: str, layout: Callable[..., object]) -> Callable[..., object]:
    """``layout`` (a page's layout function, called with the URL's query values) with its
    result cached per :func:`page_key`."""

    @functools.wraps(layout)
    def cached(**query: object) -> object:
        key = page_key(page, query)
        tree = get(key)
        return tree if tree is not None else put(key, layout(**query))

    return cached


def get(key: str) -> object | None:
    """What is cached under ``key``, or None: not there, or the cache cannot be reached
    (flask-caching's Cache.get hands the backend's errors on as they are — its issue
    #217 — so they are caught here). Marks the response hit or miss."""
    outage = _outage()
    value = None
    if not outage.paused():
        try:
            value = CACHE.get(key)
            outage.worked()
        except Exception as error:  # redis-py's errors, whatever the backend raises
            outage.failed("get", error)
    _note(hit=value is not None)
    return value


def put(key: str, value: object) -> object:
    """Store ``value`` in wire form under ``key`` (when the cache can be reached); returns
    the wire form."""
    wired = wire_form(value)
    outage = _outage()
    if not outage.paused():
        try:
            CACHE.set(key, wired)
        except Exception as error:
            outage.failed("set", error)
    return wired


def _note(*, hit: bool) -> None:
    """Remember for this request whether everything it looked up was a hit."""
    if flask.has_request_context():
        all_hits = hit and flask.g.get("talent_cache", "hit") == "hit"
        flask.g.talent_cache = "hit" if all_hits else "miss"


def _mark_response(response: flask.Response) -> flask.Response:
    marked = flask.g.get("talent_cache")
    if marked is not None:
        response.headers[HEADER] = marked
    return response
