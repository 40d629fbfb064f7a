"""The store contract between ``etl/`` and ``dashboard/``, in one place (docs/store.md).

File names, column lists and dtypes, status codes, the vintage format, region codes and the
words the manifest uses. Both packages import it; nothing else types these literals. This
module imports nothing from the project, so either side can depend on it freely.
"""

from __future__ import annotations

import re
from typing import Final

# --- the data folder ------------------------------------------------------------------------
STORE_LINK: Final = "store"  # data/store -> vintages/<vintage>
VINTAGES_FOLDER: Final = "vintages"
RAW_FOLDER: Final = "raw"
VINTAGE_FORMAT: Final = "%Y%m%dT%H%M%SZ"  # UTC, e.g. 20261127T235959Z
VINTAGE_RE: Final = re.compile(r"^\d{8}T\d{6}Z$")

# --- files of a vintage ----------------------------------------------------------------------
MANIFEST: Final = "manifest.json"
INDICATORS_FILE: Final = "indicators.parquet"
POPULATION_BY_AGE_FILE: Final = "population_by_age.parquet"
REGIONS_FILE: Final = "regions.parquet"
CATALOGUE_FILE: Final = "catalogue.json"
BOUNDARIES_FILE: Final = "boundaries.geojson"
PROGRAMME_TARGETS_FILE: Final = "programme_targets.parquet"
PROGRAMME_MEASUREMENTS_FILE: Final = "programme_measurements.parquet"
PROGRAMME_MILESTONES_FILE: Final = "programme_milestones.parquet"
PROGRAMME_EVENTS_FILE: Final = "programme_events.parquet"
PROGRAMME_INDICATORS_FILE: Final = "programme_indicators.json"
PROGRAMME_FRAME_FILES: Final = (
    PROGRAMME_TARGETS_FILE,
    PROGRAMME_MEASUREMENTS_FILE,
    PROGRAMME_MILESTONES_FILE,
    PROGRAMME_EVENTS_FILE,
)
FLOWS_FILE: Final = "flows.parquet"  # 81734NED moves between municipalities (issue 14)
RETENTION_GAPS_FILE: Final = "retention_gaps.parquet"  # why a retention value is absent
# Issue 15: the peer finder's features, one row per municipality of the whole country
PEER_FEATURES_FILE: Final = "peer_features.parquet"
SOURCES_FOLDER: Final = "sources"  # sources/<role>/<part>.parquet: each table's product

# --- columns ---------------------------------------------------------------------------------
INDICATOR_COLUMNS: Final = (
    "indicator",
    "region_code",
    "year",
    "value",
    "status",
    "source",
    "lower",
    "upper",
)
INDICATOR_DTYPES: Final = {
    "indicator": "str",
    "region_code": "str",
    "year": "int64",
    "value": "float64",
    "status": "str",
    "source": "str",
    "lower": "float64",
    "upper": "float64",
}
POPULATION_BY_AGE_COLUMNS: Final = (
    "region_code",
    "year",
    "sex",
    "age",
    "age_open",
    "population",
    "status",
)
# One row per origin x destination x year of 81734NED, all ages (CBS has no age breakdown);
# only pairs with a scope municipality on either side. Codes as CBS gives them (a partner
# that has since merged keeps its old GM code; regions.parquet says what it became).
# The partners' names as 81734NED's own metadata titles them: the store's regions name only
# the scope, and a top destination shown as "GM0363" tells an alderman nothing.
FLOW_COLUMNS: Final = (
    "origin",
    "origin_name",
    "destination",
    "destination_name",
    "year",
    "persons",
    "status",
    "source",
)
FLOW_DTYPES: Final = {
    "origin": "str",
    "origin_name": "str",
    "destination": "str",
    "destination_name": "str",
    "year": "int64",
    "persons": "int64",
    "status": "str",
    "source": "str",
}
# Why a retention indicator has no row for a region and year (retention_gaps.parquet).
RETENTION_GAP_COLUMNS: Final = ("indicator", "region_code", "year", "reason")
SERIES_START: Final = "series_start"  # the cohort's earlier year is before the table starts
REGION_MISSING: Final = "region_missing"  # the municipality did not exist in the earlier year
GAP_REASONS: Final = (SERIES_START, REGION_MISSING)

# --- issue 14: young people, stay or go ------------------------------------------------------
RETENTION_18_25: Final = "retention_18_25"  # P(25, t) / P(18, t - 7) x 100, 03759ned
RETENTION_18_30: Final = "retention_18_30"  # P(30, t) / P(18, t - 12) x 100, 03759ned
RETENTION_INDICATORS: Final = (RETENTION_18_25, RETENTION_18_30)
YOUTH_WORKING_SHARE: Final = "youth_working_share"  # 15-27, 86223NED
YOUTH_IN_EDUCATION_SHARE: Final = "youth_in_education_share"  # 15-27, 86223NED
YOUTH_NEET_SHARE: Final = "youth_neet_share"  # 15-27, neither working nor in education
YOUTH_ACTIVITY_INDICATORS: Final = (
    YOUTH_WORKING_SHARE,
    YOUTH_IN_EDUCATION_SHARE,
    YOUTH_NEET_SHARE,
)
# Share of the manifest's youth_band among out- and in-movers (84547NED classes), % of all ages
OUTMOVER_SHARE_YOUTH: Final = "outmover_share_20_35"
INMOVER_SHARE_YOUTH: Final = "inmover_share_20_35"
MOVER_SHARE_INDICATORS: Final = (OUTMOVER_SHARE_YOUTH, INMOVER_SHARE_YOUTH)

# --- issue 15: peers by profile (peer_features.parquet) -----------------------------------
# The features the peer finder compares, in this order. Shares are % of the population on
# 1 January of ``population_year``; the youth net migration rate is per 1,000 residents of the
# youth band, the mean over ``migration_first_year``..``migration_last_year`` (at most three
# years); net labour participation is CBS's % of ``labour_year``. A feature CBS has no figure
# for is NaN (the peer finder says so), never 0.
LN_POPULATION: Final = "ln_population"
SHARE_0_17: Final = "share_0_17"
SHARE_18_35: Final = "share_18_35"
SHARE_65PLUS: Final = "share_65plus"
SHARE_80PLUS: Final = "share_80plus"
YOUTH_NET_MIGRATION_RATE: Final = "youth_net_migration_rate"
NET_LABOUR_PARTICIPATION: Final = "net_labour_participation"
PEER_FEATURES: Final = (
    LN_POPULATION,
    SHARE_0_17,
    SHARE_18_35,
    SHARE_65PLUS,
    SHARE_80PLUS,
    YOUTH_NET_MIGRATION_RATE,
    NET_LABOUR_PARTICIPATION,
)
PEER_FEATURE_COLUMNS: Final = (
    "region_code",
    "name",
    "population_year",
    "population",
    *PEER_FEATURES,
    "migration_first_year",
    "migration_last_year",
    "labour_year",
)
PEER_FEATURE_DTYPES: Final = {
    "region_code": "str",
    "name": "str",
    "population_year": "int64",
    "population": "int64",
    **dict.fromkeys(PEER_FEATURES, "float64"),
    "migration_first_year": "Int64",  # nullable: no migration figures for the municipality
    "migration_last_year": "Int64",
    "labour_year": "Int64",
}

# --- issue 15: forecast against reality ------------------------------------------------------
# The forecast's rows in indicators.parquet carry their edition in ``source``: the id of the
# forecast table they come from (85173NED, "Regionale prognose 2023-2050"). The ETL publishes
# one edition today (etl/sources.py says why older ones are not extracted); a store with
# several holds one row per region x year x edition, and a reader wanting one forecast
# series takes the edition with the latest first year.
POPULATION_FORECAST: Final = "population_forecast"
FORECAST_EDITION_COLUMN: Final = "source"

REGION_COLUMNS: Final = ("region_code", "name", "level", "corop_code", "province_code", "in_twente")

# --- codes -----------------------------------------------------------------------------------
STATUSES: Final = ("definitief", "voorlopig", "prognose")
SEXES: Final = ("totaal", "man", "vrouw")
REGION_LEVELS: Final = ("gemeente", "corop", "provincie", "landsdeel", "land")
REGION_CODE: Final = r"^(GM\d{4}|CR\d{2}|PV\d{2}|NL01|LD\d{2})$"
MODES: Final = ("live", "offline", "demo")

# Where a programme target stands (programme_targets.parquet ``status``); words in the app.
ON_TRACK: Final = "on_track"  # op koers
BEHIND: Final = "behind"  # achter
AHEAD: Final = "ahead"  # voor
TARGET_STATUSES: Final = (ON_TRACK, BEHIND, AHEAD)

# What became of each source table in a refresh (manifest ``tables.<id>.outcome``).
FRESH: Final = "fresh"  # refreshed in this run
KEPT: Final = "kept"  # carried over unchanged from an earlier store (``kept_from``)
ABSENT: Final = "absent"  # never had: its indicators are left out
OUTCOMES: Final = (FRESH, KEPT, ABSENT)
# Why a table is not fresh (``problem_kind``); the dashboard words each one.
PROBLEM_KINDS: Final = ("unreachable", "changed", "invalid", "error")
