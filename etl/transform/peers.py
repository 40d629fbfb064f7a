"""The peer finder's features for every municipality (issue 15; contract.PEER_FEATURE_COLUMNS).

From the products of the population, migration and labour tables (nationally: the narrow
extracts of etl/peer_stage.py, or a scope 'nl' store's own products). Every feature is a
ratio of counts, never a mean of ratios:

- population: both sexes, all ages, on 1 January of the newest year the population table
  has (``population_year``); ln_population its natural logarithm;
- share_0_17 / share_18_35 / share_65plus / share_80plus: the single years of age summed,
  as % of the population (65+ and 80+ as the total minus the ages below, as the store's
  indicators share_65plus and share_80plus are);
- youth_net_migration_rate: 1,000 x (domestic plus international net migration of the youth
  band) / (the youth band's population on 1 January), both summed over the newest three
  years the migration tables have: the store's indicator youth_net_migration_rate over three
  years, from summed counts (a year's rate weighs by its population);
- net_labour_participation: CBS's own percentage for the newest year it has one.

A municipality that existed in the newest population year is listed; one without figures
for a feature keeps NaN there (the peer finder says so).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl import contract
from etl.transform.geography import clean_name
from etl.transform.population import population_counts
from etl.transform.youth import YouthBand, domestic_moves_counts, international_counts

MIGRATION_YEARS = 3  # the youth net migration rate is a three-year figure


def _p_0_17(by_age: pd.DataFrame) -> pd.Series:
    """Both sexes aged 0..17 per (region_code, year); missing unless all 18 ages are there."""
    rows = by_age.loc[
        (by_age["sex"] == "totaal") & ~by_age["age_open"] & by_age["age"].between(0, 17)
    ]
    grouped = rows.groupby(["region_code", "year"])["population"]
    sums = grouped.sum().astype("float64")
    return sums.where(grouped.count() == 18)


def peer_features(
    population: dict[str, pd.DataFrame],
    band: YouthBand,
    titles: pd.DataFrame,
    domestic: dict[str, pd.DataFrame] | None = None,
    international: dict[str, pd.DataFrame] | None = None,
    labour: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per municipality (contract.PEER_FEATURE_COLUMNS, sorted by code).

    ``population``: the population table's product (by_age, totals); ``titles``: Key and
    Title of the region dimension; ``domestic`` / ``international``: the migration tables'
    products (classes, totals); ``labour``: the labour table's counts."""
    by_age, totals = population["by_age"], population["totals"]
    municipal = totals["region_code"].astype(str).str.startswith("GM")
    counts = population_counts(by_age, totals.loc[municipal], band)
    counts = counts.loc[counts["region_code"].str.startswith("GM")]
    newest = int(counts["year"].max())
    now = counts.loc[(counts["year"] == newest) & counts["p_total"].notna()].set_index(
        "region_code"
    )
    p_0_17 = _p_0_17(by_age).xs(newest, level="year").reindex(now.index)
    total = now["p_total"]
    out = pd.DataFrame(index=now.index)
    out["population_year"] = newest
    out["population"] = total.astype("int64")
    out[contract.LN_POPULATION] = np.log(total.where(total > 0))
    out[contract.SHARE_0_17] = 100 * p_0_17 / total
    out[contract.SHARE_18_35] = 100 * now["p_18_35"] / total
    out[contract.SHARE_65PLUS] = 100 * now["p_65plus"] / total
    out[contract.SHARE_80PLUS] = 100 * now["p_80plus"] / total

    rate, first, last = _youth_migration(counts, band, domestic, international, now.index)
    out[contract.YOUTH_NET_MIGRATION_RATE] = rate
    out["migration_first_year"], out["migration_last_year"] = first, last
    participation, labour_year = _labour(labour, now.index)
    out[contract.NET_LABOUR_PARTICIPATION] = participation
    out["labour_year"] = labour_year

    names = dict(zip(titles["Key"].astype(str).str.strip(), titles["Title"], strict=False))
    out["name"] = [clean_name(names.get(code, code)) for code in out.index]
    out = out.reset_index()[list(contract.PEER_FEATURE_COLUMNS)]
    return out.astype(contract.PEER_FEATURE_DTYPES).sort_values("region_code", ignore_index=True)


def _youth_migration(
    counts: pd.DataFrame,
    band: YouthBand,
    domestic: dict[str, pd.DataFrame] | None,
    international: dict[str, pd.DataFrame] | None,
    codes: pd.Index,
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(rate, first year, last year) per municipality; NaN / <NA> without migration figures."""
    none = pd.Series(np.nan, index=codes)
    missing = pd.Series(pd.NA, index=codes, dtype="Int64")
    if domestic is None or international is None:
        return none, missing, missing
    moves = domestic_moves_counts(domestic["classes"], band)
    abroad = international_counts(international["classes"], band)
    keys = ["region_code", "year"]
    both = moves[[*keys, "settled_youth", "departed_youth"]].merge(
        abroad[[*keys, "immigration_youth", "emigration_youth"]], on=keys
    )
    both = both.merge(counts[[*keys, "p_youth_band"]], on=keys)
    both["net"] = (
        both["settled_youth"]
        - both["departed_youth"]
        + both["immigration_youth"]
        - both["emigration_youth"]
    )
    both = both.dropna(subset=["net", "p_youth_band"])
    if both.empty:
        return none, missing, missing
    years = sorted(both["year"].unique())[-MIGRATION_YEARS:]
    recent = both.loc[both["year"].isin(years)].groupby("region_code")
    rate = 1000 * recent["net"].sum() / recent["p_youth_band"].sum()
    first = recent["year"].min().astype("Int64")
    last = recent["year"].max().astype("Int64")
    return rate.reindex(codes), first.reindex(codes), last.reindex(codes)


def _labour(labour: pd.DataFrame | None, codes: pd.Index) -> tuple[pd.Series, pd.Series]:
    """CBS's net participation of the newest year each municipality has one, and that year."""
    if labour is None:
        return pd.Series(np.nan, index=codes), pd.Series(pd.NA, index=codes, dtype="Int64")
    rows = labour.dropna(subset=["participation_cbs"]).sort_values("year")
    newest = rows.groupby("region_code").last()
    return (
        newest["participation_cbs"].reindex(codes).astype("float64"),
        newest["year"].astype("Int64").reindex(codes),
    )
