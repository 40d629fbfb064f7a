"""What every transform shares: select the rows of one breakdown, years, statuses, topics.

A *count frame* (what the transforms return and :mod:`etl.indicators` consumes) is wide:
one row per ``region_code`` x ``year``, one float64 column per count, then ``status``
(``definitief`` / ``voorlopig`` / ``prognose``) and ``source`` (the CBS table id).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from etl.metadata import (
    MetadataError,
    dimension_key,
    dimension_keys,
    require_code,
    topic_key,
    total_code,
)
from etl.raw import RawTable

KEYS = ["region_code", "year"]
ANNUAL_PERIOD = re.compile(r"^(\d{4})JJ00$")  # months (YYYYMMnn) and quarters are ignored
# CBS marks each period; "Nader voorlopig" is a revised provisional figure, still provisional.
STATUS_BY_CBS = {"definitief": "definitief", "voorlopig": "voorlopig",
                 "nader voorlopig": "voorlopig"}
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


def recode(values: pd.Series, mapping: Mapping[str, object], missing: object = None,
           dtype: object = object) -> np.ndarray:
    """Map (stripped) dimension keys through ``mapping``, per category, vectorised.

    Keys not in ``mapping`` (and missing keys) become ``missing``.
    """
    cat = stripped(values)
    table = np.array([mapping.get(c, missing) for c in cat.cat.categories] + [missing],
                     dtype=dtype)
    return table[cat.cat.codes.to_numpy()]  # code -1 (missing key) picks the last entry


def recode_categorical(values: pd.Series, mapping: Mapping[str, str]) -> pd.Categorical:
    """Like :func:`recode` for string results, as a categorical (cheap for millions of rows);
    keys not in ``mapping`` become missing."""
    cat = stripped(values)
    labels = sorted(set(mapping.values()))
    position = {label: i for i, label in enumerate(labels)}
    table = np.array([position.get(mapping.get(c), -1) for c in cat.cat.categories] + [-1],
                     dtype=np.int64)
    return pd.Categorical.from_codes(table[cat.cat.codes.to_numpy()], categories=labels)


def as_str(values: pd.Series | pd.Categorical) -> pd.api.extensions.ExtensionArray:
    """A categorical as a plain ``str`` array, decoding each category once."""
    cat = pd.Categorical(values)
    categories = pd.array(cat.categories.astype(str), dtype="str")
    return categories.take(cat.codes, allow_fill=True)


def entity_title(t: RawTable, dimension: str, code: str) -> str:
    entity = t.dimensions[dimension]
    titles = entity.loc[entity["Key"].astype(str).str.strip() == code, "Title"]
    return str(titles.iloc[0]) if len(titles) else ""


def require_titled(t: RawTable, dimension: str, code: str, title_contains: str,
                   *, absent: Iterable[str] = ()) -> str:
    """Check that ``code`` exists and its title says what we expect (and not ``absent``)."""
    require_code(t.table_id, dimension, t.dimensions[dimension], code)
    title = entity_title(t, dimension, code).lower()
    if title_contains.lower() not in title or any(a.lower() in title for a in absent):
        raise MetadataError(
            t.table_id, f"code '{code}' in dimension {dimension} titled like '{title_contains}'",
            f"Its title is '{entity_title(t, dimension, code)}'; CBS may have recoded it.")
    return code


def topic_columns(t: RawTable, names: Mapping[str, str]) -> dict[str, str]:
    """``{topic key prefix: our column name}`` -> ``{actual topic key: our column name}``."""
    return {topic_key(t.table_id, t.properties, prefix): name for prefix, name in names.items()}


def region_dimension(t: RawTable) -> str:
    return dimension_key(t.table_id, t.properties, kind="GeoDimension")


def period_dimension(t: RawTable) -> str:
    return dimension_key(t.table_id, t.properties, kind="TimeDimension")


def annual_periods(t: RawTable, status: str | None = None) -> tuple[dict[str, int],
                                                                    dict[str, str]]:
    """Year and status of each annual period key (``2023JJ00`` -> 2023, ``'voorlopig'``).

    ``status`` overrides CBS's period status (forecasts are ``'prognose'`` whatever CBS says).
    """
    dimension = period_dimension(t)
    entity = t.dimensions[dimension]
    years: dict[str, int] = {}
    statuses: dict[str, str] = {}
    for record in entity.to_dict("records"):
        key = str(record["Key"]).strip()
        if not (match := ANNUAL_PERIOD.match(key)):
            continue
        years[key] = int(match[1])
        if status is not None:
            statuses[key] = status
            continue
        cbs_status = str(record.get("Status") or "").strip()
        if cbs_status.lower() not in STATUS_BY_CBS:
            raise MetadataError(t.table_id, f"status of period {key} ('{cbs_status}')",
                                "Expected Definitief, Voorlopig or Nader voorlopig.")
        statuses[key] = STATUS_BY_CBS[cbs_status.lower()]
    if not years:
        raise MetadataError(t.table_id, f"annual periods (YYYYJJ00) in dimension {dimension}")
    return years, statuses


def select(t: RawTable, fixed: Mapping[str, str] | None = None, keep: Iterable[str] = (),
           *, status: str | None = None) -> pd.DataFrame:
    """Annual rows of one breakdown, with ``region_code``, ``year`` and ``status`` added.

    Each dimension in ``fixed`` is held at its code, each in ``keep`` keeps every member,
    every other dimension but region and period is held at its total (CBS's ``T00…`` or
    ``Totaal…`` member), so no row is ever counted twice.
    """
    fixed = dict(fixed or {})
    keep = set(keep)
    region, period = region_dimension(t), period_dimension(t)
    for dimension in dimension_keys(t.properties):
        if dimension in (region, period) or dimension in keep or dimension in fixed:
            continue
        fixed[dimension] = total_code(t.table_id, dimension, t.dimensions[dimension])
    years, statuses = annual_periods(t, status)

    data = t.data
    mask = stripped(data[period]).isin(list(years)).to_numpy().copy()
    for dimension, code in fixed.items():
        require_code(t.table_id, dimension, t.dimensions[dimension], code)
        mask &= (stripped(data[dimension]) == code).to_numpy()
    rows = data.loc[mask]
    rows = rows.assign(
        region_code=stripped(rows[region]),
        year=recode(rows[period], years, missing=-1, dtype=np.int64),
        status=recode_categorical(rows[period], statuses),
    )
    return rows


def count_frame(t: RawTable, rows: pd.DataFrame, columns: Mapping[str, str],
                scale: Mapping[str, float] | None = None) -> pd.DataFrame:
    """A count frame from selected rows: topics renamed (raising on a missing one), scaled."""
    frame = rows[[*KEYS, *columns, "status"]].rename(columns=columns, errors="raise")
    names = list(columns.values())
    frame[names] = frame[names].astype("float64")
    for name, factor in (scale or {}).items():
        frame[name] = frame[name] * factor
    frame["region_code"] = frame["region_code"].astype(str)
    frame["status"] = frame["status"].astype(str)
    frame["source"] = t.table_id
    ensure_unique(frame, t.table_id)
    return frame.sort_values(KEYS, ignore_index=True)


def ensure_unique(frame: pd.DataFrame, table_id: str, keys: list[str] = KEYS) -> None:
    """One row per key: more means a dimension was left unfiltered (a CBS change)."""
    duplicated = frame.duplicated(keys, keep=False)
    if duplicated.any():
        example = frame.loc[duplicated, keys].iloc[0].to_dict()
        raise ValueError(f"CBS table {table_id}: more than one row per {', '.join(keys)} "
                         f"(e.g. {example}); a dimension is not held at one member")
