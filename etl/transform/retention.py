"""Cohort retention from single years of age (issue 14): P(a1, t) / P(a0, t - span) x 100.

The indicators themselves are catalogue formulas (etl/indicators.toml) over the cohort
counts made here, so aggregates go the way of every other indicator: CBS's own row for an
area where 03759ned publishes one, else the *summed* counts of its members (summed
numerators over summed denominators, never a mean of the members' ratios; a member without
the earlier count leaves the aggregate out rather than summed short).

``cohort_counts`` puts each cohort's earlier count beside the later one, region by region:
``p_18_7_years_before`` in year t is P(18, t - 7) of the same region code. A region-year
whose earlier count is missing gets no value; :func:`retention_gaps` says why, for
retention_gaps.parquet, so the dashboard can say it instead of showing a hole.
"""

from __future__ import annotations

import pandas as pd

from etl.contract import (
    REGION_MISSING,
    RETENTION_18_25,
    RETENTION_18_30,
    RETENTION_GAP_COLUMNS,
    SERIES_START,
)

KEYS = ["region_code", "year"]
# (indicator, age at t, age at t - span, span in years, later column, earlier column)
RETENTION_SPECS: tuple[tuple[str, int, int, int, str, str], ...] = (
    (RETENTION_18_25, 25, 18, 7, "p_25", "p_18_7_years_before"),
    (RETENTION_18_30, 30, 18, 12, "p_30", "p_18_12_years_before"),
)
COLUMNS = tuple(dict.fromkeys(c for spec in RETENTION_SPECS for c in spec[4:]))


def cohort_counts(by_age: pd.DataFrame) -> pd.DataFrame:
    """Per region and year: P(25), P(30), and P(18) 7 and 12 years earlier (float64; NaN
    where the region has no such count). Columns: region_code, year, :data:`COLUMNS`.

    ``by_age``: population_by_age's layout (region_code, year, sex, age, age_open,
    population); only both sexes and single years are read. The few ages needed are
    selected first (03759ned for every municipality has ~3 million rows)."""
    ages = sorted({a for spec in RETENTION_SPECS for a in spec[1:3]})
    wanted = (
        by_age["age"].isin(ages).to_numpy()
        & ~by_age["age_open"].to_numpy(dtype=bool)
        & (by_age["sex"] == "totaal").to_numpy()
    )
    single = by_age.loc[wanted].pivot(index=KEYS, columns="age", values="population")
    single = single.reindex(columns=ages).astype("float64")
    frame = pd.DataFrame(index=single.index)
    for _, older, younger, span, later, earlier in RETENTION_SPECS:
        frame[later] = single[older]
        base = single[younger].dropna()
        # P(18) of year y is the cohort's start for year y + span.
        base.index = base.index.set_levels(base.index.levels[1] + span, level="year")
        frame[earlier] = base
    return frame.reset_index()[[*KEYS, *COLUMNS]]


def retention_gaps(
    counts: pd.DataFrame, indicators: pd.DataFrame, first_year: int | None = None
) -> pd.DataFrame:
    """Why a retention indicator has no value where its later count exists.

    ``counts``: population counts with the :data:`COLUMNS` (published aggregates included);
    ``indicators``: the computed indicator rows; ``first_year``: 03759ned's first year
    (default: the first year in ``counts``). ``series_start`` when the cohort's earlier
    year lies before it, else ``region_missing`` (the region code has no count then: a
    municipality formed later, or an area with a member that did not exist yet).
    Columns: indicator, region_code, year (int64), reason."""
    start = int(counts["year"].min()) if first_year is None else first_year
    parts = []
    for indicator, _, _, span, later, _ in RETENTION_SPECS:
        if later not in counts:
            continue
        candidates = counts.loc[counts[later].notna(), KEYS]
        have = indicators.loc[indicators["indicator"] == indicator, KEYS].assign(_have=True)
        missing = candidates.merge(have, on=KEYS, how="left")
        missing = missing.loc[missing["_have"].isna(), KEYS]
        parts.append(
            missing.assign(
                indicator=indicator,
                reason=(missing["year"] - span < start).map(
                    {True: SERIES_START, False: REGION_MISSING}
                ),
            )
        )
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in RETENTION_GAP_COLUMNS}).astype(
            {"year": "int64"}
        )
    gaps = pd.concat(parts, ignore_index=True)[list(RETENTION_GAP_COLUMNS)]
    gaps = gaps.astype({"indicator": "str", "region_code": "str", "year": "int64", "reason": "str"})
    return gaps.sort_values(["indicator", "region_code", "year"], ignore_index=True)
