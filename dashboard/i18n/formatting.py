"""Numbers as people read them: Dutch ``18,3%`` and ``83.058``, English ``18.3%`` and ``83,058``.

One place for every number the dashboard prints (titles, summaries, tables, CSV) so the
text and the charts can never disagree; plotly gets the same convention via
:func:`plotly_separators`.
"""

from __future__ import annotations

import math
from datetime import date

# plotly's `separators` is "<decimal><thousands>"
_SEPARATORS = {"nl": (",", "."), "en": (".", ",")}
# Rendering: a non-breaking space keeps "18,3 %"-style units on one line where a space is used.
_NBSP = "\u00a0"


def plotly_separators(lang: str) -> str:
    decimal, thousands = _SEPARATORS.get(lang, _SEPARATORS["nl"])
    return decimal + thousands


def format_number(
    value: float | None,
    decimals: int = 0,
    lang: str = "nl",
    *,
    signed: bool = False,
    grouping: bool = True,
) -> str:
    """``83058`` -> ``83.058`` (nl) / ``83,058`` (en); missing values -> an en dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    decimal, thousands = _SEPARATORS.get(lang, _SEPARATORS["nl"])
    text = (
        f"{abs(value):,.{max(decimals, 0)}f}" if grouping else f"{abs(value):.{max(decimals, 0)}f}"
    )
    # Swap via a placeholder so "," and "." do not overwrite each other.
    text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    if round(value, max(decimals, 0)) == 0:
        sign = ""
    elif value < 0:
        sign = "−"  # a real minus sign reads better and screen readers say "minus"
    else:
        sign = "+" if signed else ""
    return sign + text


def format_value(
    value: float | None,
    unit: str,
    decimals: int,
    lang: str = "nl",
    *,
    unit_label: str = "",
    signed: bool = False,
) -> str:
    """A value with its unit: percentages glued (``18,3%``), other units after a space."""
    number = format_number(value, decimals, lang, signed=signed)
    if number == "–":
        return number
    if unit == "%":
        return number + "%"
    if unit_label and unit not in ("persons", "count"):
        return f"{number}{_NBSP}{unit_label}"
    return number


def format_csv_number(value: float | None, decimals: int, lang: str) -> str:
    """CSV cells: no thousands separator (spreadsheets would misread it), locale decimal mark."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{value:.{max(decimals, 0)}f}"
    return text.replace(".", ",") if lang == "nl" else text


def format_vintage(vintage: str | None, lang: str = "nl") -> str:
    """``20250301T120000Z`` -> ``1-3-2025 12:00 UTC`` (nl) / ``2025-03-01 12:00 UTC`` (en)."""
    if not vintage or len(vintage) < 15:
        return vintage or "–"
    year, month, day = vintage[0:4], vintage[4:6], vintage[6:8]
    clock = f"{vintage[9:11]}:{vintage[11:13]}"
    if lang == "nl":
        return f"{int(day)}-{int(month)}-{year} {clock} UTC"
    return f"{year}-{month}-{day} {clock} UTC"


def vintage_day(vintage: str | None) -> date | None:
    """The UTC day a vintage (``20250301T120000Z``) was made, or None when it is not one."""
    if not vintage or len(vintage) < 8 or not vintage[:8].isdigit():
        return None
    try:
        return date(int(vintage[0:4]), int(vintage[4:6]), int(vintage[6:8]))
    except ValueError:
        return None


def days_old(vintage: str | None, today: date) -> int | None:
    """Whole days from a vintage's day to ``today``; a vintage "from the future" (a clock
    ahead of this server's) counts as today rather than as a negative age."""
    day = vintage_day(vintage)
    return None if day is None else max((today - day).days, 0)


def format_date(iso: str | None, lang: str = "nl") -> str:
    """An ISO date or timestamp (``2025-02-14T02:00:00``) as a date in the page's language."""
    if not iso or len(iso) < 10:
        return iso or "–"
    year, month, day = iso[0:4], iso[5:7], iso[8:10]
    if not (year.isdigit() and month.isdigit() and day.isdigit()):
        return iso
    return f"{int(day)}-{int(month)}-{year}" if lang == "nl" else f"{year}-{month}-{day}"


def format_years(years: list[int] | tuple[int, ...]) -> str:
    """``[2023, 2024]`` -> ``2023, 2024``; ranges stay explicit, they are few."""
    return ", ".join(str(y) for y in years)
