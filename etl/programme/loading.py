"""Validating the sheets row by row and cell by cell, and building the programme's frames.

:func:`load_programme` only reads and validates. Every problem names the sheet, the row as the
spreadsheet shows it (the header is row 1), the column and what was expected -- in Dutch,
because advisers read them -- and all problems are collected before
:class:`~etl.programme.reading.ProgrammeError` is raised, so one round of corrections fixes
the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.catalogue import load_catalogue
from etl.programme.cells import Invalid, shown
from etl.programme.reading import (
    Problems,
    ProgrammeError,
    Sheet,
    column_order,
    file_sha256,
    read_csv_folder,
    read_xlsx,
)
from etl.programme.schema import programme_schema_problems
from etl.programme.sheets import (
    COLUMNS,
    DATES,
    EVENTS,
    FRAME_DTYPES,
    INDICATORS,
    KEYS,
    KIND_CBS,
    KIND_PROGRAMME,
    MEASUREMENTS,
    MILESTONES,
    NUMBER,
    SHEET_NAMES,
    TARGETS,
    Column,
    Programme,
)


@dataclass
class _Row:
    number: int
    values: dict[str, object]  # field -> parsed value (None when empty or invalid)
    bad: set[str]  # fields whose cell was invalid


def _header_problems(sheet: Sheet, problems: Problems) -> dict[str, int]:
    """Column positions by header; reports missing, unknown and repeated columns."""
    columns = COLUMNS[sheet.name]
    known = [c.header for c in columns]
    positions: dict[str, int] = {}
    for index, header in enumerate(sheet.header):
        if not header:
            if any(index < len(cells) and cells[index] is not None for _, cells in sheet.rows):
                problems.add(
                    sheet.name,
                    1,
                    f"kolom {index + 1}",
                    "verwacht een kolomnaam boven gevulde cellen, de cel is leeg",
                    column_order=index + 1,
                )
        elif header not in known:
            problems.add(
                sheet.name,
                1,
                f"kolom '{header}'",
                f"verwacht alleen de kolommen {', '.join(known)}; dit is een onbekende kolom",
                column_order=index + 1,
            )
        elif header in positions:
            problems.add(
                sheet.name,
                1,
                f"kolom '{header}'",
                "verwacht elke kolom één keer in de kopregel, gevonden een tweede",
                column_order=index + 1,
            )
        else:
            positions[header] = index
    for column in columns:
        if column.header not in positions:
            problems.add(
                sheet.name,
                1,
                f"kolom '{column.header}'",
                "verwacht deze kolom in de kopregel, maar die ontbreekt",
                column_order=0,
            )
    return positions


def _parse_rows(sheet: Sheet, positions: dict[str, int], problems: Problems) -> list[_Row]:
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
                    problems.cell(
                        sheet.name, number, column, f"verwacht {column.expected}, de cel is leeg"
                    )
                    row.bad.add(column.field)
                continue
            try:
                row.values[column.field] = column.parse(value)
            except Invalid as invalid:
                problems.cell(
                    sheet.name,
                    number,
                    column,
                    f"verwacht {invalid.expected or column.expected}, gevonden '{shown(value)}'",
                )
                row.values[column.field] = None
                row.bad.add(column.field)
        parsed.append(row)
    return parsed


def _column(sheet: str, header: str) -> Column:
    return next(c for c in COLUMNS[sheet] if c.header == header)


def _duplicate_problems(sheet: str, rows: list[_Row], problems: Problems) -> None:
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
        values = " en ".join(f"'{shown(v)}'" for v in key)
        problems.add(
            sheet,
            row.number,
            label,
            f"verwacht één regel per {' en '.join(headers)}, gevonden {values} "
            f"opnieuw (ook in rij {seen[key]})",
            column_order=column_order(sheet, _column(sheet, headers[0])),
        )


def _check_programme_ids(rows: list[_Row], catalogue_ids: set[str], problems: Problems) -> None:
    column = _column(INDICATORS, "indicator")
    for row in rows:
        if row.values["id"] in catalogue_ids:
            problems.cell(
                INDICATORS,
                row.number,
                column,
                "verwacht een nieuwe id, gevonden "
                f"'{row.values['id']}', dat al een CBS-indicator uit de catalogus is",
            )


def _check_targets(
    rows: list[_Row], catalogue_ids: set[str], own_ids: set[str] | None, problems: Problems
) -> None:
    indicator = _column(TARGETS, "indicator")
    for row in rows:
        v = row.values
        is_cbs = v["indicator"] in catalogue_ids
        if (
            "indicator" not in row.bad
            and not is_cbs
            and own_ids is not None
            and v["indicator"] not in own_ids
        ):
            problems.cell(
                TARGETS,
                row.number,
                indicator,
                "verwacht een CBS-indicator uit de catalogus (etl/indicators.toml) "
                f"of een indicator uit blad '{INDICATORS}', gevonden "
                f"'{v['indicator']}'",
            )
        baseline_year, target_year = v["baseline_year"], v["target_year"]
        if (
            isinstance(baseline_year, int)
            and isinstance(target_year, int)
            and target_year <= baseline_year
        ):
            problems.cell(
                TARGETS,
                row.number,
                _column(TARGETS, "doeljaar"),
                f"verwacht een jaartal na het basisjaar ({v['baseline_year']}), "
                f"gevonden '{v['target_year']}'",
            )
        baseline = _column(TARGETS, "basiswaarde")
        if (
            v["baseline_value"] is None
            and "baseline_value" not in row.bad
            and "indicator" not in row.bad
            and not is_cbs
        ):
            problems.cell(
                TARGETS,
                row.number,
                baseline,
                f"verwacht {NUMBER} (leeg mag alleen bij een CBS-indicator), de cel is leeg",
            )
        if (
            v["baseline_value"] is not None
            and v["target_value"] is not None
            and v["baseline_value"] == v["target_value"]
        ):
            problems.cell(
                TARGETS,
                row.number,
                _column(TARGETS, "doelwaarde"),
                "verwacht een andere waarde dan de basiswaarde "
                f"({shown(v['baseline_value'])}), gevonden "
                f"'{shown(v['target_value'])}'",
            )


def _check_measurements(
    rows: list[_Row], catalogue_ids: set[str], own_ids: set[str] | None, problems: Problems
) -> None:
    column = _column(MEASUREMENTS, "indicator")
    for row in rows:
        indicator = row.values["indicator"]
        if "indicator" in row.bad or own_ids is None or indicator in own_ids:
            continue
        why = (
            " (een CBS-indicator: die cijfers komen uit de CBS-data)"
            if indicator in catalogue_ids
            else ""
        )
        problems.cell(
            MEASUREMENTS,
            row.number,
            column,
            f"verwacht een indicator uit blad '{INDICATORS}', gevonden '{indicator}'{why}",
        )


def load_programme(path: Path, catalogue_ids: Iterable[str] | None = None) -> Programme:
    """Read and validate the programme file: an ``.xlsx`` workbook or a folder of CSV files.

    ``catalogue_ids`` are the CBS-derived indicator ids a target may use (default: those of
    ``etl/indicators.toml``). Raises :class:`ProgrammeError` listing every problem.
    """
    path = Path(path)
    if catalogue_ids is None:
        catalogue_ids = load_catalogue().ids
    cbs_ids = set(catalogue_ids)
    problems = Problems()
    if path.is_dir():
        sheets = read_csv_folder(path, problems)
    elif path.suffix.lower() == ".xlsx" and path.is_file():
        sheets = read_xlsx(path, problems)
    elif not path.exists():
        raise ProgrammeError(
            [
                f"Bestand '{path}': verwacht een programmabestand (.xlsx) of "
                "een map met CSV-bestanden, maar dat bestaat niet"
            ],
            path,
        )
    else:
        raise ProgrammeError(
            [
                f"Bestand '{path}': verwacht een programmabestand (.xlsx) of "
                f"een map met CSV-bestanden, gevonden '{path.suffix}'"
            ],
            path,
        )

    rows: dict[str, list[_Row]] = {}
    for name, sheet in sheets.items():
        positions = _header_problems(sheet, problems)
        rows[name] = _parse_rows(sheet, positions, problems)
        _duplicate_problems(name, rows[name], problems)

    # Only a readable indicator sheet can say which programme ids exist; without it the id
    # checks are skipped rather than flagging every row.
    own_ids: set[str] | None = None
    if INDICATORS in rows and "indicator" in sheets[INDICATORS].header:
        own_ids = {str(r.values["id"]) for r in rows[INDICATORS] if r.values["id"] is not None}
        _check_programme_ids(rows[INDICATORS], cbs_ids, problems)
    if TARGETS in rows:
        _check_targets(rows[TARGETS], cbs_ids, own_ids, problems)
    if MEASUREMENTS in rows:
        _check_measurements(rows[MEASUREMENTS], cbs_ids, own_ids, problems)

    if problems:
        raise ProgrammeError(problems.lines(), path)
    frames = {name: _frame(name, [r.values for r in rows[name]]) for name in SHEET_NAMES}
    frames[TARGETS].insert(
        1,
        "indicator_kind",
        [KIND_CBS if i in cbs_ids else KIND_PROGRAMME for i in frames[TARGETS]["indicator"]],
    )
    frames[TARGETS] = frames[TARGETS].astype(FRAME_DTYPES[TARGETS])
    for name in (MEASUREMENTS, MILESTONES, EVENTS):
        sort = ["indicator", "date"] if name == MEASUREMENTS else ["date"]
        frames[name] = frames[name].sort_values(sort, kind="stable", ignore_index=True)
    programme = Programme(
        path,
        file_sha256(path),
        frames[TARGETS],
        frames[MEASUREMENTS],
        frames[MILESTONES],
        frames[EVENTS],
        frames[INDICATORS],
    )
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
