"""85173NED (regional population forecast with a 67% interval) -> a count frame."""

from __future__ import annotations

import pandas as pd

from etl.raw import RawTable
from etl.transform.common import (
    KEYS,
    PROGNOSE,
    count_frame,
    recode,
    require_titled,
    select,
    topic_columns,
)

INTERVAL_DIMENSION = "PrognoseInterval"
AGE_DIMENSION = "Leeftijd"
AGE_TOTAL = "10000"
# code -> (our column, what its title must say); the forecast itself must not be a bound.
INTERVAL = {
    "MW00000": ("forecast", ""),
    "MBG0067": ("forecast_lower", "ondergrens"),
    "MOG0067": ("forecast_upper", "bovengrens"),
}
TOPICS = {"TotaleBevolking": "population"}  # x 1 000
COLUMNS = tuple(column for column, _ in INTERVAL.values())


def forecast_counts(t: RawTable) -> pd.DataFrame:
    """Forecast population (all ages) per region and year with the 67% interval, in persons.

    Columns: region_code, year, forecast, forecast_lower, forecast_upper (float64),
    status ('prognose'), source. The region dimension (``RegioIndeling2021``) is found as the
    table's GeoDimension.
    """
    for code, (_, word) in INTERVAL.items():
        require_titled(t, INTERVAL_DIMENSION, code, word, absent=() if word else ("grens",))
    require_titled(t, AGE_DIMENSION, AGE_TOTAL, "totaal")
    (key, _), = topic_columns(t, TOPICS).items()
    rows = select(t, {AGE_DIMENSION: AGE_TOTAL}, keep=[INTERVAL_DIMENSION], status=PROGNOSE)
    interval = recode(rows[INTERVAL_DIMENSION], {c: col for c, (col, _) in INTERVAL.items()})
    rows = rows.loc[pd.notna(interval)].assign(interval=interval[pd.notna(interval)])
    wide = rows.pivot(index=KEYS, columns="interval", values=key).reindex(columns=list(COLUMNS))
    wide = wide.reset_index().rename_axis(columns=None).assign(status=PROGNOSE)
    frame = count_frame(t, wide, {c: c for c in COLUMNS})
    for column in COLUMNS:
        frame[column] = frame[column] * 1000.0
    return frame
