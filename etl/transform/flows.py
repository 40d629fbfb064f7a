"""81734NED (people who moved between municipalities, by origin and destination) -> flows.

One row per origin x destination x year, all ages (CBS publishes no age breakdown of these
pairs), in the layout of ``flows.parquet`` (etl/contract.py FLOW_COLUMNS). Codes stay as CBS
gives them, stripped of padding: a partner that has since merged keeps its own GM code
(regions.parquet says what became of it). Only municipality-to-municipality pairs are kept;
a pair without movers (0, or no figure) is left out, so an absent pair means nobody moved.
Each side carries the name the table's own metadata gives its code (``origin_name``,
``destination_name``): the store's regions name only the scope municipalities.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.contract import FLOW_COLUMNS, FLOW_DTYPES
from etl.metadata import dimension_keys, find_dimension, find_total
from etl.raw import RawTable
from etl.sources import FLOW_DESTINATION, FLOW_ORIGIN, FLOW_TOPICS
from etl.transform.common import (
    annual_years,
    as_str,
    ensure_unique,
    period_dimension,
    recode,
    recode_categorical,
    stripped,
    topic_columns,
)

FLOW_KEYS = ["origin", "destination", "year"]


def _municipal(codes: pd.Series) -> np.ndarray:
    """Which (stripped, categorical) codes are municipalities, GM and four digits."""
    categories = pd.Index(codes.cat.categories.astype(str))
    is_municipality = np.asarray(categories.str.match(r"^GM\d{4}$"), dtype=bool)
    return np.append(is_municipality, False)[codes.cat.codes.to_numpy()]


def _names(t: RawTable, dimension: str, codes: object) -> pd.api.extensions.ExtensionArray:
    """Each code's title in ``dimension`` (the code itself where the metadata has none),
    looked up once per distinct code."""
    members = t.dimensions[dimension]
    titles = dict(zip(members["Key"].astype(str), members["Title"].astype(str), strict=True))
    cat = pd.Categorical(codes)
    named = [titles.get(str(code)) or str(code) for code in cat.categories]
    return pd.array(named, dtype="str").take(cat.codes, allow_fill=True)


def flow_counts(t: RawTable) -> pd.DataFrame:
    """Persons per origin, destination and whole year (int64), with the period's status.

    Dimensions and topic are found by key prefix and title; any other dimension is held
    at its total. Raises MetadataError when an item is not where its title should be."""
    origin = find_dimension(t, FLOW_ORIGIN.key_prefix, FLOW_ORIGIN.title)
    destination = find_dimension(t, FLOW_DESTINATION.key_prefix, FLOW_DESTINATION.title)
    ((key, _),) = topic_columns(t, FLOW_TOPICS).items()
    period = period_dimension(t)
    years, statuses = annual_years(t)
    data = t.data
    mask = stripped(data[period]).isin(list(years)).to_numpy().copy()
    for dimension in dimension_keys(t.properties):
        if dimension not in (origin, destination, period):
            mask &= (stripped(data[dimension]) == find_total(t, dimension)).to_numpy()
    rows = data.loc[mask]
    # Per category, not per row: a national download has hundreds of thousands of pairs.
    origins, destinations = stripped(rows[origin]), stripped(rows[destination])
    persons = rows[key].to_numpy(dtype="float64", na_value=np.nan)
    keep = _municipal(origins) & _municipal(destinations) & (persons > 0)
    origin_codes, destination_codes = as_str(origins[keep]), as_str(destinations[keep])
    frame = pd.DataFrame(
        {
            "origin": origin_codes,
            "origin_name": _names(t, origin, origin_codes),
            "destination": destination_codes,
            "destination_name": _names(t, destination, destination_codes),
            "year": recode(rows[period], years, missing=-1, dtype=np.int64)[keep],
            "persons": persons[keep],
            "status": as_str(recode_categorical(rows[period], statuses)[keep]),
            "source": t.table_id,
        }
    )
    ensure_unique(frame, t.table_id, FLOW_KEYS)
    return frame.astype(FLOW_DTYPES)[list(FLOW_COLUMNS)].sort_values(FLOW_KEYS, ignore_index=True)
