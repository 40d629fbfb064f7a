"""The comparison of a published store with its previous vintage, on two vintages the ETL's
writer published (support/revised_stores.py says what differs, by construction)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from support.revised_stores import (
    FOCUS,
    NEW,
    NEW_YEAR,
    OLD,
    POPULATION_REVISION,
    REVISED_YEAR,
    SHARE_REVISION,
    publish_two_vintages,
)
from support.stores import demo_vintage

from dashboard.data.store import load_store
from dashboard.data.vintage_revisions import (
    previous_vintage,
    revisions_between,
    revisions_since_previous,
    sibling_vintages,
)


@pytest.fixture(scope="module")
def two_vintages(tmp_path_factory):
    return publish_two_vintages(tmp_path_factory.mktemp("talent-revisions"))


@pytest.fixture
def new_store(two_vintages):
    return load_store(two_vintages / "store")  # fresh per test: memos start empty


def test_vrv001_the_previous_vintage_is_the_newest_older_one(two_vintages, new_store):
    assert sibling_vintages(new_store) == (OLD, NEW)
    assert new_store.vintage == NEW and previous_vintage(new_store) == OLD
    old_store = load_store(two_vintages / "vintages" / OLD)
    assert previous_vintage(old_store) is None
    assert revisions_since_previous(old_store) is None


def test_vrv002_what_changed_between_the_two_vintages(new_store):
    result = revisions_since_previous(new_store)
    assert result is not None and (result.old, result.new) == (OLD, NEW)
    rows = result.rows
    revised = rows[rows["revised"]]
    # Exactly the two values edited in the older vintage, by the amounts edited.
    assert sorted(
        zip(revised["indicator"], revised["region_code"], revised["year"], strict=True)
    ) == [
        ("population", FOCUS, REVISED_YEAR),
        ("share_18_35", FOCUS, REVISED_YEAR),
    ]
    demo = pd.read_parquet(demo_vintage() / "indicators.parquet")
    value = demo.set_index(["indicator", "region_code", "year"])["value"]
    population = result.revised_in("population", FOCUS)[REVISED_YEAR]
    assert population == (
        value["population", FOCUS, REVISED_YEAR] - POPULATION_REVISION,
        value["population", FOCUS, REVISED_YEAR],
    )
    share = revised.set_index("indicator").loc["share_18_35"]
    assert share["difference"] == pytest.approx(SHARE_REVISION)
    # voorlopig -> definitief for population 2024 in every region of the demo store.
    regions_2024 = demo[(demo["indicator"] == "population") & (demo["year"] == REVISED_YEAR)]
    status = rows[rows["status_changed"]]
    assert set(status["indicator"]) == {"population"}
    assert len(status) == len(regions_2024) == demo["region_code"].nunique()
    assert set(zip(status["old_status"], status["new_status"], strict=True)) == {
        ("voorlopig", "definitief")
    }
    # New: every non-forecast 2025 row of the demo store; nothing removed.
    new_rows = demo[(demo["year"] == NEW_YEAR) & (demo["status"] != "prognose")]
    assert rows["new"].sum() == len(new_rows) > 0
    assert set(rows.loc[rows["new"], "year"]) == {NEW_YEAR}
    assert not rows["removed"].any()
    counts = {c.indicator: c for c in result.counts()}
    assert (counts["population"].revised, counts["share_18_35"].revised) == (1, 1)


def test_vrv003_computed_once_per_store_pair(new_store, monkeypatch):
    from dashboard.data import vintage_revisions

    calls = []
    real = vintage_revisions.compare
    monkeypatch.setattr(
        vintage_revisions, "compare", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    first = revisions_since_previous(new_store)
    assert revisions_since_previous(new_store) is first
    assert revisions_between(new_store, OLD) is first
    assert len(calls) == 1


def test_vrv004_a_chosen_newer_vintage_is_the_new_side(two_vintages):
    old_store = load_store(two_vintages / "vintages" / OLD)
    result = revisions_between(old_store, NEW)
    assert result is not None and (result.old, result.new) == (OLD, NEW)
    assert result.revised_in("share_18_35", FOCUS)


def test_vrv005_unknown_or_vanished_vintages_give_no_comparison(tmp_path, two_vintages):
    store = load_store(two_vintages / "store")
    assert revisions_between(store, NEW) is None  # itself
    assert revisions_between(store, "../etc") is None
    assert revisions_between(store, "20200101T000000Z") is None  # no such folder
    # A previous vintage pruned before its first comparison: no markers, no error.
    copy = tmp_path / "data"
    shutil.copytree(two_vintages, copy, symlinks=True)
    pruned = load_store(copy / "store")
    assert previous_vintage(pruned) == OLD
    shutil.rmtree(copy / "vintages" / OLD)
    assert revisions_since_previous(pruned) is None
