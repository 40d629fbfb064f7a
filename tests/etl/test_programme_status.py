"""Status of a target against its linear path, on hand-made cases (arithmetic in comments)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from etl.programme.status import TargetStatus, path_value, target_status, targets_with_status

# Rising: 100 in 2020 -> 200 in 2030, so the path climbs 10 a year; the band is 1 % of the
# total change of 100, i.e. 1 either side of the path.
RISE = ((2020, 100.0), (2030, 200.0))
# Falling: 30 in 2020 -> 20 in 2030, 1 a year down; band 1 % of 10 = 0.1.
FALL = ((2020, 30.0), (2030, 20.0))


def test_sts001_path_is_linear_then_flat():
    assert path_value(*RISE, 2020) == 100
    assert path_value(*RISE, 2025) == 150  # 100 + 10 * 5
    assert path_value(*RISE, 2030) == 200
    assert path_value(*RISE, 2035) == 200  # the target, held after its year
    assert path_value(*FALL, 2024) == 26  # 30 - 1 * 4


def test_sts002_on_the_path_is_on_track_with_no_gap():
    # path(2025) = 150, actual 150: gap 0; the path reaches 150 in 2025, gap 0 years
    assert target_status(*RISE, {2024: 140.0, 2025: 150.0}) == TargetStatus(
        "on_track", 2025, 150.0, 150.0, 0.0, 0.0
    )


def test_sts003_rising_target_behind():
    # path(2025) = 150, actual 140: gap -10 (beyond the band of 1);
    # the path reached 140 in 2020 + (140 - 100) / 10 = 2024, so 1 year behind
    result = target_status(*RISE, {2025: 140.0})
    assert (result.status, result.gap_amount, result.gap_years) == ("behind", -10.0, -1.0)


def test_sts004_rising_target_ahead():
    # path(2025) = 150, actual 165: gap +15; the path reaches 165 in 2020 + 65 / 10 = 2026.5,
    # so 1.5 years ahead
    result = target_status(*RISE, {2025: 165.0})
    assert (result.status, result.gap_amount, result.gap_years) == ("ahead", 15.0, 1.5)


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (150.9, "on_track"),  # gap +0.9, inside the band of 1
        (151.0, "on_track"),  # gap +1.0, on the band's edge: still on track
        (149.0, "on_track"),  # gap -1.0, the other edge
        (151.5, "ahead"),  # gap +1.5
        (148.5, "behind"),  # gap -1.5
    ],
)
def test_sts005_tolerance_band_is_one_percent_of_the_total_change(actual, status):
    assert target_status(*RISE, {2025: actual}).status == status


def test_sts006_falling_target_lower_is_better():
    # path(2024) = 26. Actual 25: gap -1, which is better for a falling target -> voor;
    # the path reaches 25 in 2020 + (25 - 30) / -1 = 2025, one year ahead
    ahead = target_status(*FALL, {2024: 25.0})
    assert (ahead.status, ahead.gap_amount, ahead.gap_years) == ("ahead", -1.0, 1.0)
    # actual 27: gap +1 -> achter; the path was at 27 in 2023, one year behind
    behind = target_status(*FALL, {2024: 27.0})
    assert (behind.status, behind.gap_amount, behind.gap_years) == ("behind", 1.0, -1.0)
    # actual 26.05: gap +0.05 within the band of 0.1 -> op koers
    assert target_status(*FALL, {2024: 26.05}).status == "on_track"


def test_sts007_after_the_target_year_the_path_is_the_target():
    # Target 200 in 2030; in 2032 the path stays at 200.
    reached = target_status(*RISE, {2032: 200.0})
    assert (reached.status, reached.path_value, reached.gap_amount, reached.gap_years) == (
        "on_track",
        200.0,
        0.0,
        0.0,
    )
    # 190 in 2032: gap -10; the line reached 190 in 2029, one year before the target year
    short = target_status(*RISE, {2032: 190.0})
    assert (short.status, short.gap_amount, short.gap_years) == ("behind", -10.0, -1.0)


def test_sts008_latest_finite_actual_counts_and_years_before_the_baseline_do_not():
    # 2027 is missing (NaN) so 2026 is the latest: path 160, actual 163 -> gap +3, voor
    result = target_status(*RISE, {2019: 999.0, 2026: 163.0, 2027: math.nan})
    assert (result.latest_year, result.latest_value, result.path_value) == (2026, 163.0, 160.0)
    assert result.status == "ahead"
    assert target_status(*RISE, {2018: 90.0, 2019: 95.0}) == TargetStatus.unknown()
    assert target_status(*RISE, {}) == TargetStatus.unknown()


def test_sts009_baseline_year_itself_is_compared_with_the_baseline():
    # path(2020) = 100, actual 100.5: gap +0.5 within the band; 0.05 years ahead
    result = target_status(*RISE, {2020: 100.5})
    assert result.status == "on_track"
    assert result.gap_years == pytest.approx(0.05)


@pytest.mark.parametrize(
    ("baseline", "target"),
    [
        ((2020, 100.0), (2030, 100.0)),  # no change asked for: no direction
        ((2030, 100.0), (2020, 200.0)),  # target year before the baseline year
    ],
)
def test_sts010_a_target_needs_a_direction_and_a_later_year(baseline, target):
    with pytest.raises(ValueError, match="later year and another value"):
        target_status(baseline, target, {2025: 150.0})


def test_sts011_targets_with_status_joins_actuals_per_kind():
    targets = pd.DataFrame(
        {
            "indicator": ["population", "share_18_35", "initiatives_started"],
            "indicator_kind": ["cbs", "cbs", "programma"],
            "region_code": ["GM0164", "GM0153", "GM0164"],
            "baseline_year": [2020, 2021, 2024],
            "baseline_value": [80_000.0, math.nan, 0.0],
            "target_year": [2040, 2031, 2027],
            "target_value": [100_000.0, 24.0, 30.0],
            "example": [True, True, True],
        }
    )
    indicators = pd.DataFrame(
        {
            "indicator": ["population"] * 4 + ["share_18_35"] * 3,
            "region_code": ["GM0164", "GM0164", "GM0153", "GM0164", "GM0153", "GM0153", "GM0164"],
            "year": [2020, 2025, 2025, 2030, 2021, 2026, 2026],
            "value": [80_000.0, 85_000.0, 1.0, 99_999.0, 20.0, 22.5, 99.0],
            "status": [
                "definitief",
                "voorlopig",
                "definitief",
                "prognose",
                "definitief",
                "definitief",
                "definitief",
            ],
        }
    )
    measurements = pd.DataFrame(
        {
            "indicator": ["initiatives_started"] * 3,
            "date": pd.to_datetime(["2025-12-31", "2025-03-31", "2024-06-30"]),
            "value": [12.0, 8.0, 3.0],
        }
    )
    result = targets_with_status(targets, indicators, measurements).set_index("indicator")

    # population, Hengelo only, forecast not an actual: latest 2025 = 85,000;
    # path(2025) = 80,000 + 1,000 * 5 = 85,000 -> op koers, gap 0
    population = result.loc["population"]
    assert (population["status"], population["latest_year"], population["gap_amount"]) == (
        "on_track",
        2025,
        0.0,
    )
    assert not population["baseline_from_data"]

    # share in Enschede: baseline taken from CBS 2021 = 20; path rises 0.4 a year, so
    # path(2026) = 22; actual 22.5 -> gap +0.5 > band 0.04 -> voor, 1.25 years ahead
    share = result.loc["share_18_35"]
    assert share["baseline_from_data"] and share["baseline_value"] == 20.0
    assert share["status"] == "ahead"
    assert share["path_value"] == pytest.approx(22.0)
    assert share["gap_years"] == pytest.approx(1.25)

    # initiatives: the last measurement of 2025 (12, on 31 December) counts for 2025;
    # path(2025) = 0 + 10 * 1 = 10 -> gap +2 -> voor, 0.2 years ahead
    initiatives = result.loc["initiatives_started"]
    assert (initiatives["latest_year"], initiatives["latest_value"]) == (2025, 12.0)
    assert initiatives["status"] == "ahead"
    assert initiatives["gap_years"] == pytest.approx(0.2)


def test_sts012_no_actuals_no_status():
    targets = pd.DataFrame(
        {
            "indicator": ["births"],
            "indicator_kind": ["cbs"],
            "region_code": ["GM0164"],
            "baseline_year": [2024],
            "baseline_value": [math.nan],
            "target_year": [2030],
            "target_value": [900.0],
        }
    )
    empty_indicators = pd.DataFrame(columns=["indicator", "region_code", "year", "value", "status"])
    empty_measurements = pd.DataFrame(
        {
            "indicator": pd.Series([], dtype="str"),
            "date": pd.Series([], dtype="datetime64[ns]"),
            "value": pd.Series([], dtype="float64"),
        }
    )
    result = targets_with_status(targets, empty_indicators, empty_measurements)
    assert result["status"].isna().all() and result["baseline_value"].isna().all()
    assert result["latest_year"].isna().all()
