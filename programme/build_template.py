"""Write the seeded Talentopgave programme file: ``talentopgave.xlsx`` and the same content as
``csv/<sheet>.csv`` (see README.md in this folder).

    .venv/bin/python programme/build_template.py            # rewrites programme/
    .venv/bin/python programme/build_template.py --out DIR  # writes DIR/ instead

The output is reproducible (fixed document dates and zip timestamps), so a regenerated file
shows up in review only when the seed below changed. Rows marked ``voorbeeld = ja`` are not
public facts: they show what a filled-in file looks like and the app labels them as examples.
Advisers edit the workbook itself afterwards; this script is only the starting point.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from etl.programme.sheets import (
    COLUMNS,
    CSV_SEPARATOR,
    EVENT_KINDS,
    MILESTONE_STATUSES,
    PILLARS,
    SHEET_NAMES,
    UNITS,
)

HERE = Path(__file__).resolve().parent
FIXED_TIME = datetime(2025, 1, 1)
PILLAR_BUDGET = 700_000
EXAMPLE_NOTE = "Voorbeeldwaarde, geen openbaar gegeven: vervang door de echte stand."

PILLAR_NAMES = {
    "wonen": ("wonen", "housing"),
    "werken": ("werken", "work"),
    "leven": ("leven", "living"),
    "imago": ("imago", "image"),
}


def programme_indicators() -> list[dict]:
    rows = []
    for pillar, (nl, en) in PILLAR_NAMES.items():
        rows += [
            {
                "indicator": f"budget_committed_{pillar}",
                "titel_nl": f"Aanjaagbudget toegezegd, pijler {nl}",
                "titel_en": f"Seed budget committed, {en} pillar",
                "eenheid": "euro",
                "definitie_nl": f"Deel van het budget van de pijler {nl} (€ 700.000) dat is "
                "toegezegd aan initiatieven, opgeteld sinds de start van het "
                "programma.",
                "definitie_en": f"Part of the {en} pillar's budget (€700,000) committed to "
                "initiatives, cumulative since the programme started.",
                "pijler": pillar,
            },
            {
                "indicator": f"budget_spent_{pillar}",
                "titel_nl": f"Aanjaagbudget besteed, pijler {nl}",
                "titel_en": f"Seed budget spent, {en} pillar",
                "eenheid": "euro",
                "definitie_nl": f"Deel van het budget van de pijler {nl} dat is uitgegeven, "
                "opgeteld sinds de start van het programma.",
                "definitie_en": f"Part of the {en} pillar's budget that has been spent, "
                "cumulative since the programme started.",
                "pijler": pillar,
            },
        ]
    rows.append(
        {
            "indicator": "initiatives_started",
            "titel_nl": "Gestarte initiatieven",
            "titel_en": "Initiatives started",
            "eenheid": "aantal",
            "definitie_nl": "Aantal initiatieven dat met aanjaagbudget is gestart, alle "
            "pijlers samen, opgeteld sinds de start van het programma.",
            "definitie_en": "Number of initiatives started with seed budget, all "
            "pillars together, cumulative since the programme started.",
            "pijler": "programma",
        }
    )
    return rows


def targets() -> list[dict]:
    rows = [
        {
            "indicator": "population",
            "regio": "GM0164",
            "basisjaar": 2023,
            "basiswaarde": 82311,
            "doelwaarde": 100000,
            "doeljaar": 2040,
            "bron": "Ambitie Talentopgave: groei van circa 80.000 naar 100.000 inwoners. "
            "Basiswaarde: CBS 37259ned, inwoners op 1 januari 2023.",
            "voorbeeld": "ja",
            "toelichting": "De ambitie is openbaar, een doeljaar niet: 2040 is een voorbeeld "
            "van een lange termijn.",
        },
        {
            "indicator": "share_18_35",
            "regio": "GM0164",
            "basisjaar": 2024,
            "basiswaarde": None,
            "doelwaarde": 24.0,
            "doeljaar": 2035,
            "bron": "Voorbeeld, geen openbaar doel.",
            "voorbeeld": "ja",
            "toelichting": "Basiswaarde leeg: de ETL neemt het CBS-cijfer van het basisjaar.",
        },
    ]
    for pillar in PILLAR_NAMES:
        rows.append(
            {
                "indicator": f"budget_committed_{pillar}",
                "regio": "GM0164",
                "basisjaar": 2023,
                "basiswaarde": 0,
                "doelwaarde": PILLAR_BUDGET,
                "doeljaar": 2027,
                "bron": "Aanjaagbudget € 5 miljoen (Zomernota 2023–2027); vier pijlers van "
                "€ 700.000.",
                "voorbeeld": "ja",
                "toelichting": "Het bedrag is openbaar; dat het in 2027 (einde van de "
                "Zomernota-periode) volledig is toegezegd, is een aanname.",
            }
        )
    rows.append(
        {
            "indicator": "initiatives_started",
            "regio": "GM0164",
            "basisjaar": 2024,
            "basiswaarde": 0,
            "doelwaarde": 20,
            "doeljaar": 2027,
            "bron": "Voorbeeld, geen openbaar doel.",
            "voorbeeld": "ja",
            "toelichting": None,
        }
    )
    return rows


def measurements() -> list[dict]:
    committed = {
        "wonen": (150_000, 320_000),
        "werken": (100_000, 250_000),
        "leven": (80_000, 180_000),
        "imago": (200_000, 400_000),
    }
    spent = {
        "wonen": (60_000, 143_250.75),
        "werken": (35_000, 90_000),
        "leven": (20_000, 61_500.5),
        "imago": (120_000, 210_000),
    }
    dates = (date(2024, 12, 31), date(2025, 6, 30))
    rows = []
    for name, values in (("budget_committed", committed), ("budget_spent", spent)):
        for pillar, amounts in values.items():
            rows += [
                {
                    "indicator": f"{name}_{pillar}",
                    "datum": day,
                    "waarde": amount,
                    "toelichting": EXAMPLE_NOTE,
                    "voorbeeld": "ja",
                }
                for day, amount in zip(dates, amounts, strict=True)
            ]
    rows += [
        {
            "indicator": "initiatives_started",
            "datum": day,
            "waarde": count,
            "toelichting": EXAMPLE_NOTE,
            "voorbeeld": "ja",
        }
        for day, count in zip(dates, (4, 9), strict=True)
    ]
    return rows


def milestones() -> list[dict]:
    return [
        {
            "datum": date(2025, 3, 31),
            "titel": "Programmaplan Talent aangeboden aan de gemeenteraad",
            "pijler": "programma",
            "status": "gereed",
            "toelichting": "Eerste kwartaal 2025; de dag zelf staat niet in de bron, 31 maart "
            "is het einde van het kwartaal.",
            "voorbeeld": "nee",
        },
        {
            "datum": date(2025, 7, 1),
            "titel": "Besluit over de rest van de reserve (Zomernota 2025–2029)",
            "pijler": "programma",
            "status": "gereed",
            "toelichting": "Datum bij benadering (zomer 2025).",
            "voorbeeld": "nee",
        },
        {
            "datum": date(2026, 6, 30),
            "titel": "Eerste evaluatie van de pijler wonen",
            "pijler": "wonen",
            "status": "gepland",
            "toelichting": EXAMPLE_NOTE,
            "voorbeeld": "ja",
        },
        {
            "datum": date(2026, 9, 30),
            "titel": "Campagne over wonen en werken in Hengelo",
            "pijler": "imago",
            "status": "bezig",
            "toelichting": EXAMPLE_NOTE,
            "voorbeeld": "ja",
        },
    ]


def events() -> list[dict]:
    return [
        {
            "datum": date(2023, 7, 1),
            "titel": "Zomernota 2023–2027: aanjaagbudget Talentopgave van € 5 miljoen",
            "soort": "beleid",
            "link": None,
            "toelichting": "Datum bij benadering (zomer 2023).",
            "voorbeeld": "nee",
        },
        {
            "datum": date(2025, 3, 31),
            "titel": "Programmaplan Talent aangeboden aan de gemeenteraad",
            "soort": "beleid",
            "link": "https://www.hengelo.nl",
            "toelichting": "Eerste kwartaal 2025; de dag zelf staat niet in de bron.",
            "voorbeeld": "nee",
        },
        {
            "datum": date(2025, 7, 1),
            "titel": "Zomernota 2025–2029: besluit over de rest van de reserve",
            "soort": "beleid",
            "link": None,
            "toelichting": "Datum bij benadering (zomer 2025).",
            "voorbeeld": "nee",
        },
        {
            "datum": date(2024, 1, 1),
            "titel": "Voorbeeld: andere leeftijdsindeling in een CBS-tabel",
            "soort": "databreuk",
            "link": None,
            "toelichting": "Voorbeeld van een databreuk, geen echte: zo markeert u een "
            "trendbreuk in de CBS-cijfers.",
            "voorbeeld": "ja",
        },
    ]


def seed() -> dict[str, list[dict]]:
    rows = {
        "doelen": targets(),
        "metingen": measurements(),
        "mijlpalen": milestones(),
        "gebeurtenissen": events(),
        "programmaindicatoren": programme_indicators(),
    }
    for sheet, sheet_rows in rows.items():
        headers = [c.header for c in COLUMNS[sheet]]
        for row in sheet_rows:
            assert list(row) == headers, (sheet, list(row), headers)
    return rows


# Dropdowns in the workbook for the columns with a fixed list of values.
CHOICES = {
    "pijler": PILLARS,
    "status": MILESTONE_STATUSES,
    "soort": EVENT_KINDS,
    "eenheid": UNITS,
    "voorbeeld": ("ja", "nee"),
}
WIDE = {
    "titel",
    "titel_nl",
    "titel_en",
    "bron",
    "toelichting",
    "definitie_nl",
    "definitie_en",
    "link",
}


def write_xlsx(path: Path, rows: dict[str, list[dict]]) -> None:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet in SHEET_NAMES:
        worksheet = workbook.create_sheet(sheet)
        headers = [c.header for c in COLUMNS[sheet]]
        worksheet.append(headers)
        for row in rows[sheet]:
            worksheet.append([row[h] for h in headers])
        for index, header in enumerate(headers, start=1):
            letter = get_column_letter(index)
            cell = worksheet.cell(row=1, column=index)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            worksheet.column_dimensions[letter].width = 48 if header in WIDE else 16
            for (data_cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(data_cell.value, date):
                    data_cell.number_format = "yyyy-mm-dd"
                if header in WIDE:
                    data_cell.alignment = Alignment(wrap_text=True, vertical="top")
            if header in CHOICES:
                validation = DataValidation(
                    type="list",
                    formula1=f'"{",".join(CHOICES[header])}"',
                    allow_blank=False,
                    showErrorMessage=True,
                    errorTitle="Ongeldige waarde",
                    error=f"Kies een van: {', '.join(CHOICES[header])}",
                )
                validation.add(f"{letter}2:{letter}1000")
                worksheet.add_data_validation(validation)
        worksheet.freeze_panes = "A2"
    workbook.properties.creator = "programme/build_template.py"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_fixed_zip_times(buffer.getvalue()))


def _fixed_zip_times(data: bytes) -> bytes:
    """The same workbook bytes on every run: openpyxl stamps the save time into the zip
    members and into the document's 'modified' property."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, content)
    return out.getvalue()


def csv_cell(value: object) -> str:
    """Dutch notation: decimal comma, ISO dates, empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else repr(value)).replace(".", ",")
    return str(value)


def write_csv_folder(folder: Path, rows: dict[str, list[dict]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for sheet in SHEET_NAMES:
        headers = [c.header for c in COLUMNS[sheet]]
        with open(folder / f"{sheet}.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, delimiter=CSV_SEPARATOR, lineterminator="\n")
            writer.writerow(headers)
            writer.writerows([[csv_cell(row[h]) for h in headers] for row in rows[sheet]])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=HERE, help="folder to write (default: programme/)"
    )
    args = parser.parse_args(argv)
    rows = seed()
    args.out.mkdir(parents=True, exist_ok=True)
    write_xlsx(args.out / "talentopgave.xlsx", rows)
    write_csv_folder(args.out / "csv", rows)
    print(f"wrote {args.out / 'talentopgave.xlsx'} and {args.out / 'csv'}/")


if __name__ == "__main__":
    main()
