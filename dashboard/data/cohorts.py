"""Follow a cohort: how many of those born in year b still (or again) live in a region at
each age, against how many lived there at 15 (issue 14).

The index for birth year ``b`` at age ``a`` is P(a, b + a) / P(15, b + 15) × 100, with P the
population on 1 January of a single year of age, both sexes (``population_by_age``, CBS
03759ned). Aggregates (Twente, Nederland) are the store's own rows for them, which are CBS's
rows or summed member counts: the index of an aggregate is a ratio of summed counts, never an
average of ratios. Pure functions on a small frame, so tests compute them by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd

from dashboard.data.store import PROVISIONAL, TOTAL, Store

BASE_AGE = 15
LAST_AGE = 35
AGES = tuple(range(BASE_AGE, LAST_AGE + 1))
MIN_AGE_REACHED = 25  # a default cohort is followed at least this far
COHORT_STEP = 5  # default birth years: every 5th, counted back from the newest
MAX_COHORTS = 6  # lines on one chart that stay readable


class CohortPoint(NamedTuple):
    birth_year: int
    age: int
    year: int  # the 1 January the count is of: birth_year + age
    persons: int
    value: float  # the index: persons / persons at BASE_AGE × 100
    status: str


def cohort_index(
    counts: pd.DataFrame, birth_year: int, ages: Sequence[int] = AGES
) -> list[CohortPoint]:
    """The index of one birth year at every age of ``ages`` that ``counts`` holds.

    ``counts``: one region, one sex, columns ``year``, ``age``, ``population`` and
    optionally ``status``. No row for the cohort at :data:`BASE_AGE` (the series starts
    later, or the region did not exist yet) or a count of 0 there: no points at all, since an
    index needs its base. Ages whose year is not in ``counts`` are left out (not yet reached).
    """
    lookup = {
        (int(year), int(age)): (float(persons), str(status))
        for year, age, persons, status in zip(
            counts["year"],
            counts["age"],
            counts["population"],
            counts["status"] if "status" in counts else [""] * len(counts),
            strict=True,
        )
    }
    base = lookup.get((birth_year + BASE_AGE, BASE_AGE))
    if base is None or not base[0] > 0:
        return []
    points = []
    for age in ages:
        found = lookup.get((birth_year + age, age))
        if found is None:
            continue
        persons, status = found
        points.append(
            CohortPoint(
                birth_year, age, birth_year + age, int(persons), persons / base[0] * 100, status
            )
        )
    return points


def default_birth_years(first_year: int, last_year: int) -> list[int]:
    """Every :data:`COHORT_STEP`-th birth year, newest first in the search but returned
    oldest first, whose 15th birthday year lies in ``first_year..last_year`` and who reach at
    least :data:`MIN_AGE_REACHED` by ``last_year``; at most :data:`MAX_COHORTS` of them."""
    newest = last_year - MIN_AGE_REACHED
    oldest = first_year - BASE_AGE
    years = list(range(newest, oldest - 1, -COHORT_STEP))[:MAX_COHORTS]
    return sorted(years)


def region_counts(store: Store, region: str) -> pd.DataFrame | None:
    """``year``, ``age``, ``population``, ``status`` of one region, both sexes, single years
    of :data:`AGES` only (cached per store); None when the store has none."""

    def build() -> pd.DataFrame | None:
        ages = store.population_by_age
        if ages is None:
            return None
        rows = ages[
            (ages["region_code"] == region)
            & (ages["sex"] == TOTAL)
            & ~ages["age_open"].astype(bool)
            & ages["age"].between(BASE_AGE, LAST_AGE)
        ]
        if rows.empty:
            return None
        return rows[["year", "age", "population", "status"]].reset_index(drop=True)

    return store.memo(("cohort_counts", region), build)


def count_years(counts: pd.DataFrame) -> tuple[int, int]:
    years = counts["year"].astype(int)
    return int(years.min()), int(years.max())


def is_provisional(point: CohortPoint) -> bool:
    return point.status == PROVISIONAL
