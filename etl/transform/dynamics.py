"""37259ned (births, deaths and migration per region and year) -> a count frame."""

from __future__ import annotations

import pandas as pd

from etl.metadata import member_titles
from etl.raw import RawTable
from etl.sources import DYNAMICS_TOPICS
from etl.transform.common import count_frame, region_dimension, select, topic_columns

COLUMNS = tuple(item.column for item in DYNAMICS_TOPICS)


def dynamics_counts(t: RawTable) -> pd.DataFrame:
    """Population change per region and year, both sexes.

    Columns: region_code, year, population_jan1, population_dec31, births, deaths,
    immigration, domestic_in, emigration (including administrative corrections),
    domestic_out, net_migration, birth_rate_cbs (float64), status, source.
    """
    return count_frame(t, select(t), topic_columns(t, DYNAMICS_TOPICS))


def region_titles(t: RawTable) -> pd.DataFrame:
    """``Key`` (stripped) and ``Title`` of every member of the region dimension: the names
    of COROP areas, provinces and the Netherlands, and of municipalities that have ceased."""
    titles = member_titles(t.dimensions[region_dimension(t)])
    return pd.DataFrame({"Key": list(titles), "Title": list(titles.values())})
