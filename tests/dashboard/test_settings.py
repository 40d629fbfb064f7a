"""The dashboard's settings: defaults, read from TALENT_* variables, a bad number or contact
address harmless."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.data.store import StoreProvider
from dashboard.settings import (
    DEFAULT_ACCESSIBILITY_CONTACT,
    DEFAULT_CHECK_SECONDS,
    Settings,
    settings,
)


@pytest.fixture
def environment(monkeypatch):
    for name in (
        "TALENT_DATA_DIR",
        "TALENT_STORE_CHECK_SECONDS",
        "TALENT_EMBED_ORIGINS",
        "TALENT_ACCESSIBILITY_CONTACT",
    ):
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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://www.hengelo.nl/contact", "https://www.hengelo.nl/contact"),
        (" toegankelijkheid@hengelo.example ", "toegankelijkheid@hengelo.example"),
        ("javascript:alert(1)", DEFAULT_ACCESSIBILITY_CONTACT),
        ("www.hengelo.nl", DEFAULT_ACCESSIBILITY_CONTACT),  # no scheme: not a link that works
        ("", DEFAULT_ACCESSIBILITY_CONTACT),
    ],
)
def test_set004_the_accessibility_contact_is_a_web_or_mail_address(
    environment, caplog, value, expected
):
    environment.setenv("TALENT_ACCESSIBILITY_CONTACT", value)
    assert Settings().accessibility_contact == expected
    assert ("TALENT_ACCESSIBILITY_CONTACT" in caplog.text) == (expected != value.strip())
