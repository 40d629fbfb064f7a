"""Transform: raw CBS tables -> tidy frames. Pure functions, one module per source.

Every code and topic key is found in the table's own metadata by its title (see
etl/metadata.py and the items in etl/sources.py); region keys lose their padding; only
whole-year periods are used; CBS's period status becomes ``definitief`` or ``voorlopig``
(forecasts: ``prognose``).

Each source table is transformed on its own into its *products* (etl/products.py); count
frames (one per source role, the input of :func:`etl.indicators.compute_indicators`) have
one row per ``region_code`` x ``year``, float64 count columns, ``status`` and ``source``.
:data:`COUNT_COLUMNS` lists each role's count columns: the names indicator formulas may use.
"""

from etl.transform import activity, dynamics, forecast, labour, population, youth
from etl.transform.activity import activity_counts
from etl.transform.dynamics import dynamics_counts, region_titles
from etl.transform.forecast import forecast_counts
from etl.transform.geography import municipality_membership, regions
from etl.transform.labour import labour_counts
from etl.transform.population import population_by_age, population_counts, population_totals
from etl.transform.youth import (
    PROGRAMME_BAND,
    YouthBand,
    domestic_class_counts,
    domestic_moves_counts,
    domestic_totals,
    international_class_counts,
    international_counts,
    youth_band,
)

# Role names as in etl/sources.py; "population_by_age" (03759ned) yields population_counts.
COUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    "population_by_age": population.COLUMNS,
    "dynamics": dynamics.COLUMNS,
    "domestic_moves": (*youth.DOMESTIC_COLUMNS, *youth.DOMESTIC_TOTAL_COLUMNS),
    "international_migration": youth.INTERNATIONAL_COLUMNS,
    "labour": labour.COLUMNS,
    "forecast": forecast.COLUMNS,
    "youth_activity": activity.COLUMNS,  # 86223NED
}
# Not summable over municipalities: ratios CBS publishes, and the bounds of the forecast's
# 67% interval (the interval of a sum is narrower than the sum of the intervals).
NON_ADDITIVE_COLUMNS = frozenset(
    {"birth_rate_cbs", "participation_cbs", "forecast_lower", "forecast_upper"}
)
# Columns that depend on the youth band; definitions using them must state the band.
YOUTH_BAND_COLUMNS = frozenset(
    {*youth.DOMESTIC_COLUMNS, *youth.INTERNATIONAL_COLUMNS, "p_youth_band"}
)

__all__ = [
    "COUNT_COLUMNS",
    "activity_counts",
    "NON_ADDITIVE_COLUMNS",
    "PROGRAMME_BAND",
    "YOUTH_BAND_COLUMNS",
    "YouthBand",
    "domestic_class_counts",
    "domestic_moves_counts",
    "domestic_totals",
    "dynamics_counts",
    "forecast_counts",
    "international_class_counts",
    "international_counts",
    "labour_counts",
    "municipality_membership",
    "population_by_age",
    "population_counts",
    "population_totals",
    "region_titles",
    "regions",
    "youth_band",
]
