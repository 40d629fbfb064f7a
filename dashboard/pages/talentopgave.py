"""Talentopgave: the programme's own indicators against their targets (placeholder)."""

from __future__ import annotations

import dash
from dash import html

from dashboard.i18n import t
from dashboard.shell import render_page
from dashboard.view import View

PATH = "/talentopgave"
dash.register_page(__name__, path=PATH, name="Talentopgave", order=6,
                   text_key="page_talentopgave", title="Talentopgave · Talentopgave dashboard")


def _body(view: View) -> list:
    # Placeholder: a later issue adds the programme file to the store and fills this page.
    return [html.Section(html.P(t("talentopgave_placeholder", view.state.taal)),
                         id="tlo-placeholder", className="card card-placeholder",
                         **{"data-slot": "programme-indicators"})]


def layout(gemeente: str | None = None, **query: str):
    return render_page(PATH, {"gemeente": gemeente, **query}, "page_talentopgave", _body)
