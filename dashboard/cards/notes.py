"""Notes on a card whose CBS tables a refresh could not renew.

Every chart built on a kept or absent table (:mod:`dashboard.data.outcomes`) says so in a
note, so a reader never takes last year's forecast for this year's.
"""

from __future__ import annotations

from dashboard.cards.flows import FLOWS_ROLE
from dashboard.cards.model import CardSpec, compare_indicator
from dashboard.cards.sources import catalogue_tables
from dashboard.data.outcomes import not_refreshed_tables, table_outcome
from dashboard.data.store import Store
from dashboard.i18n import TEXTS, t
from dashboard.i18n.formatting import format_date, vintage_day
from dashboard.programme.targets import FORECAST_FOR
from dashboard.state.url import ViewState
from etl.contract import KEPT, PROBLEM_KINDS

PYRAMID_SOURCES = ("population_by_age",)  # the pyramid is drawn from that role's product
REGIONS_SOURCES = ("regions",)  # which municipalities are Twente: the ranking and the map


def table_name(table: str, info: dict, lang: str) -> str:
    """The short name of a table's role ("Prognose"); a role this app has no words for yet
    falls back to CBS's title, then to the id."""
    key = f"role_{info.get('role')}"
    return t(key, lang) if key in TEXTS else str(info.get("title") or table)


def problem_reason(info: dict, lang: str) -> str:
    """Why a table was not refreshed, in words (``problem_kind``)."""
    kind = info.get("problem_kind")
    return t(f"problem_{kind}" if kind in PROBLEM_KINDS else "problem_unknown", lang)


def figures_date(info: dict, lang: str) -> str:
    """The date of the figures a kept table shows: CBS's Modified, else the day of the
    vintage they were fresh in."""
    if info.get("modified"):
        return format_date(str(info["modified"]), lang)
    day = vintage_day(str(info.get("kept_from") or ""))
    return format_date(day.isoformat(), lang) if day else t("earlier_version", lang)


def table_note(table: str, info: dict, lang: str) -> str:
    """ "Prognose (85173NED): cijfers van 11-7-2024; CBS heeft de tabel gewijzigd." """
    values = {
        "name": table_name(table, info, lang),
        "table": table,
        "reason": problem_reason(info, lang),
    }
    if table_outcome(info) == KEPT:
        return t("table_kept_note", lang, date=figures_date(info, lang), **values)
    return t("table_absent_note", lang, **values)


def card_sources(spec: CardSpec, state: ViewState, store: Store) -> list[str]:
    """The catalogue ``sources`` (roles or table ids) of what a card draws."""

    def of(indicator: str | None) -> list[str]:
        entry = store.catalogue.get(indicator or "")
        return list(entry.get("sources", [])) if entry else []

    if spec.kind == "line":
        return of(spec.indicator) + of(spec.per_1000_of)
    if spec.kind == "forecast":
        return of("population") + of(spec.indicator or "population_forecast")
    if spec.kind in ("pyramid", "cohort"):  # both drawn from the single years of age
        return list(PYRAMID_SOURCES)
    if spec.kind.startswith("flow_"):  # the flow cards of dashboard/cards/flows.py
        return [FLOWS_ROLE]
    if spec.kind in ("ranking", "map"):
        return of(compare_indicator(spec, state, store)) + list(REGIONS_SOURCES)
    if spec.kind == "target" and spec.indicator in store.catalogue:
        return of(spec.indicator) + of(FORECAST_FOR.get(spec.indicator))
    return []  # programme-only cards (budget, milestones, programme indicators)


def table_notes(spec: CardSpec, state: ViewState, store: Store) -> list[str]:
    """One note per kept or absent table the card uses."""
    missing = not_refreshed_tables(store)
    if not missing:
        return []
    tables = catalogue_tables(store, card_sources(spec, state, store))
    return [table_note(table, missing[table], state.taal) for table in tables if table in missing]
