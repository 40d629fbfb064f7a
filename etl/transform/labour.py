"""The labour table (86008NED "Arbeidsdeelname" or its successor) -> a count frame."""

from __future__ import annotations

import pandas as pd

from etl.raw import RawTable
from etl.transform.common import count_frame, select, topic_columns

TOPICS = {
    "BeroepsEnNietBeroepsbevolking": "labour_population",  # population 15-75, x 1 000
    "WerkzameBeroepsbevolking": "employed",  # x 1 000
    "NettoArbeidsparticipatie": "participation_cbs",  # %
}
THOUSANDS = {"labour_population": 1000.0, "employed": 1000.0}
COLUMNS = (*TOPICS.values(), "employed_at_cbs_rate")


def labour_counts(t: RawTable) -> pd.DataFrame:
    """Labour force per region and year, every other dimension at its total.

    Columns: region_code, year, labour_population, employed (persons), participation_cbs (%),
    employed_at_cbs_rate (float64), status, source.

    CBS rounds both counts to thousands but computes the percentage from unrounded counts. To
    sum municipalities into an area CBS does not publish, ``employed_at_cbs_rate`` = CBS's
    percentage x labour_population is the additive numerator: for one municipality
    ``100 * employed_at_cbs_rate / labour_population`` gives CBS's percentage back exactly,
    and for a sum of municipalities it weights each CBS percentage by its population 15-75
    (summed numerators over summed denominators, far less hurt by rounding than the rounded
    ``employed`` thousands).
    """
    frame = count_frame(t, select(t), topic_columns(t, TOPICS), THOUSANDS)
    frame.insert(frame.columns.get_loc("participation_cbs") + 1, "employed_at_cbs_rate",
                 frame["participation_cbs"] / 100 * frame["labour_population"])
    return frame
