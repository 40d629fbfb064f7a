"""Shared pytest fixtures."""

import http.server
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from fakecbs import FakeCBS


@pytest.fixture
def fake_cbs():
    """Factory: `fake_cbs(tables, **kw)` returns a started FakeCBS; all are stopped at teardown."""
    servers: list[FakeCBS] = []

    def start(tables, **kw) -> FakeCBS:
        server = FakeCBS(tables, **kw).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SNAPSHOT_37259 = SHARED / "cbs-snapshot" / "37259ned"
GEO = SHARED / "data" / "geo"


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


@pytest.fixture
def fake_pdok():
    """A PDOK stand-in; returns the URL template the ETL takes (``{year}`` placeholder)."""
    if not GEO.exists():
        pytest.skip(f"real boundaries not found at {GEO}")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _PdokHandler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}/{{year}}/wfs",
                          requests=server.requests)
    server.shutdown()
    server.server_close()
