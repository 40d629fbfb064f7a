"""Loading the store, pinned vintages and picking up a new vintage without a restart, on
stores the ETL published (support.stores)."""

from __future__ import annotations

import json
import os
import shutil

from support.stores import publish_store

from dashboard.data.store import StoreProvider, _signed_area, load_store, rewind_for_plotly
from etl.contract import INDICATORS_FILE, MANIFEST, STORE_LINK, VINTAGES_FOLDER


def test_sto001_load_indexes_series_in_year_order(store):
    series = store.get_series("share_18_35", "GM0164")
    assert list(series.years) == sorted(series.years) and series.years[0] == 2000
    assert series.statuses[-1] == "voorlopig"
    assert store.get_series("share_18_35", "GM9999") is None
    assert store.observed_years[-1] == 2025 and "GM0153" in store.gemeenten
    assert len(store.twente_gemeenten) == 14
    pyramid = store.pyramid("GM0164", 2025)
    ages = store.population_by_age
    own = ages[
        (ages["region_code"] == "GM0164") & (ages["year"] == 2025) & (ages["sex"] == "totaal")
    ]
    assert pyramid["totaal"].sum() == own["population"].sum() > 0


def test_sto002_rewind_makes_outer_rings_clockwise():
    counter_clockwise = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    geo = {"features": [{"geometry": {"type": "Polygon", "coordinates": [counter_clockwise]}}]}
    ring = rewind_for_plotly(geo)["features"][0]["geometry"]["coordinates"][0]
    assert _signed_area(ring) < 0


def test_sto003_no_store_means_none(tmp_path):
    assert StoreProvider(tmp_path, check_seconds=0).current() is None


def test_sto004_new_vintage_is_picked_up_without_restart(tmp_path):
    publish_store(tmp_path, vintage="20250101T000000Z")
    provider = StoreProvider(tmp_path, check_seconds=0)
    assert provider.current().vintage == "20250101T000000Z"
    publish_store(tmp_path, vintage="20250201T000000Z", mode="offline")
    assert provider.current().vintage == "20250201T000000Z"
    assert provider.current().mode == "offline"
    assert provider.vintages() == {"20250101T000000Z", "20250201T000000Z"}
    pinned = provider.get("20250101T000000Z")
    assert pinned.vintage == "20250101T000000Z"
    assert provider.get("20990101T000000Z").vintage == "20250201T000000Z"  # unknown: newest


def test_sto005_checks_at_most_every_few_seconds(tmp_path):
    publish_store(tmp_path, vintage="20250101T000000Z")
    provider = StoreProvider(tmp_path, check_seconds=3600)
    assert provider.current().vintage == "20250101T000000Z"
    publish_store(tmp_path, vintage="20250201T000000Z")
    assert provider.current().vintage == "20250101T000000Z"  # not checked again yet


def test_sto006_a_broken_publish_keeps_the_previous_store(tmp_path):
    publish_store(tmp_path, vintage="20250101T000000Z")
    provider = StoreProvider(tmp_path, check_seconds=0)
    assert provider.current() is not None
    # What no ETL run publishes (it validates first), but a disk or a hand can do.
    vintages = tmp_path / VINTAGES_FOLDER
    broken = vintages / "20250201T000000Z"
    shutil.copytree(vintages / "20250101T000000Z", broken)
    (broken / INDICATORS_FILE).write_bytes(b"not parquet")
    (broken / MANIFEST).write_text(json.dumps({"vintage": "20250201T000000Z"}))
    link = tmp_path / STORE_LINK
    os.symlink(broken.relative_to(tmp_path), tmp_path / "store.new")
    os.replace(tmp_path / "store.new", link)
    assert provider.current().vintage == "20250101T000000Z"


def test_sto007_boundaries_are_optional(tmp_path):
    publish_store(tmp_path, boundaries=False)
    loaded = load_store(tmp_path / STORE_LINK)
    assert loaded.boundaries is None
    assert loaded.manifest["boundaries"]["available"] is False


def test_sto008_retention_gaps_are_loaded_with_the_vintage(store):
    import pandas as pd  # noqa: PLC0415

    from etl.contract import RETENTION_GAP_COLUMNS, RETENTION_GAPS_FILE  # noqa: PLC0415

    written = pd.read_parquet(store.path / RETENTION_GAPS_FILE)
    assert store.retention_gaps is not None
    assert (
        tuple(store.retention_gaps.columns[: len(RETENTION_GAP_COLUMNS)]) == RETENTION_GAP_COLUMNS
    )
    assert len(store.retention_gaps) == len(written) > 0
