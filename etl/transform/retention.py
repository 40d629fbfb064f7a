"""Cohort retention from single years of age (issue 14): P(a1, t) / P(a0, t - span) x 100.

Pure functions over population_by_age-shaped frames (region_code, year, sex, age,
population, status). Aggregates are ratios of *summed* member counts, never means of the
members' ratios. A region-year without its cohort's earlier count gets no row; why is
returned beside it (retention_gaps.parquet) so the dashboard can say it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from etl.contract import REGION_MISSING, RETENTION_GAP_COLUMNS, SERIES_START

# (indicator, age at t, age at t - span, span in years)
RETENTION_SPECS: tuple[tuple[str, int, int, int], ...] = (
    ("retention_18_25", 25, 18, 7),
    ("retention_18_30", 30, 18, 12),
)


def _counts(population: pd.DataFrame, age: int) -> pd.Series:
    rows = population[(population["sex"] == "totaal") & (population["age"] == age)]
    return rows.groupby(["region_code", "year"])["population"].sum()


def _with_aggregates(counts: pd.Series, members: Mapping[str, Sequence[str]]) -> pd.Series:
    # Sum the members' counts per year; an aggregate lacking a member in a year is left out
    # of that year rather than summed short.
    frame = counts.rename("n").reset_index()
    parts = [frame]
    for aggregate, codes in members.items():
        rows = frame[frame["region_code"].isin(codes)]
        complete = rows.groupby("year")["region_code"].nunique() == len(set(codes))
        summed = rows.groupby("year")["n"].sum()[complete]
        parts.append(pd.DataFrame({"region_code": aggregate, "year": summed.index, "n": summed}))
    return pd.concat(parts, ignore_index=True).set_index(["region_code", "year"])["n"]


def retention(
    population: pd.DataFrame,
    members: Mapping[str, Sequence[str]],
    source: str = "03759ned",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (indicator rows, gap rows) for every spec in RETENTION_SPECS."""
    first_year = int(population["year"].min())
    statuses = population.groupby("year")["status"].first()
    rows, gaps = [], []
    for indicator, older, younger, span in RETENTION_SPECS:
        later = _with_aggregates(_counts(population, older), members)
        earlier = _with_aggregates(_counts(population, younger), members)
        for (region, year), numerator in later.items():
            base = earlier.get((region, year - span))
            if base is None or pd.isna(base) or base == 0:
                reason = SERIES_START if year - span < first_year else REGION_MISSING
                gaps.append((indicator, region, int(year), reason))
                continue
            rows.append(
                {
                    "indicator": indicator,
                    "region_code": region,
                    "year": int(year),
                    "value": 100.0 * float(numerator) / float(base),
                    "status": statuses.get(year, "definitief"),
                    "source": source,
                    "lower": float("nan"),
                    "upper": float("nan"),
                }
            )
    return pd.DataFrame(rows), pd.DataFrame(gaps, columns=list(RETENTION_GAP_COLUMNS))
