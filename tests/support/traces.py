"""The plotly trace types the dashboard draws, found by running its real figure builders.

Two routes, both on a store the ETL published: every kind of card (``BUILDERS``) for every
indicator of the store's catalogue, in both languages, with and without the event overlay;
and every page the app registers, as the pages router answers it for a set of queries, with
every figure in it. No list of trace types is written down anywhere: a new builder or a new
trace in an old one is found by this.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product
from typing import Any

import dash

from dashboard.cards.model import CardSpec
from dashboard.cards.registry import BUILDERS, build_card
from dashboard.data.store import Store
from dashboard.state.url import ViewState
from support import payloads as dp

QUERIES = (
    "",
    "?taal=en",
    "?gebeurtenissen=aan",
    "?weergave=grafiek&gemeente=GM0153&vergelijk=CR12,NL01",
    "?indicator=share_65plus&taal=en",
)


def trace_types(figure: object) -> set[str]:
    """A figure dict's trace types (plotly's default for a trace without one: scatter)."""
    if not isinstance(figure, dict):
        return set()
    return {
        str(trace.get("type") or "scatter")
        for trace in figure.get("data") or []
        if isinstance(trace, dict)
    }


def figures_in(tree: object) -> Iterator[dict]:
    """Every ``figure`` prop in a layout as Dash sends it (wire form)."""
    if isinstance(tree, list):
        for item in tree:
            yield from figures_in(item)
    elif isinstance(tree, dict):
        props = tree.get("props") if "namespace" in tree else None
        if isinstance(props, dict):
            if isinstance(props.get("figure"), dict):
                yield props["figure"]
            for value in props.values():
                yield from figures_in(value)


def from_card_builders(store: Store) -> dict[str, set[str]]:
    """Trace types by card kind, over every indicator (and none) of ``store``."""
    found: dict[str, set[str]] = {}
    indicators: list[str | None] = [None, *store.catalogue]
    for kind, indicator, lang, events in product(
        sorted(BUILDERS), indicators, ("nl", "en"), ("uit", "aan")
    ):
        state = ViewState(taal=lang, gebeurtenissen=events)
        content = build_card(CardSpec(kind, indicator), state, store)
        found.setdefault(kind, set()).update(trace_types(content.figure))
    return found


def from_pages(client: Any) -> dict[str, set[str]]:
    """Trace types by page path, over :data:`QUERIES`, through the app (Flask test client)."""
    found: dict[str, set[str]] = {}
    for page, query in product(dash.page_registry.values(), QUERIES):
        response = client.post(
            "/_dash-update-component", json=dp.router_payload(page["path"], query)
        )
        assert response.status_code == 200, (page["path"], query)
        content = response.get_json()["response"]["_pages_content"]["children"]
        types = found.setdefault(page["path"], set())
        for figure in figures_in(content):
            types |= trace_types(figure)
    return found
