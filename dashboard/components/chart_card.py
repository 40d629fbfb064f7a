"""The reusable chart card: finding title, chart ⇄ table, summary, definition, source, CSV
and Excel.

A card is rendered complete, chart included, in the page layout: the first view needs no
callback round trip of its own (issue 12: charts drawn one callback each queued behind each
other on two sync workers). It is re-rendered by a ``MATCH`` callback when the view state
changes; two more download its CSV and its Excel workbook. The summary doubles as the
chart's accessible description.
"""

from __future__ import annotations

import json
import logging
import re
from urllib.parse import urlsplit

import dash
import dash_bootstrap_components as dbc
import flask
from dash import MATCH, Input, Output, State, callback, dcc, html, no_update
from dash.exceptions import UnsupportedRelativePath

from dashboard.cards.model import CardContent, CardSpec
from dashboard.cards.registry import build_card
from dashboard.cards.sources import collect_sources
from dashboard.cards.xlsx_export import XLSX_MIME, card_metadata, workbook_bytes
from dashboard.components.attributes import attributes
from dashboard.components.data_table import data_table
from dashboard.components.ids import PAGES_LOCATION, VIEW_STATE, card_ids
from dashboard.data.store import Store
from dashboard.i18n import t
from dashboard.server import render_cache
from dashboard.state.url import HOME_PATH, VIEW_PATH_RE, ViewState, build_query, link
from dashboard.state.view import resolve_view

# Only what a policy adviser uses: the PNG download and undoing a zoom. Fewer modebar
# buttons also means less DOM for the browser to build per chart.
log = logging.getLogger(__name__)

GRAPH_CONFIG: dcc.Graph.Config = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtons": [["toImage", "resetScale2d"]],
}
# plotly.js locale by page language: "nl" is registered by assets/vendor/plotly/
# plotly-locale-nl.js (modebar tooltips, month and day names); "en" is built in.
PLOTLY_LOCALES = {"nl": "nl", "en": "en"}
# That Dutch locale has no "Reset axes" and spells the camera's tooltip "Dowload"; a
# config's own dictionary is looked up before the registered locale (plotly's
# Lib.localize), so the two tooltips this modebar shows are worded here.
DUTCH_MODEBAR = {
    "Download plot as a PNG": "Grafiek downloaden als PNG",
    "Reset axes": "Assen terugzetten",
}


def graph_config(content: CardContent, lang: str) -> dcc.Graph.Config:
    config: dcc.Graph.Config = {
        **GRAPH_CONFIG,
        "locale": PLOTLY_LOCALES.get(lang, "en"),
        "toImageButtonOptions": {"format": "png", "filename": content.filename, "scale": 2},
    }
    if lang == "nl":
        config["locales"] = {"nl": {"dictionary": DUTCH_MODEBAR}}
    return config


def card_head(card: str, content: CardContent) -> html.H2:
    return html.H2(content.title, id=f"{card}-title", className="card-title")


def card_body(card: str, content: CardContent, weergave: str, lang: str) -> list:
    """Notes, then the chart (or table, or message), the summary and definition/source."""
    summary_id = f"{card}-summary"
    children: list = [html.P(note, className="card-note") for note in content.notes]
    if content.message:
        children.append(html.P(content.message, className="card-message", role="note"))
    elif weergave == "tabel" and (table := content.table) is not None:
        children.append(data_table(table, table_id=f"{card}-table"))
    elif content.figure is not None:
        # role=figure keeps the modebar reachable; the title names it, the summary describes it.
        children.append(
            html.Figure(
                dcc.Graph(
                    figure=content.figure, config=graph_config(content, lang), className="chart"
                ),
                role="figure",
                className="chart-figure",
                **attributes({"aria-labelledby": f"{card}-title", "aria-describedby": summary_id}),
            )
        )
        # The modebar's camera cannot be reached with the keyboard; this button can
        # (assets/chart_png.js draws the same PNG with plotly's own downloadImage).
        children.append(
            html.Button(
                t("download_png", lang),
                type="button",
                className="button button-secondary download-png",
                title=t("download_png_label", lang, title=content.title),
                **attributes({"data-filename": content.filename}),
            )
        )
        if content.events:  # the numbers above the event lines, spelled out
            children.append(
                html.Div(
                    [
                        html.P(
                            t("events_list_label", lang),
                            id=f"{card}-events-label",
                            className="card-events-label",
                        ),
                        html.Ul(
                            [html.Li(text) for text in content.events],
                            className="card-events",
                            **attributes({"aria-labelledby": f"{card}-events-label"}),
                        ),
                    ]
                )
            )
    children.append(html.P(content.summary, id=summary_id, className="card-summary"))
    meta = []
    if content.definition:
        meta += [html.Dt(t("definition", lang)), html.Dd(content.definition)]
    if content.source:
        meta += [html.Dt(t("source", lang)), html.Dd(content.source)]
    if meta:
        children.append(html.Dl(meta, className="card-meta"))
    return children


def add_to_deck_button(
    spec: CardSpec, content: CardContent, store: Store, lang: str
) -> html.Button:
    """Adds this chart's view to the deck being built (assets/deck_builder.js, no callback)."""
    return html.Button(
        t("add_to_deck", lang),
        type="button",
        n_clicks=0,
        className="button button-secondary add-to-deck",
        title=t("add_to_deck_label", lang, title=content.title),
        **attributes(
            {
                "data-kind": spec.kind,
                "data-indicator": spec.indicator or "",
                "data-per-thousand-of": spec.per_1000_of or "",
                "data-versie": store.vintage,
                "data-added": t("added_to_deck", lang, count="{count}"),
                "data-added-one": t("added_to_deck_one", lang),
                "data-deck-title": t("compose_default_title", lang),
            }
        ),
    )


def excel_button(card: str, content: CardContent, lang: str) -> list:
    """The Excel button beside the CSV one; disabled, with the reason, on a card that shows
    no figures (there would be nothing to paste)."""
    ids = card_ids(card)
    if content.export_rows:
        return [
            html.Button(
                t("download_xlsx", lang),
                id=ids["xlsx"],
                type="button",
                className="button button-secondary download-xlsx",
                title=t("download_xlsx_label", lang, title=content.title),
                n_clicks=0,
            )
        ]
    reason_id = f"{card}-xlsx-reason"
    return [
        html.Button(
            t("download_xlsx", lang),
            id=ids["xlsx"],
            type="button",
            className="button button-secondary download-xlsx",
            title=t("download_xlsx_unavailable", lang),
            disabled=True,
            n_clicks=0,
            **attributes({"aria-describedby": reason_id}),
        ),
        html.Span(t("download_xlsx_unavailable", lang), id=reason_id, className="visually-hidden"),
    ]


def chart_card(spec: CardSpec, page_prefix: str, state: ViewState, store: Store) -> html.Section:
    card = spec.card_id(page_prefix)
    ids = card_ids(card)
    content = build_card(spec, state, store)
    lang = state.taal
    toggle = dbc.RadioItems(
        id=ids["toggle"],
        value=state.weergave,
        inline=True,
        className="view-toggle",
        options=[
            {"label": t("weergave_grafiek", lang), "value": "grafiek"},
            {"label": t("weergave_tabel", lang), "value": "tabel"},
        ],
    )
    tools = html.Div(
        [
            html.Fieldset(
                [html.Legend(t("weergave_legend", lang), className="visually-hidden"), toggle],
                className="toggle-group",
            ),
            html.Button(
                [t("download_csv", lang)],
                id=ids["csv"],
                className="button button-secondary",
                title=t("download_csv_label", lang, title=content.title),
                n_clicks=0,
            ),
            dcc.Download(id=ids["download"]),
            *excel_button(card, content, lang),
            dcc.Download(id=ids["xlsx_download"]),
            add_to_deck_button(spec, content, store, lang),
        ],
        className="card-tools",
    )
    return html.Section(
        [
            dcc.Store(id=ids["spec"], data={**spec.as_dict(), "card": card}),
            html.Div(card_head(card, content), id=ids["head"], className="card-head"),
            tools,
            html.Div(
                card_body(card, content, state.weergave, lang),
                id=ids["body"],
                className="card-body",
            ),
        ],
        className=f"card card-{spec.kind}",
        id=f"card-{card}",
        **attributes({"aria-labelledby": f"{card}-title"}),
    )


def render_card(view_state: dict | None, spec_data: object) -> tuple:
    """The callback's work as a plain function: new head and body for a view state."""
    view = resolve_view((view_state or {}).get("query"))
    if view.store is None:
        return no_update, no_update
    spec = CardSpec.from_dict(spec_data)
    card = _card_name(spec_data)
    try:
        content = build_card(spec, view.state, view.store)
    except Exception:  # one odd series must not break the whole page
        log.exception("card %s could not be built for %s", card, view.query)
        content = CardContent(
            title=spec.indicator or spec.kind,
            summary=t("page_error", view.state.taal),
            message=t("page_error", view.state.taal),
        )
    return card_head(card, content), card_body(card, content, view.state.weergave, view.state.taal)


def cached_render_card(view_state: dict | None, spec_data: object) -> tuple:
    """:func:`render_card` through the render cache: the callbacks' path. The card is a pure
    function of the query and the spec the browser holds (and of the store and the date,
    which the cache key adds)."""
    query = view_state.get("query") if isinstance(view_state, dict) else None
    key = render_cache.cache_key(
        "card", repr(query), json.dumps(spec_data, sort_keys=True, default=str)
    )
    hit = render_cache.get(key)
    if isinstance(hit, (list, tuple)):  # what put stored: the (head, body) pair in wire form
        return tuple(hit)
    head, body = render_card(view_state, spec_data)
    if head is no_update:
        return head, body
    wired = render_cache.put(key, (head, body))
    return tuple(wired) if isinstance(wired, (list, tuple)) else (head, body)


def _card_name(spec_data: object) -> str:
    """The card's name from client-held data, reduced to characters safe in an HTML id."""
    name = spec_data.get("card") if isinstance(spec_data, dict) else None
    return re.sub(r"[^A-Za-z0-9_-]", "", name)[:80] if isinstance(name, str) else "card"


def csv_download(view_state: dict | None, spec_data: object) -> dict | None:
    view = resolve_view((view_state or {}).get("query"))
    if view.store is None:
        return None
    content = build_card(CardSpec.from_dict(spec_data), view.state, view.store)
    return {
        "content": content.csv(view.state.taal),
        "filename": f"{content.filename}.csv",
        "type": "text/csv;charset=utf-8",
        "base64": False,
    }


def view_url(state: ViewState, href: object = None, pathname: object = None) -> str:
    """The shareable address of the page a card is on, showing ``state``: the origin the
    browser uses (else the one this request came to), the page's path, the canonical query.
    ``href`` and ``pathname`` come from the client: anything odd gives the home page."""
    origin = ""
    parts = urlsplit(href) if isinstance(href, str) else None
    if parts is not None and parts.scheme in ("http", "https") and parts.netloc:
        origin = f"{parts.scheme}://{parts.netloc}"
    elif flask.has_request_context():
        origin = flask.request.host_url.rstrip("/")
    path = HOME_PATH
    if isinstance(pathname, str):
        # The address holds the prefix the app is served under; link() puts it back.
        # Dash raises UnsupportedRelativePath for a path outside that prefix
        # (dash/_get_paths.py, app_strip_relative_path).
        try:
            candidate = "/" + (dash.strip_relative_path(pathname) or "")
        except UnsupportedRelativePath:
            candidate = HOME_PATH
        if VIEW_PATH_RE.match(candidate):
            path = candidate
    return origin + link(path, build_query(state))


def xlsx_download(
    view_state: dict | None, spec_data: object, href: object = None, pathname: object = None
) -> dict | None:
    """The card's Excel workbook for the view the browser holds, as dcc.Download takes it."""
    view = resolve_view((view_state or {}).get("query"))
    if view.store is None:
        return None
    with collect_sources() as sources:
        content = build_card(CardSpec.from_dict(spec_data), view.state, view.store)
    url = view_url(view.state, href, pathname)
    metadata = card_metadata(content, sources, view.state, view.store, url)
    return dcc.send_bytes(
        workbook_bytes(content, metadata, view.state.taal),
        f"{content.filename}.xlsx",
        type=XLSX_MIME,
    )


@callback(
    Output(card_ids(MATCH)["head"], "children"),
    Output(card_ids(MATCH)["body"], "children"),
    Input(VIEW_STATE, "data"),
    State(card_ids(MATCH)["spec"], "data"),
    prevent_initial_call=True,
)
def update_card(view_state, spec_data):
    return cached_render_card(view_state, spec_data)


@callback(
    Output(card_ids(MATCH)["download"], "data"),
    Input(card_ids(MATCH)["csv"], "n_clicks"),
    State(VIEW_STATE, "data"),
    State(card_ids(MATCH)["spec"], "data"),
    prevent_initial_call=True,
)
def download_card_csv(n_clicks, view_state, spec_data):
    if not n_clicks:
        return no_update
    return csv_download(view_state, spec_data) or no_update


@callback(
    Output(card_ids(MATCH)["xlsx_download"], "data"),
    Input(card_ids(MATCH)["xlsx"], "n_clicks"),
    State(VIEW_STATE, "data"),
    State(card_ids(MATCH)["spec"], "data"),
    State(PAGES_LOCATION, "href"),
    State(PAGES_LOCATION, "pathname"),
    prevent_initial_call=True,
)
def download_card_xlsx(n_clicks, view_state, spec_data, href, pathname):
    if not n_clicks:
        return no_update
    return xlsx_download(view_state, spec_data, href, pathname) or no_update
