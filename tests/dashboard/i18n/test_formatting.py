"""Dutch and English number formatting."""

import math

import pytest

from dashboard.i18n.formatting import (
    format_csv_number,
    format_date,
    format_number,
    format_value,
    format_vintage,
    plotly_separators,
)


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "expected"),
    [
        (83058, 0, "nl", "83.058"),
        (83058, 0, "en", "83,058"),
        (18.345, 1, "nl", "18,3"),
        (18.345, 1, "en", "18.3"),
        (1234567.891, 2, "nl", "1.234.567,89"),
        (1234567.891, 2, "en", "1,234,567.89"),
        (-1.5, 1, "nl", "−1,5"),
        (0.04, 1, "nl", "0,0"),
        (-0.04, 1, "en", "0.0"),
    ],
)
def test_fmt001_numbers(value, decimals, lang, expected):
    assert format_number(value, decimals, lang) == expected


def test_fmt002_percent_and_sign():
    assert format_value(18.3, "%", 1, "nl") == "18,3%"
    assert format_value(18.3, "%", 1, "en") == "18.3%"
    assert format_number(1.25, 1, "nl", signed=True) == "+1,2"
    assert format_value(None, "%", 1, "nl") == "–"
    assert format_number(math.nan, 1, "nl") == "–"


def test_fmt003_plotly_separators_match_the_language():
    assert plotly_separators("nl") == ",."
    assert plotly_separators("en") == ".,"


def test_fmt004_csv_numbers_have_no_thousands_separator():
    assert format_csv_number(83058.0, 0, "nl") == "83058"
    assert format_csv_number(18.25, 2, "nl") == "18,25"
    assert format_csv_number(18.25, 2, "en") == "18.25"
    assert format_csv_number(None, 1, "nl") == ""


def test_fmt005_dates_and_vintages():
    assert format_vintage("20250301T120000Z", "nl") == "1-3-2025 12:00 UTC"
    assert format_vintage("20250301T120000Z", "en") == "2025-03-01 12:00 UTC"
    assert format_date("2025-02-14T02:00:00", "nl") == "14-2-2025"
    assert format_date("garbage", "nl") == "garbage"
