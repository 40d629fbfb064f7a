"""Over de data: every indicator's definition, source table, vintage and provisional years."""

from __future__ import annotations

import dash
from dash import html

from dashboard.cards import TableData, source_tables
from dashboard.components.data_table import data_table
from dashboard.formatting import format_date, format_number, format_vintage, format_years
from dashboard.i18n import catalogue_text, t
from dashboard.shell import render_page
from dashboard.store import STORE, Store
from dashboard.view import View

PATH = "/over-de-data"
dash.register_page(__name__, path=PATH, name="Over de data", order=7,
                   text_key="page_over_de_data", title="Over de data · Talentopgave dashboard")


def provisional_by_indicator(store: Store) -> dict[str, list[int]]:
    frame = store.indicators
    rows = frame[frame["status"] == "voorlopig"]
    return {key: sorted(int(y) for y in group["year"].unique())
            for key, group in rows.groupby("indicator")}


def indicator_table(store: Store, lang: str) -> TableData:
    provisional = provisional_by_indicator(store)
    rows = []
    for key, entry in store.catalogue.items():
        rows.append([
            catalogue_text(entry, "title", lang),
            key,
            catalogue_text(entry, "definition", lang),
            catalogue_text(entry, "unit", lang),
            str(entry.get("formula", "")),
            ", ".join(source_tables(store, entry)),
            format_years(provisional.get(key, [])) or t("none", lang),
        ])
    header = [t("col_indicator", lang), "id", t("col_definition", lang), t("col_unit", lang),
              t("col_formula", lang), t("col_sources", lang), t("col_provisional", lang)]
    return TableData(caption=t("about_indicators", lang), header=header, rows=rows)


def source_table(store: Store, lang: str) -> TableData:
    rows = []
    for table_id, info in (store.manifest.get("tables") or {}).items():
        periods = info.get("periods") or []
        rows.append([
            table_id, str(info.get("title", "")), format_date(info.get("modified"), lang),
            format_date(info.get("fetched_at"), lang),
            "–".join(str(p) for p in periods) if periods else "–",
            format_years(info.get("provisional_periods") or []) or t("none", lang),
            format_number(info.get("rows"), 0, lang) if info.get("rows") is not None else "–",
        ])
    header = [t("col_table", lang), t("col_title", lang), t("col_modified", lang),
              t("col_fetched", lang), t("col_periods", lang), t("col_provisional", lang),
              t("col_rows", lang)]
    return TableData(caption=t("about_tables", lang), header=header, rows=rows)


def vintage_facts(store: Store, vintages: list[str], lang: str) -> html.Dl:
    manifest = store.manifest
    boundaries = manifest.get("boundaries") or {}
    boundary_text = t("boundaries_available", lang, year=boundaries.get("year", "–")) \
        if boundaries.get("available") and store.boundaries is not None \
        else f"{t('boundaries_missing', lang)} {boundaries.get('note', '')}".strip()
    facts = [
        (t("vintage_label", lang), f"{store.vintage} ({format_vintage(store.vintage, lang)})"),
        (t("store_created", lang), str(manifest.get("created_at", "–"))),
        (t("store_mode", lang), store.mode or "–"),
        (t("store_etl_version", lang), str(manifest.get("etl_version", "–"))),
        (t("store_boundaries", lang), boundary_text),
        (t("store_vintages", lang), ", ".join(sorted(vintages, reverse=True)) or "–"),
    ]
    children = []
    for term, detail in facts:
        children += [html.Dt(term), html.Dd(detail)]
    return html.Dl(children, className="facts")


def _body(view: View) -> list:
    lang = view.state.taal
    return [
        html.Section([html.H2(t("about_store", lang)),
                      vintage_facts(view.store, list(STORE.vintages()), lang)],
                     className="card card-wide"),
        html.Section([html.H2(t("about_indicators", lang)),
                      data_table(indicator_table(view.store, lang), table_id="about-indicators",
                                 text=True)],
                     className="card card-wide"),
        html.Section([html.H2(t("about_tables", lang)),
                      data_table(source_table(view.store, lang), table_id="about-tables",
                                 text=True)],
                     className="card card-wide"),
    ]


def layout(gemeente: str | None = None, **query: str):
    return render_page(PATH, {"gemeente": gemeente, **query}, "page_over_de_data", _body,
                       intro_key="intro_over_de_data")
