"""Where the real reference data lives (../shared, read-only; never copied into the project),
and a PDOK stand-in serving its real boundaries."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"  # tests/support/ -> ../shared
SNAPSHOT_37259 = SHARED / "cbs-snapshot" / "37259ned"
GEO = SHARED / "data" / "geo"


def require(path: Path) -> Path:
    """``path`` inside ../shared, for a test that needs it. Without ../shared at all the test
    is skipped (a clone on its own); with ../shared present, a missing or unreadable path
    fails loudly instead of silently skipping the checks against real CBS data."""
    import os  # noqa: PLC0415

    import pytest  # noqa: PLC0415

    if not SHARED.exists():
        pytest.skip(f"../shared is not beside this clone ({SHARED})")
    if not path.exists() or not os.access(path, os.R_OK):
        pytest.fail(f"{path} is missing or unreadable, though {SHARED} exists")
    return path


class _PdokHandler(http.server.BaseHTTPRequestHandler):
    """Serves ../shared/data/geo/gemeente_<year>.geojson at /<year>/wfs?...; 404 otherwise."""

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.server.requests.append(self.path)
        year = self.path.strip("/").split("/")[0]
        path = GEO / f"gemeente_{year}.geojson"
        body = path.read_bytes() if year.isdigit() and path.exists() else None
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body or b'{"error": "no such year"}')

    def log_message(self, *args):
        pass


class FakePdok:
    """A started PDOK stand-in; ``url`` is the template the ETL takes (``{year}``)."""

    def __init__(self):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _PdokHandler)
        self.server.requests = []
        self.requests = self.server.requests
        self.url = f"http://127.0.0.1:{self.server.server_port}/{{year}}/wfs"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
