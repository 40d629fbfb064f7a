"""Talentopgave: the programme's targets against the actuals, its budget and its milestones."""

from __future__ import annotations

import dash
from dash import html

from dashboard.cards.model import CardSpec
from dashboard.cards.programme import targets_table
from dashboard.components.attributes import attributes
from dashboard.components.chart_card import chart_card
from dashboard.components.data_table import data_table
from dashboard.components.shell import render_page
from dashboard.data.store import Store
from dashboard.i18n import t
from dashboard.programme.targets import targets
from dashboard.state.url import TALENTOPGAVE_PATH
from dashboard.state.view import View

PATH = TALENTOPGAVE_PATH
PREFIX = "tlo"
CONTROLS = ("gebeurtenissen",)
dash.register_page(
    __name__,
    path=PATH,
    name="Talentopgave",
    order=6,
    text_key="page_talentopgave",
    title="Talentopgave · Talentopgave dashboard",
)


def card_specs(store: Store) -> list[CardSpec]:
    """A card per target (CBS ones first), then the budget and the milestones."""
    rows = targets(store)
    cbs = [CardSpec("target", r["indicator"]) for r in rows if r["indicator_kind"] == "cbs"]
    own = [CardSpec("target", r["indicator"]) for r in rows if r["indicator_kind"] != "cbs"]
    return [*cbs, CardSpec("budget"), CardSpec("milestones"), *own]


def _body(view: View, store: Store) -> list:
    lang = view.state.taal
    if store.programme is None:
        return [
            html.Section(
                html.P(t("programme_missing", lang), className="card-message", role="note"),
                id="tlo-missing",
                className="card",
            )
        ]
    table = html.Section(
        [
            html.H2(t("targets_heading", lang), id="tlo-targets-title"),
            data_table(targets_table(store, lang), table_id="tlo-targets-table", text=True),
        ],
        id="tlo-targets",
        className="card card-wide",
        **attributes({"aria-labelledby": "tlo-targets-title"}),
    )
    cards = [chart_card(spec, PREFIX, view.state, store) for spec in card_specs(store)]
    return [table, *cards]


def layout(gemeente: str | None = None, **query: str):
    return render_page(
        PATH,
        {"gemeente": gemeente, **query},
        "page_talentopgave",
        _body,
        controls=CONTROLS,
        intro_key="intro_talentopgave",
    )
