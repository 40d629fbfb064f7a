"""Any unknown path: a friendly page inside the normal shell, never a bare error."""

from __future__ import annotations

import dash
from dash import html

from dashboard.components.shell import render_page
from dashboard.data.store import Store
from dashboard.i18n import t
from dashboard.state.view import View

PATH = "/404"
dash.register_page(__name__, path=PATH, name="Niet gevonden", title="Talentopgave dashboard")


def _body(view: View, _store: Store) -> list:
    return [html.P(t("not_found_text", view.state.taal))]


def layout(gemeente: str | None = None, **query: str):
    return render_page(PATH, {"gemeente": gemeente, **query}, "page_not_found", _body)
