"""Overzicht: the 18–35 share of the focus municipality against Twente and the Netherlands."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, dcc, html, no_update
from dash.development.base_component import Component

from dashboard.cards.model import CardSpec, region_name, resolve_period
from dashboard.components.attributes import attributes
from dashboard.components.chart_card import chart_card
from dashboard.components.controls import TIME_SERIES_CONTROLS
from dashboard.components.ids import VIEW_STATE
from dashboard.components.shell import render_page
from dashboard.data.store import PROVISIONAL, Store
from dashboard.i18n import t
from dashboard.i18n.formatting import format_number, format_value
from dashboard.programme.targets import (
    format_amount,
    headline,
    indicator_info,
    status_label,
    target_row,
    targets,
)
from dashboard.state.url import HOME_PATH, TALENTOPGAVE_PATH, link
from dashboard.state.view import View, resolve_view

PATH = HOME_PATH
PREFIX = "ovw"
dash.register_page(
    __name__,
    path=PATH,
    name="Overzicht",
    order=0,
    text_key="page_overzicht",
    title="Overzicht · Talentopgave dashboard",
)

SHARE = "share_18_35"
KPI_REGIONS = ("CR12", "NL01")  # the headline always compares with Twente and the country
CARDS = (
    CardSpec("line", SHARE),
    CardSpec("line", "count_18_35"),
    CardSpec("forecast", "population_forecast"),
    CardSpec("forecast_check", "population_forecast"),  # the realised population over it
)


def kpi_tiles(view: View, store: Store) -> list:
    """Latest 18–35 share for the focus municipality, Twente and the Netherlands."""
    state, lang = view.state, view.state.taal
    period = resolve_period(state, store)
    tiles = []
    for code in (state.gemeente, *KPI_REGIONS):
        series = store.get_series(SHARE, code)
        if series is None:
            continue
        years = [y for y in series.years if period.van <= y <= period.tot]
        if not years:
            continue
        # Years of the series itself, so each has a value (value_in's None is for others).
        last_year, last = years[-1], series.years.index(years[-1])
        value = series.values[last]
        provisional = series.statuses[last] == PROVISIONAL
        children = [
            html.P(region_name(store, code, lang), className="kpi-region"),
            html.P(
                format_value(value, "%", 1, lang) + ("*" if provisional else ""),
                className="kpi-value",
            ),
            html.P(
                t("kpi_latest", lang, year=last_year)
                + (f" ({t('provisional', lang)})" if provisional else ""),
                className="kpi-label",
            ),
        ]
        first = series.values[series.years.index(years[0])]
        if len(years) > 1:
            change = format_number(value - first, 1, lang, signed=True)
            children.append(
                html.P(t("kpi_change", lang, change=change, year=years[0]), className="kpi-change")
            )
        tiles.append(
            html.Div(children, className="kpi is-focus" if code == state.gemeente else "kpi")
        )
    return tiles


def programme_status(view: View, store: Store) -> list:
    """The Talentopgave's headline next to the 18–35 share, linking to its page."""
    lang = view.state.taal
    children: list = [html.H2(t("headline_status_title", lang), id="ovw-programme-title")]
    if store.programme is None or not targets(store):
        return children + [html.P(t("programme_missing", lang))]
    counts = headline(store)
    children.append(
        html.P(
            t(
                "headline_counts",
                lang,
                total=counts["total"],
                op_koers=counts["on_track"],
                achter=counts["behind"],
                voor=counts["ahead"],
            ),
            className="headline-counts",
        )
    )
    population = target_row(store, "population")
    if population is not None:
        info = indicator_info(store, "population", "cbs", lang)
        status = population["status"]
        line: list[str | Component] = [
            t(
                "headline_population",
                lang,
                year=population["target_year"],
                target=format_amount(population["target_value"], info.unit, info.decimals, lang),
                status="",
            ),
            html.Span(
                status_label(status, lang),
                className="status status-" + (str(status).replace(" ", "-") if status else "none"),
            ),
        ]
        if population["example"]:
            line += [" ", html.Span(t("example_label", lang), className="example-label")]
        children.append(html.P(line, className="headline-population"))
    children.append(
        dcc.Link(
            t("headline_link", lang),
            href=link(TALENTOPGAVE_PATH, view.query),
            id="ovw-programme-link",
            className="button button-secondary",
        )
    )
    return children


def _body(view: View, store: Store) -> list:
    lang = view.state.taal
    return [
        html.Section(
            kpi_tiles(view, store),
            id="ovw-kpi",
            className="kpi-row",
            **attributes({"aria-label": t("kpi_label", lang)}),
        ),
        html.Section(
            programme_status(view, store),
            id="ovw-programme-status",
            className="card programme-status",
            **attributes({"aria-labelledby": "ovw-programme-title"}),
        ),
        *[chart_card(spec, PREFIX, view.state, store) for spec in CARDS],
    ]


def layout(gemeente: str | None = None, **query: str):
    """The overview for the URL's view (query values arrive as strings; unknown ones ignored)."""
    return render_page(
        PATH,
        {"gemeente": gemeente, **query},
        "page_overzicht",
        _body,
        controls=TIME_SERIES_CONTROLS,
        intro_key="intro_overzicht",
    )


@callback(
    Output("ovw-programme-status", "children"), Input(VIEW_STATE, "data"), prevent_initial_call=True
)
def update_programme_status(view_state):
    """Keeps the link to the Talentopgave carrying the current view."""
    view = resolve_view((view_state or {}).get("query"))
    return programme_status(view, view.store) if view.store is not None else no_update


@callback(Output("ovw-kpi", "children"), Input(VIEW_STATE, "data"), prevent_initial_call=True)
def update_kpis(view_state):
    view = resolve_view((view_state or {}).get("query"))
    return kpi_tiles(view, view.store) if view.store is not None else no_update
