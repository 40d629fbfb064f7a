"""85173NED (regional population forecast with a 67% interval) -> a count frame."""

from __future__ import annotations

import pandas as pd

from etl.metadata import find_dimension, find_total, starts_with, unit_factor
from etl.raw import RawTable
from etl.sources import AGE, AGE_TITLE, FORECAST_TOPICS, INTERVAL, INTERVALS
from etl.transform.common import (
    KEYS,
    PROGNOSE,
    count_frame,
    members,
    recode,
    select,
    topic_columns,
)

COLUMNS = tuple(item.name for item in INTERVALS)


def forecast_counts(t: RawTable) -> pd.DataFrame:
    """Forecast population (all ages) per region and year with the 67% interval, in persons.

    Columns: region_code, year, forecast, forecast_lower, forecast_upper (float64),
    status ('prognose'), source. The region dimension (``RegioIndeling2021``) is found as the
    table's GeoDimension; which interval code is the lower bound is read from its title.
    """
    interval_dimension = find_dimension(t, INTERVAL, starts_with("Prognose"))
    intervals = members(t, interval_dimension, INTERVALS)
    age_dimension = find_dimension(t, AGE, AGE_TITLE)
    ((key, _),) = topic_columns(t, FORECAST_TOPICS).items()
    rows = select(
        t, {age_dimension: find_total(t, age_dimension)}, keep=[interval_dimension], status=PROGNOSE
    )
    interval = recode(rows[interval_dimension], intervals)
    rows = rows.loc[pd.notna(interval)].assign(interval=interval[pd.notna(interval)])
    wide = rows.pivot(index=KEYS, columns="interval", values=key).reindex(columns=list(COLUMNS))
    wide = wide.reset_index().rename_axis(columns=None).assign(status=PROGNOSE)
    frame = count_frame(t, wide, {c: c for c in COLUMNS}, scale_by_unit=False)
    factor = unit_factor(t, key)  # 'x 1 000'
    for column in COLUMNS:
        frame[column] = frame[column] * factor
    return frame
