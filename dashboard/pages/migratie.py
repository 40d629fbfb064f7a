"""Migratie: domestic and international, all ages and the young band, per 1,000."""

from __future__ import annotations

import dash

from dashboard.components.chart_card import topic_cards
from dashboard.components.controls import TIME_SERIES_CONTROLS
from dashboard.components.shell import render_page
from dashboard.state.view import View

PATH = "/migratie"
PREFIX = "mig"
TOPIC = "migratie"
# Net flows of all ages are shown per 1,000 inhabitants so that Hengelo, Twente and the
# Netherlands fit one axis; the young-band counts stay counts (their band differs from the
# population's 18–35, see their definitions) and youth_net_migration_rate is already a rate.
PER_1000_OF_POPULATION = ("net_migration", "net_domestic_migration",
                          "net_international_migration")
dash.register_page(__name__, path=PATH, name="Migratie", order=3, text_key="page_migratie",
                   title="Migratie · Talentopgave dashboard")


def _body(view: View) -> list:
    return topic_cards(view, TOPIC, PREFIX, per_1000_of_population=PER_1000_OF_POPULATION)


def layout(gemeente: str | None = None, **query: str):
    return render_page(PATH, {"gemeente": gemeente, **query}, "page_migratie", _body,
                       controls=TIME_SERIES_CONTROLS, intro_key="intro_migratie")
