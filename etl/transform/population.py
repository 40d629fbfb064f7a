"""03759ned (population on 1 January by sex and single year of age) -> pyramids and counts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.metadata import MetadataError, find_dimension, find_total, member_titles, parse_age_title
from etl.raw import RawTable
from etl.sources import AGE, AGE_TITLE, POPULATION_TOPICS, SEX, SEX_TITLE, SEXES
from etl.transform import retention
from etl.transform.common import (
    KEYS,
    as_str,
    count_frame,
    members,
    recode,
    recode_categorical,
    select,
    topic_columns,
)
from etl.transform.youth import YouthBand

# Closed bands summed from single years, both ends included.
BANDS_ALL = {"p_18_35": (18, 35), "p_15_74": (15, 74), "p_0_19": (0, 19), "p_20_64": (20, 64)}
BANDS_WOMEN = {"women_15_49": (15, 49)}
COLUMNS = (
    "p_total",
    "p_18_35",
    "p_15_74",
    "p_0_19",
    "p_20_64",
    "p_65plus",
    "p_80plus",
    "women_15_49",
    "mean_population",
    "p_youth_band",
    *retention.COLUMNS,  # cohort counts for retention_18_25 / _30 (P(18) years before)
)
TOTALS_COLUMNS = ("p_total", "mean_population")
POPULATION_BY_AGE_COLUMNS = [
    "region_code",
    "year",
    "sex",
    "age",
    "age_open",
    "population",
    "status",
]


def single_year_ages(t: RawTable) -> dict[str, tuple[int, bool]]:
    """``{Leeftijd code: (age, is_open_top_group)}`` for ages 0, 1, ... and the open top group.

    The title says the age ('0 jaar', '17 jaar', '100 jaar of ouder'); codes are never read
    for their meaning. Five-year classes and the total are left out; of the open groups only
    the one that starts right after the last single year is kept, so no person is counted
    twice. Ages must run 0, 1, 2, ... without a gap, else a recoding at CBS would shift them.
    """
    dimension = find_dimension(t, AGE, AGE_TITLE)
    ages: dict[str, tuple[int, bool]] = {}
    open_groups: dict[int, str] = {}
    seen: dict[int, str] = {}
    for code, title in member_titles(t.dimensions[dimension]).items():
        parsed = parse_age_title(code, title)
        if parsed is None or parsed.upper is None:
            if parsed is not None:
                open_groups.setdefault(parsed.lower, code)
            continue
        if parsed.upper != parsed.lower + 1:
            continue  # a class such as '0 tot 5 jaar'
        if parsed.lower in seen:
            raise MetadataError(
                t.table_id,
                f"dimension {dimension} titles two members "
                f"'{title}' ({seen[parsed.lower]} and {code})",
            )
        seen[parsed.lower] = code
        ages[code] = (parsed.lower, False)
    found = sorted(seen)
    if not found or found != list(range(found[-1] + 1)):
        raise MetadataError(
            t.table_id,
            f"dimension {dimension} has no unbroken run of "
            "single years titled '0 jaar', '1 jaar', ...",
            f"Found {found[:3]}...{found[-3:]}." if found else "Found none.",
        )
    top = found[-1] + 1
    if top in open_groups:
        ages[open_groups[top]] = (top, True)
    return ages


def population_by_age(t: RawTable) -> pd.DataFrame:
    """Population on 1 January by region, year, sex and single year of age (store layout).

    Columns: region_code, year, sex ('totaal'/'man'/'vrouw'), age (int64; the open top group
    carries its lower bound), age_open (bool), population (int64), status. Sorted by
    region_code, year, sex, age. Built on category codes: 03759ned for every municipality
    has millions of rows.
    """
    columns = topic_columns(t, POPULATION_TOPICS)
    sex_dimension = find_dimension(t, SEX, SEX_TITLE)
    sexes = members(t, sex_dimension, SEXES)
    age_dimension = find_dimension(t, AGE, AGE_TITLE)
    ages = single_year_ages(t)
    rows = select(t, keep=[sex_dimension, age_dimension])
    population_key = next(k for k, v in columns.items() if v == "p_total")
    age = recode(
        rows[age_dimension], {c: a for c, (a, _) in ages.items()}, missing=-1, dtype=np.int64
    )
    is_open = recode(
        rows[age_dimension], {c: o for c, (_, o) in ages.items()}, missing=False, dtype=bool
    )
    sex = recode_categorical(rows[sex_dimension], sexes)
    population = rows[population_key].to_numpy(dtype="float64", na_value=np.nan)
    keep = (age >= 0) & (sex.codes >= 0) & ~np.isnan(population)

    region = pd.Categorical(rows["region_code"])
    region = region.reorder_categories(sorted(region.categories))[keep]
    year = rows["year"].to_numpy(dtype=np.int64)[keep]
    sex, age = sex[keep], age[keep]
    order = np.lexsort((age, sex.codes, year, region.codes))
    return pd.DataFrame(
        {
            "region_code": as_str(region[order]),
            "year": year[order],
            "sex": as_str(sex[order]),
            "age": age[order],
            "age_open": is_open[keep][order],
            "population": population[keep][order].astype(np.int64),
            "status": as_str(pd.Categorical(rows["status"])[keep][order]),
        }
    )


def population_totals(t: RawTable) -> pd.DataFrame:
    """Total population on 1 January (the age total, not a sum) and the year's mean.

    Columns: region_code, year, p_total, mean_population (float64), status, source.
    """
    columns = topic_columns(t, POPULATION_TOPICS)
    age_dimension = find_dimension(t, AGE, AGE_TITLE)
    rows = select(t, {age_dimension: find_total(t, age_dimension)})  # both sexes: the total
    return count_frame(t, rows, columns)


def population_counts(
    by_age: pd.DataFrame, totals: pd.DataFrame, youth_band: YouthBand
) -> pd.DataFrame:
    """Wide population counts per region and year, from single years and the CBS total.

    Columns: region_code, year, p_total, p_18_35, p_15_74, p_0_19, p_20_64, p_65plus,
    p_80plus, women_15_49, mean_population, p_youth_band, and the cohort counts of
    :func:`etl.transform.retention.cohort_counts` (float64), status, source.

    A band sum needs every single year in it, else it is missing (never an undercount).
    65+ and 80+ are the CBS total minus the ages below, so the open top group never matters.
    """
    closed = by_age.loc[~by_age["age_open"]]
    sums = [
        _band_sums(
            closed.loc[closed["sex"] == "totaal"],
            {
                **BANDS_ALL,
                "under_65": (0, 64),
                "under_80": (0, 79),
                "p_youth_band": (youth_band.lower, youth_band.upper_inclusive),
            },
        ),
        _band_sums(closed.loc[closed["sex"] == "vrouw"], BANDS_WOMEN),
    ]
    frame = totals.merge(
        sums[0].join(sums[1], how="outer").reset_index(), on=KEYS, how="left", validate="one_to_one"
    )
    frame["p_65plus"] = frame["p_total"] - frame.pop("under_65")
    frame["p_80plus"] = frame["p_total"] - frame.pop("under_80")
    frame = frame.merge(retention.cohort_counts(by_age), on=KEYS, how="left", validate="one_to_one")
    return frame[[*KEYS, *COLUMNS, "status", "source"]]


def _band_sums(by_age: pd.DataFrame, bands: dict[str, tuple[int, int]]) -> pd.DataFrame:
    wide = by_age.pivot(index=KEYS, columns="age", values="population").astype("float64")
    sums = {
        name: wide.reindex(columns=range(lower, upper + 1)).sum(axis=1, min_count=upper - lower + 1)
        for name, (lower, upper) in bands.items()
    }
    return pd.DataFrame(sums, index=wide.index)
