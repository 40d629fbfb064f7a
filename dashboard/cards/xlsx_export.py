"""An Excel workbook of exactly what a card shows, with a sheet saying where it comes from.

Advisers paste these figures into council documents, so the workbook carries what the card
carries beside its chart: sheet 1 ("Gegevens"/"Data") is the card's CSV, row for row, with
numbers stored as numbers; sheet 2 ("Metadata") holds the title, definition, source line,
the CBS tables with CBS's own title and ``Modified``, the data vintage, the provisional
years, the link to the view and the selection in words. No Dash here: the chart card's
callback builds the metadata (:func:`card_metadata`) and asks for the bytes
(:func:`workbook_bytes`).
"""

from __future__ import annotations

import io
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, fields

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.cards.model import CardContent, region_name, resolve_period
from dashboard.cards.sources import SourceFacts, SourceTable
from dashboard.data.store import Store
from dashboard.i18n import t
from dashboard.i18n.formatting import format_date, format_vintage, format_years
from dashboard.state.url import DEFAULT_STATE, ViewState, comparison_codes
from dashboard.state.view import group_regions

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_DECIMALS = 2  # as the CSV (dashboard/cards/csv_export.py)
COLUMN_WIDTH = (8, 60)  # characters: narrowest and widest data column
METADATA_WIDTHS = (30, 100, 30)  # label, value, third column of the tables block
BOLD = Font(bold=True)
LINK = Font(color="0563C1", underline="single")  # Excel's own hyperlink blue
# ViewState fields the selection names in words; any other one that is set (a parameter
# added later) is listed as ``name = value`` so the sheet never hides part of the view.
# ``weergave`` (chart or table) does not change the figures.
WORDED_FIELDS = {
    "gemeente",
    "vergelijk",
    "van",
    "tot",
    "taal",
    "weergave",
    "gebeurtenissen",
    "indicator",
    "basisjaar",
    "versie",
    "groep",
}


@dataclass(frozen=True)
class CardMetadata:
    """What the metadata sheet says about one card in one view."""

    title: str
    definition: str
    source_line: str
    tables: tuple[SourceTable, ...]
    vintage: str
    provisional: tuple[int, ...]
    notes: tuple[str, ...]
    url: str
    selection: tuple[tuple[str, str], ...]  # (label, value) in the view's language


def number_format(decimals: int) -> str:
    """Excel's format code for ``decimals`` decimals with thousands grouped.

    A format code in the file is written in Excel's invariant (en-US) notation, ``.`` for
    the decimal mark and ``,`` for grouping, and Excel shows it with the reader's own
    separators: ``#,##0.0`` reads 83.058,3 in Dutch Excel and 83,058.3 in English (DevExpress,
    "Formatting.NumberFormat: ... number format in the invariant culture";
    docs.aspose.com/cells/net/how-to-format-number-to-local-language-format: "set
    NumberFormat with US English format strings ... Excel adapts to the user's locale").
    So one code serves both languages, and the numbers stay numbers."""
    decimals = max(int(decimals), 0)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def cell_value(value: object, decimals: int) -> object:
    """A CSV cell as the workbook stores it: floats rounded as the CSV rounds them, so the
    two files hold the same figures; missing values empty; text as text."""
    if value is None:
        return None
    if isinstance(value, bool):  # a bool is an Integral; the CSV writes True/False
        return str(value)
    if isinstance(value, float):  # numpy's float64 is a float
        return None if math.isnan(value) else round(float(value), max(decimals, 0))
    if isinstance(value, numbers.Integral):  # numpy's integers are not ints
        return int(value)
    return str(value)


def _text(value: str) -> str:
    # Control characters make openpyxl refuse the cell (IllegalCharacterError).
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _put(sheet: Worksheet, row: int, column: int, value: object) -> Cell:
    if isinstance(value, str):
        value = _text(value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        # openpyxl takes a text starting with "=" for a formula (data_type "f"; see
        # stackoverflow.com/questions/63747180, "openpyxl write string beginning with
        # equals"); a name or a programme file's note must stay text and never run.
        cell.data_type = "s"
    return cell


def _data_sheet(sheet: Worksheet, content: CardContent, lang: str) -> None:
    header = list(content.export_header)
    for column, title in enumerate(header, start=1):
        _put(sheet, 1, column, str(title)).font = BOLD
    sheet.freeze_panes = "A2"  # the header stays in view while scrolling
    widths = [len(str(title)) for title in header]
    for row_number, row in enumerate(content.export_rows, start=2):
        for column, raw in enumerate(row, start=1):
            decimals = content.export_decimals.get(column - 1, DEFAULT_DECIMALS)
            value = cell_value(raw, decimals)
            cell = _put(sheet, row_number, column, value)
            if isinstance(value, float):
                cell.number_format = number_format(decimals)
            if column > len(widths):
                widths.append(0)
            widths[column - 1] = max(widths[column - 1], len(str(value or "")))
    if not content.export_rows:
        _put(sheet, 2, 1, t("xlsx_no_rows", lang))
    low, high = COLUMN_WIDTH
    for column, width in enumerate(widths, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = min(max(width + 2, low), high)


def _label_rows(metadata: CardMetadata, lang: str) -> list[tuple[str, str]]:
    none = t("xlsx_none", lang)
    return [
        (t("xlsx_field_title", lang), metadata.title),
        (t("definition", lang), metadata.definition or "–"),
        (t("xlsx_field_source_line", lang), metadata.source_line or "–"),
        (t("xlsx_field_tables", lang), ", ".join(s.table for s in metadata.tables) or none),
        (
            t("vintage_label", lang),
            f"{format_vintage(metadata.vintage, lang)} ({metadata.vintage})",
        ),
        (t("xlsx_field_provisional", lang), format_years(metadata.provisional) or none),
        (t("xlsx_field_notes", lang), " ".join(metadata.notes) or none),
    ]


def _metadata_sheet(sheet: Worksheet, metadata: CardMetadata, lang: str) -> None:
    wrap = Alignment(wrap_text=True, vertical="top")
    row = 1
    for label, value in _label_rows(metadata, lang):
        _put(sheet, row, 1, label).font = BOLD
        _put(sheet, row, 2, value).alignment = wrap
        row += 1
    _put(sheet, row, 1, t("xlsx_field_url", lang)).font = BOLD
    link = _put(sheet, row, 2, metadata.url)
    if metadata.url.startswith(("http://", "https://")):
        link.hyperlink = metadata.url
        link.font = LINK
    row += 2
    _put(sheet, row, 1, t("xlsx_section_selection", lang)).font = BOLD
    row += 1
    for label, value in metadata.selection:
        _put(sheet, row, 1, label)
        _put(sheet, row, 2, value).alignment = wrap
        row += 1
    row += 1
    _put(sheet, row, 1, t("xlsx_section_tables", lang)).font = BOLD
    row += 1
    columns = (
        t("xlsx_column_table", lang),
        t("xlsx_column_cbs_title", lang),
        t("xlsx_column_modified", lang),
    )
    for column, title in enumerate(columns, start=1):
        _put(sheet, row, column, title).font = BOLD
    if not metadata.tables:  # figures from the programme file: say so under the header
        _put(sheet, row + 1, 1, t("xlsx_none", lang))
    for source in metadata.tables:
        row += 1
        _put(sheet, row, 1, source.table)
        _put(sheet, row, 2, source.title or "–").alignment = wrap
        _put(sheet, row, 3, format_date(source.modified, lang) if source.modified else "–")
    for letter, width in zip("ABC", METADATA_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width


def workbook_bytes(content: CardContent, metadata: CardMetadata, lang: str) -> bytes:
    """The ``.xlsx`` file: the data sheet first (what opens), then the metadata sheet."""
    workbook = Workbook()
    data = workbook.active
    assert data is not None  # a new Workbook always has its first sheet
    data.title = t("xlsx_sheet_data", lang)
    _data_sheet(data, content, lang)
    _metadata_sheet(workbook.create_sheet(t("xlsx_sheet_metadata", lang)), metadata, lang)
    workbook.properties.title = _text(content.title)
    workbook.properties.creator = t("site_title", lang)
    workbook.properties.language = lang
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- what the metadata sheet says -------------------------------------------------------------


def selection_rows(state: ViewState, store: Store) -> tuple[tuple[str, str], ...]:
    """The view in words: municipality, comparisons, years, language and whatever else is set."""
    lang = state.taal
    named = lambda code: f"{region_name(store, code, lang)} ({code})"  # noqa: E731
    period = resolve_period(state, store)
    years = str(period.van) if period.van == period.tot else f"{period.van}–{period.tot}"
    rows = [
        (t("xlsx_field_gemeente", lang), named(state.gemeente)),
        (
            t("xlsx_field_vergelijk", lang),
            ", ".join(named(code) for code in comparison_codes(state)) or t("xlsx_none", lang),
        ),
        (t("xlsx_field_years", lang), years),
        (
            t("xlsx_field_language", lang),
            t("xlsx_language_english" if lang == "en" else "xlsx_language_dutch", lang),
        ),
    ]
    groups = [
        f"{name} ({', '.join(store.name(code) for code in members)})"
        for _, name, members in group_regions(state)
    ]
    if groups:
        rows.append((t("xlsx_field_groups", lang), "; ".join(groups)))
    if state.indicator:
        entry = store.catalogue.get(state.indicator) or {}
        title = entry.get(f"title_{lang}") or entry.get("title_nl") or ""
        rows.append(
            (
                t("xlsx_field_indicator", lang),
                f"{title} ({state.indicator})" if title else state.indicator,
            )
        )
    if state.basisjaar is not None:
        rows.append((t("xlsx_field_basisjaar", lang), str(state.basisjaar)))
    if state.versie:
        rows.append((t("xlsx_field_versie", lang), f"{format_vintage(state.versie, lang)}"))
    if state.gebeurtenissen == "aan":
        rows.append((t("xlsx_field_events", lang), t("xlsx_events_shown", lang)))
    for field in fields(ViewState):
        value = getattr(state, field.name)
        if field.name not in WORDED_FIELDS and value != getattr(DEFAULT_STATE, field.name):
            shown = ",".join(map(str, value)) if isinstance(value, (tuple, list)) else str(value)
            rows.append((field.name, shown))
    return tuple(rows)


def card_metadata(
    content: CardContent,
    sources: Sequence[SourceFacts],
    state: ViewState,
    store: Store,
    url: str,
) -> CardMetadata:
    """The metadata of ``content`` as built for ``state``; ``sources``: the facts of the
    source lines the build made (:func:`dashboard.cards.sources.collect_sources`)."""
    tables: dict[str, SourceTable] = {}
    for facts in sources:
        for source in facts.tables:
            tables.setdefault(source.table, source)
    provisional = sorted({year for facts in sources for year in facts.provisional})
    return CardMetadata(
        title=content.title,
        definition=content.definition,
        source_line=content.source,
        tables=tuple(tables.values()),
        vintage=store.vintage,
        provisional=tuple(provisional),
        notes=tuple(content.notes),
        url=url,
        selection=selection_rows(state, store),
    )
