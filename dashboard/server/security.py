"""Security headers on every response: Content-Security-Policy and friends.

``script-src`` is ``'self'`` plus the SHA-256 hash of every inline script in the HTML being
sent. Dash renders a few of those itself (the renderer start-up, inline clientside
functions, including ones the pages plugin adds at first request); the hashes are taken from
the response body, so whatever Dash renders on any page path is covered exactly and nothing
is hard-coded. ``application/json`` blocks (``_dash-config``) are data, not scripts.

Only the embed view (``/embed``) may be framed, and only by the origins in
``TALENT_EMBED_ORIGINS`` (space-separated, e.g. ``https://www.enschede.nl https://www.almelo.nl``).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import threading
from html.parser import HTMLParser

import flask

from dashboard.settings import settings
from dashboard.state.url import EMBED_PATH

ORIGIN_RE = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")
JS_TYPES = ("", "text/javascript", "application/javascript", "module")

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def embed_origins(raw: str | None = None) -> tuple[str, ...]:
    """The partner origins from ``TALENT_EMBED_ORIGINS``; anything that is not a bare
    ``scheme://host[:port]`` is dropped (it would otherwise end up in a header)."""
    text = settings().embed_origins if raw is None else raw
    return tuple(
        dict.fromkeys(o.rstrip("/") for o in text.split() if ORIGIN_RE.match(o.rstrip("/")))
    )


class _InlineScripts(HTMLParser):
    """Collects the text of every inline ``<script>`` (conditional comments are skipped:
    the parser sees them as comments, as browsers other than old IE do)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag != "script":
            return
        values = dict(attrs)
        kind = (values.get("type") or "").strip().lower()
        self._current = [] if "src" not in values and kind in JS_TYPES else None

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


# JSON data blocks: Dash's ``_dash-config`` carries a random id on every response.
JSON_BLOCK_RE = re.compile(r"<script[^>]*application/json[^>]*>.*?</script>", re.S | re.I)


def inline_script_hashes(html_text: str) -> list[str]:
    # Without its JSON blocks (data, never hashed), Dash's HTML differs only by the page
    # language and the scripts the pages plugin adds, so a handful of bodies recur on every
    # page load: parse each of them once rather than on every response.
    return list(_inline_script_hashes(JSON_BLOCK_RE.sub("", html_text)))


@functools.lru_cache(maxsize=32)
def _inline_script_hashes(html_text: str) -> tuple[str, ...]:
    parser = _InlineScripts()
    parser.feed(html_text)
    parser.close()
    hashes = []
    for script in parser.scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        token = f"'sha256-{digest}'"
        if token not in hashes:
            hashes.append(token)
    return tuple(hashes)


def content_security_policy(script_hashes: list[str], frame_ancestors: str) -> str:
    directives = [
        "default-src 'self'",
        "script-src 'self'" + "".join(f" {h}" for h in script_hashes),
        # plotly.js writes its own <style> rules at start-up (Lib.addStyleRule) and sets
        # style attributes on the SVG it draws, and React components set inline styles:
        # without 'unsafe-inline' here the charts lose their layout. Styles cannot run code.
        "style-src 'self' 'unsafe-inline'",
        # data: for plotly's PNG export and the modebar icons; blob: for downloads.
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors}",
    ]
    return "; ".join(directives)


def install(server: flask.Flask) -> None:
    """Register the ``after_request`` hook on the Flask server."""
    lock = threading.Lock()
    seen: list[str] = []  # hashes met so far, for the rare body we cannot read

    @server.after_request
    def add_security_headers(response: flask.Response) -> flask.Response:
        hashes: list[str] = []
        if response.mimetype == "text/html":
            readable = (
                not response.direct_passthrough
                and not response.is_streamed
                and "Content-Encoding" not in response.headers
            )
            if readable:
                hashes = inline_script_hashes(response.get_data(as_text=True))
                with lock:
                    seen.extend(h for h in hashes if h not in seen)
            else:
                hashes = list(seen)
        embed = flask.request.path.rstrip("/") == EMBED_PATH
        if embed:
            ancestors = " ".join(("'self'",) + embed_origins())
        else:
            ancestors = "'none'"
            response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = content_security_policy(hashes, ancestors)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers["Permissions-Policy"] = PERMISSIONS_POLICY
        return response
