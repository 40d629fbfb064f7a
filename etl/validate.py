"""Validate the store's frames before anything is published.

Schemas are declared once (pandera) and checked at the publish boundary; cross-table checks
that a schema cannot express (coverage, 03759ned vs 37259ned totals) follow as functions. All
problems are collected and reported together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from etl import contract

STATUSES = list(contract.STATUSES)
REGION_CODE = contract.REGION_CODE
PERCENT_UNITS = {"%"}
AGE_KEYS = ["region_code", "year", "sex", "age"]


class ValidationFailed(ValueError):
    """The data would make a wrong store; ``problems`` says why, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        listed = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"validation found {len(problems)} problem(s):\n{listed}{more}")


INDICATORS = pa.DataFrameSchema(
    {
        "indicator": pa.Column(str),
        "region_code": pa.Column(str, pa.Check.str_matches(REGION_CODE)),
        "year": pa.Column("int64", pa.Check.in_range(1900, 2100)),
        "value": pa.Column(float, pa.Check(np.isfinite, error="value is not finite")),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "source": pa.Column(str),
        "lower": pa.Column(float, nullable=True),
        "upper": pa.Column(float, nullable=True),
    },
    unique=["indicator", "region_code", "year"],
    strict=True,
    name="indicators",
)


def region_codes_valid(codes: pd.Series) -> pd.Series:
    """Each code against the region-code pattern, matched once per distinct code: 03759ned
    for every municipality has 3 million rows and a few hundred codes."""
    cat = codes.astype("category")
    valid = np.asarray(cat.cat.categories.astype(str).str.match(REGION_CODE), dtype=bool)
    return pd.Series(np.append(valid, False)[cat.cat.codes.to_numpy()], index=codes.index)


def unique_when_sorted(frame: pd.DataFrame) -> bool:
    """One row per region, year, sex and age. The transform sorts by exactly these keys, so
    comparing neighbours is enough (linear, where a hash of 3 million rows is not); an
    unsorted frame is checked the slow way."""
    keys = [
        pd.Categorical(frame[k]).codes
        if frame[k].dtype == object or str(frame[k].dtype).startswith("str")
        else frame[k].to_numpy()
        for k in AGE_KEYS
    ]
    if len(frame) < 2:
        return True
    same, ordered = np.ones(len(frame) - 1, dtype=bool), True
    for key in keys:
        key = np.asarray(key)
        ordered = ordered and bool(np.all((key[1:] >= key[:-1]) | ~same))
        same &= key[1:] == key[:-1]
    if not ordered:
        return not frame.duplicated(AGE_KEYS).any()
    return not same.any()


POPULATION_BY_AGE = pa.DataFrameSchema(
    {
        "region_code": pa.Column(str, pa.Check(region_codes_valid, error="not a CBS region code")),
        "year": pa.Column("int64", pa.Check.in_range(1900, 2100)),
        "sex": pa.Column(str, pa.Check.isin(list(contract.SEXES))),
        "age": pa.Column("int64", pa.Check.in_range(0, 130)),
        "age_open": pa.Column(bool),
        "population": pa.Column("int64", pa.Check.ge(0)),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
    },
    checks=pa.Check(unique_when_sorted, error="more than one row per region, year, sex, age"),
    strict=True,
    name="population_by_age",
)

REGIONS = pa.DataFrameSchema(
    {
        "region_code": pa.Column(str, pa.Check.str_matches(REGION_CODE), unique=True),
        "name": pa.Column(str, pa.Check.str_length(min_value=1)),
        "level": pa.Column(
            str, pa.Check.isin(["gemeente", "corop", "provincie", "land", "landsdeel"])
        ),
        "corop_code": pa.Column(str, nullable=True),
        "province_code": pa.Column(str, nullable=True),
        "in_twente": pa.Column(bool),
    },
    strict=True,
    name="regions",
)


def schema_problems(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> list[str]:
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
        problems = []
        for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=False):
            examples = ", ".join(map(str, group["failure_case"].head(3).tolist()))
            problems.append(
                f"{schema.name}: column {column!s}: failed {check!s} "
                f"({len(group)} case(s), e.g. {examples})"
            )
        return problems
    return []


def share_problems(indicators: pd.DataFrame, catalogue: list[dict]) -> list[tuple[str, str]]:
    """Percentages must lie within 0-100: ``(message, indicator id)`` for the first few."""
    percent_ids = [c["id"] for c in catalogue if c.get("unit") in PERCENT_UNITS]
    shares = indicators[indicators["indicator"].isin(percent_ids)]
    bad = shares[(shares["value"] < 0) | (shares["value"] > 100)]
    return [
        (
            f"indicators: {r.indicator} for {r.region_code} {r.year} is {r.value:.2f}, "
            "outside 0-100",
            str(r.indicator),
        )
        for r in bad.head(10).itertuples()
    ]


def coverage_problems(
    indicators: pd.DataFrame, source_keys: pd.DataFrame, indicator: str, table_id: str
) -> list[str]:
    """Every (region_code, year) the source has must appear for ``indicator``."""
    have = indicators.loc[indicators["indicator"] == indicator, ["region_code", "year"]]
    merged = source_keys.drop_duplicates().merge(have, how="left", indicator=True)
    missing = merged[merged["_merge"] == "left_only"]
    return [
        f"indicators: {indicator} lacks {r.region_code} {r.year}, which {table_id} has"
        for r in missing.head(10).itertuples()
    ]


def totals_problems(
    population_totals: pd.DataFrame,
    dynamics_jan1: pd.DataFrame,
    population_table: str = "03759ned",
    dynamics_table: str = "37259ned",
) -> list[str]:
    """The two population tables must give the same population on 1 January."""
    merged = population_totals.merge(dynamics_jan1, on=["region_code", "year"])
    bad = merged[merged["p_total"] != merged["population_jan1"]]
    return [
        f"population on 1 January {r.year} in {r.region_code}: {population_table} says "
        f"{int(r.p_total):,}, {dynamics_table} says {int(r.population_jan1):,}"
        for r in bad.head(10).itertuples()
    ]
