"""Indicators from tiny count frames, with hand-computed expectations; one real CBS check."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from support.shared_data import SNAPSHOT_37259, require

from etl.catalogue import load_catalogue
from etl.indicators import (
    aggregate_members,
    compute_indicators,
    verified_members,
    with_aggregates,
)
from etl.raw import load_raw_table
from etl.transform import dynamics_counts

TWENTE = [
    "GM0141",
    "GM0147",
    "GM1774",
    "GM0153",
    "GM0158",
    "GM0163",
    "GM0164",
    "GM1735",
    "GM0168",
    "GM0173",
    "GM1742",
    "GM0183",
    "GM1700",
    "GM0189",
]
CATALOGUE = load_catalogue()
NO_REGIONS = pd.DataFrame(
    columns=["region_code", "name", "level", "corop_code", "province_code", "in_twente"]
)


def counts(source: str, status: str = "definitief", **columns: list) -> pd.DataFrame:
    """A count frame: ``region_code`` and ``year`` lists plus count columns."""
    frame = pd.DataFrame(columns)
    frame["status"] = status
    frame["source"] = source
    return frame


def values(result: pd.DataFrame, indicator: str) -> dict[tuple[str, int], float]:
    rows = result[result["indicator"] == indicator]
    return {(r.region_code, r.year): r.value for r in rows.itertuples()}


def one_municipality() -> dict[str, pd.DataFrame]:
    where = {"region_code": ["GM0164"], "year": [2023]}
    return {
        "population_by_age": counts(
            "03759ned",
            **where,
            p_total=[1000.0],
            p_18_35=[280.0],
            p_15_74=[700.0],
            p_0_19=[250.0],
            p_20_64=[500.0],
            p_65plus=[250.0],
            p_80plus=[50.0],
            women_15_49=[240.0],
            mean_population=[1005.0],
            p_youth_band=[200.0],
            p_25=[12.0],
            p_30=[11.0],
            p_18_7_years_before=[15.0],
            p_18_12_years_before=[10.0],
        ),
        "dynamics": counts(
            "37259ned",
            **where,
            population_jan1=[1000.0],
            population_dec31=[1010.0],
            births=[12.0],
            deaths=[9.0],
            immigration=[30.0],
            domestic_in=[80.0],
            emigration=[20.0],
            domestic_out=[75.0],
            net_migration=[15.0],
            birth_rate_cbs=[11.9],
        ),
        "domestic_moves": counts(
            "84547NED",
            **where,
            settled_youth=[40.0],
            departed_youth=[55.0],
            settled_all=[100.0],
            departed_all=[110.0],
        ),
        "international_migration": counts(
            "85451NED", **where, immigration_youth=[18.0], emigration_youth=[8.0]
        ),
        "labour": counts(
            "86008NED",
            **where,
            labour_population=[700.0],
            employed=[490.0],
            participation_cbs=[70.5],
            employed_at_cbs_rate=[493.5],
        ),
        "youth_activity": counts(
            "86223NED",
            **where,
            youth_total=[200.0],
            youth_working=[138.0],
            youth_in_education=[120.0],
            youth_neet=[9.0],
        ),
        "forecast": counts(
            "85173NED",
            "prognose",
            region_code=["GM0164"],
            year=[2030],
            forecast=[1100.0],
            forecast_lower=[1050.0],
            forecast_upper=[1160.0],
        ),
    }


EXPECTED_2023 = {
    "population": 1000,
    "count_18_35": 280,
    "share_18_35": 28.0,  # 100 x 280 / 1000
    "share_15_74": 70.0,  # 100 x 700 / 1000
    "share_18_35_of_15_74": 40.0,  # 100 x 280 / 700
    "share_65plus": 25.0,  # 100 x 250 / 1000
    "share_80plus": 5.0,  # 100 x 50 / 1000
    "double_ageing": 20.0,  # 100 x 50 / 250
    "grey_pressure": 50.0,  # 100 x 250 / 500
    "green_pressure": 50.0,  # 100 x 250 / 500
    "births": 12,
    "birth_rate": 11.940298507,  # 1000 x 12 / ((1000 + 1010) / 2) = 12000 / 1005
    "general_fertility_rate": 50.0,  # 1000 x 12 / 240
    "deaths": 9,
    "natural_increase": 3,  # 12 - 9
    "net_migration": 15,
    "net_domestic_migration": 5,  # 80 - 75
    "net_international_migration": 10,  # 30 - 20
    "net_domestic_migration_18_35": -15,  # 40 - 55
    "net_international_migration_18_35": 10,  # 18 - 8
    "youth_net_migration_rate": -25.0,  # 1000 x (40 - 55 + 18 - 8) / 200
    "net_labour_participation": 70.5,  # 100 x 493.5 / 700: CBS's own percentage
    "employed_labour_force": 490,
    "retention_18_25": 80.0,  # 100 x 12 / 15
    "retention_18_30": 110.0,  # 100 x 11 / 10: newcomers can fill a cohort beyond 100
    "outmover_share_20_35": 50.0,  # 100 x 55 / 110
    "inmover_share_20_35": 40.0,  # 100 x 40 / 100
    "youth_working_share": 69.0,  # 100 x 138 / 200
    "youth_in_education_share": 60.0,  # 100 x 120 / 200
    "youth_neet_share": 4.5,  # 100 x 9 / 200
}


def test_ind001_every_indicator_once():
    result = compute_indicators(one_municipality(), NO_REGIONS, CATALOGUE, members={})
    assert list(result.columns) == [
        "indicator",
        "region_code",
        "year",
        "value",
        "status",
        "source",
        "lower",
        "upper",
    ]
    assert set(result["indicator"]) == set(CATALOGUE.ids)
    for indicator, expected in EXPECTED_2023.items():
        assert values(result, indicator) == {("GM0164", 2023): pytest.approx(expected)}, indicator
    forecast = result[result["indicator"] == "population_forecast"].iloc[0]
    assert (
        forecast["year"],
        forecast["value"],
        forecast["lower"],
        forecast["upper"],
        forecast["status"],
    ) == (2030, 1100, 1050, 1160, "prognose")
    assert result.loc[result["indicator"] != "population_forecast", "lower"].isna().all()
    by_id = result.set_index("indicator")
    assert by_id.loc["share_18_35", "source"] == "03759ned"
    assert by_id.loc["general_fertility_rate", "source"] == "37259ned+03759ned"
    assert by_id.loc["youth_net_migration_rate", "source"] == "84547NED+85451NED+03759ned"
    assert str(result["year"].dtype) == "int64" and str(result["value"].dtype) == "float64"


def test_ind002_one_provisional_source_makes_the_value_provisional():
    frames = one_municipality()
    frames["dynamics"]["status"] = "voorlopig"
    result = compute_indicators(frames, NO_REGIONS, CATALOGUE, members={}).set_index("indicator")
    assert by_status(result, "general_fertility_rate") == "voorlopig"  # dynamics + population
    assert by_status(result, "births") == "voorlopig"
    assert by_status(result, "share_18_35") == "definitief"  # population only
    assert by_status(result, "population_forecast") == "prognose"


def by_status(result: pd.DataFrame, indicator: str) -> str:
    return result.loc[indicator, "status"]


def two_municipalities(**extra: list) -> pd.DataFrame:
    # GM0001: 10 of 100 are 18-35 (10 %); GM0002: 90 of 300 (30 %)
    return counts(
        "03759ned",
        region_code=["GM0001", "GM0002", *extra.pop("regions", [])],
        year=[2023, 2023, *extra.pop("years", [])],
        p_18_35=[10.0, 90.0, *extra.pop("p_18_35", [])],
        p_total=[100.0, 300.0, *extra.pop("p_total", [])],
    )


def test_ind003_an_aggregate_sums_numerators_and_denominators_not_ratios():
    result = compute_indicators(
        {"population_by_age": two_municipalities()},
        NO_REGIONS,
        CATALOGUE.subset(["share_18_35", "population"]),
        members={"CR99": ["GM0001", "GM0002"]},
    )
    # (10 + 90) / (100 + 300) = 25 %, where the mean of the ratios (10 % + 30 %) / 2 = 20 %
    assert values(result, "share_18_35")[("CR99", 2023)] == pytest.approx(25.0)
    assert values(result, "population")[("CR99", 2023)] == 400  # 100 + 300


def test_ind004_a_published_aggregate_is_preferred_over_the_sum():
    # CBS publishes CR99 with 120 aged 18-35 (the members' sum would be 10 + 90 = 100)
    frame = two_municipalities(regions=["CR99"], years=[2023], p_18_35=[120.0], p_total=[400.0])
    result = compute_indicators(
        {"population_by_age": frame},
        NO_REGIONS,
        CATALOGUE.subset(["share_18_35"]),
        members={"CR99": ["GM0001", "GM0002"]},
    )
    assert values(result, "share_18_35")[("CR99", 2023)] == pytest.approx(30.0)  # 120 / 400
    assert (result["region_code"] == "CR99").sum() == 1


def test_ind005_a_group_whose_members_do_not_add_up_to_cbs_is_never_summed():
    # Twente scope: the regions table knows only the two municipalities, which would make
    # PV99 (1 000 inhabitants according to CBS) their sum of 400. CR99 adds up (400).
    population = two_municipalities(
        regions=["CR99", "PV99"],
        years=[2023, 2023],
        p_18_35=[100.0, 300.0],
        p_total=[400.0, 1000.0],
    )
    labour = counts(
        "86008NED",
        region_code=["GM0001", "GM0002"],
        year=[2023, 2023],
        labour_population=[70.0, 210.0],
        employed=[49.0, 147.0],
        participation_cbs=[70.0, 70.0],
        employed_at_cbs_rate=[49.0, 147.0],
    )
    members = {"CR99": ["GM0001", "GM0002"], "PV99": ["GM0001", "GM0002"]}
    assert verified_members(members, {"population_by_age": population}) == {
        "CR99": ["GM0001", "GM0002"]
    }
    result = compute_indicators(
        {"population_by_age": population, "labour": labour},
        NO_REGIONS,
        CATALOGUE.subset(["employed_labour_force"]),
        members=members,
    )
    assert values(result, "employed_labour_force") == {
        ("GM0001", 2023): 49.0,
        ("GM0002", 2023): 147.0,
        ("CR99", 2023): 196.0,
    }  # 49 + 147


def test_ind006_no_aggregate_unless_every_member_has_a_value():
    frame = two_municipalities(
        regions=["GM0001", "GM0002"],
        years=[2024, 2024],
        p_18_35=[11.0, np.nan],
        p_total=[110.0, 310.0],
    )
    result = compute_indicators(
        {"population_by_age": frame},
        NO_REGIONS,
        CATALOGUE.subset(["share_18_35", "population"]),
        members={"CR99": ["GM0001", "GM0002"], "PV99": ["GM0001", "GM0002", "GM0003"]},
    )
    assert ("CR99", 2024) not in values(result, "share_18_35")  # GM0002 lacks p_18_35
    assert values(result, "population")[("CR99", 2024)] == 420  # 110 + 310: both have it
    assert not (result["region_code"] == "PV99").any()  # GM0003 has nothing


def test_ind007_an_aggregate_is_as_provisional_as_its_most_provisional_member():
    frame = two_municipalities()
    frame.loc[frame["region_code"] == "GM0002", "status"] = "voorlopig"
    summed = with_aggregates(frame, {"CR99": ["GM0001", "GM0002"]})
    assert summed.set_index("region_code").loc["CR99", "status"] == "voorlopig"


def test_ind008_participation_for_an_aggregate_from_summed_counts():
    labour = counts(
        "86008NED",
        region_code=["GM0001", "GM0002"],
        year=[2023, 2023],
        labour_population=[10000.0, 30000.0],
        employed=[7000.0, 18000.0],
        participation_cbs=[70.0, 60.0],
        employed_at_cbs_rate=[7000.0, 18000.0],
    )  # 70 % x 10 000, 60 % x 30 000
    summed = with_aggregates(labour, {"CR99": ["GM0001", "GM0002"]}).set_index("region_code")
    assert np.isnan(summed.loc["CR99", "participation_cbs"])  # a percentage is not summed
    result = compute_indicators(
        {"labour": labour},
        NO_REGIONS,
        CATALOGUE.subset(["net_labour_participation"]),
        members={"CR99": ["GM0001", "GM0002"]},
    )
    got = values(result, "net_labour_participation")
    # 100 x (7 000 + 18 000) / (10 000 + 30 000) = 62.5, not the mean (70 + 60) / 2 = 65
    assert got[("CR99", 2023)] == pytest.approx(62.5)
    assert got[("GM0001", 2023)] == pytest.approx(70.0)


def test_ind009_a_summed_forecast_has_no_interval():
    forecast = counts(
        "85173NED",
        "prognose",
        region_code=["GM0001", "GM0002"],
        year=[2030, 2030],
        forecast=[100.0, 300.0],
        forecast_lower=[90.0, 280.0],
        forecast_upper=[110.0, 320.0],
    )
    result = compute_indicators(
        {"forecast": forecast},
        NO_REGIONS,
        CATALOGUE.subset(["population_forecast"]),
        members={"CR99": ["GM0001", "GM0002"]},
    )
    twente = result.set_index("region_code").loc["CR99"]
    assert twente["value"] == 400  # 100 + 300
    # 67% bounds are quantiles: 90 + 280 would overstate the uncertainty of the sum
    assert np.isnan(twente["lower"]) and np.isnan(twente["upper"])
    assert twente["status"] == "prognose"


def test_ind010_division_by_zero_is_dropped_not_published():
    frame = counts("03759ned", region_code=["GM0001"], year=[2023], p_18_35=[0.0], p_total=[0.0])
    result = compute_indicators(
        {"population_by_age": frame},
        NO_REGIONS,
        CATALOGUE.subset(["share_18_35", "population"]),
        members={},
    )
    assert "share_18_35" not in set(result["indicator"])  # 0 / 0
    assert values(result, "population") == {("GM0001", 2023): 0.0}


def test_ind011_members_default_to_the_regions_table():
    regions = pd.DataFrame(
        {
            "region_code": ["GM0001", "GM0002", "CR99", "PV99", "NL01"],
            "name": ["Een", "Twee", "Streek", "Provincie", "Nederland"],
            "level": ["gemeente", "gemeente", "corop", "provincie", "land"],
            "corop_code": ["CR99", "CR99", None, None, None],
            "province_code": ["PV99", "PV99", "PV99", None, None],
            "in_twente": [False] * 5,
        }
    )
    assert aggregate_members(regions) == {
        "CR99": ["GM0001", "GM0002"],
        "PV99": ["GM0001", "GM0002"],
        "NL01": ["GM0001", "GM0002"],
    }
    result = compute_indicators(
        {"population_by_age": two_municipalities()}, regions, CATALOGUE.subset(["share_18_35"])
    )
    assert values(result, "share_18_35")[("PV99", 2023)] == pytest.approx(25.0)


def test_ind012_a_missing_source_is_an_error_not_a_silent_gap():
    with pytest.raises(ValueError, match="births.*dynamics"):
        compute_indicators(
            {"population_by_age": two_municipalities()},
            NO_REGIONS,
            CATALOGUE.subset(["births"]),
            members={},
        )


@pytest.fixture(scope="module")
def dynamics_snapshot() -> pd.DataFrame:
    return dynamics_counts(load_raw_table(require(SNAPSHOT_37259)))


def test_ind013_birth_rate_for_hengelo_equals_cbs(dynamics_snapshot):
    result = compute_indicators(
        {"dynamics": dynamics_snapshot}, NO_REGIONS, CATALOGUE.subset(["birth_rate"]), members={}
    )
    ours = result[result["region_code"] == "GM0164"].set_index("year")["value"].round(1)
    hengelo = dynamics_snapshot[dynamics_snapshot["region_code"] == "GM0164"]
    cbs = hengelo.set_index("year")["birth_rate_cbs"]
    assert list(ours.index) == list(range(2012, 2024))
    assert ours.to_dict() == cbs.to_dict()
    assert ours[2012] == 10.1 and ours[2023] == 8.4  # 816 and 697 births (CBS)


def test_ind014_twente_births_are_the_sum_of_its_14_municipalities(dynamics_snapshot):
    without_twente = dynamics_snapshot[dynamics_snapshot["region_code"] != "CR12"]
    result = compute_indicators(
        {"dynamics": without_twente},
        NO_REGIONS,
        CATALOGUE.subset(["births", "birth_rate"]),
        members={"CR12": TWENTE},
    )
    summed = values(result, "births")
    published = dynamics_snapshot[dynamics_snapshot["region_code"] == "CR12"]
    for row in published.itertuples():
        assert summed[("CR12", row.year)] == row.births  # e.g. 6 250 in 2012
        # and the rate of the sums matches CBS's published Twente rate
        assert round(values(result, "birth_rate")[("CR12", row.year)], 1) == row.birth_rate_cbs
