"""Over de data: every indicator's definition, source table, vintage and provisional years,
which source tables this vintage could not refresh (kept from earlier, or absent), and
what CBS revised since the previous vintage (or the one ``sinds`` names)."""

from __future__ import annotations

from dataclasses import dataclass

import dash
from dash import html

from dashboard.cards.model import TableData
from dashboard.cards.notes import figures_date, problem_reason, table_name
from dashboard.cards.sources import source_tables
from dashboard.components.attributes import attributes
from dashboard.components.data_table import data_table
from dashboard.components.revisions_section import PARAM as REVISIONS_PARAM
from dashboard.components.revisions_section import revisions_section
from dashboard.components.shell import in_english, render_page
from dashboard.data.outcomes import not_refreshed_tables, table_outcome
from dashboard.data.store import PROVISIONAL, STORE, Store
from dashboard.i18n import TEXTS, catalogue_text, t
from dashboard.i18n.formatting import format_date, format_number, format_vintage, format_years
from dashboard.state.view import View
from etl.contract import KEPT, VINTAGE_RE

PATH = "/over-de-data"
dash.register_page(
    __name__,
    path=PATH,
    name="Over de data",
    order=7,
    text_key="page_over_de_data",
    title="Over de data · Talentopgave dashboard",
)


def provisional_by_indicator(store: Store) -> dict[str, list[int]]:
    frame = store.indicators
    rows = frame[frame["status"] == PROVISIONAL]
    return {
        key: sorted(int(y) for y in group["year"].unique())
        for key, group in rows.groupby("indicator")
    }


def indicator_table(store: Store, lang: str) -> TableData:
    provisional = provisional_by_indicator(store)
    rows = []
    for key, entry in store.catalogue.items():
        rows.append(
            [
                catalogue_text(entry, "title", lang),
                key,
                catalogue_text(entry, "definition", lang),
                catalogue_text(entry, "unit", lang),
                str(entry.get("formula", "")),
                ", ".join(source_tables(store, entry)),
                format_years(provisional.get(key, [])) or t("none", lang),
            ]
        )
    header = [
        t("col_indicator", lang),
        "id",
        t("col_definition", lang),
        t("col_unit", lang),
        t("col_formula", lang),
        t("col_sources", lang),
        t("col_provisional", lang),
    ]
    return TableData(caption=t("about_indicators", lang), header=header, rows=rows)


def outcome_text(info: dict, lang: str) -> str:
    """ "vernieuwd", "overgenomen uit een eerdere versie" or "niet beschikbaar"."""
    outcome = table_outcome(info)
    key = f"outcome_{outcome}"
    return t(key, lang) if key in TEXTS else outcome


@dataclass(frozen=True)
class NotRefreshed:
    """A kept or absent table as the about page lists it, every field in words."""

    table: str
    name: str
    outcome: str
    figures_of: str | None  # None: an absent table shows no figures
    reason: str
    problem: str  # the ETL's own sentence (English): what it expected, what CBS has now


def figures_of_text(info: dict, lang: str) -> str | None:
    """When a kept table's figures are from and where they were taken from."""
    if table_outcome(info) != KEPT:
        return None
    day, source = figures_date(info, lang), str(info.get("kept_from") or "")
    if VINTAGE_RE.match(source):
        return t("kept_from_vintage", lang, date=day, vintage=format_vintage(source, lang))
    if source:
        return t("kept_from_raw", lang, date=day, folder=source)
    return day


def not_refreshed(store: Store, lang: str) -> list[NotRefreshed]:
    return [
        NotRefreshed(
            table=table,
            name=table_name(table, info, lang),
            outcome=outcome_text(info, lang),
            figures_of=figures_of_text(info, lang),
            reason=problem_reason(info, lang),
            problem=str(info.get("problem") or "–"),
        )
        for table, info in not_refreshed_tables(store).items()
    ]


def not_refreshed_section(store: Store, lang: str) -> html.Section:
    items = not_refreshed(store, lang)
    children: list = [html.H2(t("about_not_refreshed", lang), id="about-not-refreshed")]
    if not items:
        children.append(html.P(t("about_all_refreshed", lang)))
    else:
        children.append(html.P(t("about_not_refreshed_intro", lang)))
    for item in items:
        facts: list[tuple[str, str | html.Span]] = [(t("fact_outcome", lang), item.outcome)]
        if item.figures_of is not None:
            facts.append((t("fact_figures_of", lang), item.figures_of))
        facts += [
            (t("fact_reason", lang), item.reason),
            (t("fact_problem", lang), in_english(item.problem, lang)),
        ]
        children += [
            html.H3(f"{item.table} · {item.name}", className="outcome-table"),
            html.Dl(
                [part for term, detail in facts for part in (html.Dt(term), html.Dd(detail))],
                className="facts outcome-facts",
            ),
        ]
    return html.Section(
        children,
        className="card card-wide not-refreshed",
        **attributes({"aria-labelledby": "about-not-refreshed"}),
    )


def source_table(store: Store, lang: str) -> TableData:
    rows = []
    for table_id, info in (store.manifest.get("tables") or {}).items():
        periods = info.get("periods") or []
        rows.append(
            [
                table_id,
                str(info.get("title") or "–"),
                outcome_text(info, lang),
                format_date(info.get("modified"), lang),
                format_date(info.get("fetched_at"), lang),
                "–".join(str(p) for p in periods) if periods else "–",
                format_years(info.get("provisional_periods") or []) or t("none", lang),
                format_number(info.get("rows"), 0, lang) if info.get("rows") is not None else "–",
            ]
        )
    header = [
        t("col_table", lang),
        t("col_title", lang),
        t("col_outcome", lang),
        t("col_modified", lang),
        t("col_fetched", lang),
        t("col_periods", lang),
        t("col_provisional", lang),
        t("col_rows", lang),
    ]
    return TableData(caption=t("about_tables", lang), header=header, rows=rows)


def vintage_facts(store: Store, vintages: list[str], lang: str) -> html.Dl:
    manifest = store.manifest
    boundaries = manifest.get("boundaries") or {}
    boundary_text = (
        t("boundaries_available", lang, year=boundaries.get("year", "–"))
        if boundaries.get("available") and store.boundaries is not None
        else f"{t('boundaries_missing', lang)} {boundaries.get('note', '')}".strip()
    )
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


def _body(view: View, store: Store, sinds: object = None) -> list:
    lang = view.state.taal
    return [
        html.Section(
            [html.H2(t("about_store", lang)), vintage_facts(store, list(STORE.vintages()), lang)],
            className="card card-wide",
        ),
        not_refreshed_section(store, lang),
        revisions_section(PATH, store, sinds, view.query, lang),
        html.Section(
            [
                html.H2(t("about_indicators", lang)),
                data_table(indicator_table(store, lang), table_id="about-indicators", text=True),
            ],
            className="card card-wide",
        ),
        html.Section(
            [
                html.H2(t("about_tables", lang)),
                data_table(source_table(store, lang), table_id="about-tables", text=True),
            ],
            className="card card-wide",
        ),
    ]


def layout(gemeente: str | None = None, **query: str):
    # ``sinds`` (which vintage the revisions section compares with) is this page's own
    # argument, not part of the shared view state: taken out before the view is parsed.
    sinds = query.pop(REVISIONS_PARAM, None)
    return render_page(
        PATH,
        {"gemeente": gemeente, **query},
        "page_over_de_data",
        lambda view, store: _body(view, store, sinds),
        intro_key="intro_over_de_data",
    )
