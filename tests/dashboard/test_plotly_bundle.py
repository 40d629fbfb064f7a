"""The plotly.js the dashboard serves (issue 12): npm's basic bundle at exactly the version
the installed plotly ships, pinned and checksummed with its licence, with the Dutch locale;
every trace type the figure builders emit is in it; Dash's full bundle is not in the page.

The browser side (what Chromium downloads, the modebar in Dutch, the PNG download) is in
tests/browser/test_plotly_bundle.py.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs_version
from support import payloads as dp
from support import traces
from support.stores import demo_data_dir

from dashboard.data.store import STORE, load_store
from etl import contract

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "assets" / "vendor" / "plotly"
BUNDLE = FOLDER / "plotly-basic.min.js"
sys.path.insert(0, str(ROOT / "tools"))
import vendor_plotly  # noqa: E402


def bundle_trace_types() -> set[str]:
    """The trace modules the bundle registers (``moduleType:"trace",name:"…"`` in its code)."""
    text = BUNDLE.read_text(encoding="utf-8")
    return set(re.findall(r'moduleType:"trace",name:"([a-z0-9]+)"', text))


@pytest.fixture(scope="module")
def client(dash_app):
    STORE.configure(demo_data_dir(), check_seconds=3600)
    yield dash_app.server.test_client()
    STORE.configure()


def test_plj001_the_bundle_is_the_plotly_js_that_plotly_ships():
    version = get_plotlyjs_version()
    lock = vendor_plotly.read_lock()
    assert lock["plotly.js"] == version
    assert {entry["version"] for entry in lock["files"].values()} == {version}
    head = BUNDLE.read_text(encoding="utf-8")[:400]
    assert f"plotly.js (basic - minified) v{version}" in head
    # the version the code itself reports (Plotly.version)
    assert re.search(rf'\.version="{re.escape(version)}"', BUNDLE.read_text(encoding="utf-8"))


def test_plj002_every_file_is_as_pinned_with_its_licence():
    assert vendor_plotly.check() == []
    lock = vendor_plotly.read_lock()
    assert lock["files"]["plotly-basic.min.js"]["package"] == "plotly.js-basic-dist-min"
    assert lock["files"]["plotly-locale-nl.js"]["path"] == "package/dist/plotly-locale-nl.js"
    licence = (FOLDER / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Plotly" in licence
    for entry in lock["files"].values():
        assert entry["integrity"].startswith("sha512-") and len(entry["sha256"]) == 64
        assert entry["tarball"].startswith("https://registry.npmjs.org/")


def test_plj003_the_dutch_locale_registers_itself():
    text = (FOLDER / "plotly-locale-nl.js").read_text(encoding="utf-8")
    assert 'moduleType:"locale",name:"nl"' in text
    assert '"Download plot as a PNG":' in text  # the modebar's camera
    assert "Plotly.register(locale)" in text and "PlotlyLocales" in text


def test_plj004_every_trace_type_the_builders_emit_is_in_the_bundle(client):
    in_bundle = bundle_trace_types()
    assert in_bundle, "no trace module found in the bundle"
    store = load_store(demo_data_dir() / contract.STORE_LINK)
    by_kind = traces.from_card_builders(store)
    by_page = traces.from_pages(client)
    emitted = set().union(*by_kind.values(), *by_page.values())
    assert all(by_kind.values()), {k: v for k, v in by_kind.items() if not v}  # every kind drew
    assert emitted, "no figure found"
    missing = emitted - in_bundle
    assert not missing, f"trace types not in the basic bundle: {sorted(missing)}"


def test_plj005_the_page_loads_the_basic_bundle_and_not_dashs_full_one(client, dash_app):
    assert dash_app.config.eager_loading is False
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert any("/assets/vendor/plotly/plotly-basic.min.js" in s for s in scripts)
    assert any("/assets/vendor/plotly/plotly-locale-nl.js" in s for s in scripts)
    assert not [s for s in scripts if "package_data/plotly" in s or "async-plotly" in s]
    # the chunks dcc would otherwise fetch after the page's callback, fingerprinted
    assert any(re.search(r"dcc/async-graph\.v[\w-]+m\d+\.js", s) for s in scripts)


def test_plj006_charts_get_the_pages_locale(client):
    for query, locale in (("", "nl"), ("?taal=en", "en")):
        response = client.post("/_dash-update-component", json=dp.router_payload("/", query))
        text = json.dumps(response.get_json())
        configs = re.findall(r'"locale": "(\w+)"', text)
        assert configs and set(configs) == {locale}, query
