"""Presentatie samenstellen: order, edit and share the deck being built.

Charts add slides with "Voeg toe aan presentatie" (``assets/deck_builder.js``); the deck is
kept in the browser (``dcc.Store`` with ``storage_type="local"``, id ``deck-draft``). Here
slides are moved, removed and retitled, and the deck is shared as a link (``/presentatie?
deck=…``) or as a .json file, or read back from one. The list is re-rendered only when its
structure changes, so typing in a title does not lose the focus.
"""

from __future__ import annotations

import base64
import json

import dash
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from dashboard.components.attributes import attributes
from dashboard.components.ids import dom_id
from dashboard.components.shell import render_page
from dashboard.data.store import Store
from dashboard.i18n import t
from dashboard.presentation.decks import (
    MAX_SLIDES,
    Deck,
    DeckError,
    deck_json,
    encode_deck,
    parse_deck,
)
from dashboard.state.url import COMPOSE_PATH, PRESENTATION_PATH, link, presentation_query
from dashboard.state.view import View

PATH = COMPOSE_PATH
PREFIX = "cmp"
dash.register_page(
    __name__,
    path=PATH,
    name="Presentatie samenstellen",
    order=9,
    text_key="page_samenstellen",
    title="Presentatie samenstellen · Talentopgave dashboard",
)


def _field(kind: str, index: int, label: str, value: str, *, area: bool = False):
    component_id = {"type": f"{PREFIX}-{kind}", "index": index}
    control = (
        dcc.Textarea(id=component_id, value=value, className=f"compose-{kind}")
        if area
        else dcc.Input(
            id=component_id, value=value, debounce=True, type="text", className=f"compose-{kind}"
        )
    )
    return html.Div(
        [html.Label(label, htmlFor=dom_id(component_id)), control], className="compose-field"
    )


def draft_slides(draft: object) -> list[dict]:
    slides = draft.get("slides") if isinstance(draft, dict) else None
    return (
        [s for s in slides if isinstance(s, dict)][:MAX_SLIDES] if isinstance(slides, list) else []
    )


def structure(draft: object) -> list[str]:
    """What the list shows apart from the texts: the views in order."""
    return [str(s.get("view", "")) for s in draft_slides(draft)]


def slide_list(draft: object, lang: str) -> list:
    slides = draft_slides(draft)
    if not slides:
        return [html.P(t("compose_empty", lang), className="compose-empty")]
    items = []
    for index, slide in enumerate(slides):
        buttons = [
            html.Button(
                t(f"compose_{action}", lang),
                n_clicks=0,
                type="button",
                id={"type": f"{PREFIX}-{action}", "index": index},
                className="button button-secondary",
            )
            for action in ("up", "down", "remove")
        ]
        items.append(
            html.Li(
                [
                    html.P([html.Strong(f"{index + 1}. "), html.Code(str(slide.get("view", "")))]),
                    _field(
                        "title",
                        index,
                        t("compose_slide_title", lang),
                        str(slide.get("title_nl", "")),
                    ),
                    _field(
                        "takeaway",
                        index,
                        t("compose_takeaway", lang),
                        str(slide.get("takeaway_nl", "")),
                    ),
                    _field(
                        "notes",
                        index,
                        t("compose_notes", lang),
                        str(slide.get("notes_nl", "")),
                        area=True,
                    ),
                    html.Div(buttons, className="compose-actions"),
                ],
                className="compose-slide",
            )
        )
    return [html.Ol(items, className="compose-list")]


def moved(draft: object, action: str, index: int) -> dict | None:
    """The draft after moving or removing slide ``index``; None when nothing changes."""
    if not isinstance(draft, dict):
        return None
    slides = draft_slides(draft)
    if not 0 <= index < len(slides):
        return None
    if action == "remove":
        slides.pop(index)
    else:
        other = index - 1 if action == "up" else index + 1
        if not 0 <= other < len(slides):
            return None
        slides[index], slides[other] = slides[other], slides[index]
    return {**draft, "slides": slides}


def share_link(draft: object, lang: str) -> tuple[str, str, str]:
    """(href of the presentation, full link text, status message) for the draft."""
    if not draft_slides(draft):
        return "", "", ""
    try:
        encoded = encode_deck(parse_deck(draft))
    except DeckError as error:
        if "link" in str(error):
            return "", "", t("compose_too_large", lang)
        return "", "", t("compose_upload_error", lang, error=str(error))
    href = link(PRESENTATION_PATH, presentation_query(encoded, taal=lang))
    return href, href, ""


def _body(view: View, _store: Store) -> list:
    lang = view.state.taal
    return [
        html.Div(
            [
                dcc.Store(id="deck-draft", storage_type="local"),
                dcc.Store(id=f"{PREFIX}-structure", data=None),
                dcc.Store(id=f"{PREFIX}-lang", data=lang),
                html.P(t("compose_intro", lang)),
                html.Div(
                    _field("deck-title", 0, t("compose_deck_title", lang), ""),
                    className="compose-deck-title",
                ),
                html.Div(id=f"{PREFIX}-list", children=slide_list(None, lang)),
                html.P(
                    "", id=f"{PREFIX}-status", role="status", **attributes({"aria-live": "polite"})
                ),
                html.Div(
                    [
                        html.A(
                            t("compose_open", lang),
                            id=f"{PREFIX}-open",
                            href="",
                            className="button",
                        ),
                        html.Button(
                            t("compose_download", lang),
                            id=f"{PREFIX}-download-button",
                            n_clicks=0,
                            type="button",
                            className="button button-secondary",
                        ),
                        dcc.Download(id=f"{PREFIX}-download"),
                        dcc.Upload(
                            html.Button(
                                t("compose_upload", lang),
                                type="button",
                                className="button button-secondary",
                            ),
                            id=f"{PREFIX}-upload",
                            accept=".json,application/json",
                        ),
                        html.Button(
                            t("compose_clear", lang),
                            id=f"{PREFIX}-clear",
                            n_clicks=0,
                            type="button",
                            className="button button-quiet",
                        ),
                    ],
                    className="compose-tools",
                ),
                html.Label(t("compose_link_label", lang), htmlFor=f"{PREFIX}-link"),
                dcc.Input(
                    id=f"{PREFIX}-link",
                    type="text",
                    readOnly=True,
                    value="",
                    className="compose-link",
                ),
            ],
            className="compose card",
        )
    ]


def layout(gemeente: str | None = None, **query: str):
    return render_page(PATH, {"gemeente": gemeente, **query}, "page_samenstellen", _body)


@callback(
    Output(f"{PREFIX}-list", "children"),
    Output(f"{PREFIX}-structure", "data"),
    Output({"type": f"{PREFIX}-deck-title", "index": 0}, "value"),
    Output(f"{PREFIX}-open", "href"),
    Output(f"{PREFIX}-link", "value"),
    Output(f"{PREFIX}-status", "children"),
    Input("deck-draft", "data"),
    State(f"{PREFIX}-structure", "data"),
    State(f"{PREFIX}-lang", "data"),
)
def show_draft(draft, shown_structure, lang):
    lang = "en" if lang == "en" else "nl"
    href, text, status = share_link(draft, lang)
    now = structure(draft)
    title = draft.get("title_nl", "") if isinstance(draft, dict) else ""
    if shown_structure is not None and now == shown_structure:
        return no_update, no_update, no_update, href, text, status
    return slide_list(draft, lang), now, title, href, text, status


@callback(
    Output("deck-draft", "data", allow_duplicate=True),
    Input({"type": f"{PREFIX}-title", "index": ALL}, "value"),
    Input({"type": f"{PREFIX}-takeaway", "index": ALL}, "value"),
    Input({"type": f"{PREFIX}-notes", "index": ALL}, "value"),
    Input({"type": f"{PREFIX}-deck-title", "index": ALL}, "value"),
    State("deck-draft", "data"),
    prevent_initial_call=True,
)
def edit_texts(titles, takeaways, notes, deck_titles, draft):
    slides = draft_slides(draft)
    columns = (titles, takeaways, notes)
    if not slides or not all(isinstance(c, list) and len(c) == len(slides) for c in columns):
        return no_update  # the list is being redrawn, or the payload is not ours
    for slide, title, takeaway, note in zip(slides, titles, takeaways, notes, strict=False):
        slide["title_nl"] = str(title or "")[:160]
        slide["takeaway_nl"] = str(takeaway or "")[:400]
        slide["notes_nl"] = str(note or "")[:4000]
    typed = deck_titles[0] if isinstance(deck_titles, list) and deck_titles else ""
    deck_title = str(typed or draft.get("title_nl") or "")[:160]
    return {**draft, "title_nl": deck_title, "slides": slides}


@callback(
    Output("deck-draft", "data", allow_duplicate=True),
    Output(f"{PREFIX}-status", "children", allow_duplicate=True),
    Input({"type": f"{PREFIX}-up", "index": ALL}, "n_clicks"),
    Input({"type": f"{PREFIX}-down", "index": ALL}, "n_clicks"),
    Input({"type": f"{PREFIX}-remove", "index": ALL}, "n_clicks"),
    Input(f"{PREFIX}-clear", "n_clicks"),
    Input(f"{PREFIX}-upload", "contents"),
    State("deck-draft", "data"),
    State(f"{PREFIX}-lang", "data"),
    prevent_initial_call=True,
)
def change_structure(_up, _down, _remove, _clear, upload, draft, lang):
    trigger = ctx.triggered_id
    if not ctx.triggered or not ctx.triggered[0].get("value"):
        return no_update, no_update  # a button that was just drawn, not clicked
    if trigger == f"{PREFIX}-clear":
        return None, ""
    if trigger == f"{PREFIX}-upload":
        return read_upload(upload, lang)
    if isinstance(trigger, dict):
        action = str(trigger.get("type", "")).removeprefix(f"{PREFIX}-")
        index = trigger.get("index")
        result = moved(draft, action, index) if isinstance(index, int) else None
        return (result, "") if result is not None else (no_update, no_update)
    return no_update, no_update


def read_upload(contents: object, lang: str) -> tuple:
    """A dcc.Upload data URL to the draft, or a message why it is not a deck."""
    try:
        payload = str(contents).split(",", 1)[1]
        deck: Deck = parse_deck(base64.b64decode(payload).decode("utf-8"))
    except (IndexError, ValueError, UnicodeDecodeError) as error:
        return no_update, t("compose_upload_error", lang, error=str(error)[:200])
    return json.loads(deck_json(deck)), ""


@callback(
    Output(f"{PREFIX}-download", "data"),
    Input(f"{PREFIX}-download-button", "n_clicks"),
    State("deck-draft", "data"),
    prevent_initial_call=True,
)
def download_deck(n_clicks, draft):
    if not n_clicks or not draft_slides(draft):
        return no_update
    try:
        text = deck_json(parse_deck(draft), indent=2)
    except DeckError:
        text = json.dumps(draft, ensure_ascii=False, indent=2)
    return {
        "content": text,
        "filename": "presentatie.json",
        "type": "application/json",
        "base64": False,
    }
