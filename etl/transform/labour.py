"""The labour table (86008NED "Arbeidsdeelname; gemeenten" or its successor) -> a count frame."""

from __future__ import annotations

import pandas as pd

from etl.raw import RawTable
from etl.sources import LABOUR_TOPICS
from etl.transform.common import count_frame, select, topic_columns

COLUMNS = (*(item.column for item in LABOUR_TOPICS), "employed_at_cbs_rate")


def labour_counts(t: RawTable) -> pd.DataFrame:
    """Labour force per region and year, every other dimension at its total.

    Columns: region_code, year, labour_population, employed (persons, scaled by each
    topic's unit, e.g. 'x 1 000'), participation_cbs (%), employed_at_cbs_rate (float64),
    status, source.

    CBS rounds both counts to thousands but computes the percentage from unrounded counts. To
    sum municipalities into an area CBS does not publish, ``employed_at_cbs_rate`` = CBS's
    percentage x labour_population is the additive numerator: for one municipality
    ``100 * employed_at_cbs_rate / labour_population`` gives CBS's percentage back exactly,
    and for a sum of municipalities it weights each CBS percentage by its population 15-75
    (summed numerators over summed denominators, far less hurt by rounding than the rounded
    ``employed`` thousands).
    """
    frame = count_frame(t, select(t), topic_columns(t, LABOUR_TOPICS))
    frame.insert(
        frame.columns.get_loc("participation_cbs") + 1,
        "employed_at_cbs_rate",
        frame["participation_cbs"] / 100 * frame["labour_population"],
    )
    return frame
