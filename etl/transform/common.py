"""What every transform shares: select the rows of one breakdown, years, statuses, topics.

A *count frame* (what the transforms return and :mod:`etl.indicators` consumes) is wide:
one row per ``region_code`` x ``year``, one float64 column per count, then ``status``
(``definitief`` / ``voorlopig`` / ``prognose``) and ``source`` (the CBS table id).

Every code used here is found in the table's own metadata by its title (:mod:`etl.metadata`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from etl.metadata import (
    annual_periods,
    dimension_keys,
    dimension_of_kind,
    find_member,
    find_topic,
    find_total,
    period_status,
    unit_factor,
)
from etl.raw import RawTable
from etl.sources import MemberItem, TopicItem

KEYS = ["region_code", "year"]
PROGNOSE = "prognose"


def stripped(values: pd.Series) -> pd.Series:
    """Dimension keys as a categorical without CBS's space padding (``'NL01  '`` -> ``'NL01'``).

    Works on the categories, so it costs nothing per row for the millions of rows of 03759ned.
    """
    cat = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
    categories = pd.Index(cat.cat.categories.astype(str)).str.strip()
    if categories.is_unique:
        return cat.cat.rename_categories(categories)
    return cat.astype(str).str.strip().astype("category")


def recode(
    values: pd.Series, mapping: Mapping[str, object], missing: object = None, dtype: object = object
) -> np.ndarray:
    """Map (stripped) dimension keys through ``mapping``, per category, vectorised.

    Keys not in ``mapping`` (and missing keys) become ``missing``.
    """
    cat = stripped(values)
    table = np.array([mapping.get(c, missing) for c in cat.cat.categories] + [missing], dtype=dtype)  # type: ignore[call-overload]  # dtype as the caller asks
    return table[cat.cat.codes.to_numpy()]  # code -1 (missing key) picks the last entry


def recode_categorical(values: pd.Series, mapping: Mapping[str, str]) -> pd.Categorical:
    """Like :func:`recode` for string results, as a categorical (cheap for millions of rows);
    keys not in ``mapping`` become missing."""
    cat = stripped(values)
    labels = sorted(set(mapping.values()))
    position = {label: i for i, label in enumerate(labels)}
    table = np.array(
        [position.get(mapping.get(c, ""), -1) for c in cat.cat.categories] + [-1], dtype=np.int64
    )
    return pd.Categorical.from_codes(table[cat.cat.codes.to_numpy()], categories=labels)


def as_str(values: pd.Series | pd.Categorical) -> pd.api.extensions.ExtensionArray:
    """A categorical as a plain ``str`` array, decoding each category once."""
    cat = pd.Categorical(values)
    categories = pd.array(cat.categories.astype(str), dtype="str")
    return categories.take(cat.codes, allow_fill=True)


def members(t: RawTable, dimension: str, items: Iterable[MemberItem]) -> dict[str, str]:
    """``{code: item name}`` for dimension members found by title."""
    return {
        find_member(t, dimension, item.title, what=item.what, expected=item.expected): item.name
        for item in items
    }


def topic_columns(t: RawTable, items: Iterable[TopicItem]) -> dict[str, str]:
    """``{actual topic key: our column name}``, each topic found by key prefix and title."""
    return {find_topic(t, item.key_prefix, item.title): item.column for item in items}


def region_dimension(t: RawTable) -> str:
    return dimension_of_kind(t.table_id, t.properties, "GeoDimension")


def period_dimension(t: RawTable) -> str:
    return dimension_of_kind(t.table_id, t.properties, "TimeDimension")


def annual_years(t: RawTable, status: str | None = None) -> tuple[dict[str, int], dict[str, str]]:
    """Year and status of each whole-year period key (``2023JJ00`` -> 2023, ``'voorlopig'``).

    ``status`` overrides CBS's period status (forecasts are ``'prognose'`` whatever CBS says).
    """
    dimension = period_dimension(t)
    years = annual_periods(t, dimension)
    statuses = {code: status or period_status(t, dimension, code) for code in years}
    return years, statuses


def select(
    t: RawTable,
    fixed: Mapping[str, str] | None = None,
    keep: Iterable[str] = (),
    *,
    status: str | None = None,
) -> pd.DataFrame:
    """Annual rows of one breakdown, with ``region_code``, ``year`` and ``status`` added.

    Each dimension in ``fixed`` is held at its code, each in ``keep`` keeps every member,
    every other dimension but region and period is held at its total (the member titled
    'Totaal…'), so no row is ever counted twice.
    """
    fixed = dict(fixed or {})
    keep = set(keep)
    region, period = region_dimension(t), period_dimension(t)
    for dimension in dimension_keys(t.properties):
        if dimension in (region, period) or dimension in keep or dimension in fixed:
            continue
        fixed[dimension] = find_total(t, dimension)
    years, statuses = annual_years(t, status)

    data = t.data
    mask = stripped(data[period]).isin(list(years)).to_numpy().copy()
    for dimension, code in fixed.items():
        mask &= (stripped(data[dimension]) == code).to_numpy()
    rows = data.loc[mask]
    return rows.assign(
        region_code=stripped(rows[region]),
        year=recode(rows[period], years, missing=-1, dtype=np.int64),
        status=recode_categorical(rows[period], statuses),
    )


def count_frame(
    t: RawTable,
    rows: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    scale_by_unit: bool = True,
    keys: list[str] = KEYS,
) -> pd.DataFrame:
    """A count frame from selected rows: topics renamed (raising on a missing one) and, with
    ``scale_by_unit``, multiplied by their unit (``x 1 000`` -> persons). One row per
    ``keys``."""
    frame = rows[[*keys, *columns, "status"]].rename(columns=columns, errors="raise")
    names = list(columns.values())
    frame[names] = frame[names].astype("float64")
    if scale_by_unit:
        for key, name in columns.items():
            factor = unit_factor(t, key)
            if factor != 1.0:
                frame[name] = frame[name] * factor
    frame["region_code"] = frame["region_code"].astype(str)
    frame["status"] = frame["status"].astype(str)
    frame["source"] = t.table_id
    ensure_unique(frame, t.table_id, keys)
    return frame.sort_values(keys, ignore_index=True)


def ensure_unique(frame: pd.DataFrame, table_id: str, keys: list[str] = KEYS) -> None:
    """One row per key: more means a dimension was left unfiltered (a CBS change)."""
    duplicated = frame.duplicated(keys, keep=False)
    if duplicated.any():
        example = frame.loc[duplicated, keys].iloc[0].to_dict()
        raise ValueError(
            f"CBS table {table_id}: more than one row per {', '.join(keys)} "
            f"(e.g. {example}); a dimension is not held at one member"
        )
