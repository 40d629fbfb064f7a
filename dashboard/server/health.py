"""``/gezondheid`` (and ``/health``): JSON with the store's vintage, mode, created_at and the
source tables it could not refresh (``tables``: ``kept`` and ``absent`` ids); 200 when a
store is loaded, 503 with a reason when there is none."""

from __future__ import annotations

import logging

import flask

from dashboard.data.outcomes import not_refreshed_tables, table_outcome
from dashboard.data.store import STORE, Store
from etl.contract import ABSENT, KEPT

log = logging.getLogger(__name__)

HEALTH_PATHS = ("/gezondheid", "/health")


def health() -> tuple[dict, int]:
    """The health answer as a plain function (tested without a server)."""
    try:
        store = STORE.current()
    except Exception:  # a broken store must show up as unhealthy, not as a 500
        log.exception("health check could not load the store")
        return {"status": "error", "reason": "store could not be loaded"}, 503
    if store is None:
        return {"status": "error", "reason": "no store published"}, 503
    return {
        "status": "ok",
        "vintage": store.vintage,
        "mode": store.mode,
        "created_at": store.manifest.get("created_at"),
        "tables": table_outcomes(store),
    }, 200


def table_outcomes(store: Store) -> dict[str, list[str]]:
    """The tables this store could not refresh, for monitoring. Still healthy (200): the app
    serves every figure it has, and says on each chart what is old or missing."""
    tables = not_refreshed_tables(store)
    return {
        outcome: [table for table, info in tables.items() if table_outcome(info) == outcome]
        for outcome in (KEPT, ABSENT)
    }


def install(server: flask.Flask) -> None:
    """Serve :func:`health` at :data:`HEALTH_PATHS`."""

    def serve_health():
        body, status = health()
        response = flask.jsonify(body)
        response.status_code = status
        response.headers["Cache-Control"] = "no-store"
        return response

    for path in HEALTH_PATHS:
        server.add_url_rule(path, endpoint=f"health_{path.strip('/')}", view_func=serve_health)
