"""Presentatie: a deck full screen, one chart and its takeaway per slide, for a projector.

No app chrome (this page does not use the shell's frame). Every slide is rendered at once and
``assets/presentation.js`` shows one at a time: keys a presenter clicker sends (→/←,
PageDown/PageUp, space, Home/End) move between slides without a server round trip, the URL's
``dia`` follows, an aria-live region announces the slide and focus moves to its title. ``N``
shows the presenter notes; ``/presentatie/notities`` shows them in a second window.
``afdruk=1`` lays every slide out one per printed page (PDF export).
"""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.components.attributes import attributes
from dashboard.i18n import t
from dashboard.presentation.decks import encode_deck
from dashboard.presentation.slides import (
    ResolvedDeck,
    language,
    projector_figure,
    resolve_deck,
    slide_content,
    slide_number,
    vintage_date,
)
from dashboard.state.url import (
    NOTES_PATH,
    PRESENTATION_PATH,
    PRINT_FRAGMENT,
    link,
    presentation_query,
)

PATH = PRESENTATION_PATH
dash.register_page(
    __name__, path=PATH, name="Presentatie", title="Presentatie · Talentopgave dashboard"
)


def deck_query(
    resolved: ResolvedDeck, encoded: str | None, lang: str, *, afdruk: bool = False
) -> str:
    """The query that reopens this deck (for the notes window and the print view)."""
    return presentation_query(
        encoded if encoded and not resolved.messages else None, taal=lang, afdruk=afdruk
    )


def _slide(resolved: ResolvedDeck, index: int, current: int, lang: str, print_mode: bool):
    slide = resolved.deck.slides[index]
    total = len(resolved.deck.slides)
    number = index + 1
    store = resolved.store
    title_id = f"slide-{number}-title"
    summary_id = f"slide-{number}-summary"
    body: list = [
        html.H1(slide.text("title", lang), id=title_id, className="slide-title", tabIndex="-1"),
        html.P(slide.text("takeaway", lang), className="slide-takeaway"),
    ]
    footer = [
        html.P(
            f"{number} / {total}", className="slide-number", **attributes({"aria-hidden": "true"})
        )
    ]
    if store is None:
        body.append(html.P(t("deck_no_store", lang), className="slide-message"))
    else:
        content = slide_content(slide, store, lang)
        if content.figure is not None and not content.message:
            body.append(
                html.Figure(
                    dcc.Graph(
                        figure=projector_figure(content.figure, print_mode=print_mode),
                        config={"displayModeBar": False, "responsive": not print_mode},
                        className="slide-chart",
                    ),
                    className="slide-figure",
                    role="figure",
                    **attributes({"aria-labelledby": title_id, "aria-describedby": summary_id}),
                )
            )
        else:
            body.append(html.P(content.message or content.summary, className="slide-message"))
        body.append(html.P(content.summary, id=summary_id, className="slide-summary"))
        # e.g. "Prognose (85173NED): cijfers van 11-7-2024; CBS heeft de tabel gewijzigd"
        body += [html.P(note, className="slide-note") for note in content.notes]
        footer.insert(
            0,
            html.P(
                t("slide_source", lang, date=vintage_date(store, lang)),
                className="slide-source",
                **attributes({"data-vintage": store.vintage}),
            ),
        )
    notes = slide.text("notes", lang) or t("slide_notes_none", lang)
    body.append(html.Footer(footer, className="slide-footer"))
    body.append(
        html.Aside(
            [html.H2(t("slide_notes", lang)), html.P(notes)],
            className="slide-notes",
            hidden=True,
            **attributes({"aria-label": t("slide_notes", lang)}),
        )
    )
    shown = print_mode or number == current
    return html.Section(
        body,
        id=f"slide-{number}",
        hidden=not shown,
        className="slide is-current" if number == current else "slide",
        **attributes(
            {
                "aria-roledescription": "dia" if lang == "nl" else "slide",
                "aria-labelledby": title_id,
                "data-title": slide.text("title", lang),
            }
        ),
    )


def _controls(lang: str, query: str, print_query: str, current: int, total: int) -> html.Nav:
    return html.Nav(
        [
            html.Button(
                "←",
                id="deck-previous",
                className="deck-button",
                n_clicks=0,
                title=t("slide_previous", lang),
                **attributes({"aria-label": t("slide_previous", lang)}),
            ),
            html.P(f"{current} / {total}", id="deck-counter", className="deck-counter"),
            html.Button(
                "→",
                id="deck-next",
                className="deck-button",
                n_clicks=0,
                title=t("slide_next", lang),
                **attributes({"aria-label": t("slide_next", lang)}),
            ),
            html.Button(
                t("slide_notes", lang) + " (N)",
                id="deck-notes-toggle",
                n_clicks=0,
                className="deck-button deck-button-text",
                **attributes({"aria-pressed": "false"}),
            ),
            html.A(
                t("deck_open_notes", lang),
                href=link(NOTES_PATH, query),
                target="talent-notes",
                id="deck-notes-window",
                className="deck-button-text",
            ),
            html.A(
                t("deck_export_pdf", lang),
                href=link(PATH, print_query, PRINT_FRAGMENT),
                id="deck-export-pdf",
                className="deck-button-text",
            ),
            html.P(t("deck_keys_help", lang), className="deck-help"),
        ],
        className="deck-controls",
        **attributes({"aria-label": t("deck_controls_label", lang)}),
    )


def layout(
    deck: str | None = None,
    dia: str | None = None,
    afdruk: str | None = None,
    taal: str | None = None,
    **_query: str,
):
    lang = language(taal)
    print_mode = (afdruk or "").strip() == "1"
    resolved = resolve_deck(deck, lang)
    total = len(resolved.deck.slides)
    current = slide_number(dia, total)
    encoded = deck
    if resolved.deck.versie is None and resolved.store is not None and not deck:
        # The default deck pins whatever is newest now, so the notes window and the print
        # view that this page opens show the same numbers.
        encoded = encode_deck(resolved.deck.model_copy(update={"versie": resolved.store.vintage}))
    query = deck_query(resolved, encoded, lang)
    slides = [_slide(resolved, i, current, lang, print_mode) for i in range(total)]
    messages = [html.P(m, className="deck-message", role="status") for m in resolved.messages]
    children: list = [*messages, *slides]
    if print_mode:
        children.append(
            html.Button(
                t("deck_export_pdf", lang),
                id="deck-print",
                className="deck-button-text deck-print-button",
                n_clicks=0,
            )
        )
    else:
        children.append(
            _controls(lang, query, deck_query(resolved, encoded, lang, afdruk=True), current, total)
        )
    children.append(
        html.P(
            "",
            id="deck-live",
            className="visually-hidden",
            **attributes({"aria-live": "polite", "aria-atomic": "true"}),
        )
    )
    return html.Main(
        children,
        id="deck",
        lang=lang,
        tabIndex="-1",
        className="deck is-print" if print_mode else "deck",
        **attributes(
            {
                "data-total": str(total),
                "data-current": str(current),
                "data-query": query,
                "data-lang": lang,
                "aria-label": resolved.deck.title(lang),
                "data-announce": t(
                    "slide_announce", lang, current="{current}", total="{total}", title="{title}"
                ),
            }
        ),
    )
