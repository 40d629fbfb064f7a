"""TALENT_CACHE_URL: the render cache in each worker's memory, or in one real Redis shared by
every app; a Redis that is down or silent never keeps a page from being served."""

from __future__ import annotations

import json
import logging
import pickle
import socket
import time

import dash
import flask
import pytest
from redis import Redis
from support.redis_server import redis_server

from dashboard.server import render_cache
from dashboard.settings import settings

LOGGER = "dashboard.server.render_cache"


@pytest.fixture
def cache_url(monkeypatch):
    """Set TALENT_CACHE_URL for the apps a test builds; the settings are read again after."""

    def use(url: str) -> None:
        monkeypatch.setenv("TALENT_CACHE_URL", url)
        settings.cache_clear()

    yield use
    monkeypatch.delenv("TALENT_CACHE_URL", raising=False)
    settings.cache_clear()


def probe_app(name: str, builds: list) -> flask.Flask:
    """A Flask app with the render cache installed and one page through it: ``/probe``
    answers a cached layout whose every build is counted in ``builds``."""
    server = flask.Flask(name)
    render_cache.install(server)

    def layout(**query):
        builds.append((name, query))
        return dash.html.Div(dash.html.P(f"built by {name}"), id="probe")

    cached = render_cache.cached_layout("probe-shared", layout)

    @server.get("/probe")
    def probe():
        return flask.jsonify(cached(gemeente=flask.request.args.get("gemeente", "GM0153")))

    return server


def test_rcs001_the_url_picks_the_backend(caplog):
    assert render_cache.cache_config("")["CACHE_TYPE"] == "SimpleCache"
    assert render_cache.cache_config("  ")["CACHE_TYPE"] == "SimpleCache"
    for url in ("redis://127.0.0.1:6379/2", "rediss://cache.example:6380/0", "unix:///run/r.sock"):
        config = render_cache.cache_config(url)
        assert config["CACHE_TYPE"] == "RedisCache"
        assert config["CACHE_REDIS_URL"] == url
        assert config["CACHE_KEY_PREFIX"] == "talent:"
        assert config["CACHE_OPTIONS"]["socket_timeout"] <= 0.5
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        config = render_cache.cache_config("memcached://user:geheim@127.0.0.1:11211")
    assert config["CACHE_TYPE"] == "SimpleCache"
    [record] = [r for r in caplog.records if r.name == LOGGER]
    assert record.levelno == logging.WARNING and "TALENT_CACHE_URL" in record.getMessage()
    assert "geheim" not in record.getMessage() and "***" in record.getMessage()


def test_rcs002_two_apps_share_one_redis(use_store, cache_url):
    builds: list = []
    with redis_server() as redis:
        cache_url(redis.url)
        first, second = probe_app("first", builds), probe_app("second", builds)
        with first.app_context():
            render_cache.CACHE.clear()
        one = first.test_client().get("/probe")
        two = second.test_client().get("/probe")
        assert one.status_code == two.status_code == 200
        assert one.headers["X-Talent-Cache"] == "miss"
        assert two.headers["X-Talent-Cache"] == "hit"  # built by the other app
        assert two.get_json() == one.get_json()
        assert builds == [("first", {"gemeente": "GM0153"})]
        other = second.test_client().get("/probe?gemeente=GM0164")
        assert other.headers["X-Talent-Cache"] == "miss" and len(builds) == 2
        # What Redis holds is ours, under our prefix: one entry per view.
        assert sorted(k[:7] for k in Redis.from_url(redis.url).keys()) == [b"talent:"] * 2
        with first.app_context():
            render_cache.CACHE.clear()


def test_rcs003_redis_down_pages_still_served_and_back_again(
    use_store, cache_url, caplog, monkeypatch
):
    monkeypatch.setattr(render_cache, "REDIS_PAUSE_SECONDS", 0.0)  # try again at once
    builds: list = []
    with redis_server() as redis:
        cache_url(redis.url)
        app = probe_app("alone", builds)
        client = app.test_client()
        with app.app_context():
            render_cache.CACHE.clear()
        assert client.get("/probe").headers["X-Talent-Cache"] == "miss"
        assert client.get("/probe").headers["X-Talent-Cache"] == "hit"

        redis.stop()
        with caplog.at_level(logging.INFO, logger=LOGGER):
            started = time.monotonic()
            down = client.get("/probe")
            took = time.monotonic() - started
        assert down.status_code == 200 and down.headers["X-Talent-Cache"] == "miss"
        assert down.get_json()["props"]["id"] == "probe" and len(builds) == 2
        assert took < 2, f"a dead Redis held the page {took:.2f} s"
        warnings = [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]
        assert warnings and "rendering without it" in warnings[0].getMessage()

        redis.start()  # the same port: Redis is back, empty
        caplog.clear()
        with caplog.at_level(logging.INFO, logger=LOGGER):
            assert client.get("/probe").headers["X-Talent-Cache"] == "miss"
            assert client.get("/probe").headers["X-Talent-Cache"] == "hit"
        assert any("answers again" in r.getMessage() for r in caplog.records)
        with app.app_context():
            render_cache.CACHE.clear()


def test_rcs004_a_silent_redis_does_not_hang_the_page(use_store, cache_url, caplog):
    # A "Redis" that accepts connections (the kernel's backlog does) but never answers: a
    # host that is overloaded or half-gone. The socket timeout ends the wait, the page is
    # built, and the next request does not ask again (the pause).
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        cache_url(f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        builds: list = []
        client = probe_app("patient", builds).test_client()
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            started = time.monotonic()
            first = client.get("/probe")
            first_took = time.monotonic() - started
            started = time.monotonic()
            second = client.get("/probe")
            second_took = time.monotonic() - started
    assert first.status_code == second.status_code == 200 and len(builds) == 2
    # get times out after REDIS_SOCKET_SECONDS (0.25 s); set is skipped while paused.
    assert first_took < 1.0, f"{first_took:.2f} s"
    assert second_took < 0.2, f"{second_took:.2f} s: asked the silent Redis again"
    assert sum(r.name == LOGGER for r in caplog.records) == 1  # one line, not one per call


def test_rcs005_redis_holds_json_never_a_pickle(use_store, cache_url):
    # What comes back from a network service is never unpickled: a value someone else wrote
    # there is read as JSON or not at all (a miss; the page is built and written over it).
    builds: list = []
    with redis_server() as redis:
        cache_url(redis.url)
        app = probe_app("json", builds)
        client = app.test_client()
        with app.app_context():
            render_cache.CACHE.clear()
        built = client.get("/probe").get_json()
        direct = Redis.from_url(redis.url)
        [key] = direct.keys("talent:*")
        assert json.loads(direct.get(key)) == built
        # Something that is not JSON (here: cachelib's pickle form) under our key is a miss.
        direct.set(key, b"!" + pickle.dumps({"props": {"id": "poisoned"}}))
        after = client.get("/probe")
        assert after.headers["X-Talent-Cache"] == "miss" and after.get_json() == built
        assert len(builds) == 2
        with app.app_context():
            render_cache.CACHE.clear()
