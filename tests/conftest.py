"""Shared pytest fixtures."""

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
