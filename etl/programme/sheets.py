"""The programme file's sheets: their columns (Dutch headers, store fields, parsers), keys and
the dtypes of the frames they become; and :class:`Programme`, the validated file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.programme.cells import (
    DEFAULT_REGION,
    FIRST_YEAR,
    LAST_YEAR,
    parse_choice,
    parse_date,
    parse_link,
    parse_number,
    parse_programme_id,
    parse_region,
    parse_text,
    parse_year,
    parse_yes_no,
)

PILLARS = ("wonen", "werken", "leven", "imago", "programma")
MILESTONE_STATUSES = ("gepland", "bezig", "gereed", "vertraagd")
EVENT_KINDS = ("beleid", "databreuk")
UNITS = ("aantal", "euro", "%")

TARGETS, MEASUREMENTS, MILESTONES, EVENTS, INDICATORS = (
    "doelen",
    "metingen",
    "mijlpalen",
    "gebeurtenissen",
    "programmaindicatoren",
)
SHEET_NAMES = (TARGETS, MEASUREMENTS, MILESTONES, EVENTS, INDICATORS)
CSV_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    header: str  # as in the file (Dutch)
    field: str  # as in the store
    parse: Callable[[object], object]
    expected: str  # "verwacht ..." -- what a good cell holds
    required: bool = True
    default: object = None


def _text_column(header: str, field: str, required: bool = True) -> Column:
    return Column(header, field, parse_text, "tekst", required)


def _choice_column(header: str, field: str, allowed: tuple[str, ...]) -> Column:
    return Column(header, field, parse_choice(allowed), f"een van: {', '.join(allowed)}")


YEAR = f"een jaartal tussen {FIRST_YEAR} en {LAST_YEAR}"
NUMBER = "een getal (decimaalkomma mag, bijv. 12,5)"
DATE = "een datum als JJJJ-MM-DD (bijv. 2025-03-31)"
INDICATOR = "een indicator-id"
EXAMPLE = Column("voorbeeld", "example", parse_yes_no, "'ja' (geen openbaar gegeven) of 'nee'")
NOTE = _text_column("toelichting", "note", required=False)

COLUMNS: dict[str, tuple[Column, ...]] = {
    TARGETS: (
        Column("indicator", "indicator", parse_text, INDICATOR),
        Column(
            "regio",
            "region_code",
            parse_region,
            f"een CBS-regiocode zoals {DEFAULT_REGION}, CR12, PV23 of NL01 (leeg = "
            f"{DEFAULT_REGION})",
            required=False,
            default=DEFAULT_REGION,
        ),
        Column("basisjaar", "baseline_year", parse_year, YEAR),
        # Empty only for a CBS indicator: the ETL then takes CBS's value of the baseline year.
        Column("basiswaarde", "baseline_value", parse_number, NUMBER, required=False),
        Column("doelwaarde", "target_value", parse_number, NUMBER),
        Column("doeljaar", "target_year", parse_year, YEAR),
        _text_column("bron", "source"),
        EXAMPLE,
        NOTE,
    ),
    MEASUREMENTS: (
        Column("indicator", "indicator", parse_text, INDICATOR),
        Column("datum", "date", parse_date, DATE),
        Column("waarde", "value", parse_number, NUMBER),
        NOTE,
        EXAMPLE,
    ),
    MILESTONES: (
        Column("datum", "date", parse_date, DATE),
        _text_column("titel", "title"),
        _choice_column("pijler", "pillar", PILLARS),
        _choice_column("status", "status", MILESTONE_STATUSES),
        NOTE,
        EXAMPLE,
    ),
    EVENTS: (
        Column("datum", "date", parse_date, DATE),
        _text_column("titel", "title"),
        _choice_column("soort", "kind", EVENT_KINDS),
        Column(
            "link",
            "link",
            parse_link,
            "een webadres dat begint met http:// of https://, of een lege cel",
            required=False,
        ),
        NOTE,
        EXAMPLE,
    ),
    INDICATORS: (
        Column(
            "indicator",
            "id",
            parse_programme_id,
            "een id van kleine letters, cijfers en _ (bijv. budget_committed_wonen)",
        ),
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
    TARGETS: {
        "indicator": STRING,
        "indicator_kind": STRING,
        "region_code": STRING,
        "baseline_year": "int64",
        "baseline_value": "float64",
        "target_year": "int64",
        "target_value": "float64",
        "source": STRING,
        "example": "bool",
        "note": STRING,
    },
    MEASUREMENTS: {
        "indicator": STRING,
        "date": DATES,
        "value": "float64",
        "note": STRING,
        "example": "bool",
    },
    MILESTONES: {
        "date": DATES,
        "title": STRING,
        "pillar": STRING,
        "status": STRING,
        "note": STRING,
        "example": "bool",
    },
    EVENTS: {
        "date": DATES,
        "title": STRING,
        "kind": STRING,
        "link": STRING,
        "note": STRING,
        "example": "bool",
    },
    INDICATORS: {
        "id": STRING,
        "title_nl": STRING,
        "title_en": STRING,
        "unit": STRING,
        "definition_nl": STRING,
        "definition_en": STRING,
        "pillar": STRING,
    },
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
        frames = (self.targets, self.measurements, self.milestones, self.events, self.indicators)
        return {name: len(frame) for name, frame in zip(SHEET_NAMES, frames, strict=True)}

    def manifest_entry(self) -> dict:
        return {"file": str(self.path), "sha256": self.sha256, "rows": self.rows()}

    def indicator_records(self) -> list[dict]:
        """JSON-ready definitions, as published in ``programme_indicators.json``."""
        return self.indicators.to_dict(orient="records")
