"""The topic pages — vergrijzing, geboorte, migratie, jongeren, arbeidsmarkt — from one table.

Each shows a line card for every catalogue indicator of its topic (an indicator the ETL
adds needs no code here) under the time-series controls, after the page's own lead cards
(the population pyramid on vergrijzing); a page may place its own cards after a given
catalogue indicator's line card, and close with more (jongeren: the cohort and flow cards).
One row of :data:`TOPIC_PAGES` per page: its URL, the prefix of its cards' ids, its place in
the navigation and its texts.
"""

from __future__ import annotations

from dataclasses import dataclass

import dash
from dash import html

from dashboard.cards.model import CardSpec
from dashboard.components.chart_card import chart_card
from dashboard.components.controls import TIME_SERIES_CONTROLS
from dashboard.components.shell import render_page
from dashboard.data.store import Store
from dashboard.state.url import JONGEREN_PATH
from dashboard.state.view import View

SITE = "Talentopgave dashboard"


@dataclass(frozen=True)
class TopicPage:
    topic: str  # the catalogue's ``topic`` of the indicators shown
    path: str
    prefix: str  # of the cards' ids: ``<prefix>-line-<indicator>``
    order: float  # in the navigation
    name: str  # the page registry's name (Dutch); the texts give what is shown
    text_key: str  # the page's name in the navigation and its heading
    intro_key: str
    lead_cards: tuple[CardSpec, ...] = ()
    # (catalogue indicator, cards): these cards follow that indicator's line card, or come
    # before the closing cards when the catalogue does not have it.
    placed_after: tuple[tuple[str, tuple[CardSpec, ...]], ...] = ()
    closing_cards: tuple[CardSpec, ...] = ()
    # Shown per 1,000 inhabitants, so that regions of every size share one axis.
    per_1000_of_population: tuple[str, ...] = ()

    @property
    def module(self) -> str:
        """The page's key in ``dash.page_registry``."""
        return f"{__name__.rsplit('.', 1)[0]}.{self.topic}"

    def card_specs(self, store: Store) -> list[CardSpec]:
        specs = list(self.lead_cards)
        waiting = dict(self.placed_after)
        for key, entry in store.catalogue.items():
            if entry.get("topic") != self.topic:
                continue
            specs.append(
                CardSpec("line", key, "population" if key in self.per_1000_of_population else None)
            )
            specs += waiting.pop(key, ())
        for placed in waiting.values():
            specs += placed
        return specs + list(self.closing_cards)

    def cards(self, view: View, store: Store) -> list[html.Section]:
        return [chart_card(spec, self.prefix, view.state, store) for spec in self.card_specs(store)]

    def layout(self, gemeente: str | None = None, **query: str):
        return render_page(
            self.path,
            {"gemeente": gemeente, **query},
            self.text_key,
            self.cards,
            controls=TIME_SERIES_CONTROLS,
            intro_key=self.intro_key,
        )


TOPIC_PAGES = (
    # 65+, 80+, double ageing, grey and green pressure, after the pyramid.
    TopicPage(
        "vergrijzing",
        "/vergrijzing",
        "vgr",
        1,
        "Vergrijzing",
        "page_vergrijzing",
        "intro_vergrijzing",
        lead_cards=(CardSpec("pyramid"),),
    ),
    # Births, birth rate, fertility, and deaths and natural increase beside them.
    TopicPage("geboorte", "/geboorte", "gbt", 2, "Geboorte", "page_geboorte", "intro_geboorte"),
    # Net flows of all ages per 1,000 inhabitants, so Hengelo, Twente and the Netherlands fit
    # one axis; the young-band counts stay counts (their band differs from the population's
    # 18–35, see their definitions) and youth_net_migration_rate is already a rate.
    TopicPage(
        "migratie",
        "/migratie",
        "mig",
        3,
        "Migratie",
        "page_migratie",
        "intro_migratie",
        per_1000_of_population=(
            "net_migration",
            "net_domestic_migration",
            "net_international_migration",
        ),
    ),
    # Issue 14: retention 18->25 and 18->30, then a birth year followed from 15 to 35; the
    # moves between municipalities (all ages) beside the 20-35 share of movers; young
    # people at work and in education; the flow map last.
    TopicPage(
        "jongeren",
        JONGEREN_PATH,
        "jng",
        3.5,  # after migratie
        "Jongeren",
        "page_jongeren",
        "intro_jongeren",
        placed_after=(
            (
                "retention_18_30",
                (
                    CardSpec("cohort"),
                    CardSpec("flow_destinations"),
                    CardSpec("flow_origins"),
                    CardSpec("flow_net"),
                ),
            ),
        ),
        closing_cards=(CardSpec("flow_map"),),
    ),
    # Participation, employed labour force, potential labour force share.
    TopicPage(
        "arbeidsmarkt",
        "/arbeidsmarkt",
        "arb",
        4,
        "Arbeidsmarkt",
        "page_arbeidsmarkt",
        "intro_arbeidsmarkt",
    ),
)


def topic_page(topic: str) -> TopicPage:
    return next(page for page in TOPIC_PAGES if page.topic == topic)


for _page in TOPIC_PAGES:
    dash.register_page(
        _page.module,
        path=_page.path,
        name=_page.name,
        order=_page.order,
        text_key=_page.text_key,
        title=f"{_page.name} · {SITE}",
        layout=_page.layout,
    )
