"""Which CBS tables a card's figures come from, and the source line that names them."""

from __future__ import annotations

from collections.abc import Iterable

from dashboard.data.store import Store
from dashboard.i18n import t
from dashboard.i18n.formatting import format_date, format_vintage, format_years


def catalogue_tables(store: Store, sources: Iterable[str]) -> list[str]:
    """The manifest's tables for catalogue ``sources``: table ids, or roles named in the
    manifest (what the ETL's catalogue writes)."""
    manifest_tables = store.manifest.get("tables") or {}
    tables: list[str] = []
    for source in sources:
        matches = (
            [source]
            if source in manifest_tables
            else [table for table, info in manifest_tables.items() if info.get("role") == source]
        )
        tables += [table for table in matches if table not in tables]
    return tables


def source_tables(store: Store, entry: dict) -> list[str]:
    """CBS table ids behind an indicator: from its rows' ``source`` column (the contract),
    else from the catalogue's ``sources``."""
    from_rows = store.source_tables(str(entry.get("id", "")))
    return from_rows or catalogue_tables(store, entry.get("sources", []))


def source_line(store: Store, entries: list[dict] | dict, lang: str, provisional: list[int]) -> str:
    entries = entries if isinstance(entries, list) else [entries]
    tables = list(dict.fromkeys(t_id for e in entries for t_id in source_tables(store, e)))
    manifest_tables = store.manifest.get("tables") or {}
    modified = sorted(
        {
            format_date(manifest_tables.get(s, {}).get("modified"), lang)
            for s in tables
            if manifest_tables.get(s, {}).get("modified")
        }
    )
    text = t(
        "source_line",
        lang,
        tables=", ".join(tables) or "–",
        modified=", ".join(modified) or "–",
        vintage=format_vintage(store.vintage, lang),
    )
    if provisional:
        text += " " + t("provisional_years", lang, years=format_years(provisional))
    return text
