"""Cohort retention by hand on tiny frames (issue 14): the cohort counts, the catalogue's
formula over them (aggregates from summed counts) and why a value is absent."""

from __future__ import annotations

import pandas as pd
import pytest

from etl.catalogue import load_catalogue
from etl.indicators import compute_indicators
from etl.transform.retention import cohort_counts, retention_gaps

RETENTION = load_catalogue().subset(["retention_18_25", "retention_18_30"])
NO_REGIONS = pd.DataFrame(
    columns=["region_code", "name", "level", "corop_code", "province_code", "in_twente"]
)


def _by_age(rows: list[tuple[str, int, int, int]]) -> pd.DataFrame:
    """population_by_age rows (both sexes) from (region, year, age, persons)."""
    return pd.DataFrame(
        [
            {
                "region_code": r,
                "year": y,
                "sex": "totaal",
                "age": a,
                "age_open": False,
                "population": n,
                "status": "definitief",
            }
            for r, y, a, n in rows
        ]
    )


def _indicators(by_age: pd.DataFrame, members: dict[str, list[str]]) -> pd.DataFrame:
    counts = cohort_counts(by_age).assign(status="definitief", source="03759ned")
    return compute_indicators({"population_by_age": counts}, NO_REGIONS, RETENTION, members)


def _values(result: pd.DataFrame, indicator: str) -> dict[tuple[str, int], float]:
    rows = result[result["indicator"] == indicator]
    return {(r.region_code, r.year): r.value for r in rows.itertuples()}


def test_ret001_by_hand_and_aggregate_from_summed_counts() -> None:
    # GM0001: 100 at 18 in 2010, 80 at 25 in 2017 -> 80/100*100 = 80
    # GM0002: 10 at 18 in 2010, 2 at 25 in 2017 -> 2/10*100 = 20
    # CR01 = (80+2)/(100+10)*100 = 74.545..., not the mean of ratios (80+20)/2 = 50
    # retention_18_30 for 2022: GM0001 60 at 30 / 100 at 18 in 2010 -> 60
    frame = _by_age(
        [
            ("GM0001", 2010, 18, 100),
            ("GM0001", 2017, 25, 80),
            ("GM0001", 2022, 30, 60),
            ("GM0002", 2010, 18, 10),
            ("GM0002", 2017, 25, 2),
        ]
    )
    counts = cohort_counts(frame).set_index(["region_code", "year"])
    assert counts.loc[("GM0001", 2017), "p_18_7_years_before"] == 100
    assert counts.loc[("GM0001", 2017), "p_25"] == 80
    assert counts.loc[("GM0001", 2022), "p_18_12_years_before"] == 100
    got = _values(_indicators(frame, {"CR01": ["GM0001", "GM0002"]}), "retention_18_25")
    assert got[("GM0001", 2017)] == pytest.approx(80.0)
    assert got[("GM0002", 2017)] == pytest.approx(20.0)
    assert got[("CR01", 2017)] == pytest.approx(82 / 110 * 100)
    assert got[("CR01", 2017)] != pytest.approx(50.0)
    thirty = _values(_indicators(frame, {}), "retention_18_30")
    assert thirty == {("GM0001", 2022): pytest.approx(60.0)}


def test_ret002_series_start_and_missing_municipality_have_no_row_but_a_reason() -> None:
    # 2011 at 25 needs 18 in 2004, before the series starts (2010): series_start.
    # GM0003 has 25-year-olds in 2017 but no count in 2010 (did not exist): region_missing.
    # An aggregate with GM0003 as a member is not summed short for 2017: no CR01 value.
    frame = _by_age(
        [
            ("GM0001", 2010, 18, 100),
            ("GM0001", 2011, 25, 90),
            ("GM0001", 2017, 25, 70),
            ("GM0003", 2017, 25, 50),
        ]
    )
    rows = _indicators(frame, {"CR01": ["GM0001", "GM0003"]})
    got = _values(rows, "retention_18_25")
    assert got == {("GM0001", 2017): pytest.approx(70.0)}
    counts = cohort_counts(frame).assign(status="definitief", source="03759ned")
    gaps = retention_gaps(counts, rows, first_year=2010)
    reasons = {(g.indicator, g.region_code, g.year): g.reason for g in gaps.itertuples(index=False)}
    assert reasons[("retention_18_25", "GM0001", 2011)] == "series_start"
    assert reasons[("retention_18_25", "GM0003", 2017)] == "region_missing"
    assert ("retention_18_25", "GM0001", 2017) not in reasons
    assert list(gaps.columns) == ["indicator", "region_code", "year", "reason"]
    assert str(gaps["year"].dtype) == "int64"
