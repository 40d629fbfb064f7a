"""Error pages that leak nothing, requests that cannot harm a callback, no development routes.

* Errors: a short Dutch/English page (JSON for Dash's own ``/_dash-*`` routes). The
  exception and its traceback go to the server log only.
* A callback request for a callback that does not exist is a 400; the view state the
  browser holds is checked before any callback reads it.
* ``/_reload-hash`` (hot reload, a dev tool) answers 404 unless dev tools are switched on.
* Every error answered here writes one log line (logger ``dashboard.server.errors``): a
  WARNING for the client's errors (4xx), an ERROR with the traceback for the app's own.
"""

from __future__ import annotations

import html
import logging

import flask
from dash.exceptions import DependencyException, InvalidResourceError
from werkzeug.exceptions import HTTPException, InternalServerError

from dashboard.i18n import t
from dashboard.state.url import HOME_PATH, link

log = logging.getLogger(__name__)

DEV_ROUTES = ("/_reload-hash",)
ERROR_TEXT_KEYS = {400: "error_bad_request", 404: "error_not_found", 405: "error_method"}


def sanitize_view_state(body: object, view_state_id: str) -> None:
    """Callbacks read ``view-state`` as ``{"query": str, ...}``; it lives in the browser, so
    a request may carry anything there. Anything else becomes None (the default view)
    before a callback sees it. Changes ``body`` in place."""
    if not isinstance(body, dict):
        return
    for group in ("inputs", "state"):
        items = body.get(group)
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict) or item.get("id") != view_state_id:
                continue
            value = item.get("value")
            if not isinstance(value, dict) or not isinstance(value.get("query", ""), str):
                item["value"] = None


def _request_line() -> str:
    """Method and path of this request for the log: quoted (a path may carry a decoded
    newline) and cut short (it may be a page long)."""
    return f"{flask.request.method} {flask.request.path[:200]!r}"


def _warn(status: int, reason: str) -> flask.Response:
    log.warning("%s answered %d: %s", _request_line(), status, reason)
    return error_response(status)


def _is_dash_route(path: str) -> bool:
    return path.startswith("/_dash-")


def error_response(status: int) -> flask.Response:
    key = ERROR_TEXT_KEYS.get(status, "error_server" if status >= 500 else "error_bad_request")
    if _is_dash_route(flask.request.path):
        response = flask.jsonify({"status": status, "error": t(key, "en")})
    else:
        lines = "".join(
            f'<p lang="{lang}">{html.escape(t(key, lang))}</p>' for lang in ("nl", "en")
        )
        body = (
            '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
            f"<title>{html.escape(t('error_title', 'nl'))}</title></head><body><main>"
            f"<h1>{html.escape(t('error_title', 'nl'))}</h1>{lines}"
            f'<p><a href="{html.escape(link(HOME_PATH))}">'
            f"{html.escape(t('error_home', 'nl'))}</a></p>"
            "</main></body></html>"
        )
        response = flask.Response(body, mimetype="text/html")
    response.status_code = status
    return response


def install(app, *, view_state_id: str) -> None:
    """Register the handlers on the Dash app's Flask server; ``view_state_id``: the
    ``dcc.Store`` whose data callbacks read as ``{"query": str, ...}``."""
    server: flask.Flask = app.server

    @server.before_request
    def block_dev_routes():
        dev_tools = getattr(app, "_dev_tools", {}) or {}
        if flask.request.path in DEV_ROUTES and not dev_tools.get("hot_reload"):
            return _warn(404, "a development route, switched off")
        if flask.request.path == "/_dash-update-component" and flask.request.method == "POST":
            # A call for a callback that does not exist is the client's error, not a 500.
            body = flask.request.get_json(silent=True)
            output = body.get("output") if isinstance(body, dict) else None
            if not isinstance(output, str) or output not in app.callback_map:
                return _warn(400, "a callback that does not exist")
            sanitize_view_state(body, view_state_id)  # the cached JSON Dash reads next
        return None

    @server.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        if isinstance(error, InternalServerError):
            return handle_unexpected(error.original_exception or error)
        return _warn(error.code or 500, error.name)

    @server.errorhandler(DependencyException)
    @server.errorhandler(InvalidResourceError)
    def handle_unknown_resource(error: Exception):
        # A script or asset path that does not exist: Dash's own message lists every
        # registered file, which is nobody's business.
        return _warn(404, f"no such resource ({type(error).__name__})")

    @server.errorhandler(Exception)
    def handle_unexpected(error: BaseException):
        log.error("%s answered 500: unhandled error", _request_line(), exc_info=error)
        return error_response(500)
