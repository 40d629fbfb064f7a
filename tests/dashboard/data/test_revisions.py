"""The comparison of two vintages' indicator frames, on tiny frames computed by hand."""

from __future__ import annotations

import pandas as pd

from dashboard.data.revisions import COLUMNS, compare


def frame(rows: list[tuple]) -> pd.DataFrame:
    """(indicator, region_code, year, value, status) rows with the store's other columns."""
    data = pd.DataFrame(rows, columns=["indicator", "region_code", "year", "value", "status"])
    return data.assign(source="03759ned", lower=float("nan"), upper=float("nan"))


OLD = frame(
    [
        ("share", "GM0164", 2022, 22.4, "definitief"),
        ("share", "GM0164", 2023, 22.44, "voorlopig"),  # -> 22.46: shown 22.4 -> 22.5
        ("share", "GM0153", 2023, 20.0, "voorlopig"),  # -> definitief, same value
        ("share", "GM0153", 2021, 19.0, "definitief"),  # gone in the new vintage
        ("population", "GM0164", 2023, 86_000.0, "voorlopig"),  # -> 86_012 definitief
        ("population", "GM0164", 2022, 85_500.0, "definitief"),
    ]
)
NEW = frame(
    [
        # float noise of a recomputed share: 22.4 + 3e-14 is the same shown figure
        ("share", "GM0164", 2022, 22.4 + 3e-14, "definitief"),
        ("share", "GM0164", 2023, 22.46, "definitief"),
        ("share", "GM0164", 2024, 23.0, "voorlopig"),  # a new year
        ("share", "GM0153", 2023, 20.0, "definitief"),
        ("population", "GM0164", 2023, 86_012.0, "definitief"),
        ("population", "GM0164", 2022, 85_500.4, "definitief"),  # 85.500 shown both times
    ]
)
DECIMALS = {"share": 1, "population": 0}


def by_key(result) -> dict[tuple, dict]:
    return {
        (r["indicator"], r["region_code"], r["year"]): r
        for r in result.rows.to_dict(orient="records")
    }


def test_rev001_changed_values_status_changes_new_and_removed_points():
    result = compare(OLD, NEW, DECIMALS, old_vintage="A", new_vintage="B")
    assert list(result.rows.columns) == list(COLUMNS)
    rows = by_key(result)
    # Unchanged (noise, below the shown decimals) points are not listed at all.
    assert set(rows) == {
        ("population", "GM0164", 2023),
        ("share", "GM0153", 2021),
        ("share", "GM0153", 2023),
        ("share", "GM0164", 2023),
        ("share", "GM0164", 2024),
    }
    pop = rows[("population", "GM0164", 2023)]
    assert (pop["old_value"], pop["new_value"], pop["difference"]) == (86_000, 86_012, 12)
    assert pop["revised"] and pop["status_changed"] and not pop["new"]
    assert (pop["old_status"], pop["new_status"]) == ("voorlopig", "definitief")
    share = rows[("share", "GM0164", 2023)]
    assert share["revised"] and abs(share["difference"] - 0.02) < 1e-12  # 22.46 - 22.44
    final = rows[("share", "GM0153", 2023)]
    assert final["status_changed"] and not final["revised"]
    assert rows[("share", "GM0164", 2024)]["new"]
    assert pd.isna(rows[("share", "GM0164", 2024)]["old_value"])
    assert rows[("share", "GM0153", 2021)]["removed"]
    assert pd.isna(rows[("share", "GM0153", 2021)]["difference"])


def test_rev002_counts_per_indicator_and_the_revised_lookup():
    result = compare(OLD, NEW, DECIMALS, old_vintage="A", new_vintage="B")
    counts = {c.indicator: c for c in result.counts()}
    # population: 2023 revised + status; share: 2023 GM0164 revised + status,
    # GM0153 2023 status, 2024 new, GM0153 2021 removed.
    assert (counts["population"].revised, counts["population"].status_changed) == (1, 1)
    assert (counts["population"].new, counts["population"].removed) == (0, 0)
    share = counts["share"]
    assert (share.revised, share.status_changed, share.new, share.removed) == (1, 2, 1, 1)
    assert result.revised_in("share", "GM0164") == {2023: (22.44, 22.46)}
    assert result.revised_in("share", "GM0153") == {}  # a status change is no revision
    assert result.revised_in("population", "GM0164") == {2023: (86_000.0, 86_012.0)}


def test_rev003_a_change_below_the_shown_decimals_is_no_revision():
    # 22.41 -> 22.44 both show 22,4; 22.44 -> 22.46 moves the shown figure to 22,5.
    old = frame([("share", "GM0164", 2023, 22.41, "definitief")])
    same = frame([("share", "GM0164", 2023, 22.44, "definitief")])
    assert compare(old, same, DECIMALS).rows.empty
    # Without an entry in decimals, the catalogue's default of 1 decimal applies.
    moved = compare(old, frame([("share", "GM0164", 2023, 22.46, "definitief")]), {})
    assert moved.rows["revised"].tolist() == [True]


def test_rev004_identical_and_empty_frames():
    assert compare(OLD, OLD, DECIMALS).rows.empty
    assert compare(OLD, OLD, DECIMALS).counts() == []
    empty = OLD.iloc[0:0]
    gone = compare(OLD, empty, DECIMALS)
    assert gone.rows["removed"].all() and len(gone.rows) == len(OLD)


def test_rev005_noise_at_a_rounding_boundary_is_no_revision():
    # 0.25 shows as 0,2 (half to even: round(2.5) = 2), 0.25 + 1e-14 as 0,3; the
    # difference is float noise (under 1e-9 of the value), so not a revision.
    old = frame([("share", "GM0164", 2023, 0.25, "definitief")])
    noisy = frame([("share", "GM0164", 2023, 0.25 + 1e-14, "definitief")])
    assert compare(old, noisy, DECIMALS).rows.empty
