"""Follow a cohort: the index P(a, b + a) / P(15, b + 15) × 100, by hand on tiny frames."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.data.cohorts import cohort_index, default_birth_years


def _frame(rows: list[tuple[int, int, int, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["year", "age", "population", "status"])


# Born in 2000: 200 aged 15 on 1 January 2015, 180 aged 20 in 2020, 230 aged 25 in 2025.
# Born in 2005: 150 aged 15 in 2020, 120 aged 20 in 2025. Noise: other ages and years that
# belong to no cohort asked for (a 15-year-old in 2016 was born in 2001).
COUNTS = _frame(
    [
        (2015, 15, 200, "definitief"),
        (2016, 15, 999, "definitief"),
        (2020, 20, 180, "definitief"),
        (2020, 15, 150, "definitief"),
        (2025, 25, 230, "voorlopig"),
        (2025, 20, 120, "voorlopig"),
        (2025, 30, 777, "voorlopig"),  # born 1995: its base year 2010 is not in the frame
    ]
)


def test_coh001_index_by_hand():
    points = cohort_index(COUNTS, 2000, ages=(15, 20, 25))
    # 200 / 200 × 100 = 100,0; 180 / 200 × 100 = 90,0; 230 / 200 × 100 = 115,0 (newcomers
    # outnumber leavers: a net figure can pass 100).
    assert [(p.age, p.year, p.persons) for p in points] == [
        (15, 2015, 200),
        (20, 2020, 180),
        (25, 2025, 230),
    ]
    assert [p.value for p in points] == pytest.approx([100.0, 90.0, 115.0])
    assert [p.status for p in points] == ["definitief", "definitief", "voorlopig"]
    # Born in 2005: 150 / 150 × 100 = 100,0; 120 / 150 × 100 = 80,0; age 25 (2030) not reached.
    later = cohort_index(COUNTS, 2005, ages=(15, 20, 25))
    assert [(p.age, round(p.value, 1)) for p in later] == [(15, 100.0), (20, 80.0)]


def test_coh002_no_base_year_no_line():
    # Born in 1995: no 15-year-olds in 2010 (series starts later or the municipality did not
    # exist): no index at all, not an index against some other base.
    assert cohort_index(COUNTS, 1995, ages=(15, 20, 25, 30)) == []
    zero = _frame([(2015, 15, 0, "definitief"), (2020, 20, 5, "definitief")])
    assert cohort_index(zero, 2000, ages=(15, 20)) == []  # 5 / 0 is no index


def test_coh003_aggregate_from_summed_counts_not_averaged_ratios():
    # Two municipalities: A 100 → 50 (index 50), B 300 → 300 (index 100). Their region has
    # 400 → 350: 350 / 400 × 100 = 87,5, not the mean of 50 and 100 (75). The store holds
    # the aggregate's counts (CBS's own row or the summed members), and the index is taken
    # of those.
    summed = _frame([(2015, 15, 100 + 300, "definitief"), (2020, 20, 50 + 300, "definitief")])
    assert cohort_index(summed, 2000, ages=(15, 20))[-1].value == pytest.approx(87.5)


def test_coh004_default_birth_years():
    # Table 2000–2025: the newest cohort reaching 25 by 2025 was born in 2000; every 5th
    # back while its 15th year (b + 15) is still in the table: 1985 (2000) is, 1980 (1995)
    # is not.
    assert default_birth_years(2000, 2025) == [1985, 1990, 1995, 2000]
    # 1988–2025: 2000 back to 1975 (15 in 1990 ≥ 1988); 1970 would be 15 in 1985, before it.
    assert default_birth_years(1988, 2025) == [1975, 1980, 1985, 1990, 1995, 2000]
    # Ten years 2000–2009 cannot follow anyone from 15 to 25 (that takes 2000–2010).
    assert default_birth_years(2000, 2009) == []
    assert default_birth_years(2000, 2010) == [1985]
    # A long table is capped at six lines, the newest kept.
    assert default_birth_years(1950, 2025) == [1975, 1980, 1985, 1990, 1995, 2000]
