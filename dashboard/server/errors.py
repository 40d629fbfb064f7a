"""What production serving needs besides the pages: a health endpoint, error pages that
leak nothing, and no development routes.

* ``/gezondheid`` (and ``/health``): JSON with the store's vintage, mode, created_at and
  the source tables it could not refresh (``tables``: ``kept`` and ``absent`` ids); 200
  when a store is loaded, 503 with a reason when there is none.
* Errors: a short Dutch/English page (JSON for Dash's own ``/_dash-*`` routes). The
  exception and its traceback go to the server log only.
* ``/_reload-hash`` (hot reload, a dev tool) answers 404 unless dev tools are switched on.
"""

from __future__ import annotations

import html
import logging

import flask
from dash.exceptions import DependencyException, InvalidResourceError
from werkzeug.exceptions import HTTPException, InternalServerError

from dashboard.data.outcomes import not_refreshed_tables, table_outcome
from dashboard.data.store import STORE, Store
from dashboard.i18n import t
from etl.contract import ABSENT, KEPT

log = logging.getLogger(__name__)

HEALTH_PATHS = ("/gezondheid", "/health")
DEV_ROUTES = ("/_reload-hash",)
VIEW_STATE_ID = "view-state"
ERROR_TEXT_KEYS = {400: "error_bad_request", 404: "error_not_found", 405: "error_method"}


def health() -> tuple[dict, int]:
    """The health answer as a plain function (tested without a server)."""
    try:
        store = STORE.current()
    except Exception:  # a broken store must show up as unhealthy, not as a 500
        log.exception("health check could not load the store")
        return {"status": "error", "reason": "store could not be loaded"}, 503
    if store is None:
        return {"status": "error", "reason": "no store published"}, 503
    return {"status": "ok", "vintage": store.vintage, "mode": store.mode,
            "created_at": store.manifest.get("created_at"), "tables": table_outcomes(store)}, 200


def table_outcomes(store: Store) -> dict[str, list[str]]:
    """The tables this store could not refresh, for monitoring. Still healthy (200): the app
    serves every figure it has, and says on each chart what is old or missing."""
    tables = not_refreshed_tables(store)
    return {outcome: [table for table, info in tables.items() if table_outcome(info) == outcome]
            for outcome in (KEPT, ABSENT)}


def sanitize_view_state(body: object) -> None:
    """Callbacks read ``view-state`` as ``{"query": str, ...}``; it lives in the browser, so
    a request may carry anything there. Anything else becomes None (the default view)
    before a callback sees it. Changes ``body`` in place."""
    if not isinstance(body, dict):
        return
    for group in ("inputs", "state"):
        items = body.get(group)
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict) or item.get("id") != VIEW_STATE_ID:
                continue
            value = item.get("value")
            if not isinstance(value, dict) or not isinstance(value.get("query", ""), str):
                item["value"] = None


def _is_dash_route(path: str) -> bool:
    return path.startswith("/_dash-")


def error_response(status: int) -> flask.Response:
    key = ERROR_TEXT_KEYS.get(status, "error_server" if status >= 500 else "error_bad_request")
    if _is_dash_route(flask.request.path):
        response = flask.jsonify({"status": status, "error": t(key, "en")})
    else:
        lines = "".join(f'<p lang="{lang}">{html.escape(t(key, lang))}</p>'
                        for lang in ("nl", "en"))
        body = ('<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
                f'<title>{html.escape(t("error_title", "nl"))}</title></head><body><main>'
                f'<h1>{html.escape(t("error_title", "nl"))}</h1>{lines}'
                f'<p><a href="/">{html.escape(t("error_home", "nl"))}</a></p>'
                '</main></body></html>')
        response = flask.Response(body, mimetype="text/html")
    response.status_code = status
    return response


def install(app) -> None:
    """Register the routes and handlers on the Dash app's Flask server."""
    server: flask.Flask = app.server

    def serve_health():
        body, status = health()
        response = flask.jsonify(body)
        response.status_code = status
        response.headers["Cache-Control"] = "no-store"
        return response

    for path in HEALTH_PATHS:
        server.add_url_rule(path, endpoint=f"health_{path.strip('/')}", view_func=serve_health)

    @server.before_request
    def block_dev_routes():
        dev_tools = getattr(app, "_dev_tools", {}) or {}
        if flask.request.path in DEV_ROUTES and not dev_tools.get("hot_reload"):
            return error_response(404)
        if flask.request.path == "/_dash-update-component" and flask.request.method == "POST":
            # A call for a callback that does not exist is the client's error, not a 500.
            body = flask.request.get_json(silent=True)
            output = body.get("output") if isinstance(body, dict) else None
            if not isinstance(output, str) or output not in app.callback_map:
                return error_response(400)
            sanitize_view_state(body)  # the cached JSON Dash reads next
        return None

    @server.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        if isinstance(error, InternalServerError):
            return handle_unexpected(error.original_exception or error)
        return error_response(error.code or 500)

    @server.errorhandler(DependencyException)
    @server.errorhandler(InvalidResourceError)
    def handle_unknown_resource(_error: Exception):
        # A script or asset path that does not exist: Dash's own message lists every
        # registered file, which is nobody's business.
        return error_response(404)

    @server.errorhandler(Exception)
    def handle_unexpected(error: BaseException):
        log.error("unhandled error on %s %s", flask.request.method, flask.request.path,
                  exc_info=error)
        return error_response(500)
