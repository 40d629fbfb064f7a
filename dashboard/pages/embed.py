"""Embed: one chart with its finding title, summary and source line, for an iframe on a
partner's site. No header, navigation or controls; the view comes from the same URL
parameters as every page (``?indicator=share_18_35&gemeente=GM0153&vergelijk=CR12,NL01``).
``grafiek`` picks a card other than an indicator's line: the cohort and flow cards of the
page jongeren (``?grafiek=flow_destinations&gemeente=GM0153&van=2020&tot=2024``).

Only the origins in ``TALENT_EMBED_ORIGINS`` may frame it (see :mod:`dashboard.server.security`).
"""

from __future__ import annotations

import logging

import dash
from dash import html

from dashboard.cards.model import CardSpec
from dashboard.cards.registry import build_card
from dashboard.components.attributes import attributes
from dashboard.components.chart_card import card_body, card_head
from dashboard.components.shell import no_store_body
from dashboard.i18n import t
from dashboard.state.url import (
    ACCESSIBILITY_PATH,
    EMBED_PATH,
    HOME_PATH,
    JONGEREN_PATH,
    view_link,
    with_changes,
)
from dashboard.state.view import resolve_view

PATH = EMBED_PATH
PREFIX = "emb"
DEFAULT_INDICATOR = "share_18_35"
KIND_PARAMETER = "grafiek"
# The cards an embed may show, and the page that shows them in full. Only the embed reads
# ``grafiek``: every other page shows all of its cards.
EMBED_KINDS = {
    "line": HOME_PATH,
    "cohort": JONGEREN_PATH,
    "flow_destinations": JONGEREN_PATH,
    "flow_origins": JONGEREN_PATH,
    "flow_net": JONGEREN_PATH,
    "flow_map": JONGEREN_PATH,
    "forecast_check": HOME_PATH,  # realised population over the forecast's band (issue 15)
}
log = logging.getLogger(__name__)

# No text_key: the embed view is not in the navigation.
dash.register_page(__name__, path=PATH, name="Embed", title="Talentopgave dashboard")


def embed_kind(raw: str | None) -> tuple[str, bool]:
    """The card kind ``grafiek`` asks for, and whether the value was usable (else: line)."""
    text = (raw or "").strip().lower()
    if not text:
        return "line", True
    return (text, True) if text in EMBED_KINDS else ("line", False)


def layout(**query: str):
    view = resolve_view({k: v for k, v in query.items() if v is not None})
    lang = view.state.taal
    kind, usable = embed_kind(query.get(KIND_PARAMETER))
    if view.store is None:
        content = no_store_body(lang)
    else:
        spec = (
            CardSpec("line", view.state.indicator or DEFAULT_INDICATOR)
            if kind == "line"
            else CardSpec(kind)
        )
        card = spec.card_id(PREFIX)
        try:
            content_data = build_card(spec, view.state, view.store)
            if not usable:  # said where the reader looks, as the pages' notes are
                shown = str(query.get(KIND_PARAMETER))[:80]
                content_data.notes.insert(0, t("embed_kind_invalid", lang, value=shown))
            content = [
                html.Div(card_head(card, content_data), className="card-head"),
                html.Div(
                    card_body(card, content_data, view.state.weergave, lang), className="card-body"
                ),
            ]
        except Exception:  # a data surprise must not become an error page
            log.exception("embed could not be rendered for %s", view.query)
            content = [html.P(t("page_error", lang), className="card-message", role="alert")]
    # The full dashboard, on the same view, opened outside the partner's frame.
    full_view = view_link(EMBED_KINDS[kind], with_changes(view.state, indicator=None))
    return html.Main(
        [
            html.Section(
                content,
                className=f"card card-{kind} embed-card",
                **attributes({"aria-label": t("embed_title", lang)}),
            ),
            html.P(
                [
                    html.A(
                        t("embed_open_full", lang), href=full_view, target="_blank", rel="noopener"
                    ),
                    " · ",
                    # The statement covers the embed view too; outside the partner's frame.
                    html.A(
                        t("footer_accessibility", lang),
                        href=view_link(ACCESSIBILITY_PATH, view.state),
                        target="_blank",
                        rel="noopener",
                        className="embed-accessibility",
                    ),
                ],
                className="embed-link",
            ),
        ],
        id="main",
        className=f"embed lang-{lang}",
        lang=lang,
    )
