"""Which vintage a store is compared with, and the comparison itself, once per store pair.

A store's vintages are the folders beside it in ``vintages/`` (docs/store.md); "the previous
vintage" is the newest one older than the store (vintage ids are UTC times, so they sort as
text). The other vintage's indicators are read once, compared with
:func:`dashboard.data.revisions.compare`, and the result is kept on the newer store
(:meth:`Store.memo`): every card and page of that store asks for the same pair, and when the
store is replaced by a newer vintage its comparisons go with it. Only the indicator frame
of the other vintage is read (five columns), not the whole store: the comparison needs no
more, and a worker keeps nothing of it but the differences.
"""

from __future__ import annotations

import logging

import pandas as pd

from dashboard.data.revisions import DEFAULT_DECIMALS, KEYS, Revisions, compare
from dashboard.data.store import Store
from etl.contract import INDICATORS_FILE, MANIFEST, VINTAGE_RE, VINTAGES_FOLDER

log = logging.getLogger(__name__)


def sibling_vintages(store: Store) -> tuple[str, ...]:
    """The vintage ids published beside ``store`` (itself included), oldest first; none when
    the store is not in a ``vintages/`` folder."""

    def build() -> tuple[str, ...]:
        folder = store.path.parent
        if folder.name != VINTAGES_FOLDER:
            return ()
        try:
            found = [
                p.name
                for p in folder.iterdir()
                if VINTAGE_RE.match(p.name) and (p / MANIFEST).exists()
            ]
        except OSError:
            return ()
        return tuple(sorted(found))

    return store.memo(("sibling_vintages",), build)


def previous_vintage(store: Store) -> str | None:
    """The newest vintage older than ``store``'s, or None when it is the first."""
    older = [v for v in sibling_vintages(store) if v < store.vintage]
    return older[-1] if older else None


class _Unreadable(Exception):
    """The other vintage's indicators cannot be read: nothing to memoise (it may be being
    written, and a later request should try again)."""


def _read_indicators(store: Store, vintage: str) -> pd.DataFrame:
    path = store.path.parent / vintage / INDICATORS_FILE
    try:
        return pd.read_parquet(path, columns=[*KEYS, "value", "status"])
    except (OSError, ValueError) as error:  # pruned meanwhile, or not a store's file
        log.warning("vintage %s cannot be compared with %s: %s", vintage, store.vintage, error)
        raise _Unreadable from error


def revisions_between(store: Store, other: str) -> Revisions | None:
    """What changed between vintage ``other`` and ``store`` (the older of the two is the
    "old" side); None when ``other`` is ``store`` itself, no vintage id, or cannot be read
    beside ``store``. Computed once per pair (a vintage id is a publish time; the ETL
    never writes into a published vintage)."""
    if other == store.vintage or not VINTAGE_RE.match(other):
        return None
    if store.path.parent.name != VINTAGES_FOLDER:
        return None

    def build() -> Revisions:
        frame = _read_indicators(store, other)
        decimals = {
            key: int(entry.get("decimals", DEFAULT_DECIMALS))
            for key, entry in store.catalogue.items()
        }
        mine = store.indicators
        if other < store.vintage:
            return compare(frame, mine, decimals, old_vintage=other, new_vintage=store.vintage)
        return compare(mine, frame, decimals, old_vintage=store.vintage, new_vintage=other)

    try:
        return store.memo(("revisions", other), build)
    except _Unreadable:
        return None


def revisions_since_previous(store: Store) -> Revisions | None:
    """What changed since the previous vintage: the "herzien" markers' source."""
    previous = previous_vintage(store)
    return revisions_between(store, previous) if previous else None
