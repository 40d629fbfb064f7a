"""Static files (``/assets/…`` and Dash's ``/_dash-component-suites/…``): compressed once per
worker, and cached by browsers for a year when their URL is fingerprinted.

Flask-Compress (``Dash(compress=True)``) compresses every response anew: for the scripts a
page loads that was ~1 MB of JavaScript per visit, the same bytes each time. Here each file
is compressed once per encoding (brotli, else gzip) and kept; Flask-Compress leaves a
response that already has a ``Content-Encoding`` alone and keeps compressing the dynamic ones
(pages, callbacks), which differ per request.

Fingerprinted URLs change whenever their file does, so a browser may keep them without
asking again (``immutable``):

- Dash names component-suite files ``<name>.v<version>m<mtime>.<ext>`` and already sends
  ``max-age`` of a year for them (``dash/fingerprint.py``, ``serve_component_suites`` in
  ``dash/backends/_flask.py``); ``public, immutable`` is added. Webpack's async chunks
  (``async-graph.js``) carry no fingerprint and keep Dash's ETag revalidation.
- Dash links assets as ``/assets/<file>?m=<mtime>`` (``dash.py``, ``_collect_and_register_
  resources``/``asset_path``): when ``m`` is the file's modification time the URL is
  fingerprinted; any other ``m`` (or none) keeps Flask's revalidation.

The cache is keyed by file, not URL: Dash accepts any fingerprint in a component-suite URL
and Flask any query string, so keying by URL would let a visitor grow it without bound.
"""

from __future__ import annotations

import gzip
import os
import threading
from pathlib import Path

import brotli
import flask
from dash import Dash
from dash.fingerprint import check_fingerprint

YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={YEAR}, immutable"
COMPRESSIBLE = {
    "application/javascript",
    "text/javascript",
    "text/css",
    "application/json",
    "image/svg+xml",
    "text/plain",
}
MIN_SIZE = 500  # smaller files gain nothing from compression
# Once per file, so a little more effort than Flask-Compress's per-request defaults (br 4,
# gzip 6): brotli 6 is ~9% smaller than 4 on these scripts and compresses them all in ~0.15 s.
BROTLI_QUALITY = 6
GZIP_LEVEL = 9
COMPONENT_SUITES = "_dash-component-suites/"


def choose_encoding(accept_encoding: str) -> str | None:
    """``br`` or ``gzip`` when the client accepts it (q > 0), brotli first."""
    accepted: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        accepted[name.strip()] = quality
    for encoding in ("br", "gzip"):
        if accepted.get(encoding, accepted.get("*", 0.0)) > 0:
            return encoding
    return None


def compress(data: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=BROTLI_QUALITY)
    return gzip.compress(data, GZIP_LEVEL, mtime=0)


class CompressedFiles:
    """Compressed bodies by (file, version, encoding); one entry per file and encoding."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._bodies: dict[tuple[str, str], tuple[str, bytes]] = {}

    def get(self, file: str, version: str, encoding: str, data: bytes) -> bytes:
        key = (file, encoding)
        with self._lock:
            known = self._bodies.get(key)
        if known is not None and known[0] == version:
            return known[1]
        body = compress(data, encoding)
        with self._lock:
            self._bodies[key] = (version, body)
        return body

    def __len__(self) -> int:
        return len(self._bodies)


# dcc's code for graphs and dropdowns is split off into webpack chunks that dcc fetches only
# when the first such component renders: a round trip after the page's callback, and one
# without a fingerprint, so every visit revalidates it. Nearly every page has both, so they
# come with the page's scripts instead (fingerprinted, cached for a year), as Dash does for
# every chunk with ``eager_loading=True``; webpack then finds them loaded and fetches nothing.
CHUNKS_IN_PAGE = ("dcc/async-graph.js", "dcc/async-dropdown.js")


def add_chunks_to_page(app: Dash) -> None:
    for path in CHUNKS_IN_PAGE:
        app.scripts.append_script({"relative_package_path": path, "namespace": "dash"})


def install(app: Dash) -> CompressedFiles:
    """Register the hook; call it after ``Dash(compress=True)`` has registered Flask-Compress
    (Flask runs ``after_request`` hooks last-registered first, so this one runs before it)."""
    server = app.server
    prefix = app.config.routes_pathname_prefix
    assets_prefix = prefix + str(app.config.assets_url_path).strip("/") + "/"
    suites_prefix = prefix + COMPONENT_SUITES
    assets_folder = Path(str(app.config.assets_folder))
    cache = CompressedFiles()
    add_chunks_to_page(app)

    def asset_is_fingerprinted(name: str) -> bool:
        stamp = flask.request.args.get("m")
        if not stamp:
            return False
        path = (assets_folder / name).resolve()
        try:
            path.relative_to(assets_folder.resolve())
            return str(os.stat(path).st_mtime) == stamp
        except (OSError, ValueError):
            return False

    @server.after_request
    def static_file_headers(response: flask.Response) -> flask.Response:
        request = flask.request
        path = request.path
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if path.startswith(assets_prefix):
            name = path[len(assets_prefix) :]
            file, fingerprinted = f"assets/{name}", asset_is_fingerprinted(name)
            # Flask's static ETag changes with the file's mtime and size.
            version = response.get_etag()[0] or ""
        elif path.startswith(suites_prefix):
            file, fingerprinted = check_fingerprint(path[len(suites_prefix) :])
            version = ""  # a package's file does not change while the process runs
        else:
            return response
        if fingerprinted:
            response.headers["Cache-Control"] = IMMUTABLE
        response.vary.add("Accept-Encoding")
        encoding = choose_encoding(request.headers.get("Accept-Encoding", ""))
        if (
            encoding is None
            or response.mimetype not in COMPRESSIBLE
            or "Content-Encoding" in response.headers
        ):
            return response
        response.direct_passthrough = False  # Flask's static files arrive as a file wrapper
        data = response.get_data()
        if len(data) < MIN_SIZE:
            return response
        response.set_data(cache.get(file, version, encoding, data))
        response.headers["Content-Encoding"] = encoding
        etag, weak = response.get_etag()
        if etag:  # as Flask-Compress does: a compressed body is another representation
            response.set_etag(f"{etag}:{encoding}", weak=bool(weak))
        response.make_conditional(request)  # a 304 when the browser holds this one
        return response

    return cache
