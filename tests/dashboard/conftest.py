"""Fixtures for the dashboard's plain-function tests: a store the ETL published, and the app."""

from __future__ import annotations

import pytest
from support.stores import publish_store

from dashboard.data.store import STORE, load_store


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory):
    """The ETL's demo store (with boundaries and the programme file), published once per
    test session as vintage 20250301T120000Z."""
    root = tmp_path_factory.mktemp("talent-data")
    publish_store(root)
    return root


@pytest.fixture(scope="session")
def store(data_dir):
    return load_store(data_dir / "store")


@pytest.fixture
def use_store(data_dir):
    """Point the app's store provider at ``data_dir`` (no caching delay); restore after."""
    STORE.configure(data_dir, check_seconds=0)
    yield data_dir
    STORE.configure()


@pytest.fixture(scope="session")
def dash_app():
    """The one Dash app of this process (pages register their callbacks once)."""
    import app

    return app.app
