"""The peer finder's features for every municipality in the default (scope 'twente') store.

The demo store is the ETL's own (``refresh --demo``): its peer features come from the narrow
national extracts (etl/peer_stage.py), its indicators from the scope's full tables through
the indicator formulas -- two paths, so a Twente municipality's features are checked against
the store's own indicators, and share_0_17 and the three-year youth rate by hand from the
store's population_by_age and indicators.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from support.etl_runs import run_etl
from support.fakecbs import FakeCBS
from support.stores import demo_data_dir, demo_vintage

from dashboard.data import peers
from etl import contract, demo
from etl.cbs_client import v3_query
from etl.demo.regions import build_world, exists
from etl.extract import TableMeta, build_query, plan_query
from etl.peer_stage import PEER_YEARS, build_peer_features, narrow_source
from etl.products import read_product
from etl.sources import SOURCES_BY_ROLE, TWENTE_MUNICIPALITIES

NO_PDOK = "http://127.0.0.1:9/{year}"  # a closed port: the store is published without a map


@pytest.fixture(scope="module")
def store():
    vintage = demo_vintage()
    return {
        "vintage": vintage,
        "features": pd.read_parquet(vintage / contract.PEER_FEATURES_FILE),
        "indicators": pd.read_parquet(vintage / contract.INDICATORS_FILE),
        "by_age": pd.read_parquet(vintage / contract.POPULATION_BY_AGE_FILE),
        "manifest": json.loads((vintage / contract.MANIFEST).read_text()),
    }


def test_pft001_every_municipality_of_the_country_has_a_row(store):
    features, entry = store["features"], store["manifest"]["peer_features"]
    year = int(features["population_year"].max())
    world = [m.code for m in build_world(20240701).municipalities if exists(m, year)]
    assert sorted(features["region_code"]) == sorted(world)
    assert len(world) > 300 and set(TWENTE_MUNICIPALITIES) <= set(world)
    assert tuple(features.columns) == contract.PEER_FEATURE_COLUMNS
    assert entry["outcome"] == contract.FRESH and entry["municipalities"] == len(world)
    assert not features[list(contract.PEER_FEATURES)].isna().any().any()
    assert features.set_index("region_code").at["GM0164", "name"].startswith("Hengelo")
    code, out = run_etl(demo_data_dir(), "status")
    assert code == 0 and f"Peer features: {len(world)} municipalities (fresh, population " in out


def test_pft002_twente_features_equal_the_stores_own_figures(store):
    features = store["features"].set_index("region_code")
    indicators, by_age = store["indicators"], store["by_age"]
    year = int(features["population_year"].iloc[0])

    def indicator(name: str, code: str, y: int) -> float:
        row = indicators.loc[
            (indicators["indicator"] == name)
            & (indicators["region_code"] == code)
            & (indicators["year"] == y)
        ]
        return float(row["value"].iloc[0])

    lower, upper = store["manifest"]["youth_band"]
    for code in TWENTE_MUNICIPALITIES:
        row = features.loc[code]
        assert row["population"] == indicator("population", code, year)
        assert row[contract.LN_POPULATION] == pytest.approx(np.log(row["population"]))
        for name in ("share_18_35", "share_65plus", "share_80plus"):
            assert row[name] == pytest.approx(indicator(name, code, year), rel=1e-12)
        labour_year = int(row["labour_year"])
        assert row[contract.NET_LABOUR_PARTICIPATION] == pytest.approx(
            indicator("net_labour_participation", code, labour_year)
        )
        # share 0-17 by hand: single ages 0..17, both sexes, over the population
        mine = by_age.loc[
            (by_age["region_code"] == code) & (by_age["year"] == year) & (by_age["sex"] == "totaal")
        ]
        young = mine.loc[mine["age"].between(0, 17), "population"].sum()
        assert row[contract.SHARE_0_17] == pytest.approx(100 * young / row["population"])
        # the three-year rate from summed counts: net_t = rate_t x P_band(t) / 1000, then
        # 1000 x sum(net_t) / sum(P_band(t)) -- not the mean of the three rates
        years = range(int(row["migration_first_year"]), int(row["migration_last_year"]) + 1)
        assert len(years) == 3
        nets, bases = 0.0, 0.0
        for y in years:
            band = by_age.loc[
                (by_age["region_code"] == code)
                & (by_age["year"] == y)
                & (by_age["sex"] == "totaal")
                & by_age["age"].between(lower, upper),
                "population",
            ].sum()
            nets += indicator("youth_net_migration_rate", code, y) * band / 1000
            bases += band
        assert row[contract.YOUTH_NET_MIGRATION_RATE] == pytest.approx(1000 * nets / bases)


def test_pft003_the_narrow_query_asks_for_municipalities_both_sexes_and_recent_years():
    properties = [
        {"Type": "Dimension", "Key": "Geslacht", "Title": "Geslacht"},
        {"Type": "Dimension", "Key": "Leeftijd", "Title": "Leeftijd"},
        {"Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's"},
        {"Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"},
        {"Type": "Topic", "Key": "BevolkingOp1Januari_1", "Title": "Bevolking op 1 januari"},
        {"Type": "Topic", "Key": "GemiddeldeBevolking_2", "Title": "Gemiddelde bevolking"},
    ]
    raw_keys = {
        "Geslacht": ["T001038", "3000", "4000"],
        "Leeftijd": ["10000", "10010"],
        "RegioS": [f"{c:<6}" for c in [*TWENTE_MUNICIPALITIES, "GM0363", "CR12", "NL01"]],
        "Perioden": [f"{y}JJ00" for y in range(2015, 2026)],
    }
    titles = {
        "Geslacht": ["Totaal mannen en vrouwen", "Mannen", "Vrouwen"],
        "Leeftijd": ["Totaal leeftijd", "0 jaar"],
    }
    frames = {
        key: pd.DataFrame(
            {"Key": [k.strip() for k in keys], "Title": titles.get(key, [k.strip() for k in keys])}
        )
        for key, keys in raw_keys.items()
    }
    meta = TableMeta("03759ned", properties, frames, raw_keys)
    source = narrow_source("population_by_age")
    _, filters = v3_query(plan_query(source, meta, "nl", last_years=5))
    assert "Geslacht eq 'T001038'" in filters  # both sexes together
    assert "substringof('GM',RegioS)" in filters and "CR" not in filters and "PV" not in filters
    periods = " or ".join(f"Perioden eq '{y}JJ00'" for y in range(2021, 2026))
    assert f"({periods})" in filters and "2020JJ00" not in filters
    assert "Leeftijd" not in filters  # every age
    # the scope's own query is unchanged: all sexes, every year
    _, full = build_query(SOURCES_BY_ROLE["population_by_age"], meta, "twente")
    assert "Geslacht" not in full and "Perioden eq" not in full


def test_pft004_missing_tables_leave_features_missing_never_an_error(store):
    population = read_product(store["vintage"], "population_by_age", "twente")
    titles = pd.DataFrame({"Key": ["GM0164"], "Title": ["Hengelo (O.)"]})
    only = build_peer_features({"population_by_age": population}, titles, {"labour": "x"}, None)
    frame = only.frame
    assert frame is not None and sorted(frame["region_code"]) == sorted(TWENTE_MUNICIPALITIES)
    assert frame[contract.YOUTH_NET_MIGRATION_RATE].isna().all()
    assert frame[contract.NET_LABOUR_PARTICIPATION].isna().all()
    assert frame["labour_year"].isna().all() and only.entry["problems"] == {"labour": "x"}
    # the peer finder then leaves the feature out with a note
    result = peers.nearest(frame, "GM0164", peers.SOCIAAL_ECONOMISCH)
    assert peers.PeerNote(peers.FOCUS_MISSING, contract.NET_LABOUR_PARTICIPATION) in result.notes
    none = build_peer_features({}, None, {"population_by_age": "unreachable"}, None)
    assert none.frame is None and none.entry["outcome"] == contract.ABSENT
    kept = build_peer_features({}, None, {}, store["vintage"])
    assert kept.entry["outcome"] == contract.KEPT and kept.frame is not None


def test_pft005_hengelos_peers_in_the_demo_store(store):
    features = store["features"]
    for model in peers.MODELS:
        result = peers.nearest(features, "GM0164", model, n=5)
        assert len(result.peers) == 5 and result.notes == ()
        distances = [p.distance for p in result.peers]
        assert distances == sorted(distances) and distances[0] > 0
        population = features.set_index("region_code")["population"]
        for peer in result.peers:
            ratio = population[peer.region_code] / population["GM0164"]
            assert 0.67 <= ratio <= 1.5
            assert sum(peer.shares.values()) == pytest.approx(1.0)


def test_pft006_a_failed_national_extract_never_fails_the_refresh(tmp_path):
    """Through the fake CBS feed: every narrow request (municipalities by the prefix 'GM',
    which the scope's own Twente queries never use) answers 500, the scope's tables are fine."""
    served = demo.write_demo_tables(tmp_path / "tables", "twente")
    with FakeCBS(served) as feed:
        feed.add_fault("substringof('GM',RegioS)", "status", status=500, times=None)
        code, out = run_etl(
            tmp_path / "data", "refresh", "--cbs-url", feed.url, env={"TALENT_PDOK_URL": NO_PDOK}
        )
    assert code == 0, out  # every table of the store itself is fresh
    vintage = tmp_path / "data" / contract.STORE_LINK
    manifest = json.loads((vintage / contract.MANIFEST).read_text())
    entry = manifest["peer_features"]
    assert entry["outcome"] == contract.ABSENT and set(entry["problems"]) == set(PEER_YEARS)
    assert not (vintage / contract.PEER_FEATURES_FILE).exists()
    assert (vintage / contract.INDICATORS_FILE).exists()
    assert "peers: the national extract of 03759ned (population_by_age) failed" in out
