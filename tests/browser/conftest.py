"""Browser tests with dash_duo on Debian's Chromium, headless.

Run: ``pytest tests/browser --headless`` (chromedriver must be on PATH: /usr/bin/chromedriver).
All tests share one Dash app per process (pages register their callbacks once) and one
store: the ETL's demo store (support.stores).
"""

from __future__ import annotations

import socket

import pytest
from chromium import chrome_options
from support.stores import publish_store

from dashboard.data.store import STORE


def pytest_configure(config):
    # selenium 4.2 (pinned by dash[testing]) calls a urllib3 API deprecated since 2.0: noise.
    config.addinivalue_line("filterwarnings", "ignore:HTTPResponse.getheader:DeprecationWarning")


def pytest_setup_options():
    """Hook of dash's pytest plugin: the webdriver options dash_duo starts Chromium with."""
    return chrome_options()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-data")
    publish_store(root)
    STORE.configure(root, check_seconds=0)
    yield root
    STORE.configure()


@pytest.fixture(scope="session")
def talent_app(browser_store):
    import app

    return app.app


@pytest.fixture
def start(dash_duo, talent_app):
    """Start the app and open ``path``; returns dash_duo with the page loaded."""

    def open_page(path: str = "/"):
        # A free port rather than dash_duo's fixed 8050, which a developer's server may hold.
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        dash_duo.start_server(talent_app, port=port)
        dash_duo.wait_for_element("main", timeout=10)
        if path != "/":
            dash_duo.driver.get(dash_duo.server_url + path)
            dash_duo.wait_for_element("main", timeout=10)
        return dash_duo

    return open_page
