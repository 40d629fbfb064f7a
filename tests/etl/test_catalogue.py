"""The indicator catalogue: complete, bilingual, formulas over known count columns."""

from __future__ import annotations

import json
import tomllib

import numpy as np
import pandas as pd
import pytest

from etl.catalogue import (
    CATALOGUE_FILE,
    PLACEHOLDER,
    CatalogueError,
    formula_names,
    load_catalogue,
    render,
)
from etl.transform import COUNT_COLUMNS, YouthBand

DESIGN_INDICATORS = [
    "population",
    "count_18_35",
    "share_18_35",
    "share_15_74",
    "share_18_35_of_15_74",
    "share_65plus",
    "share_80plus",
    "double_ageing",
    "grey_pressure",
    "green_pressure",
    "births",
    "birth_rate",
    "general_fertility_rate",
    "deaths",
    "natural_increase",
    "net_migration",
    "net_domestic_migration",
    "net_international_migration",
    "net_domestic_migration_18_35",
    "net_international_migration_18_35",
    "youth_net_migration_rate",
    "net_labour_participation",
    "employed_labour_force",
    "population_forecast",
]
# issue 14 (etl/contract.py): retention, mover shares, youth at work and study
ISSUE_14_INDICATORS = [
    "retention_18_25",
    "retention_18_30",
    "outmover_share_20_35",
    "inmover_share_20_35",
    "youth_working_share",
    "youth_in_education_share",
    "youth_neet_share",
]
TOPICS = {
    "overzicht",
    "vergrijzing",
    "geboorte",
    "migratie",
    "arbeidsmarkt",
    "prognose",
    "jongeren",
}
STORE_KEYS = {
    "id",
    "title_nl",
    "title_en",
    "unit",
    "unit_nl",
    "unit_en",
    "definition_nl",
    "definition_en",
    "sources",
    "formula",
    "decimals",
    "topic",
}
CATALOGUE = load_catalogue()


def test_cat001_the_catalogue_holds_every_design_indicator_in_order():
    assert CATALOGUE.ids == DESIGN_INDICATORS + ISSUE_14_INDICATORS


@pytest.mark.parametrize("indicator", CATALOGUE.indicators, ids=lambda i: i.id)
def test_cat002_every_indicator_is_complete(indicator):
    for field in ("title_nl", "title_en", "unit_nl", "unit_en", "definition_nl", "definition_en"):
        assert getattr(indicator, field).strip(), field
    assert indicator.title_nl != indicator.title_en or indicator.id == "population"
    assert indicator.definition_nl != indicator.definition_en
    assert indicator.unit in {"aantal", "%", "per 1.000", "per 100"}
    assert indicator.sources and set(indicator.sources) <= set(COUNT_COLUMNS)
    assert indicator.topic in TOPICS
    # the formula evaluates on a row of its count columns to a finite number
    row = pd.DataFrame({c: [3.0] for c in indicator.columns()})
    assert np.isfinite(row.eval(indicator.formula, engine="python")).all()


def test_cat003_the_programme_band_is_stated_exactly():
    assert "18 tot en met 35 jaar" in CATALOGUE.get("share_18_35").definition_nl
    assert "18 up to and including 35" in CATALOGUE.get("share_18_35").definition_en
    assert "18 tot en met 35 jaar" in CATALOGUE.get("count_18_35").definition_nl


def test_cat004_render_states_the_youth_band_in_youth_definitions():
    rendered = render(CATALOGUE, YouthBand(20, 34))
    youth = [
        "net_domestic_migration_18_35",
        "net_international_migration_18_35",
        "youth_net_migration_rate",
    ]
    for indicator_id in youth:
        indicator = rendered.get(indicator_id)
        assert "20 tot en met 34 jaar" in indicator.definition_nl
        assert "20 up to and including 34 years" in indicator.definition_en
    for indicator in rendered.indicators:
        for field in ("title_nl", "title_en", "definition_nl", "definition_en"):
            assert not PLACEHOLDER.search(getattr(indicator, field)), (indicator.id, field)
    assert "{youth_band_nl}" in CATALOGUE.get(youth[0]).definition_nl  # source untouched


def test_cat005_records_are_json_with_the_store_keys():
    records = json.loads(json.dumps(render(CATALOGUE, YouthBand(20, 34)).records()))
    assert [r["id"] for r in records] == DESIGN_INDICATORS + ISSUE_14_INDICATORS
    assert all(STORE_KEYS <= set(r) for r in records)


def test_cat006_formula_names_and_what_a_formula_may_not_do():
    assert formula_names("1000 * births / ((population_jan1 + population_dec31) / 2)") == [
        "births",
        "population_jan1",
        "population_dec31",
    ]
    for bad in ("__import__('os')", "births.sum()", "births if deaths else 1", "births +"):
        with pytest.raises(ValueError):
            formula_names(bad)


def write_catalogue(tmp_path, **changes):
    """The real catalogue with one changed entry (``births``), written to tmp_path."""
    with open(CATALOGUE_FILE, "rb") as f:
        data = tomllib.load(f)
    births = next(e for e in data["indicator"] if e["id"] == "births")
    births.update(changes)
    lines = []
    for entry in data["indicator"]:
        lines.append("[[indicator]]")
        lines.extend(
            f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in entry.items()
        )
    path = tmp_path / "indicators.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_cat007_a_copy_of_the_catalogue_loads(tmp_path):
    assert load_catalogue(write_catalogue(tmp_path)).ids == DESIGN_INDICATORS + ISSUE_14_INDICATORS


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"formula": "births_total"}, "births_total"),  # not a count column
        ({"formula": "1000 * births / p_total"}, "p_total"),  # column of an unlisted source
        ({"sources": ["dynamics", "labour"]}, "labour"),  # a listed source no formula uses
        ({"sources": ["births_table"]}, "births_table"),
        ({"formula": "abs(births)"}, "Call"),
        ({"title_en": ""}, "title_en"),
        ({"topic": "sport"}, "topic"),
        ({"unit": "stuks"}, "unit"),
        ({"id": "population"}, "duplicate"),
        ({"definition_nl": "Geboren in {jaar}."}, "placeholder"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_cat008_an_invalid_entry_is_refused_with_a_clear_message(tmp_path, changes, message):
    with pytest.raises(CatalogueError, match=message):
        load_catalogue(write_catalogue(tmp_path, **changes))


def test_cat009_a_youth_indicator_must_state_its_band(tmp_path):
    path = write_catalogue(
        tmp_path, sources=["domestic_moves"], formula="settled_youth - departed_youth"
    )
    with pytest.raises(CatalogueError, match="youth_band_nl"):
        load_catalogue(path)


def test_cat010_a_missing_catalogue_file_is_a_catalogue_error(tmp_path):
    with pytest.raises(CatalogueError, match="nothing.toml"):
        load_catalogue(tmp_path / "nothing.toml")
