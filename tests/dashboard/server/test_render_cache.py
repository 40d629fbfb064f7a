"""The render cache: a hit is exactly what a fresh render sends; a publish invalidates."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date

import dash
from plotly.io.json import to_json_plotly
from support import payloads as dp
from support.stores import publish_store

from dashboard.data.store import STORE, StoreProvider
from dashboard.server import render_cache
from etl.contract import MANIFEST, VINTAGES_FOLDER


def _router(client, path: str, search: str = "") -> dict:
    """The pages router's answer, as the browser asks for it on a page load."""
    response = client.post("/_dash-update-component", json=dp.router_payload(path, search))
    assert response.status_code == 200
    return response.get_json()["response"]["_pages_content"]["children"]


def _counting_layout(calls: list):
    def layout(**query):
        calls.append(query)
        return dash.html.Div(dash.html.P(f"n={len(calls)}"), id="probe")

    return layout


def test_pch001_a_cached_page_is_exactly_the_fresh_render(dash_app, use_store):
    client = dash_app.server.test_client()
    render_cache.CACHE.clear()
    fresh = _router(client, "/vergrijzing", "?gemeente=GM0153&van=2015")
    hit = _router(client, "/vergrijzing", "?gemeente=GM0153&van=2015")
    assert hit == fresh
    with dash_app.server.test_request_context("/"):
        from dashboard.pages.topics import topic_page

        layout = topic_page("vergrijzing").layout(gemeente="GM0153", van="2015")
        direct = json.loads(to_json_plotly(layout))
    assert hit == direct


def test_pch002_built_once_per_view_and_again_for_another_view(dash_app, use_store):
    calls: list = []
    cached = render_cache.cached_layout("probe", _counting_layout(calls))
    with dash_app.server.app_context():
        render_cache.CACHE.clear()
        first = cached(gemeente="GM0153")
        assert cached(gemeente="GM0153") == first and len(calls) == 1
        cached(gemeente="GM0164")
        cached(gemeente="GM0153", taal="en")
        assert len(calls) == 3


def test_pch003_a_hit_is_a_copy_no_request_can_alter_the_next(dash_app, use_store):
    calls: list = []
    cached = render_cache.cached_layout("probe-copy", _counting_layout(calls))
    with dash_app.server.app_context():
        render_cache.CACHE.clear()
        first = cached()
        first["props"]["id"] = "changed"
        assert cached()["props"]["id"] == "probe" and len(calls) == 1


def test_pch004_a_new_publish_is_shown_at_once(dash_app, tmp_path):
    publish_store(tmp_path, vintage="20250301T120000Z")
    STORE.configure(tmp_path, check_seconds=0)
    calls: list = []
    cached = render_cache.cached_layout("probe-publish", _counting_layout(calls))
    try:
        with dash_app.server.app_context():
            render_cache.CACHE.clear()
            cached()
            cached()
            assert len(calls) == 1
            publish_store(tmp_path, vintage="20250401T120000Z")
            assert cached()["props"]["children"]["props"]["children"] == "n=2"
    finally:
        STORE.configure()


def test_pch005_keys_stay_short_whatever_the_query(dash_app, use_store):
    short = render_cache.page_key("/", {})
    hostile = render_cache.page_key("/", {"gemeente": "<script>" * 5000, "x" * 300: "y"})
    assert len(short) == len(hostile) < 80 and short != hostile


def test_pch006_a_cached_card_is_exactly_the_fresh_card(dash_app, use_store):
    from dashboard.components.chart_card import cached_render_card, render_card
    from dashboard.state.sync import next_view_state
    from dashboard.state.view import resolve_view, view_state_data

    view_state = next_view_state(view_state_data(resolve_view({})), {"gemeente": "GM0153"})
    spec = {"kind": "line", "indicator": "share_18_35", "card": "ovw-line-share_18_35"}
    with dash_app.server.app_context():
        render_cache.CACHE.clear()
        fresh = render_cache.wire_form(render_card(view_state, spec))
        first, hit = cached_render_card(view_state, spec), cached_render_card(view_state, spec)
    assert list(first) == list(hit) == fresh
    assert "Enschede" in json.dumps(hit[0])


# --- content keys (issue 12, item 4): what a key is made of is content, not a counter ------

DAY = date(2026, 3, 2)
QUERY = {"gemeente": "GM0153", "van": "2015"}


def test_pch007_two_providers_on_one_folder_make_the_same_keys(tmp_path):
    # Two processes (here: two providers) that read the same data folder must agree, or a
    # cache they share would hold each page twice — or serve one the other's vintage.
    publish_store(tmp_path, vintage="20250301T120000Z")
    publish_store(tmp_path, vintage="20250401T120000Z")
    first, second = StoreProvider(tmp_path, 0), StoreProvider(tmp_path, 0)
    assert first.current() is not second.current()  # loaded twice, not shared
    keys = [render_cache.page_key("/", QUERY, provider=p, day=DAY) for p in (first, second)]
    assert keys[0] == keys[1]
    card = [
        render_cache.cache_key("card", "?gemeente=GM0153", "{}", provider=p, day=DAY)
        for p in (first, second)
    ]
    assert card[0] == card[1] != keys[0]


def test_pch008_a_new_vintage_or_a_rewritten_manifest_changes_every_key(tmp_path):
    publish_store(tmp_path, vintage="20250301T120000Z")
    provider = StoreProvider(tmp_path, 0)
    before = render_cache.page_key("/", QUERY, provider=provider, day=DAY)
    publish_store(tmp_path, vintage="20250401T120000Z")
    after_publish = render_cache.page_key("/", QUERY, provider=provider, day=DAY)
    assert after_publish != before

    # The same vintage id written again with another manifest (here: the same vintage
    # published as "offline" elsewhere and copied over it): another store, other keys.
    other = publish_store(tmp_path / "other", vintage="20250401T120000Z", mode="offline")
    current = tmp_path / VINTAGES_FOLDER / "20250401T120000Z"
    shutil.rmtree(current)
    shutil.copytree(other, current)
    rewritten = render_cache.page_key("/", QUERY, provider=provider, day=DAY)
    assert provider.current().mode == "offline"
    assert rewritten not in (before, after_publish)

    # A pinned older vintage rewritten: the keys change too, and it is read again.
    assert provider.get("20250301T120000Z").mode == "demo"
    older = publish_store(tmp_path / "older", vintage="20250301T120000Z", mode="offline")
    pinned = tmp_path / VINTAGES_FOLDER / "20250301T120000Z"
    shutil.rmtree(pinned)
    shutil.copytree(older, pinned)
    assert render_cache.page_key("/", QUERY, provider=provider, day=DAY) != rewritten
    assert provider.get("20250301T120000Z").mode == "offline"


def test_pch009_the_date_query_and_page_are_in_the_key(use_store):
    key = render_cache.page_key("/", QUERY, day=DAY)
    assert render_cache.page_key("/", QUERY, day=DAY) == key
    assert render_cache.page_key("/", QUERY, day=date(2026, 3, 3)) != key
    assert render_cache.page_key("/", {**QUERY, "van": "2016"}, day=DAY) != key
    assert render_cache.page_key("/vergrijzing", QUERY, day=DAY) != key


def test_pch010_no_counter_only_content_in_the_store_part(tmp_path):
    publish_store(tmp_path, vintage="20250301T120000Z")
    provider = StoreProvider(tmp_path, 0)
    described = json.loads(provider.content_key())
    manifest = (tmp_path / VINTAGES_FOLDER / "20250301T120000Z" / MANIFEST).read_bytes()
    digest = hashlib.sha256(manifest).hexdigest()
    assert described == {
        "current": ["20250301T120000Z", digest],
        "vintages": [["20250301T120000Z", digest]],
    }
    provider.configure(tmp_path, 0)  # forgetting what was loaded changes nothing
    assert json.loads(provider.content_key()) == described


def test_pch011_responses_say_hit_or_miss(dash_app, use_store):
    client = dash_app.server.test_client()
    render_cache.CACHE.clear()
    payload = dp.router_payload("/vergrijzing", "?gemeente=GM0164")
    first = client.post("/_dash-update-component", json=payload)
    second = client.post("/_dash-update-component", json=payload)
    assert first.headers[render_cache.HEADER] == "miss"
    assert second.headers[render_cache.HEADER] == "hit"
    assert second.get_json() == first.get_json()
    # Responses that do not go through the cache carry no such header.
    assert render_cache.HEADER not in client.get("/gezondheid").headers
    assert render_cache.HEADER not in client.get("/").headers
