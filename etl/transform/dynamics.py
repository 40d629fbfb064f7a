"""37259ned (births, deaths and migration per region and year) -> a count frame."""

from __future__ import annotations

import pandas as pd

from etl.raw import RawTable
from etl.transform.common import count_frame, select, topic_columns

# topic key prefix -> our column; suffix numbers drift between editions, prefixes do not.
TOPICS = {
    "BevolkingOp1Januari": "population_jan1",
    "BevolkingOp31December": "population_dec31",
    "LevendGeborenKinderen": "births",
    "Overledenen": "deaths",
    "Immigratie": "immigration",
    "UitAndereGemeente": "domestic_in",
    "EmigratieInclusiefAdministratieveC": "emigration",
    "NaarAndereGemeente": "domestic_out",
    "VestigingsoverschotInclusiefCorrecties": "net_migration",
    # CBS's own birth rate: not summable, kept to check ours against.
    "LevendGeborenKinderenRelatief": "birth_rate_cbs",
}
COLUMNS = tuple(TOPICS.values())


def dynamics_counts(t: RawTable) -> pd.DataFrame:
    """Population change per region and year, both sexes.

    Columns: region_code, year, population_jan1, population_dec31, births, deaths,
    immigration, domestic_in, emigration (including administrative corrections),
    domestic_out, net_migration, birth_rate_cbs (float64), status, source.
    """
    return count_frame(t, select(t), topic_columns(t, TOPICS))
