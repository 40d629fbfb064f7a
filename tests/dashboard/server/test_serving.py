"""Production serving: health endpoint, security headers, error pages, no debug, embed."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
from pathlib import Path

import pytest

from dashboard.data.store import STORE
from dashboard.pages import PAGE_MODULES
from dashboard.server import security
from dashboard.settings import settings

ROOT = Path(__file__).resolve().parents[3]
EMBED_URL = (
    "/embed?indicator=share_18_35&gemeente=GM0153&vergelijk=CR12,NL01&van=2012&tot=2024&taal=nl"
)
TRACEBACK = re.compile(r"Traceback|File \"/|site-packages|/work/|\.py\", line")


@pytest.fixture
def client(dash_app, use_store):
    return dash_app.server.test_client()


def _page_paths() -> list[str]:
    import dash

    return [page["path"] for page in dash.page_registry.values()]


def _csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in policy.split(";"))
        if part
    }


def _inline_scripts(html_text: str) -> list[str]:
    """Inline scripts outside IE conditional comments, JSON blocks excluded."""
    visible = re.sub(r"<!--.*?-->", "", html_text, flags=re.S)
    return [
        m.group(2)
        for m in re.finditer(r"<script([^>]*)>(.*?)</script>", visible, re.S)
        if "src=" not in m.group(1) and "application/json" not in m.group(1)
    ]


def test_srv001_health_reports_the_store(client):
    response = client.get("/gezondheid")
    assert response.status_code == 200
    body = response.get_json()
    current = STORE.current()
    assert body["status"] == "ok"
    assert body["vintage"] == current.vintage and body["mode"] == current.mode
    assert "created_at" in body
    assert client.get("/health").get_json() == body


def test_srv002_health_without_a_store_is_503_with_a_reason(dash_app, tmp_path):
    STORE.configure(tmp_path, check_seconds=0)
    try:
        response = dash_app.server.test_client().get("/gezondheid")
        assert response.status_code == 503
        assert response.get_json()["reason"]
    finally:
        STORE.configure()


def test_srv003_debug_and_dev_tools_are_off(dash_app, client):
    assert not dash_app.server.debug
    assert not dash_app.config.get("debug")
    assert not dash_app._dev_tools.get("ui") and not dash_app._dev_tools.get("hot_reload")
    assert not dash_app._dev_tools.get("serve_dev_bundles")
    assert client.get("/_reload-hash").status_code == 404


@pytest.mark.parametrize("path", ["/", "/vergelijken", "/over-de-data", "/bestaat-niet"])
def test_srv004_csp_allows_exactly_the_inline_scripts_on_the_page(client, path):
    response = client.get(path + "?taal=en")
    html_text = response.get_data(as_text=True)
    expected = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _inline_scripts(html_text)
    }
    assert expected, "Dash renders at least its start-up script inline"
    script_src = _csp(response)["script-src"].split()
    assert script_src[0] == "'self'"
    assert set(script_src[1:]) == expected
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src


def test_srv005_every_page_path_is_covered(client):
    for path in _page_paths():
        response = client.get(path)
        assert response.status_code == 200, path
        assert "sha256-" in _csp(response)["script-src"], path


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/gezondheid",
        "/_dash-layout",
        "/_dash-dependencies",
        "/assets/style.css",
        "/bestaat-niet",
    ],
)
def test_srv006_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = _csp(response)
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["img-src"] == "'self' data: blob:"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.fixture
def environment(monkeypatch):
    """``monkeypatch.setenv`` for settings: they are read again after every change."""

    class Environment:
        def set(self, name: str, value: str) -> None:
            monkeypatch.setenv(name, value)
            settings.cache_clear()

        def remove(self, name: str) -> None:
            monkeypatch.delenv(name)
            settings.cache_clear()

    yield Environment()
    monkeypatch.undo()
    settings.cache_clear()


def test_srv007_embed_is_framable_only_by_configured_origins(client, environment):
    environment.set(
        "TALENT_EMBED_ORIGINS",
        "https://www.enschede.nl https://www.almelo.nl/ javascript:alert(1) x;y",
    )
    response = client.get(EMBED_URL)
    assert response.status_code == 200
    assert (
        _csp(response)["frame-ancestors"] == "'self' https://www.enschede.nl https://www.almelo.nl"
    )
    assert "X-Frame-Options" not in response.headers
    environment.remove("TALENT_EMBED_ORIGINS")
    assert _csp(client.get("/embed"))["frame-ancestors"] == "'self'"


def test_srv008_embed_origins_are_validated():
    assert security.embed_origins("https://a.nl http://b.nl:8080 ftp://c.nl 'none' *") == (
        "https://a.nl",
        "http://b.nl:8080",
    )


def test_srv009_embed_layout_is_one_chart_without_chrome(dash_app, use_store):
    import importlib

    embed = importlib.import_module("dashboard.pages.embed")
    layout = embed.layout(
        indicator="share_18_35",
        gemeente="GM0153",
        vergelijk="CR12,NL01",
        van="2012",
        tot="2024",
        taal="nl",
    )
    text = str(layout)
    assert "Graph" in text and "card-title" in text
    assert "site-header" not in text and "site-nav" not in text and "control" not in text
    assert "CBS" in text  # the source line


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("post", "/", 405),
        ("put", "/gezondheid", 405),
        ("post", "/_dash-update-component", 400),
        ("get", "/_dash-component-suites/x/y.js", 404),
    ],
)
def test_srv010_errors_are_short_and_leak_nothing(client, method, path, status):
    response = getattr(client, method)(path, data="{not json", content_type="application/json")
    assert response.status_code == status
    body = response.get_data(as_text=True)
    assert not TRACEBACK.search(body), body
    assert len(body) < 2000


def test_srv011_an_unexpected_error_is_logged_and_hidden(dash_app, client, caplog, monkeypatch):
    def boom():
        raise RuntimeError("secret internal detail /work/main/x.py")

    client.get("/gezondheid")  # the app's first request has set up its routes
    monkeypatch.setitem(dash_app.server.view_functions, "health_gezondheid", boom)
    with caplog.at_level("ERROR"):
        response = client.get("/gezondheid")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret" not in body and not TRACEBACK.search(body)
    assert "Er ging iets mis" in body and "Something went wrong" in body
    assert any(r.exc_info for r in caplog.records)


def test_srv012_gunicorn_config_is_production_ready(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("PORT", "9001")
    monkeypatch.delenv("HOST", raising=False)
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    assert conf.workers == 3 and conf.bind == "127.0.0.1:9001" and conf.preload_app
    assert conf.max_requests > 0 and conf.max_requests_jitter > 0
    assert conf.control_socket_disable is True
    assert conf.limit_request_line and conf.limit_request_fields and conf.limit_request_field_size
    assert conf.accesslog == "-"
    assert "gunicorn app:server" in (ROOT / "Procfile").read_text()


def test_srv013_embed_is_a_registered_page():
    assert "dashboard.pages.embed" in PAGE_MODULES
