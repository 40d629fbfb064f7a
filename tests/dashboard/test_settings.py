"""The dashboard's settings: defaults, read from TALENT_* variables, a bad number harmless."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.data.store import StoreProvider
from dashboard.settings import DEFAULT_CHECK_SECONDS, Settings, settings


@pytest.fixture
def environment(monkeypatch):
    for name in ("TALENT_DATA_DIR", "TALENT_STORE_CHECK_SECONDS", "TALENT_EMBED_ORIGINS"):
        monkeypatch.delenv(name, raising=False)
    settings.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    settings.cache_clear()


def test_set001_defaults(environment):
    assert Settings() == Settings(data_dir=Path("data"), store_check_seconds=5.0, embed_origins="")


def test_set002_read_from_the_environment_once(environment, tmp_path):
    environment.setenv("TALENT_DATA_DIR", str(tmp_path))
    environment.setenv("TALENT_STORE_CHECK_SECONDS", "0.5")
    environment.setenv("TALENT_EMBED_ORIGINS", "https://www.almelo.nl")
    assert settings().data_dir == tmp_path and settings().store_check_seconds == 0.5
    provider = StoreProvider()
    assert provider.data_dir == tmp_path and provider.check_seconds == 0.5
    environment.setenv("TALENT_DATA_DIR", "elsewhere")
    assert settings().data_dir == tmp_path  # read once per process
    assert StoreProvider(Path("given"), check_seconds=1).data_dir == Path("given")


def test_set003_an_unreadable_check_interval_is_the_default(environment, caplog):
    environment.setenv("TALENT_STORE_CHECK_SECONDS", "vijf")
    assert Settings().store_check_seconds == DEFAULT_CHECK_SECONDS
    assert "TALENT_STORE_CHECK_SECONDS" in caplog.text
