"""03759ned (population on 1 January by sex and single year of age) -> pyramids and counts."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from etl.metadata import MetadataError, dimension_key, parse_age_title
from etl.raw import RawTable
from etl.transform.common import (
    KEYS,
    as_str,
    count_frame,
    recode,
    recode_categorical,
    require_titled,
    select,
    topic_columns,
)
from etl.transform.youth import YouthBand

SEX_DIMENSION = "Geslacht"
AGE_DIMENSION = "Leeftijd"
AGE_TOTAL = "10000"
AGE_ZERO = "10010"
SINGLE_AGE = re.compile(r"^1\d\d00$")  # 10000 + 100a for a >= 1 (10000 itself is the total)
OPEN_TOP = "22"  # codes of open top groups ('100 jaar of ouder') start with 22
SEX_BY_CODE = {"T001038": "totaal", "3000": "man", "4000": "vrouw"}
SEX_TITLES = {"T001038": "totaal", "3000": "mannen", "4000": "vrouwen"}

POPULATION_TOPICS = {"BevolkingOp1Januari": "p_total", "GemiddeldeBevolking": "mean_population"}

# Closed bands summed from single years, both ends included.
BANDS_ALL = {"p_18_35": (18, 35), "p_15_74": (15, 74), "p_0_19": (0, 19), "p_20_64": (20, 64)}
BANDS_WOMEN = {"women_15_49": (15, 49)}
COLUMNS = ("p_total", "p_18_35", "p_15_74", "p_0_19", "p_20_64", "p_65plus", "p_80plus",
           "women_15_49", "mean_population", "p_youth_band")
POPULATION_BY_AGE_COLUMNS = ["region_code", "year", "sex", "age", "age_open", "population",
                             "status"]


def single_year_ages(t: RawTable) -> dict[str, tuple[int, bool]]:
    """``{Leeftijd code: (age, is_open_top_group)}`` for ages 0, 1, ... and the open top group.

    Codes say the age (10010 = 0, 10000 + 100a = a); the title must say the same, so a
    recoding at CBS stops the run instead of shifting every age. Five-year classes and the
    total are left out; of the open groups (codes 22…) only the one that starts right after
    the last single year is kept, so no person is counted twice.
    """
    dimension = dimension_key(t.table_id, t.properties, key=AGE_DIMENSION)
    entity = t.dimensions[dimension]
    ages: dict[str, tuple[int, bool]] = {}
    open_groups: dict[int, str] = {}
    for code, title in zip(entity["Key"].astype(str).str.strip(), entity["Title"].astype(str),
                           strict=True):
        parsed = parse_age_title(code, title)
        if code.startswith(OPEN_TOP):
            # Only needed for pyramids (65+ and 80+ come from the total), so a 22-code that
            # is not titled 'N jaar of ouder' is simply not used.
            if parsed is not None and parsed.upper is None:
                open_groups[parsed.lower] = code
            continue
        if code == AGE_ZERO:
            age = 0
        elif SINGLE_AGE.match(code) and code != AGE_TOTAL:
            age = (int(code) - int(AGE_TOTAL)) // 100
        else:
            continue
        if parsed is None or (parsed.lower, parsed.upper) != (age, age + 1):
            raise MetadataError(t.table_id, f"{dimension} code {code} titled '{title}'",
                                f"Expected the title '{age} jaar'.")
        ages[code] = (age, False)
    found = sorted(age for age, _ in ages.values())
    if not found or found != list(range(found[-1] + 1)):
        raise MetadataError(t.table_id, f"single-year ages 0, 1, 2, ... in {dimension}",
                            f"Found {found[:3]}...{found[-3:]}." if found else "")
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
    topic = _topics(t)
    for code, word in SEX_TITLES.items():
        require_titled(t, SEX_DIMENSION, code, word)
    ages = single_year_ages(t)
    rows = select(t, keep=[SEX_DIMENSION, AGE_DIMENSION])
    population_key = next(k for k, v in topic.items() if v == "p_total")
    age = recode(rows[AGE_DIMENSION], {c: a for c, (a, _) in ages.items()}, missing=-1,
                 dtype=np.int64)
    is_open = recode(rows[AGE_DIMENSION], {c: o for c, (_, o) in ages.items()},
                     missing=False, dtype=bool)
    sex = recode_categorical(rows[SEX_DIMENSION], SEX_BY_CODE)
    population = rows[population_key].to_numpy(dtype="float64", na_value=np.nan)
    keep = (age >= 0) & (sex.codes >= 0) & ~np.isnan(population)

    region = pd.Categorical(rows["region_code"])
    region = region.reorder_categories(sorted(region.categories))[keep]
    year = rows["year"].to_numpy(dtype=np.int64)[keep]
    sex, age = sex[keep], age[keep]
    order = np.lexsort((age, sex.codes, year, region.codes))
    return pd.DataFrame({
        "region_code": as_str(region[order]),
        "year": year[order],
        "sex": as_str(sex[order]),
        "age": age[order],
        "age_open": is_open[keep][order],
        "population": population[keep][order].astype(np.int64),
        "status": as_str(pd.Categorical(rows["status"])[keep][order]),
    })


def population_totals(t: RawTable) -> pd.DataFrame:
    """Total population on 1 January (Leeftijd 10000, not a sum) and the year's mean.

    Columns: region_code, year, p_total, mean_population (float64), status, source.
    """
    topics = _topics(t)
    require_titled(t, AGE_DIMENSION, AGE_TOTAL, "totaal")
    rows = select(t, {AGE_DIMENSION: AGE_TOTAL})
    return count_frame(t, rows, topics)


def population_counts(by_age: pd.DataFrame, totals: pd.DataFrame,
                      youth_band: YouthBand) -> pd.DataFrame:
    """Wide population counts per region and year, from single years and the CBS total.

    Columns: region_code, year, p_total, p_18_35, p_15_74, p_0_19, p_20_64, p_65plus,
    p_80plus, women_15_49, mean_population, p_youth_band (float64), status, source.

    A band sum needs every single year in it, else it is missing (never an undercount).
    65+ and 80+ are the CBS total minus the ages below, so the open top group never matters.
    """
    closed = by_age.loc[~by_age["age_open"]]
    sums = [
        _band_sums(closed.loc[closed["sex"] == "totaal"],
                   {**BANDS_ALL, "under_65": (0, 64), "under_80": (0, 79),
                    "p_youth_band": (youth_band.lower, youth_band.upper_inclusive)}),
        _band_sums(closed.loc[closed["sex"] == "vrouw"], BANDS_WOMEN),
    ]
    frame = totals.merge(sums[0].join(sums[1], how="outer").reset_index(), on=KEYS,
                         how="left", validate="one_to_one")
    frame["p_65plus"] = frame["p_total"] - frame.pop("under_65")
    frame["p_80plus"] = frame["p_total"] - frame.pop("under_80")
    return frame[[*KEYS, *COLUMNS, "status", "source"]]


def _band_sums(by_age: pd.DataFrame, bands: dict[str, tuple[int, int]]) -> pd.DataFrame:
    wide = by_age.pivot(index=KEYS, columns="age", values="population").astype("float64")
    sums = {
        name: wide.reindex(columns=range(lower, upper + 1)).sum(axis=1,
                                                                 min_count=upper - lower + 1)
        for name, (lower, upper) in bands.items()
    }
    return pd.DataFrame(sums, index=wide.index)


def _topics(t: RawTable) -> dict[str, str]:
    return topic_columns(t, POPULATION_TOPICS)
