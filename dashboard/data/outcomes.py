"""What became of each source table in the refresh that made a store (manifest
``tables.<id>.outcome``, docs/store.md).

The ETL refreshes every CBS table on its own. One it could not renew is "kept" (its figures
carried over unchanged from an earlier store) or "absent" (none at all); the manifest says
which and why. The cards, the about page and the health endpoint all read it from here.
"""

from __future__ import annotations

from dashboard.data.store import Store
from etl.contract import FRESH


def table_outcome(info: dict) -> str:
    """``fresh``, ``kept`` or ``absent``; stores from before per-table refreshes have no
    outcome, and then every table was refreshed."""
    return str(info.get("outcome") or FRESH)


def not_refreshed_tables(store: Store) -> dict[str, dict]:
    """The manifest's kept and absent tables (id -> entry), in manifest order."""
    return {
        table: info
        for table, info in (store.manifest.get("tables") or {}).items()
        if table_outcome(info) != FRESH
    }
