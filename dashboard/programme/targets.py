"""The programme's targets: rows, status words, amounts and the gap to the path."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dashboard.data.store import Store
from dashboard.i18n import catalogue_text, t
from dashboard.i18n.formatting import format_number
from etl.contract import TARGET_STATUSES

FORECAST_FOR = {"population": "population_forecast"}  # targets drawn with a forecast
PROGRAMME_UNITS = {"euro": ("euro", 0), "aantal": ("", 0), "%": ("%", 1)}


def is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def status_label(status: object, lang: str) -> str:
    """ "op koers", "achter", "voor" (codes in the store), or "nog geen meting"."""
    return (
        t("prog_status_none", lang)
        if is_missing(status) or status not in TARGET_STATUSES
        else t(f"prog_status_{status}", lang)
    )


def format_amount(
    value: float | None,
    unit: str,
    decimals: int,
    lang: str,
    *,
    signed: bool = False,
    difference: bool = False,
) -> str:
    """``€ 700.000``, ``24,0%`` or a plain number, in the page's language.

    ``difference``: the value is the gap between two percentages, so it is written in
    percentage points (``−0,4 procentpunt``): "−0,4%" would read as a relative change."""
    number = format_number(value, decimals, lang, signed=signed)
    if number == "–":
        return number
    if unit == "euro":
        sign = number[0] if number[0] in "+−" else ""
        return f"{sign}€\u00a0{number[len(sign) :]}"
    if unit == "%":
        return f"{number}\u00a0{t('percentage_points', lang)}" if difference else number + "%"
    return number


@dataclass(frozen=True)
class Indicator:
    """What a target's indicator is called and how its values are written."""

    title: str
    definition: str
    unit: str  # "euro", "%" or "" (a count)
    decimals: int


def indicator_info(store: Store, indicator: str, kind: str, lang: str) -> Indicator:
    if kind == "cbs":
        entry = store.catalogue.get(indicator, {"id": indicator})
        unit = "%" if str(entry.get("unit", "")).strip() == "%" else ""
        return Indicator(
            catalogue_text(entry, "title", lang),
            catalogue_text(entry, "definition", lang),
            unit,
            int(entry.get("decimals", 1)),
        )
    entry = (
        store.programme.indicators.get(indicator, {"id": indicator})
        if store.programme is not None
        else {"id": indicator}
    )
    unit, decimals = PROGRAMME_UNITS.get(str(entry.get("unit", "aantal")), ("", 0))
    return Indicator(
        catalogue_text(entry, "title", lang),
        catalogue_text(entry, "definition", lang),
        unit,
        decimals,
    )


def targets(store: Store) -> list[dict]:
    """Target rows in file order, as plain dicts (missing values as None)."""
    programme = store.programme
    if programme is None:
        return []

    def build() -> list[dict]:
        frame = programme.targets
        return [
            {k: (None if is_missing(v) else v) for k, v in row.items()}
            for row in frame.to_dict("records")
        ]

    return store.memo(("programme_targets",), build)


def target_row(store: Store, indicator: str | None) -> dict | None:
    return next((row for row in targets(store) if row["indicator"] == indicator), None)


def gap_text(row: dict, info: Indicator, lang: str) -> str:
    parts = []
    if row.get("gap_years") is not None:
        years = format_number(abs(row["gap_years"]), 1, lang)
        parts.append(
            t("gap_years_ahead" if row["gap_years"] >= 0 else "gap_years_behind", lang, years=years)
        )
    if row.get("gap_amount") is not None and row.get("latest_year") is not None:
        parts.append(
            t(
                "gap_amount",
                lang,
                year=int(row["latest_year"]),
                amount=format_amount(
                    row["gap_amount"], info.unit, info.decimals, lang, signed=True, difference=True
                ),
            )
        )
    return "; ".join(parts) or "–"


def headline(store: Store) -> dict[str, int]:
    """How many targets are on track, behind and ahead (and in total)."""
    rows = targets(store)
    counts = {status: sum(1 for r in rows if r["status"] == status) for status in TARGET_STATUSES}
    return {**counts, "total": len(rows)}
