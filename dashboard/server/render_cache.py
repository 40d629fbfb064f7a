"""Rendered pages and cards, cached per worker: the same view on the same store is built once.

Building a page (its cards, figures and tables) is the heaviest thing a visit costs — 15 to
50 ms, against 2 to 5 ms to send a finished one — and a card's callback costs 2 to 3 ms.
Visitors mostly open the same few views: the default page, or the link an adviser shared. A
page is a pure function of its URL query, the published store and today's date (the
programme timeline marks what is past), and a card of its view state and spec on the same
store and date; those make the keys. A new publish changes ``STORE.generation()`` and so
every key, and nothing stale is ever served.

What is cached is Dash's wire form — the plain dicts of type, namespace and props that the
browser receives — not component objects: turning ~6,000 components into JSON again on every
hit would cost more than half of building them, while plain dicts encode in a millisecond
and Dash's renderer takes them as they are. flask-caching's SimpleCache pickles what it
stores, so every hit is a fresh copy and no request can alter another's. It is bounded
(``CACHE_THRESHOLD``) because a query string is whatever a visitor types.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from datetime import date

from flask import Flask
from flask_caching import Cache
from plotly.io.json import to_json_plotly

from dashboard.data.store import STORE

CACHE = Cache(
    config={
        "CACHE_TYPE": "SimpleCache",
        # Pages are 50-100 kB pickled, cards 5-20 kB: at most ~60 MB per worker.
        "CACHE_THRESHOLD": 1000,
        "CACHE_DEFAULT_TIMEOUT": 3600,
    }
)


def install(server: Flask) -> None:
    CACHE.init_app(server)


def cache_key(kind: str, *parts: object) -> str:
    """A key for ``parts`` on the current store and date; hashed, so that a long or hostile
    query stays a short key."""
    text = repr((kind, parts, STORE.generation(), date.today().isoformat()))
    return f"{kind}:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def page_key(page: str, query: dict[str, object]) -> str:
    return cache_key("page", page, sorted((str(k), repr(v)) for k, v in query.items()))


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
    return CACHE.get(key)


def put(key: str, value: object) -> object:
    """Store ``value`` in wire form under ``key``; returns the wire form."""
    wired = wire_form(value)
    CACHE.set(key, wired)
    return wired
