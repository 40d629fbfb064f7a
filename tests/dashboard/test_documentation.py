"""The docs cannot drift from the code: every setting of the dashboard is in the README,
every setting of the ETL and the dashboard is in .env.example with its default, every URL
parameter of a view is in the README, every store file of the contract is in docs/store.md,
and every dashboard or test path the README names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.settings import Settings as DashboardSettings
from dashboard.state.url import PARAMETERS
from etl import contract
from etl.settings import Settings as EtlSettings

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
STORE_DOC = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")
SETTINGS = [
    (f"TALENT_{name.upper()}", field.default)
    for model in (EtlSettings, DashboardSettings)
    for name, field in model.model_fields.items()
]
DASHBOARD_SETTINGS = [
    (f"TALENT_{name.upper()}", field.default)
    for name, field in DashboardSettings.model_fields.items()
]
STORE_FILES = sorted(
    {
        value
        for name, value in vars(contract).items()
        if name.endswith("_FILE") or name in ("MANIFEST", "SOURCES_FOLDER")
    }
)


def example_values() -> dict[str, str]:
    """``NAME: value`` of every ``# NAME=value`` line."""
    return {
        m.group(1): m.group(2).strip()
        for m in re.finditer(r"^#?\s*(TALENT_\w+)=(.*)$", ENV_EXAMPLE, re.M)
    }


@pytest.mark.parametrize(
    ("name", "default"), DASHBOARD_SETTINGS, ids=[n for n, _ in DASHBOARD_SETTINGS]
)
def test_doc101_every_dashboard_setting_is_in_the_readme(name, default):
    """(The ETL's settings have their own test beside the ETL's docs tests.)"""
    assert f"`{name}`" in README, name


@pytest.mark.parametrize(("name", "default"), SETTINGS, ids=[n for n, _ in SETTINGS])
def test_doc102_every_setting_is_in_env_example_with_its_default(name, default):
    values = example_values()
    assert name in values, name
    shown = values[name]
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        assert float(shown) == float(default), (name, shown, default)
    else:
        assert shown == str(default), (name, shown, default)


def test_doc103_env_example_names_no_setting_that_does_not_exist():
    assert sorted(set(example_values()) - {name for name, _ in SETTINGS}) == []


@pytest.mark.parametrize("parameter", PARAMETERS)
def test_doc104_every_url_parameter_is_in_the_readme(parameter):
    assert f"`{parameter}`" in README, parameter


@pytest.mark.parametrize("name", STORE_FILES)
def test_doc105_every_store_file_is_in_docs_store_md(name):
    assert f"`{name}" in STORE_DOC, name


def test_doc106_every_dashboard_and_test_path_in_the_readme_exists():
    named = set(
        re.findall(
            r"`((?:dashboard|dashboard_export|tests|assets|benchmarks)/"
            r"[\w./-]*)`",
            README,
        )
    )
    assert named, "the README names no paths?"
    assert sorted(p for p in named if not (ROOT / p).exists()) == []
