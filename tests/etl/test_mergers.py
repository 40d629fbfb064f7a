"""Municipal mergers (herindelingen) in scope nl: a municipality that ceased keeps its years.

Real: 37259ned in ../shared holds every municipality of each year 2012-2023, among them
Weesp (GM0457), merged into Amsterdam (GM0363) in 2022. Demo: the generator merges one
invented municipality into another from 2022 on, in every table.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from support.etl_runs import run_etl
from support.shared_data import SNAPSHOT_37259, require

from etl import raw
from etl.catalogue import load_catalogue
from etl.demo.regions import build_world
from etl.indicators import compute_indicators
from etl.products import make_product, product_problems
from etl.transform import regions

WEESP, AMSTERDAM = "GM0457", "GM0363"


@pytest.fixture(scope="module")
def real_dynamics():
    require(SNAPSHOT_37259)
    table = raw.load_raw_table(SNAPSHOT_37259)
    return table, make_product("dynamics", table, "nl")


def snapshot_rows(region: str) -> dict[int, dict]:
    rows = json.loads((SNAPSHOT_37259 / "TypedDataSet.json").read_text())
    return {
        int(r["Perioden"][:4]): r
        for r in rows
        if r["RegioS"].strip() == region and r["Geslacht"] == "T001038"
    }


def test_mrg001_the_real_table_passes_its_checks_with_every_merger(real_dynamics):
    table, product = real_dynamics
    assert product_problems("dynamics", table.table_id, product) == []
    counts = product["counts"]
    assert sorted(counts.loc[counts["region_code"] == WEESP, "year"]) == list(range(2012, 2023))
    assert sorted(counts.loc[counts["region_code"] == AMSTERDAM, "year"]) == list(range(2012, 2024))
    # CBS publishes each year's division: fewer municipalities every year
    per_year = counts[counts["region_code"].str.startswith("GM")].groupby("year").size()
    assert per_year[2012] > per_year[2023] and per_year.is_monotonic_decreasing


def test_mrg002_ceased_municipalities_are_regions_of_their_own(real_dynamics):
    _, product = real_dynamics
    titles = product["region_titles"]
    today = titles[titles["Key"].str.match(r"^GM") & (titles["Key"] != WEESP)]
    membership = pd.DataFrame(
        {"region_code": today["Key"], "name": None, "corop_code": "CR23", "province_code": "PV27"}
    )
    frame = regions(membership, titles).set_index("region_code")
    assert frame.loc[WEESP, "level"] == "gemeente" and frame.loc[WEESP, "name"]
    assert pd.isna(frame.loc[WEESP, "corop_code"])  # a member of no aggregate


def test_mrg003_indicators_of_a_ceased_municipality_are_cbs_figures(real_dynamics):
    _, product = real_dynamics
    catalogue = load_catalogue()
    only_dynamics = [i for i in catalogue.indicators if i.sources == ("dynamics",)]
    counts = {"dynamics": product["counts"]}
    titles = product["region_titles"]
    frame = regions(None, titles)
    indicators = compute_indicators(counts, frame, only_dynamics, members={})
    weesp = indicators[(indicators["region_code"] == WEESP) & (indicators["indicator"] == "births")]
    cbs = snapshot_rows(WEESP)
    # 2022: CBS has a population on 1 January for Weesp but no births (it merged in March)
    assert cbs[2022]["LevendGeborenKinderen_3"] is None
    assert dict(zip(weesp["year"], weesp["value"], strict=True)) == {
        year: float(row["LevendGeborenKinderen_3"])
        for year, row in cbs.items()
        if row["LevendGeborenKinderen_3"] is not None
    }
    assert not {2022, 2023} & set(weesp["year"])  # absent then, not an error


@pytest.fixture(scope="module")
def demo_nl(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("demo-nl")
    code, out = run_etl(data_dir, "refresh", "--demo", "--scope", "nl")
    assert code == 0, out
    return data_dir


def test_mrg010_a_demo_merger_publishes_both_municipalities_for_their_years(demo_nl):
    ceased = next(m for m in build_world(20240701).municipalities if m.until)
    indicators = pd.read_parquet(demo_nl / "store" / "indicators.parquet")
    population = indicators[indicators["indicator"] == "population"]
    gone = population[population["region_code"] == ceased.code]
    assert gone["year"].max() == ceased.until
    into = population[population["region_code"] == ceased.merged_into].set_index("year")
    step = into.loc[ceased.until + 1, "value"] - into.loc[ceased.until, "value"]
    assert step > 0.8 * gone.set_index("year").loc[ceased.until, "value"]  # it took them in
    nl = population[population["region_code"] == "NL01"].set_index("year")["value"]
    municipalities = population[population["region_code"].str.startswith("GM")]
    summed = municipalities.groupby("year")["value"].sum()
    assert (nl.loc[2019:2024] == summed.loc[2019:2024]).all()  # no one counted twice
    regions_frame = pd.read_parquet(demo_nl / "store" / "regions.parquet")
    assert ceased.code in set(regions_frame["region_code"])
