"""Reading the programme file (an .xlsx workbook or a folder of CSVs) into sheets of cells,
and collecting problems as an adviser walks the file: sheet, row, column."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from etl.programme.cells import shown
from etl.programme.sheets import COLUMNS, CSV_SEPARATOR, SHEET_NAMES, Column


class ProgrammeError(ValueError):
    """The programme file cannot be published; ``problems`` holds one Dutch line each."""

    def __init__(self, problems: list[str], path: Path | None = None):
        self.problems = problems
        self.path = path
        listed = "\n".join(f"  - {p}" for p in problems)
        where = f" ({path})" if path is not None else ""
        super().__init__(f"het programmabestand{where} bevat {len(problems)} fout(en):\n{listed}")


@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (row number as the spreadsheet shows it, cells)


class Problems:
    """Problems sorted as an adviser walks the file: sheet, row, column."""

    def __init__(self) -> None:
        self._items: list[tuple[int, int, int, str]] = []

    def add(
        self, sheet: str, row: int | None, column: str | None, text: str, column_order: int = 0
    ) -> None:
        where = f"Blad '{sheet}'"
        if row is not None:
            where += f", rij {row}"
        if column is not None:
            where += f", {column}"
        self._items.append((SHEET_NAMES.index(sheet), row or 0, column_order, f"{where}: {text}"))

    def cell(self, sheet: str, row: int, column: Column, text: str) -> None:
        self.add(sheet, row, f"kolom '{column.header}'", text, column_order(sheet, column))

    def lines(self) -> list[str]:
        return [text for *_, text in sorted(self._items, key=lambda item: item[:3])]

    def __bool__(self) -> bool:
        return bool(self._items)


def column_order(sheet: str, column: Column) -> int:
    return COLUMNS[sheet].index(column) + 1


def _clean(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def read_xlsx(path: Path, problems: Problems) -> dict[str, Sheet]:
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as error:
        raise ProgrammeError(
            [
                f"Bestand '{path.name}': verwacht een Excel-bestand (.xlsx) "
                f"dat te openen is, maar dat lukt niet ({error})"
            ],
            path,
        ) from None
    sheets = {}
    by_name = {name.strip().lower(): name for name in workbook.sheetnames}
    for name in SHEET_NAMES:
        if name not in by_name:
            problems.add(
                name,
                None,
                None,
                f"verwacht een blad '{name}' in {path.name}, maar "
                f"dat ontbreekt (gevonden: {', '.join(workbook.sheetnames)})",
            )
            continue
        worksheet = workbook[by_name[name]]
        rows = [
            [_clean(v) for v in row] for row in worksheet.iter_rows(min_row=1, values_only=True)
        ]
        sheets[name] = _sheet(name, rows)
    workbook.close()
    return sheets


def read_csv_folder(folder: Path, problems: Problems) -> dict[str, Sheet]:
    sheets = {}
    for name in SHEET_NAMES:
        path = folder / f"{name}.csv"
        if not path.is_file():
            problems.add(
                name, None, None, f"verwacht een bestand {name}.csv in {folder}, maar dat ontbreekt"
            )
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.add(
                name,
                None,
                None,
                f"verwacht {name}.csv in UTF-8, maar het bestand "
                "heeft een andere tekencodering (sla op als 'CSV UTF-8')",
            )
            continue
        rows = [
            [_clean(v) for v in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=CSV_SEPARATOR)
        ]
        if rows and len(rows[0]) == 1 and "," in str(rows[0][0] or ""):
            problems.add(
                name, 1, None, f"verwacht ';' als scheidingsteken in {name}.csv, gevonden ','"
            )
            continue
        sheets[name] = _sheet(name, rows)
    return sheets


def _sheet(name: str, rows: list[list[object]]) -> Sheet:
    header = [shown(v).lower() for v in rows[0]] if rows else []
    body = [
        (number, cells)
        for number, cells in enumerate(rows[1:], start=2)
        if any(v is not None for v in cells)
    ]
    return Sheet(name, header, body)


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
