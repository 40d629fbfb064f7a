"""Indicators: count frames -> the long indicator frame of the store (docs/store.md).

Every indicator is its catalogue ``formula`` evaluated over count columns, region by region
and year by year, so ratios are always computed from counts.

Aggregates (COROP areas, provinces, the Netherlands, or any group passed as ``members``): a
source's own published row for the aggregate is used when the source has it for that year;
otherwise the members' counts are *summed* -- only when every member has the value -- and the
formula is applied to the sums (summed numerators over summed denominators, never a mean of
ratios). Ratios CBS publishes (``participation_cbs``, ``birth_rate_cbs``) and the forecast's
interval bounds cannot be summed (:data:`etl.transform.NON_ADDITIVE_COLUMNS`) and are left
missing in summed rows; formulas use an additive numerator instead (see
:func:`etl.transform.labour.labour_counts`), and a summed forecast has no interval.

A membership is only trusted if it adds up: where a reference count (population on 1 January)
is published for the aggregate, the members must sum to exactly that in the latest year they all
have it, else the group is never summed. This keeps, say, Overijssel from being computed as the
sum of the Twente municipalities when ``regions`` lists only those (the twente scope).

Status: the most provisional status among the rows a value is computed from
(``definitief`` < ``voorlopig`` < ``prognose``); ``source``: the CBS table id(s), ``+``-joined.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from etl.catalogue import Catalogue, Indicator
from etl.transform import NON_ADDITIVE_COLUMNS

KEYS = ["region_code", "year"]
STATUS_ORDER = ("definitief", "voorlopig", "prognose")
STATUS_RANK = {status: rank for rank, status in enumerate(STATUS_ORDER)}
NETHERLANDS = "NL01"
# (role, column) checked by verified_members: integer CBS counts published for every region.
REFERENCE_COUNTS = (("population_by_age", "p_total"), ("dynamics", "population_jan1"))
COLUMNS = ["indicator", "region_code", "year", "value", "status", "source", "lower", "upper"]


def aggregate_members(regions: pd.DataFrame) -> dict[str, list[str]]:
    """``{aggregate code: member municipality codes}`` from the regions table: each COROP
    area and province of the listed municipalities, and the Netherlands as all of them.

    Only right when ``regions`` lists *every* municipality (Gebieden in Nederland unfiltered);
    otherwise pass ``members`` to :func:`compute_indicators` explicitly.
    """
    municipalities = regions.loc[regions["level"] == "gemeente"]
    members: dict[str, list[str]] = {}
    for column in ("corop_code", "province_code"):
        known = municipalities.dropna(subset=[column])
        for code, group in known.groupby(column, sort=True):
            members[str(code)] = sorted(group["region_code"].astype(str))
    if len(municipalities):
        members[NETHERLANDS] = sorted(municipalities["region_code"].astype(str))
    return members


def verified_members(
    members: Mapping[str, Sequence[str]], counts: Mapping[str, pd.DataFrame]
) -> dict[str, list[str]]:
    """The groups whose members add up to what CBS publishes for the group itself.

    Checked on the first of :data:`REFERENCE_COUNTS` that holds the group and all its members
    in a common year (the latest such year); a group that cannot be checked is kept.
    """
    membership = _membership(members)
    size = membership.groupby("aggregate").size()
    adds_up: dict[str, bool] = {}
    for role, column in REFERENCE_COUNTS:
        frame = counts.get(role)
        if frame is None or column not in frame or membership.empty:
            continue
        values = frame.loc[frame[column].notna(), [*KEYS, column]]
        summed = (
            values.merge(membership, on="region_code")
            .groupby(["aggregate", "year"])[column]
            .agg(["sum", "count"])
        )
        every_member = size.reindex(summed.index.get_level_values("aggregate")).to_numpy()
        summed = summed.loc[summed["count"].to_numpy() == every_member, "sum"]
        published = values.set_index(["region_code", "year"])[column]
        published.index = published.index.set_names(["aggregate", "year"])
        both = pd.concat({"summed": summed, "published": published}, axis=1, join="inner")
        latest = both.sort_index(level="year").groupby(level="aggregate").last()
        for group, row in latest.iterrows():
            adds_up.setdefault(str(group), round(row["summed"]) == round(row["published"]))
    return {
        group: list(dict.fromkeys(codes))
        for group, codes in members.items()
        if adds_up.get(group, True)
    }


def _membership(members: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (aggregate, member)
            for aggregate, codes in members.items()
            for member in dict.fromkeys(codes)
        ],
        columns=["aggregate", "region_code"],
    )


def with_aggregates(counts: pd.DataFrame, members: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """``counts`` plus a summed row for each aggregate and year the source does not publish.

    A summed value needs a value from every member (else it stays missing, never a partial
    sum); non-additive columns are left missing; the row's status is its most provisional
    member's. Rows the source publishes itself are kept as they are.
    """
    if not members:
        return counts
    membership = _membership(members)
    size = membership.groupby("aggregate").size()
    values = [
        c
        for c in counts.columns
        if c not in (*KEYS, "status", "source") and pd.api.types.is_numeric_dtype(counts[c])
    ]
    additive = [c for c in values if c not in NON_ADDITIVE_COLUMNS]

    rows = counts.merge(membership, on="region_code")
    rows["rank"] = _status_rank(rows["status"])
    grouped = rows.groupby(["aggregate", "year"], sort=True)
    sums = grouped[additive].sum(min_count=1)
    every_member = size.reindex(sums.index.get_level_values("aggregate")).to_numpy()[:, None]
    sums = sums.where(grouped[additive].count().to_numpy() == every_member)
    sums = sums.dropna(how="all")
    if sums.empty:
        return counts
    ranks = grouped["rank"].max().reindex(sums.index)
    sums["status"] = np.asarray(STATUS_ORDER, dtype=object)[ranks.to_numpy()]
    sums["source"] = grouped["source"].first().reindex(sums.index)  # one table per frame
    summed = sums.reset_index().rename(columns={"aggregate": "region_code"})

    published = counts[KEYS].drop_duplicates().assign(_published=True)
    summed = summed.merge(published, on=KEYS, how="left")
    summed = summed.loc[summed["_published"].isna()].drop(columns="_published")
    if summed.empty:
        return counts
    for column in values:
        if column not in summed:
            summed[column] = np.nan
    combined = pd.concat([counts, summed[counts.columns]], ignore_index=True)
    return combined.sort_values(KEYS, ignore_index=True)


def compute_indicators(
    counts: Mapping[str, pd.DataFrame],
    regions: pd.DataFrame,
    catalogue: Catalogue | Iterable[Indicator],
    members: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """The store's long indicator frame from count frames keyed by source role.

    ``members`` maps aggregate codes to member municipality codes; by default it is derived
    from ``regions`` (:func:`aggregate_members`); groups that do not add up to CBS's own
    total are dropped (:func:`verified_members`). Values that are missing or not finite (a
    division by zero) are dropped. Columns: indicator, region_code, year (int64), value
    (float64), status, source, lower, upper (float64, only for interval indicators).
    """
    indicators = catalogue.indicators if isinstance(catalogue, Catalogue) else tuple(catalogue)
    if members is None:
        members = aggregate_members(regions)
    members = verified_members(members, counts)
    completed = {role: with_aggregates(frame, members) for role, frame in counts.items()}
    frames = [_evaluate(indicator, completed) for indicator in indicators]
    result = pd.concat([_empty(), *frames], ignore_index=True)
    return result.astype(
        {
            "indicator": "str",
            "region_code": "str",
            "year": "int64",
            "value": "float64",
            "status": "str",
            "source": "str",
            "lower": "float64",
            "upper": "float64",
        }
    )[COLUMNS]


def _evaluate(indicator: Indicator, counts: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One indicator for every region and year that all its sources have."""
    names = indicator.columns()
    merged: pd.DataFrame | None = None
    taken: set[str] = set()
    for i, role in enumerate(indicator.sources):
        if role not in counts:
            raise ValueError(f"indicator {indicator.id}: no counts for source '{role}'")
        frame = counts[role]
        used = [n for n in names if n in frame.columns and n not in taken]
        taken.update(used)
        part = frame[[*KEYS, *used, "status", "source"]].rename(
            columns={"status": f"_status{i}", "source": f"_source{i}"}
        )
        merged = (
            part
            if merged is None
            else merged.merge(part, on=KEYS, how="inner", validate="one_to_one")
        )
    if missing := [n for n in names if n not in taken]:
        raise ValueError(
            f"indicator {indicator.id}: column(s) {missing} are in none of "
            f"the counts of {list(indicator.sources)}"
        )
    assert merged is not None  # sources has at least one entry (catalogue model)

    value = _formula(merged, indicator.formula)
    keep = np.isfinite(value)
    merged, value = merged.loc[keep], value[keep]
    status_columns = [c for c in merged.columns if c.startswith("_status")]
    source_columns = [c for c in merged.columns if c.startswith("_source")]
    ranks = np.column_stack([_status_rank(merged[c]) for c in status_columns]).max(axis=1)
    return pd.DataFrame(
        {
            "indicator": indicator.id,
            "region_code": merged["region_code"].astype(str).to_numpy(),
            "year": merged["year"].to_numpy(dtype="int64"),
            "value": value,
            "status": np.asarray(STATUS_ORDER, dtype=object)[ranks],
            "source": _joined_sources(merged[source_columns]),
            "lower": _bound(merged, indicator.lower_formula),
            "upper": _bound(merged, indicator.upper_formula),
        }
    )


def _formula(frame: pd.DataFrame, formula: str) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        result = frame.eval(formula, engine="python")
    if np.isscalar(result):  # a formula without columns: one value for every row
        return np.full(len(frame), float(result))  # type: ignore[arg-type]  # a number
    return pd.Series(result).to_numpy(dtype="float64", na_value=np.nan)


def _bound(frame: pd.DataFrame, formula: str | None) -> np.ndarray:
    if formula is None:
        return np.full(len(frame), np.nan)
    values = _formula(frame, formula)
    return np.where(np.isfinite(values), values, np.nan)


def _status_rank(status: pd.Series) -> np.ndarray:
    ranks = status.map(STATUS_RANK)
    if ranks.isna().any():
        unknown = sorted(set(status[ranks.isna()].astype(str)))
        raise ValueError(f"unknown status {unknown}; expected one of {list(STATUS_ORDER)}")
    return ranks.to_numpy(dtype="int64")


def _joined_sources(sources: pd.DataFrame) -> np.ndarray:
    """Per row, the distinct table ids of its sources joined with '+', in source order."""
    joined = sources.iloc[:, 0].astype(str)
    for column in sources.columns[1:]:
        joined = joined + "+" + sources[column].astype(str)
    distinct = {j: "+".join(dict.fromkeys(j.split("+"))) for j in joined.unique()}
    return joined.map(distinct).to_numpy(dtype=object)


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            c: pd.Series(
                dtype="float64"
                if c in ("value", "lower", "upper")
                else "int64"
                if c == "year"
                else "str"
            )
            for c in COLUMNS
        }
    )
