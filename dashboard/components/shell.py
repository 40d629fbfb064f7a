"""The frame around every page: skip link, banner, header, navigation, notes, footer.

Pages call :func:`render_page` from their ``layout``; the shell is rendered with the page so
that the language, the notes about the URL and the navigation links (which carry the query)
always match the view. Navigation comes from ``dash.page_registry``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date

import dash
from dash import ALL, ClientsideFunction, Input, Output, clientside_callback, dcc, html
from dash.development.base_component import Component

from dashboard.components.attributes import attributes
from dashboard.components.controls import controls_panel
from dashboard.components.ids import (
    DATA_VINTAGE,
    LANGUAGE_SWITCH,
    SHARE_BUTTON,
    SHARE_FALLBACK,
    SHARE_FALLBACK_INPUT,
    SHARE_STATUS,
    VIEW_STATE,
    nav_link_id,
)
from dashboard.data.store import DEMO, OFFLINE, STORE, Store
from dashboard.i18n import t
from dashboard.i18n.formatting import days_old, format_number, format_vintage
from dashboard.state.url import ACCESSIBILITY_PATH, ViewState, link
from dashboard.state.view import View, note_text, resolve_view, view_state_data
from etl.contract import STORE_LINK

# A page's content below its heading and controls; called only when a store is there.
BodyBuilder = Callable[[View, Store], list]
log = logging.getLogger(__name__)


def navigation_pages() -> list[dict]:
    pages = [
        p
        for p in dash.page_registry.values()
        if p.get("text_key") and not p["module"].endswith("not_found_404")
    ]
    return sorted(pages, key=lambda p: p.get("order") or 0)


def _navigation(current_path: str, view: View) -> html.Nav:
    lang = view.state.taal
    items = []
    for page in navigation_pages():
        current = page["path"] == current_path
        label: list[str | Component] = [t(page["text_key"], lang)]
        if current:
            label.append(html.Span(f" ({t('current_page', lang)})", className="visually-hidden"))
        items.append(
            html.Li(
                dcc.Link(
                    label,
                    href=link(page["path"], view.query),
                    id=nav_link_id(link(page["path"])),
                    className="nav-link is-current" if current else "nav-link",
                )
            )
        )
    return html.Nav(
        html.Ul(items, className="nav-list"),
        className="site-nav",
        **attributes({"aria-label": t("nav_label", lang)}),
    )


def in_english(text: str, lang: str) -> str | html.Span:
    """Text the ETL wrote in English, marked as such on a Dutch page (WCAG 3.1.2) so that
    a screen reader pronounces it right."""
    return html.Span(text, lang="en") if lang != "en" else text


def demo_reason(store: Store, lang: str) -> tuple[str, str] | None:
    """Why the demo is shown (manifest ``demo_reason``) and the language it is in.

    The ETL writes a reason it can word in both languages as "<Dutch> / <English>" ("CBS
    kon niet worden bereikt / CBS could not be reached"): the page's half is taken. Any
    other reason is a failing table's problem sentence, which the ETL writes in English."""
    reason = store.manifest.get("demo_reason")
    if not isinstance(reason, str) or not reason.strip():
        return None
    halves = [half.strip() for half in reason.split(" / ")]
    if len(halves) == 2 and all(halves):
        return (halves[0], "nl") if lang == "nl" else (halves[1], "en")
    return reason.strip(), "en"


def demo_banner(store: Store, lang: str) -> list:
    """ "Demonstratiegegevens — geen echte CBS-cijfers, omdat: …", or without the reason
    for a demo store that gives none (``refresh --demo``, or from before the reason)."""
    reason = demo_reason(store, lang)
    if reason is None:
        return [t("demo_banner", lang)]
    text, text_lang = reason
    before, _, after = t("demo_banner_reason", lang, reason="\0").partition("\0")
    shown = in_english(text, lang) if text_lang == "en" else text
    return [part for part in (before, shown, after) if part]


def _banner(view: View) -> html.Div | None:
    if view.store is None:
        return None
    lang = view.state.taal
    if view.store.mode == DEMO:
        return html.Div(demo_banner(view.store, lang), className="banner banner-demo", role="note")
    if view.store.mode == OFFLINE:
        return html.Div(t("offline_banner", lang), className="banner banner-offline", role="note")
    return None


def store_age_text(store: Store, lang: str, today: date) -> str:
    """How old the shown store is ("3 dagen oud"), so that a reader sees it when refreshes
    have been failing. Depends on the date only: the render cache keys on it."""
    days = days_old(store.vintage, today)
    if days is None:
        return ""
    if days == 0:
        return t("store_age_today", lang)
    if days == 1:
        return t("store_age_one_day", lang)
    return t("store_age_days", lang, days=format_number(days, 0, lang))


def _header(current_path: str, view: View) -> html.Header:
    lang = view.state.taal
    meta: list[str | Component] = [t("source_line_header", lang)]
    if view.store is not None:
        vintage = f"{t('vintage_label', lang)}: {format_vintage(view.store.vintage, lang)}"
        about = [store_age_text(view.store, lang, date.today())]
        if view.state.versie:
            about.append(t("pinned_vintage", lang))
        if any(about):
            vintage += f" ({', '.join(part for part in about if part)})"
        meta = [html.Span(meta[0]), html.Span(vintage, className="vintage", id=DATA_VINTAGE)]
    data = view_state_data(view)
    share_texts = attributes(
        {"data-copied": t("link_copied", lang), "data-failed": t("link_copy_manual", lang)}
    )
    return html.Header(
        [
            html.Div(
                [
                    html.P(t("site_title", lang), className="brand-title"),
                    html.P(t("site_subtitle", lang), className="brand-subtitle"),
                ],
                className="brand",
            ),
            html.P(meta, className="header-meta"),
            html.Div(
                [
                    dcc.Link(
                        t("language_switch", lang),
                        href=link(current_path, data["other_language_query"]),
                        id=LANGUAGE_SWITCH,
                        className="button button-quiet",
                        title=t("language_switch_label", lang),
                    ),
                    html.Button(
                        t("share_button", lang),
                        id=SHARE_BUTTON,
                        className="button",
                        n_clicks=0,
                        **share_texts,
                    ),
                    html.P(
                        "",
                        id=SHARE_STATUS,
                        className="share-status",
                        role="status",
                        **attributes({"aria-live": "polite"}),
                    ),
                    html.Div(
                        [
                            html.Label(t("share_link_label", lang), htmlFor=SHARE_FALLBACK_INPUT),
                            dcc.Input(
                                id=SHARE_FALLBACK_INPUT, type="text", readOnly=True, value=""
                            ),
                        ],
                        id=SHARE_FALLBACK,
                        className="share-fallback",
                        hidden=True,
                    ),
                ],
                className="header-actions",
            ),
        ],
        className="site-header",
    )


def _notes(view: View) -> html.Div:
    texts = [note_text(note, view) for note in view.notes]
    return html.Div(
        [html.P(text) for text in texts],
        className="notes" if texts else "notes is-empty",
        role="status",
        **attributes({"aria-label": t("notes_label", view.state.taal)}),
    )


def no_store_body(lang: str) -> list:
    return [
        html.H1(t("no_store_title", lang)),
        html.P(t("no_store_text", lang, path=str(STORE.data_dir.resolve() / STORE_LINK))),
        html.P(t("no_store_live", lang)),
        html.Pre(html.Code("make etl")),
        html.P(t("no_store_demo", lang)),
        html.Pre(html.Code("python -m etl refresh --demo")),
    ]


def _footer(view: View) -> html.Footer:
    """The source line and the link to the accessibility statement, which every page must
    have (Besluit digitale toegankelijkheid overheid; see dashboard/pages/toegankelijkheid.py).
    The link carries the view's query, like the navigation, so it keeps the language and
    the way back keeps the view."""
    lang = view.state.taal
    return html.Footer(
        [
            html.P(t("footer_text", lang)),
            html.P(
                dcc.Link(
                    t("footer_accessibility", lang),
                    href=link(ACCESSIBILITY_PATH, view.query),
                    id=nav_link_id(link(ACCESSIBILITY_PATH)),
                    className="footer-link",
                )
            ),
        ],
        className="site-footer",
    )


def render_page(
    path: str,
    query: Mapping[str, object],
    title_key: str,
    body: BodyBuilder,
    *,
    controls: tuple[str, ...] = (),
    intro_key: str | None = None,
    default_indicator: str = "share_18_35",
) -> html.Div:
    """The whole page for the view the URL describes."""
    view = resolve_view({k: v for k, v in query.items() if v is not None})
    state: ViewState = view.state
    lang = state.taal
    if view.store is None:
        content = no_store_body(lang)
    else:
        region = view.store.name(state.gemeente)
        content = [html.H1(t(title_key, lang), id="page-title")]
        if intro_key:
            content.append(html.P(t(intro_key, lang, region=region), className="intro"))
        try:
            if controls:
                content.append(
                    controls_panel(controls, view.store, state, default_indicator=default_indicator)
                )
            content.append(html.Div(body(view, view.store), className="page-body"))
        except Exception:  # a data surprise must not become an error page
            log.exception("page %s could not be rendered for %s", path, view.query)
            content.append(html.P(t("page_error", lang), className="card-message", role="alert"))
    return page_frame(path, view, content, title_key=title_key)


def page_frame(path: str, view: View, content: list, *, title_key: str) -> html.Div:
    """The shell around ``content``: for pages whose words do not depend on the data (the
    accessibility statement must be readable even before the first store is published)."""
    lang = view.state.taal
    return html.Div(
        [
            html.A(t("skip_link", lang), href="#main", className="skip-link"),
            _banner(view),
            _header(path, view),
            _navigation(path, view),
            html.Main([_notes(view)] + content, id="main", tabIndex="-1", lang=lang),
            _footer(view),
            dcc.Store(id=VIEW_STATE, data=view_state_data(view, title_key)),
        ],
        className=f"page lang-{lang}",
        lang=lang,
    )


# The address bar and the links follow the view state; the share button copies the URL
# (assets/clientside.js: no server round trip).
clientside_callback(
    ClientsideFunction(namespace="talent", function_name="syncUrl"),
    Output(nav_link_id(ALL), "href"),
    Output(LANGUAGE_SWITCH, "href"),
    Input(VIEW_STATE, "data"),
)

clientside_callback(
    ClientsideFunction(namespace="talent", function_name="shareView"),
    Output(SHARE_STATUS, "children"),
    Input(SHARE_BUTTON, "n_clicks"),
    prevent_initial_call=True,
)
