"""The section "Wat CBS herzag" of the page Over de data: what changed between the vintage
shown and the previous one (or one chosen with the page's own ``sinds`` query argument),
as counts per indicator, a table of the first rows and a CSV of every row.

``sinds`` is the about page's own argument, not part of the shared view state
(dashboard/state/url.py): it only picks the other side of this comparison. It is checked
against the vintages the data folder holds; an unknown one, or the vintage shown itself,
gets a note and the previous vintage instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.cards.csv_export import csv_text
from dashboard.cards.model import TableData
from dashboard.components.attributes import attributes
from dashboard.components.data_table import data_table
from dashboard.components.ids import VIEW_STATE
from dashboard.data.revisions import Revisions
from dashboard.data.store import STORE, Store
from dashboard.data.vintage_revisions import previous_vintage, revisions_between
from dashboard.i18n import catalogue_text, t
from dashboard.i18n.formatting import format_csv_number, format_number, format_vintage
from dashboard.state.url import link
from dashboard.state.view import resolve_view
from etl.contract import VINTAGE_RE

log = logging.getLogger(__name__)

SECTION_ID = "about-revisions"
PARAM = "sinds"  # the about page's own query argument: the vintage to compare with
SHOWN_ROWS = 50  # rows in the page's table; the CSV has them all
DOWNLOAD_BUTTON, DOWNLOAD, CHOSEN = "revisions-csv", "revisions-download", "revisions-sinds"
# The kinds of change in the order the table shows them, each with its text key.
KINDS = (
    ("revised", "rev_kind_revised"),
    ("status_changed", "rev_kind_status"),
    ("new", "rev_kind_new"),
    ("removed", "rev_kind_removed"),
)


@dataclass(frozen=True)
class Choice:
    """The vintage compared with, whether it was chosen, and a note on a bad ``sinds``."""

    other: str | None
    chosen: bool
    note: str


def choose(store: Store, sinds: object, vintages: frozenset[str], lang: str) -> Choice:
    """The ``sinds`` vintage when it is another vintage the data folder holds, else the
    previous one (with a note when ``sinds`` was given but cannot be used)."""
    text = sinds.strip() if isinstance(sinds, str) else ""
    if text and VINTAGE_RE.match(text) and text in vintages and text != store.vintage:
        return Choice(text, True, "")
    note = ""
    if text:
        shown = text if len(text) <= 40 else text[:40] + "…"  # a long value stays readable
        note = t("rev_note_unknown", lang, value=shown)
        log.warning("sinds=%r not used: not another known vintage", shown)
    return Choice(previous_vintage(store), False, note)


def _vintage(vintage: str, lang: str) -> str:
    return f"{vintage} ({format_vintage(vintage, lang)})"


def _decimals(store: Store, indicator: str) -> int:
    return int(store.catalogue.get(indicator, {}).get("decimals", 1))


def _title(store: Store, indicator: str, lang: str) -> str:
    entry = store.catalogue.get(indicator)
    return catalogue_text(entry, "title", lang) if entry else indicator


def _status(value: object, lang: str) -> str:
    if not isinstance(value, str):
        return "–"
    key = f"status_{value}"
    return t(key, lang)


def summary_table(store: Store, revisions: Revisions, lang: str) -> TableData:
    rows = [
        [
            _title(store, c.indicator, lang),
            c.indicator,
            *(format_number(n, 0, lang) for n in (c.revised, c.status_changed, c.new, c.removed)),
        ]
        for c in revisions.counts()
    ]
    header = [
        t("col_indicator", lang),
        "id",
        t("rev_col_revised", lang),
        t("rev_col_status", lang),
        t("rev_col_new", lang),
        t("rev_col_removed", lang),
    ]
    return TableData(caption=t("rev_summary_caption", lang), header=header, rows=rows)


def detail_header(lang: str) -> list[str]:
    return [
        t("col_indicator", lang),
        "id",
        t("col_region", lang),
        t("col_code", lang),
        t("col_year", lang),
        t("rev_col_old", lang),
        t("rev_col_new_value", lang),
        t("rev_col_difference", lang),
        t("rev_col_old_status", lang),
        t("rev_col_new_status", lang),
        t("rev_col_change", lang),
    ]


def ordered_rows(revisions: Revisions) -> list[dict]:
    """Revisions and status changes first (what an adviser looks for), then removed points,
    then new ones; each group in indicator, region, year order."""
    records = revisions.rows.to_dict(orient="records")

    def rank(row: dict) -> int:
        return 0 if row["revised"] or row["status_changed"] else 1 if row["removed"] else 2

    return sorted(records, key=rank)  # stable: keeps the frame's order within a group


def _cells(store: Store, row: dict, lang: str, *, for_csv: bool) -> list[str]:
    """One row's cells: on the page with the page's number format ("86.012", "–" for the
    side without the point), in the CSV without thousands separators (empty)."""
    decimals = _decimals(store, row["indicator"])

    def shown(value: object, signed: bool = False) -> str:
        if not isinstance(value, float) or value != value:  # NaN: no point on that side
            return "" if for_csv else "–"
        if for_csv:
            return format_csv_number(value, decimals, lang)
        return format_number(value, decimals, lang, signed=signed)

    return [
        _title(store, row["indicator"], lang),
        row["indicator"],
        store.name(row["region_code"]),
        row["region_code"],
        str(row["year"]),
        shown(row["old_value"]),
        shown(row["new_value"]),
        shown(row["difference"], signed=True),
        _status(row["old_status"], lang),
        _status(row["new_status"], lang),
        ", ".join(t(key, lang) for flag, key in KINDS if row[flag]),
    ]


def detail_table(store: Store, revisions: Revisions, lang: str) -> TableData:
    shown = ordered_rows(revisions)[:SHOWN_ROWS]
    return TableData(
        caption=t("rev_detail_caption", lang),
        header=detail_header(lang),
        rows=[_cells(store, row, lang, for_csv=False) for row in shown],
    )


def limited_note(revisions: Revisions, lang: str) -> str:
    """Said below the table (not inside its scrolling box) when it shows only part."""
    total = len(revisions.rows)
    if total <= SHOWN_ROWS:
        return ""
    return t("rev_limited", lang, shown=SHOWN_ROWS, total=format_number(total, 0, lang))


def revisions_csv(store: Store, revisions: Revisions, lang: str) -> str:
    """Every row, numbers at the indicator's decimals without thousands separators."""
    rows = [_cells(store, row, lang, for_csv=True) for row in ordered_rows(revisions)]
    return csv_text(detail_header(lang), rows, lang)


def csv_filename(revisions: Revisions, lang: str) -> str:
    word = "herzieningen" if lang == "nl" else "revisions"
    return f"{word}_{revisions.old}_{revisions.new}.csv"


def _chooser(
    path: str, store: Store, vintages: frozenset[str], query: str, lang: str
) -> html.P | None:
    others = sorted((v for v in vintages if v != store.vintage), reverse=True)
    if not others:
        return None
    joiner = "&" if query else "?"
    items: list = [t("rev_choose", lang), " "]
    for position, vintage in enumerate(others):
        if position:
            items.append(" · ")
        href = link(path, f"{query}{joiner}{PARAM}={vintage}", f"#{SECTION_ID}")
        items.append(html.A(_vintage(vintage, lang), href=href))
    return html.P(items, className="revisions-choose")


def revisions_section(
    path: str, store: Store, sinds: object, query: str, lang: str
) -> html.Section:
    """The section for the page at ``path`` showing ``store``; ``query``: the view's."""
    vintages = STORE.vintages() | {store.vintage}
    choice = choose(store, sinds, vintages, lang)
    children: list = [html.H2(t("rev_heading", lang), id=SECTION_ID)]
    if choice.note:
        children.append(html.P(choice.note, className="notes", role="status"))
    revisions = revisions_between(store, choice.other) if choice.other else None
    if choice.other is None:
        children.append(html.P(t("rev_no_previous", lang, new=_vintage(store.vintage, lang))))
    elif revisions is None:
        children.append(html.P(t("rev_unreadable", lang, old=_vintage(choice.other, lang))))
    else:
        children.append(
            html.P(
                [
                    t(
                        "rev_intro",
                        lang,
                        new=_vintage(revisions.new, lang),
                        old=_vintage(revisions.old, lang),
                    ),
                    " ",
                    t("rev_chosen" if choice.chosen else "rev_previous", lang),
                ]
            )
        )
        if revisions.rows.empty:
            children.append(html.P(t("rev_nothing", lang)))
        else:
            children += [
                data_table(summary_table(store, revisions, lang), table_id="about-revision-counts"),
                data_table(detail_table(store, revisions, lang), table_id="about-revision-rows"),
                *[
                    html.P(note, className="table-footnote")
                    for note in (limited_note(revisions, lang),)
                    if note
                ],
                html.Button(
                    t("rev_download", lang),
                    id=DOWNLOAD_BUTTON,
                    className="button button-secondary",
                    n_clicks=0,
                ),
                dcc.Download(id=DOWNLOAD),
                dcc.Store(id=CHOSEN, data=choice.other if choice.chosen else None),
            ]
    chooser = _chooser(path, store, vintages, query, lang)
    if chooser is not None:
        children.append(chooser)
    return html.Section(
        children,
        className="card card-wide revisions",
        **attributes({"aria-labelledby": SECTION_ID}),
    )


def download_revisions(view_state: dict | None, sinds: object) -> dict | None:
    """The CSV download's work: the view and ``sinds`` are checked again (the browser
    holds both)."""
    view = resolve_view((view_state or {}).get("query"))
    store = view.store
    if store is None:
        return None
    lang = view.state.taal
    choice = choose(store, sinds, STORE.vintages() | {store.vintage}, lang)
    revisions = revisions_between(store, choice.other) if choice.other else None
    if revisions is None:
        return None
    return {
        "content": revisions_csv(store, revisions, lang),
        "filename": csv_filename(revisions, lang),
        "type": "text/csv;charset=utf-8",
        "base64": False,
    }


@callback(
    Output(DOWNLOAD, "data"),
    Input(DOWNLOAD_BUTTON, "n_clicks"),
    State(VIEW_STATE, "data"),
    State(CHOSEN, "data"),
    prevent_initial_call=True,
)
def download_revisions_csv(n_clicks, view_state, sinds):
    if not n_clicks:
        return no_update
    return download_revisions(view_state, sinds) or no_update
