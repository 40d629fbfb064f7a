"""Parsing one cell of the programme file: value -> parsed value, or :class:`Invalid` with
what a good cell holds (in Dutch: advisers read the messages)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from urllib.parse import urlparse

from etl.contract import REGION_CODE

DEFAULT_REGION = "GM0164"  # Hengelo, the programme's own municipality
PROGRAMME_ID = re.compile(r"^[a-z][a-z0-9_]*$")
FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2100, 12, 31)
FIRST_YEAR, LAST_YEAR = FIRST_DATE.year, LAST_DATE.year

YES, NO = "ja", "nee"


class Invalid(ValueError):
    """The cell does not fit; ``expected`` overrides the column's usual expectation."""

    def __init__(self, expected: str | None = None):
        super().__init__(expected)
        self.expected = expected


def parse_text(value: object) -> str:
    return shown(value)


def parse_year(value: object) -> int:
    if isinstance(value, bool):
        raise Invalid
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value):
        value = int(value)
    if not isinstance(value, int) or not FIRST_YEAR <= value <= LAST_YEAR:
        raise Invalid
    return value


# Dutch notation: a decimal comma, optionally dots between groups of three ("1.234,5").
_DECIMAL = re.compile(r"[+-]?\d+([.,]\d+)?")
_DUTCH_GROUPED = re.compile(r"[+-]?\d{1,3}(\.\d{3})+,\d+")
_DOTS_ONLY_GROUPED = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")


def parse_number(value: object) -> float:
    if isinstance(value, bool):
        raise Invalid
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.replace(" ", "").replace("\u00a0", "")
        if _DUTCH_GROUPED.fullmatch(text):
            number = float(text.replace(".", "").replace(",", "."))
        elif _DOTS_ONLY_GROUPED.fullmatch(text):
            # "1.500" is 1500 to a Dutch reader and 1.5 to an English one: ask, never guess.
            raise Invalid("een getal zonder punt als duizendtalscheiding (schrijf 1500 of 1,5)")
        elif _DECIMAL.fullmatch(text):
            number = float(text.replace(",", "."))
        else:
            raise Invalid
    else:
        raise Invalid
    if not math.isfinite(number):
        raise Invalid
    return number


def parse_date(value: object) -> date:
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise Invalid
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise Invalid from None
    else:
        raise Invalid
    if not FIRST_DATE <= parsed <= LAST_DATE:
        raise Invalid(f"een datum tussen {FIRST_DATE.isoformat()} en {LAST_DATE.isoformat()}")
    return parsed


def parse_choice(allowed: tuple[str, ...]) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = shown(value).lower()
        if text not in allowed:
            raise Invalid
        return text

    return parse


def parse_yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = shown(value).lower()
    if text not in (YES, NO):
        raise Invalid
    return text == YES


def parse_region(value: object) -> str:
    text = shown(value).upper()
    if not re.fullmatch(REGION_CODE, text):
        raise Invalid
    return text


def parse_link(value: object) -> str:
    text = shown(value)
    parts = urlparse(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
        raise Invalid
    return text


def parse_programme_id(value: object) -> str:
    text = shown(value)
    if not PROGRAMME_ID.fullmatch(text):
        raise Invalid
    return text


def shown(value: object) -> str:
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
