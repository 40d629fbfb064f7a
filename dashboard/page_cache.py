"""Rendered pages, cached per worker: the same URL on the same store is built only once.

Building a page (its cards, figures and tables) is the heaviest thing a visit costs — 15 to
50 ms, against 1 to 2 ms to take a finished one from the cache — and visitors mostly open
the same few views: the default page, or the link an adviser shared. A page layout is a pure
function of its URL query, the published store and today's date (the programme timeline
marks what is past), so those make the key; a new publish changes ``STORE.generation()`` and
so every key, and nothing stale is ever served.

What is cached is the page in Dash's wire form — the plain dicts of type, namespace and
props that the browser receives — not the component objects: turning ~6,000 components into
JSON again on every hit would cost more than half of building them, while plain dicts encode
in a millisecond and Dash's renderer takes them as they are. flask-caching's SimpleCache
pickles what it stores, so every hit is a fresh copy and no request can alter another's. It
is bounded (``CACHE_THRESHOLD``) because a query string is whatever a visitor types.
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

from dashboard.store import STORE

CACHE = Cache(config={
    "CACHE_TYPE": "SimpleCache",
    "CACHE_THRESHOLD": 300,  # pages; at 50-100 kB pickled, at most ~30 MB per worker
    "CACHE_DEFAULT_TIMEOUT": 3600,
})


def install(server: Flask) -> None:
    CACHE.init_app(server)


def page_key(page: str, query: dict[str, object]) -> str:
    """The cache key of one page view; hashed, so a long or hostile query stays a short key."""
    parts = (page, sorted((str(k), repr(v)) for k, v in query.items()),
             STORE.generation(), date.today().isoformat())
    return "page:" + hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def cached_layout(page: str, layout: Callable[..., object]) -> Callable[..., object]:
    """``layout`` (a page's layout function, called with the URL's query values) with its
    result cached per :func:`page_key`."""

    @functools.wraps(layout)
    def cached(**query: object) -> object:
        key = page_key(page, query)
        tree = CACHE.get(key)
        if tree is None:
            tree = json.loads(to_json_plotly(layout(**query)))  # Dash's encoder
            CACHE.set(key, tree)
        return tree

    return cached
