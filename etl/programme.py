"""The Talentopgave programme file: targets, measurements, milestones and events that the
programme's advisers keep themselves (``programme/talentopgave.xlsx``, or a folder with one CSV
per sheet; documented in ``programme/README.md``).

:func:`load_programme` only reads and validates. Every problem names the sheet, the row as the
spreadsheet shows it (the header is row 1), the column and what was expected -- in Dutch,
because advisers read them -- and all problems are collected before :class:`ProgrammeError`
is raised, so one round of corrections fixes the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlparse

import openpyxl
import pandas as pd
import pandera.pandas as pa
from openpyxl.utils.exceptions import InvalidFileException

from etl.catalogue import load_catalogue
from etl.validate import REGION_CODE, schema_problems

DEFAULT_REGION = "GM0164"  # Hengelo, the programme's own municipality
PROGRAMME_ID = re.compile(r"^[a-z][a-z0-9_]*$")
FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2100, 12, 31)
FIRST_YEAR, LAST_YEAR = FIRST_DATE.year, LAST_DATE.year

PILLARS = ("wonen", "werken", "leven", "imago", "programma")
MILESTONE_STATUSES = ("gepland", "bezig", "gereed", "vertraagd")
EVENT_KINDS = ("beleid", "databreuk")
UNITS = ("aantal", "euro", "%")
YES, NO = "ja", "nee"

TARGETS, MEASUREMENTS, MILESTONES, EVENTS, INDICATORS = (
    "doelen", "metingen", "mijlpalen", "gebeurtenissen", "programmaindicatoren")
SHEET_NAMES = (TARGETS, MEASUREMENTS, MILESTONES, EVENTS, INDICATORS)
CSV_SEPARATOR = ";"


class ProgrammeError(ValueError):
    """The programme file cannot be published; ``problems`` holds one Dutch line each."""

    def __init__(self, problems: list[str], path: Path | None = None):
        self.problems = problems
        self.path = path
        listed = "\n".join(f"  - {p}" for p in problems)
        where = f" ({path})" if path is not None else ""
        super().__init__(f"het programmabestand{where} bevat {len(problems)} fout(en):\n{listed}")


# --- cell parsers: value -> parsed value, or _Invalid(what was expected) ----------------

class _Invalid(ValueError):
    """The cell does not fit; ``expected`` overrides the column's usual expectation."""

    def __init__(self, expected: str | None = None):
        super().__init__(expected)
        self.expected = expected


def _text(value: object) -> str:
    return _shown(value)


def _year(value: object) -> int:
    if isinstance(value, bool):
        raise _Invalid
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value):
        value = int(value)
    if not isinstance(value, int) or not FIRST_YEAR <= value <= LAST_YEAR:
        raise _Invalid
    return value


# Dutch notation: a decimal comma, optionally dots between groups of three ("1.234,5").
_DECIMAL = re.compile(r"[+-]?\d+([.,]\d+)?")
_DUTCH_GROUPED = re.compile(r"[+-]?\d{1,3}(\.\d{3})+,\d+")
_DOTS_ONLY_GROUPED = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise _Invalid
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.replace(" ", "").replace("\u00a0", "")
        if _DUTCH_GROUPED.fullmatch(text):
            number = float(text.replace(".", "").replace(",", "."))
        elif _DOTS_ONLY_GROUPED.fullmatch(text):
            # "1.500" is 1500 to a Dutch reader and 1.5 to an English one: ask, never guess.
            raise _Invalid("een getal zonder punt als duizendtalscheiding (schrijf 1500 of 1,5)")
        elif _DECIMAL.fullmatch(text):
            number = float(text.replace(",", "."))
        else:
            raise _Invalid
    else:
        raise _Invalid
    if not math.isfinite(number):
        raise _Invalid
    return number


def _date(value: object) -> date:
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise _Invalid
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise _Invalid from None
    else:
        raise _Invalid
    if not FIRST_DATE <= parsed <= LAST_DATE:
        raise _Invalid(f"een datum tussen {FIRST_DATE.isoformat()} en {LAST_DATE.isoformat()}")
    return parsed


def _choice(allowed: tuple[str, ...]) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = _shown(value).lower()
        if text not in allowed:
            raise _Invalid
        return text
    return parse


def _yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = _shown(value).lower()
    if text not in (YES, NO):
        raise _Invalid
    return text == YES


def _region(value: object) -> str:
    text = _shown(value).upper()
    if not re.fullmatch(REGION_CODE, text):
        raise _Invalid
    return text


def _link(value: object) -> str:
    text = _shown(value)
    parts = urlparse(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
        raise _Invalid
    return text


def _programme_id(value: object) -> str:
    text = _shown(value)
    if not PROGRAMME_ID.fullmatch(text):
        raise _Invalid
    return text


def _shown(value: object) -> str:
    """A cell's value as the adviser sees it."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- the sheets ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    header: str  # as in the file (Dutch)
    field: str  # as in the store
    parse: Callable[[object], object]
    expected: str  # "verwacht ..." -- what a good cell holds
    required: bool = True
    default: object = None


def _text_column(header: str, field: str, required: bool = True) -> Column:
    return Column(header, field, _text, "tekst", required)


def _choice_column(header: str, field: str, allowed: tuple[str, ...]) -> Column:
    return Column(header, field, _choice(allowed), f"een van: {', '.join(allowed)}")


YEAR = f"een jaartal tussen {FIRST_YEAR} en {LAST_YEAR}"
NUMBER = "een getal (decimaalkomma mag, bijv. 12,5)"
DATE = "een datum als JJJJ-MM-DD (bijv. 2025-03-31)"
INDICATOR = "een indicator-id"
EXAMPLE = Column("voorbeeld", "example", _yes_no, "'ja' (geen openbaar gegeven) of 'nee'")
NOTE = _text_column("toelichting", "note", required=False)

COLUMNS: dict[str, tuple[Column, ...]] = {
    TARGETS: (
        Column("indicator", "indicator", _text, INDICATOR),
        Column("regio", "region_code", _region,
               f"een CBS-regiocode zoals {DEFAULT_REGION}, CR12, PV23 of NL01 (leeg = "
               f"{DEFAULT_REGION})", required=False, default=DEFAULT_REGION),
        Column("basisjaar", "baseline_year", _year, YEAR),
        # Empty only for a CBS indicator: the ETL then takes CBS's value of the baseline year.
        Column("basiswaarde", "baseline_value", _number, NUMBER, required=False),
        Column("doelwaarde", "target_value", _number, NUMBER),
        Column("doeljaar", "target_year", _year, YEAR),
        _text_column("bron", "source"),
        EXAMPLE,
        NOTE,
    ),
    MEASUREMENTS: (
        Column("indicator", "indicator", _text, INDICATOR),
        Column("datum", "date", _date, DATE),
        Column("waarde", "value", _number, NUMBER),
        NOTE,
        EXAMPLE,
    ),
    MILESTONES: (
        Column("datum", "date", _date, DATE),
        _text_column("titel", "title"),
        _choice_column("pijler", "pillar", PILLARS),
        _choice_column("status", "status", MILESTONE_STATUSES),
        NOTE,
        EXAMPLE,
    ),
    EVENTS: (
        Column("datum", "date", _date, DATE),
        _text_column("titel", "title"),
        _choice_column("soort", "kind", EVENT_KINDS),
        Column("link", "link", _link,
               "een webadres dat begint met http:// of https://, of een lege cel",
               required=False),
        NOTE,
        EXAMPLE,
    ),
    INDICATORS: (
        Column("indicator", "id", _programme_id,
               "een id van kleine letters, cijfers en _ (bijv. budget_committed_wonen)"),
        _text_column("titel_nl", "title_nl"),
        _text_column("titel_en", "title_en"),
        _choice_column("eenheid", "unit", UNITS),
        _text_column("definitie_nl", "definition_nl"),
        _text_column("definitie_en", "definition_en"),
        _choice_column("pijler", "pillar", PILLARS),
    ),
}

# One row per key; the key's columns (headers) per sheet.
KEYS: dict[str, tuple[str, ...]] = {
    TARGETS: ("indicator", "regio"),
    MEASUREMENTS: ("indicator", "datum"),
    MILESTONES: ("datum", "titel"),
    EVENTS: ("datum", "titel"),
    INDICATORS: ("indicator",),
}

# The frames load_programme returns (and the store holds), with their dtypes.
STRING = "str"
DATES = "datetime64[ns]"
FRAME_DTYPES: dict[str, dict[str, str]] = {
    TARGETS: {"indicator": STRING, "indicator_kind": STRING, "region_code": STRING,
              "baseline_year": "int64", "baseline_value": "float64",
              "target_year": "int64", "target_value": "float64", "source": STRING,
              "example": "bool", "note": STRING},
    MEASUREMENTS: {"indicator": STRING, "date": DATES, "value": "float64", "note": STRING,
                   "example": "bool"},
    MILESTONES: {"date": DATES, "title": STRING, "pillar": STRING, "status": STRING,
                 "note": STRING, "example": "bool"},
    EVENTS: {"date": DATES, "title": STRING, "kind": STRING, "link": STRING, "note": STRING,
             "example": "bool"},
    INDICATORS: {"id": STRING, "title_nl": STRING, "title_en": STRING, "unit": STRING,
                 "definition_nl": STRING, "definition_en": STRING, "pillar": STRING},
}
KIND_CBS, KIND_PROGRAMME = "cbs", "programma"


@dataclass(frozen=True)
class Programme:
    """The validated programme file, as frames with the store's column names."""

    path: Path
    sha256: str
    targets: pd.DataFrame
    measurements: pd.DataFrame
    milestones: pd.DataFrame
    events: pd.DataFrame
    indicators: pd.DataFrame  # the programme's own indicator definitions

    def rows(self) -> dict[str, int]:
        """Rows per sheet (Dutch sheet names, as in the file)."""
        frames = (self.targets, self.measurements, self.milestones, self.events,
                  self.indicators)
        return {name: len(frame) for name, frame in zip(SHEET_NAMES, frames, strict=True)}

    def manifest_entry(self) -> dict:
        return {"file": str(self.path), "sha256": self.sha256, "rows": self.rows()}

    def indicator_records(self) -> list[dict]:
        """JSON-ready definitions, as published in ``programme_indicators.json``."""
        return self.indicators.to_dict(orient="records")


# --- reading --------------------------------------------------------------------------

@dataclass
class _Sheet:
    name: str
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (row number as the spreadsheet shows it, cells)


class _Problems:
    """Problems sorted as an adviser walks the file: sheet, row, column."""

    def __init__(self) -> None:
        self._items: list[tuple[int, int, int, str]] = []

    def add(self, sheet: str, row: int | None, column: str | None, text: str,
            column_order: int = 0) -> None:
        where = f"Blad '{sheet}'"
        if row is not None:
            where += f", rij {row}"
        if column is not None:
            where += f", {column}"
        self._items.append((SHEET_NAMES.index(sheet), row or 0, column_order,
                            f"{where}: {text}"))

    def cell(self, sheet: str, row: int, column: Column, text: str) -> None:
        self.add(sheet, row, f"kolom '{column.header}'", text, _column_order(sheet, column))

    def lines(self) -> list[str]:
        return [text for *_, text in sorted(self._items, key=lambda item: item[:3])]

    def __bool__(self) -> bool:
        return bool(self._items)


def _column_order(sheet: str, column: Column) -> int:
    return COLUMNS[sheet].index(column) + 1


def _clean(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def read_xlsx(path: Path, problems: _Problems) -> dict[str, _Sheet]:
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as error:
        raise ProgrammeError([f"Bestand '{path.name}': verwacht een Excel-bestand (.xlsx) "
                              f"dat te openen is, maar dat lukt niet ({error})"], path) from None
    sheets = {}
    by_name = {name.strip().lower(): name for name in workbook.sheetnames}
    for name in SHEET_NAMES:
        if name not in by_name:
            problems.add(name, None, None, f"verwacht een blad '{name}' in {path.name}, maar "
                         f"dat ontbreekt (gevonden: {', '.join(workbook.sheetnames)})")
            continue
        worksheet = workbook[by_name[name]]
        rows = [[_clean(v) for v in row]
                for row in worksheet.iter_rows(min_row=1, values_only=True)]
        sheets[name] = _sheet(name, rows)
    workbook.close()
    return sheets


def read_csv_folder(folder: Path, problems: _Problems) -> dict[str, _Sheet]:
    sheets = {}
    for name in SHEET_NAMES:
        path = folder / f"{name}.csv"
        if not path.is_file():
            problems.add(name, None, None, f"verwacht een bestand {name}.csv in {folder}, maar "
                         "dat ontbreekt")
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.add(name, None, None, f"verwacht {name}.csv in UTF-8, maar het bestand "
                         "heeft een andere tekencodering (sla op als 'CSV UTF-8')")
            continue
        rows = [[_clean(v) for v in row]
                for row in csv.reader(io.StringIO(text, newline=""), delimiter=CSV_SEPARATOR)]
        if rows and len(rows[0]) == 1 and "," in (rows[0][0] or ""):
            problems.add(name, 1, None, f"verwacht ';' als scheidingsteken in {name}.csv, "
                         "gevonden ','")
            continue
        sheets[name] = _sheet(name, rows)
    return sheets


def _sheet(name: str, rows: list[list[object]]) -> _Sheet:
    header = [_shown(v).lower() for v in rows[0]] if rows else []
    body = [(number, cells) for number, cells in enumerate(rows[1:], start=2)
            if any(v is not None for v in cells)]
    return _Sheet(name, header, body)


def file_sha256(path: Path) -> str:
    """Of the .xlsx file; of a CSV folder: its sheets' names and bytes, in sheet order."""
    digest = hashlib.sha256()
    if path.is_dir():
        for name in SHEET_NAMES:
            csv_path = path / f"{name}.csv"
            digest.update(f"{name}.csv\0".encode())
            digest.update(csv_path.read_bytes() if csv_path.is_file() else b"")
    else:
        digest.update(path.read_bytes())
    return digest.hexdigest()


# --- validation -----------------------------------------------------------------------

@dataclass
class _Row:
    number: int
    values: dict[str, object]  # field -> parsed value (None when empty or invalid)
    bad: set[str]  # fields whose cell was invalid


def _header_problems(sheet: _Sheet, problems: _Problems) -> dict[str, int]:
    """Column positions by header; reports missing, unknown and repeated columns."""
    columns = COLUMNS[sheet.name]
    known = [c.header for c in columns]
    positions: dict[str, int] = {}
    for index, header in enumerate(sheet.header):
        if not header:
            if any(index < len(cells) and cells[index] is not None for _, cells in sheet.rows):
                problems.add(sheet.name, 1, f"kolom {index + 1}",
                             "verwacht een kolomnaam boven gevulde cellen, de cel is leeg",
                             column_order=index + 1)
        elif header not in known:
            problems.add(sheet.name, 1, f"kolom '{header}'",
                         f"verwacht alleen de kolommen {', '.join(known)}; dit is een "
                         "onbekende kolom", column_order=index + 1)
        elif header in positions:
            problems.add(sheet.name, 1, f"kolom '{header}'",
                         "verwacht elke kolom één keer in de kopregel, gevonden een tweede",
                         column_order=index + 1)
        else:
            positions[header] = index
    for column in columns:
        if column.header not in positions:
            problems.add(sheet.name, 1, f"kolom '{column.header}'",
                         "verwacht deze kolom in de kopregel, maar die ontbreekt",
                         column_order=0)
    return positions


def _parse_rows(sheet: _Sheet, positions: dict[str, int], problems: _Problems) -> list[_Row]:
    parsed = []
    for number, cells in sheet.rows:
        row = _Row(number, {}, set())
        for column in COLUMNS[sheet.name]:
            if column.header not in positions:
                row.bad.add(column.field)
                row.values[column.field] = None
                continue
            index = positions[column.header]
            value = cells[index] if index < len(cells) else None
            row.values[column.field] = column.default
            if value is None:
                if column.required:
                    problems.cell(sheet.name, number, column,
                                  f"verwacht {column.expected}, de cel is leeg")
                    row.bad.add(column.field)
                continue
            try:
                row.values[column.field] = column.parse(value)
            except _Invalid as invalid:
                problems.cell(sheet.name, number, column,
                              f"verwacht {invalid.expected or column.expected}, gevonden "
                              f"'{_shown(value)}'")
                row.values[column.field] = None
                row.bad.add(column.field)
        parsed.append(row)
    return parsed


def _column(sheet: str, header: str) -> Column:
    return next(c for c in COLUMNS[sheet] if c.header == header)


def _duplicate_problems(sheet: str, rows: list[_Row], problems: _Problems) -> None:
    headers = KEYS[sheet]
    fields = [_column(sheet, h).field for h in headers]
    seen: dict[tuple, int] = {}
    for row in rows:
        if any(f in row.bad for f in fields):
            continue
        key = tuple(row.values[f] for f in fields)
        if key not in seen:
            seen[key] = row.number
            continue
        names = " en ".join(f"'{h}'" for h in headers)
        label = f"kolom {names}" if len(headers) == 1 else f"kolommen {names}"
        shown = " en ".join(f"'{_shown(v)}'" for v in key)
        problems.add(sheet, row.number, label,
                     f"verwacht één regel per {' en '.join(headers)}, gevonden {shown} "
                     f"opnieuw (ook in rij {seen[key]})",
                     column_order=_column_order(sheet, _column(sheet, headers[0])))


def _check_programme_ids(rows: list[_Row], catalogue_ids: set[str],
                         problems: _Problems) -> None:
    column = _column(INDICATORS, "indicator")
    for row in rows:
        if row.values["id"] in catalogue_ids:
            problems.cell(INDICATORS, row.number, column,
                          "verwacht een nieuwe id, gevonden "
                          f"'{row.values['id']}', dat al een CBS-indicator uit de catalogus is")


def _check_targets(rows: list[_Row], catalogue_ids: set[str], own_ids: set[str] | None,
                   problems: _Problems) -> None:
    indicator = _column(TARGETS, "indicator")
    for row in rows:
        v = row.values
        is_cbs = v["indicator"] in catalogue_ids
        if "indicator" not in row.bad and not is_cbs and own_ids is not None \
                and v["indicator"] not in own_ids:
            problems.cell(TARGETS, row.number, indicator,
                          "verwacht een CBS-indicator uit de catalogus (etl/indicators.toml) "
                          f"of een indicator uit blad '{INDICATORS}', gevonden "
                          f"'{v['indicator']}'")
        if v["baseline_year"] is not None and v["target_year"] is not None \
                and v["target_year"] <= v["baseline_year"]:
            problems.cell(TARGETS, row.number, _column(TARGETS, "doeljaar"),
                          f"verwacht een jaartal na het basisjaar ({v['baseline_year']}), "
                          f"gevonden '{v['target_year']}'")
        baseline = _column(TARGETS, "basiswaarde")
        if v["baseline_value"] is None and "baseline_value" not in row.bad \
                and "indicator" not in row.bad and not is_cbs:
            problems.cell(TARGETS, row.number, baseline,
                          f"verwacht {NUMBER} (leeg mag alleen bij een CBS-indicator), de cel "
                          "is leeg")
        if v["baseline_value"] is not None and v["target_value"] is not None \
                and v["baseline_value"] == v["target_value"]:
            problems.cell(TARGETS, row.number, _column(TARGETS, "doelwaarde"),
                          "verwacht een andere waarde dan de basiswaarde "
                          f"({_shown(v['baseline_value'])}), gevonden "
                          f"'{_shown(v['target_value'])}'")


def _check_measurements(rows: list[_Row], catalogue_ids: set[str], own_ids: set[str] | None,
                        problems: _Problems) -> None:
    column = _column(MEASUREMENTS, "indicator")
    for row in rows:
        indicator = row.values["indicator"]
        if "indicator" in row.bad or own_ids is None or indicator in own_ids:
            continue
        why = (" (een CBS-indicator: die cijfers komen uit de CBS-data)"
               if indicator in catalogue_ids else "")
        problems.cell(MEASUREMENTS, row.number, column,
                      f"verwacht een indicator uit blad '{INDICATORS}', gevonden "
                      f"'{indicator}'{why}")


def load_programme(path: Path, catalogue_ids: Iterable[str] | None = None) -> Programme:
    """Read and validate the programme file: an ``.xlsx`` workbook or a folder of CSV files.

    ``catalogue_ids`` are the CBS-derived indicator ids a target may use (default: those of
    ``etl/indicators.toml``). Raises :class:`ProgrammeError` listing every problem.
    """
    path = Path(path)
    if catalogue_ids is None:
        catalogue_ids = load_catalogue().ids
    cbs_ids = set(catalogue_ids)
    problems = _Problems()
    if path.is_dir():
        sheets = read_csv_folder(path, problems)
    elif path.suffix.lower() == ".xlsx" and path.is_file():
        sheets = read_xlsx(path, problems)
    elif not path.exists():
        raise ProgrammeError([f"Bestand '{path}': verwacht een programmabestand (.xlsx) of "
                              "een map met CSV-bestanden, maar dat bestaat niet"], path)
    else:
        raise ProgrammeError([f"Bestand '{path}': verwacht een programmabestand (.xlsx) of "
                              f"een map met CSV-bestanden, gevonden '{path.suffix}'"], path)

    rows: dict[str, list[_Row]] = {}
    for name, sheet in sheets.items():
        positions = _header_problems(sheet, problems)
        rows[name] = _parse_rows(sheet, positions, problems)
        _duplicate_problems(name, rows[name], problems)

    # Only a readable indicator sheet can say which programme ids exist; without it the id
    # checks are skipped rather than flagging every row.
    own_ids = None
    if INDICATORS in rows and "indicator" in sheets[INDICATORS].header:
        own_ids = {r.values["id"] for r in rows[INDICATORS] if r.values["id"] is not None}
        _check_programme_ids(rows[INDICATORS], cbs_ids, problems)
    if TARGETS in rows:
        _check_targets(rows[TARGETS], cbs_ids, own_ids, problems)
    if MEASUREMENTS in rows:
        _check_measurements(rows[MEASUREMENTS], cbs_ids, own_ids, problems)

    if problems:
        raise ProgrammeError(problems.lines(), path)
    frames = {name: _frame(name, [r.values for r in rows[name]]) for name in SHEET_NAMES}
    frames[TARGETS].insert(1, "indicator_kind", [
        KIND_CBS if i in cbs_ids else KIND_PROGRAMME for i in frames[TARGETS]["indicator"]])
    frames[TARGETS] = frames[TARGETS].astype(FRAME_DTYPES[TARGETS])
    for name in (MEASUREMENTS, MILESTONES, EVENTS):
        sort = ["indicator", "date"] if name == MEASUREMENTS else ["date"]
        frames[name] = frames[name].sort_values(sort, kind="stable", ignore_index=True)
    programme = Programme(path, file_sha256(path), frames[TARGETS], frames[MEASUREMENTS],
                          frames[MILESTONES], frames[EVENTS], frames[INDICATORS])
    if schema_problems := programme_schema_problems(programme):
        raise ProgrammeError(schema_problems, path)  # a bug here, not in the file
    return programme


def _frame(sheet: str, records: list[dict]) -> pd.DataFrame:
    dtypes = {k: v for k, v in FRAME_DTYPES[sheet].items() if k != "indicator_kind"}
    frame = pd.DataFrame.from_records(records, columns=list(dtypes))
    for field, dtype in dtypes.items():
        if dtype == DATES:
            frame[field] = pd.to_datetime(frame[field]).astype(DATES)
    return frame.astype(dtypes)


# --- the store's schemas ----------------------------------------------------------------

def _text_schema(nullable: bool = False) -> pa.Column:
    return pa.Column(str, nullable=nullable)


TARGETS_SCHEMA = pa.DataFrameSchema(
    {
        "indicator": _text_schema(),
        "indicator_kind": pa.Column(str, pa.Check.isin([KIND_CBS, KIND_PROGRAMME])),
        "region_code": pa.Column(str, pa.Check.str_matches(REGION_CODE)),
        "baseline_year": pa.Column("int64", pa.Check.in_range(FIRST_YEAR, LAST_YEAR)),
        "baseline_value": pa.Column(float, nullable=True),
        "target_year": pa.Column("int64", pa.Check.in_range(FIRST_YEAR, LAST_YEAR)),
        "target_value": pa.Column(float),
        "source": _text_schema(),
        "example": pa.Column(bool),
        "note": _text_schema(nullable=True),
    },
    unique=["indicator", "region_code"],
    checks=pa.Check(lambda f: f["target_year"] > f["baseline_year"],
                    error="target_year after baseline_year"),
    strict=True,
    ordered=True,
    name="programme_targets",
)
# Published targets carry their status (etl/programme_status.py) as well.
TARGETS_PUBLISHED_SCHEMA = TARGETS_SCHEMA.add_columns({
    "baseline_from_data": pa.Column(bool),
    "status": pa.Column(str, pa.Check.isin(["op koers", "achter", "voor"]), nullable=True),
    "latest_year": pa.Column("Int64", nullable=True),
    "latest_value": pa.Column(float, nullable=True),
    "path_value": pa.Column(float, nullable=True),
    "gap_amount": pa.Column(float, nullable=True),
    "gap_years": pa.Column(float, nullable=True),
})

_DATE_SCHEMA = pa.Column(DATES, pa.Check.in_range(pd.Timestamp(FIRST_DATE),
                                                   pd.Timestamp(LAST_DATE)))
MEASUREMENTS_SCHEMA = pa.DataFrameSchema(
    {"indicator": _text_schema(), "date": _DATE_SCHEMA, "value": pa.Column(float),
     "note": _text_schema(nullable=True), "example": pa.Column(bool)},
    unique=["indicator", "date"], strict=True, ordered=True, name="programme_measurements")
MILESTONES_SCHEMA = pa.DataFrameSchema(
    {"date": _DATE_SCHEMA, "title": _text_schema(),
     "pillar": pa.Column(str, pa.Check.isin(PILLARS)),
     "status": pa.Column(str, pa.Check.isin(MILESTONE_STATUSES)),
     "note": _text_schema(nullable=True), "example": pa.Column(bool)},
    unique=["date", "title"], strict=True, ordered=True, name="programme_milestones")
EVENTS_SCHEMA = pa.DataFrameSchema(
    {"date": _DATE_SCHEMA, "title": _text_schema(),
     "kind": pa.Column(str, pa.Check.isin(EVENT_KINDS)),
     "link": pa.Column(str, pa.Check.str_matches(r"^https?://"), nullable=True),
     "note": _text_schema(nullable=True), "example": pa.Column(bool)},
    unique=["date", "title"], strict=True, ordered=True, name="programme_events")
INDICATORS_SCHEMA = pa.DataFrameSchema(
    {"id": pa.Column(str, pa.Check.str_matches(PROGRAMME_ID.pattern), unique=True),
     "title_nl": _text_schema(), "title_en": _text_schema(),
     "unit": pa.Column(str, pa.Check.isin(UNITS)),
     "definition_nl": _text_schema(), "definition_en": _text_schema(),
     "pillar": pa.Column(str, pa.Check.isin(PILLARS))},
    strict=True, ordered=True, name="programme_indicators")


def programme_schema_problems(programme: Programme, targets_schema: pa.DataFrameSchema =
                              TARGETS_SCHEMA) -> list[str]:
    return [
        *schema_problems(targets_schema, programme.targets),
        *schema_problems(MEASUREMENTS_SCHEMA, programme.measurements),
        *schema_problems(MILESTONES_SCHEMA, programme.milestones),
        *schema_problems(EVENTS_SCHEMA, programme.events),
        *schema_problems(INDICATORS_SCHEMA, programme.indicators),
    ]
