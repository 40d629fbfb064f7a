"""Vergrijzing: 65+, 80+, double ageing, grey and green pressure, and the population pyramid."""

from __future__ import annotations

import dash

from dashboard.cards.model import CardSpec
from dashboard.components.chart_card import chart_card, topic_cards
from dashboard.components.controls import TIME_SERIES_CONTROLS
from dashboard.components.shell import render_page
from dashboard.state.view import View

PATH = "/vergrijzing"
PREFIX = "vgr"
TOPIC = "vergrijzing"
dash.register_page(__name__, path=PATH, name="Vergrijzing", order=1,
                   text_key="page_vergrijzing", title="Vergrijzing · Talentopgave dashboard")


def _body(view: View) -> list:
    pyramid = chart_card(CardSpec("pyramid"), PREFIX, view.state, view.store)
    return [pyramid, *topic_cards(view, TOPIC, PREFIX, cards_before=1)]


def layout(gemeente: str | None = None, **query: str):
    return render_page(PATH, {"gemeente": gemeente, **query}, "page_vergrijzing", _body,
                       controls=TIME_SERIES_CONTROLS, intro_key="intro_vergrijzing")
