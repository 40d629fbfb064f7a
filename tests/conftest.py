"""Shared pytest fixtures."""

import pytest
from support.fakecbs import FakeCBS
from support.shared_data import GEO, FakePdok, require


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


@pytest.fixture
def fake_pdok():
    """A PDOK stand-in serving ../shared's real boundaries; ``.url`` has ``{year}``."""
    require(GEO)
    server = FakePdok()
    yield server
    server.stop()
