"""Arbeidsmarkt: participation, employed labour force, potential labour force share."""

from __future__ import annotations

import dash

from dashboard.components.chart_card import topic_cards
from dashboard.components.controls import TIME_SERIES_CONTROLS
from dashboard.components.shell import render_page
from dashboard.state.view import View

PATH = "/arbeidsmarkt"
PREFIX = "arb"
TOPIC = "arbeidsmarkt"
dash.register_page(__name__, path=PATH, name="Arbeidsmarkt", order=4,
                   text_key="page_arbeidsmarkt", title="Arbeidsmarkt · Talentopgave dashboard")


def _body(view: View) -> list:
    return topic_cards(view, TOPIC, PREFIX)


def layout(gemeente: str | None = None, **query: str):
    return render_page(PATH, {"gemeente": gemeente, **query}, "page_arbeidsmarkt", _body,
                       controls=TIME_SERIES_CONTROLS, intro_key="intro_arbeidsmarkt")
