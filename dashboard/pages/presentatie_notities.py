"""Presentatie · notities: the presenter notes of a deck in a second window.

Opened from ``/presentatie`` with the same deck; ``assets/presentation.js`` keeps it on the
slide the presentation shows (BroadcastChannel, with localStorage as fallback).
"""

from __future__ import annotations

import dash
from dash import html

from dashboard.components.attributes import attributes
from dashboard.i18n import t
from dashboard.presentation.slides import language, resolve_deck, slide_number
from dashboard.state.url import NOTES_PATH

PATH = NOTES_PATH
dash.register_page(__name__, path=PATH, name="Notities", title="Notities · Talentopgave dashboard")


def layout(deck: str | None = None, dia: str | None = None, taal: str | None = None, **_query: str):
    lang = language(taal)
    resolved = resolve_deck(deck, lang)
    slides = resolved.deck.slides
    total = len(slides)
    current = slide_number(dia, total)
    sections = []
    for index, slide in enumerate(slides):
        number = index + 1
        following = slides[index + 1].text("title", lang) if number < total else "–"
        sections.append(
            html.Section(
                [
                    html.H1(f"{number} / {total} · {slide.text('title', lang)}"),
                    html.P(slide.text("takeaway", lang), className="notes-takeaway"),
                    html.P(
                        slide.text("notes", lang) or t("slide_notes_none", lang),
                        className="notes-text",
                    ),
                    html.P(f"→ {following}", className="notes-next"),
                ],
                id=f"notes-{number}",
                className="notes-slide",
                hidden=number != current,
            )
        )
    return html.Main(
        [html.P(t("page_notities", lang), className="notes-heading"), *sections],
        id="deck-notes",
        className="deck-notes",
        lang=lang,
        **attributes(
            {"data-total": str(total), "data-current": str(current), "aria-live": "polite"}
        ),
    )
