"""Which CBS tables a card's figures come from, and the source line that names them.

The line is text for the card; :class:`SourceFacts` is the same as data, for the Excel
export's metadata sheet. A builder only calls :func:`source_line`; whoever needs the facts
of the card it builds wraps the build in :func:`collect_sources` and gets every line's
facts, also of lines a card wraps in a longer sentence (the programme's targets).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

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


@dataclass(frozen=True)
class SourceTable:
    """One CBS table as the manifest describes it: CBS's own title and ``Modified``."""

    table: str
    title: str
    modified: str | None  # ISO timestamp from CBS's catalogue; None when unknown


@dataclass(frozen=True)
class SourceFacts:
    """What one source line says, as data."""

    tables: tuple[SourceTable, ...]
    vintage: str
    provisional: tuple[int, ...]


_COLLECTED: contextvars.ContextVar[list[SourceFacts] | None] = contextvars.ContextVar(
    "collected_sources", default=None
)


@contextmanager
def collect_sources() -> Iterator[list[SourceFacts]]:
    """The facts of every source line made inside the ``with`` block, in order."""
    collected: list[SourceFacts] = []
    token = _COLLECTED.set(collected)
    try:
        yield collected
    finally:
        _COLLECTED.reset(token)


def source_facts(
    store: Store, entries: list[dict] | dict, provisional: Iterable[int] = ()
) -> SourceFacts:
    entries = entries if isinstance(entries, list) else [entries]
    tables = list(dict.fromkeys(t_id for e in entries for t_id in source_tables(store, e)))
    manifest_tables = store.manifest.get("tables") or {}
    infos = {table: manifest_tables.get(table) or {} for table in tables}
    return SourceFacts(
        tables=tuple(
            SourceTable(
                table,
                str(info.get("title") or ""),
                str(info["modified"]) if info.get("modified") else None,
            )
            for table, info in infos.items()
        ),
        vintage=store.vintage,
        provisional=tuple(provisional),
    )


def source_line(store: Store, entries: list[dict] | dict, lang: str, provisional: list[int]) -> str:
    facts = source_facts(store, entries, provisional)
    if (collected := _COLLECTED.get()) is not None:
        collected.append(facts)
    modified = sorted({format_date(s.modified, lang) for s in facts.tables if s.modified})
    text = t(
        "source_line",
        lang,
        tables=", ".join(s.table for s in facts.tables) or "–",
        modified=", ".join(modified) or "–",
        vintage=format_vintage(facts.vintage, lang),
    )
    if provisional:
        text += " " + t("provisional_years", lang, years=format_years(provisional))
    return text
