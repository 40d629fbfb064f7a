"""Vergelijken: every Twente municipality side by side, ranked and on a map."""

from __future__ import annotations

import dash

from dashboard.cards.model import DEFAULT_COMPARE_INDICATOR, CardSpec
from dashboard.components.chart_card import chart_card
from dashboard.components.shell import render_page
from dashboard.data.store import Store
from dashboard.state.view import View

PATH = "/vergelijken"
PREFIX = "vgl"
# `tot` is the year shown: DESIGN.md's parameters have no separate year, and "the last year
# of the period" is what `tot` means on every other page.
CONTROLS = ("indicator", "tot", "gemeente")
dash.register_page(
    __name__,
    path=PATH,
    name="Vergelijken",
    order=5,
    text_key="page_vergelijken",
    title="Vergelijken · Talentopgave dashboard",
)


def _body(view: View, store: Store) -> list:
    return [
        chart_card(CardSpec(kind, DEFAULT_COMPARE_INDICATOR), PREFIX, view.state, store)
        for kind in ("ranking", "map")
    ]


def layout(gemeente: str | None = None, **query: str):
    return render_page(
        PATH,
        {"gemeente": gemeente, **query},
        "page_vergelijken",
        _body,
        controls=CONTROLS,
        intro_key="intro_vergelijken",
        default_indicator=DEFAULT_COMPARE_INDICATOR,
    )
