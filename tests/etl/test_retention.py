"""Cohort retention by hand on tiny frames (issue 14)."""

from __future__ import annotations

import pandas as pd
import pytest

from etl.transform.retention import retention


def _pop(rows: list[tuple[str, int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "region_code": r,
                "year": y,
                "sex": "totaal",
                "age": a,
                "population": n,
                "status": "definitief",
            }
            for r, y, a, n in rows
        ]
    )


def test_ret001_by_hand_and_aggregate_from_summed_counts() -> None:
    # GM0001: 100 at 18 in 2010, 80 at 25 in 2017 -> 80/100*100 = 80
    # GM0002: 10 at 18 in 2010, 2 at 25 in 2017 -> 2/10*100 = 20
    # CR01 = (80+2)/(100+10)*100 = 74.545..., not the mean of ratios (80+20)/2 = 50
    frame = _pop(
        [
            ("GM0001", 2010, 18, 100),
            ("GM0001", 2017, 25, 80),
            ("GM0002", 2010, 18, 10),
            ("GM0002", 2017, 25, 2),
        ]
    )
    rows, gaps = retention(frame, {"CR01": ["GM0001", "GM0002"]})
    got = rows[rows["indicator"] == "retention_18_25"].set_index("region_code")["value"]
    assert got["GM0001"] == pytest.approx(80.0)
    assert got["GM0002"] == pytest.approx(20.0)
    assert got["CR01"] == pytest.approx(82 / 110 * 100)
    assert got["CR01"] != pytest.approx(50.0)


def test_ret002_series_start_and_missing_municipality_have_no_row_but_a_reason() -> None:
    # 2011 at 25 needs 18 in 2004, before the series starts (2010): series_start.
    # GM0003 has 25-year-olds in 2017 but no count in 2010 (did not exist): region_missing.
    frame = _pop(
        [
            ("GM0001", 2010, 18, 100),
            ("GM0001", 2011, 25, 90),
            ("GM0003", 2017, 25, 50),
            ("GM0001", 2017, 18, 1),
        ]
    )
    rows, gaps = retention(frame, {})
    assert rows.empty or not ((rows["year"] == 2011) | (rows["region_code"] == "GM0003")).any()
    reasons = {(r.region_code, r.year): r.reason for r in gaps.itertuples()}
    assert reasons[("GM0001", 2011)] == "series_start"
    assert reasons[("GM0003", 2017)] == "region_missing"
