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
