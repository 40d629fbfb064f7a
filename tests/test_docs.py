"""The docs cannot drift from the code: every CBS item the ETL uses is listed with its rule in
docs/cbs-tables.md, and every ETL setting is in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl.settings import Settings
from etl.sources import INTERVALS, SEXES, SOURCES

ROOT = Path(__file__).resolve().parents[1]
CBS_TABLES = (ROOT / "docs" / "cbs-tables.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower())


@pytest.mark.parametrize("item", [t for s in SOURCES for t in s.topics], ids=lambda t: t.key_prefix)
def test_doc001_every_topic_is_listed_with_its_title(item):
    assert f"`{item.key_prefix}" in CBS_TABLES, item.key_prefix
    assert normalised(item.title.words) in normalised(CBS_TABLES), item.title.words


@pytest.mark.parametrize("item", [*SEXES, *INTERVALS], ids=lambda m: m.name)
def test_doc002_every_member_is_listed_with_its_title_and_expected_code(item):
    assert normalised(item.title.words) in normalised(CBS_TABLES), item.title.words
    if item.expected:
        assert f"`{item.expected}`" in CBS_TABLES, item.expected


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.role)
def test_doc003_every_table_and_catalogue_rule_is_listed(source):
    assert f"`{source.default_table}`" in CBS_TABLES or source.catalogue_title in CBS_TABLES
    assert f"({source.role}" in CBS_TABLES


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_doc004_every_etl_setting_is_in_the_readme(name):
    assert f"`TALENT_{name.upper()}`" in README, name
