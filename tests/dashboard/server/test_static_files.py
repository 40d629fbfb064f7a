"""Static files (issue 12): compressed once per file and encoding, cached for a year by the
browser when the URL is fingerprinted, revalidated otherwise; dynamic responses untouched."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest

from dashboard.server import static_files

BR = {"Accept-Encoding": "gzip, deflate, br, zstd"}


@pytest.fixture
def client(dash_app, use_store):
    return dash_app.server.test_client()


def _script_urls(client) -> list[str]:
    return re.findall(r'<script[^>]*src="([^"]+)"', client.get("/").get_data(as_text=True))


def _url(client, part: str) -> str:
    return next(u for u in _script_urls(client) if part in u)


def test_stf001_fingerprinted_urls_are_cached_for_a_year(client):
    for part in ("/assets/vendor/plotly/plotly-basic.min.js?m=", "dash_renderer.v"):
        response = client.get(_url(client, part), headers=BR)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert "Accept-Encoding" in response.headers["Vary"]


def test_stf002_other_urls_are_revalidated(client):
    url = _url(client, "/assets/clientside.js?m=")
    plain = url.split("?")[0]
    for other in (plain, plain + "?m=1", "/_dash-component-suites/dash/dcc/async-graph.js"):
        response = client.get(other, headers=BR)
        assert response.status_code == 200, other
        assert "immutable" not in response.headers.get("Cache-Control", ""), other
        etag = response.headers["ETag"]
        again = client.get(other, headers={**BR, "If-None-Match": etag})
        assert again.status_code == 304, other


def test_stf003_each_file_is_compressed_once_per_encoding(dash_app, client, monkeypatch):
    calls: list[tuple[int, str]] = []
    real = static_files.compress

    def counting(data: bytes, encoding: str) -> bytes:
        calls.append((len(data), encoding))
        return real(data, encoding)

    monkeypatch.setattr(static_files, "compress", counting)
    url = _url(client, "dash_core_components.v")
    first = client.get(url, headers=BR)
    # the same file under other fingerprints (Dash accepts any): no new entry, no new work
    for n in range(3):
        other = re.sub(r"\.v[\w-]+m\d+\.js$", f".v9_9_{n}m123.js", url)
        assert client.get(other, headers=BR).data == first.data
    gzipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    client.get(url, headers={"Accept-Encoding": "gzip"})
    identity = client.get(url, headers={"Accept-Encoding": "identity"})
    assert (
        first.headers["Content-Encoding"] == "br" and gzipped.headers["Content-Encoding"] == "gzip"
    )
    assert "Content-Encoding" not in identity.headers
    assert brotli.decompress(first.data) == gzip.decompress(gzipped.data) == identity.data
    assert [encoding for _, encoding in calls] in (["gzip"], ["br", "gzip"])  # br may be cached


def test_stf004_pages_and_callbacks_are_left_to_flask_compress(client):
    page = client.get("/", headers=BR)
    assert page.headers.get("Content-Encoding") in ("br", "gzip", "zstd", "deflate")
    assert "immutable" not in page.headers.get("Cache-Control", "")
    layout = client.get("/_dash-layout", headers=BR)
    assert "immutable" not in layout.headers.get("Cache-Control", "")


def test_stf005_the_chunks_dcc_would_fetch_later_come_with_the_page(client):
    urls = _script_urls(client)
    for chunk in static_files.CHUNKS_IN_PAGE:
        name = chunk.split("/")[-1].removesuffix(".js")
        assert any(re.search(rf"{name}\.v[\w-]+m\d+\.js$", u) for u in urls), chunk


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("*", "br"),
        ("identity", None),
        ("", None),
        ("gzip;q=abc", None),
    ],
)
def test_stf006_encoding_choice(header, chosen):
    assert static_files.choose_encoding(header) == chosen
