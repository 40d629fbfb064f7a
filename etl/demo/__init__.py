"""Deterministic demo data: raw CBS responses for every source table, in CBS's exact format.

``write_demo_tables`` writes one folder per table in the layout ``cbsodata.download_data(dir=...)``
produces, so the ETL, the fake OData feed of the tests and the dashboard run without internet
(``python -m etl refresh --demo``). Figures come from a seeded cohort-component model of every
municipality (see ``population``); with a real 37259ned (``dynamics_dir``) the model is
calibrated to CBS's own totals instead of generating that table.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Literal

from . import tables
from .activity import activity_table
from .boundaries import write_demo_boundaries
from .calibration import calibrate_to_dynamics
from .flows import flows_table
from .population import FIRST_MODEL_YEAR, merge_ceased, simulate
from .regions import build_world, membership_matrix, scope_regions

__all__ = [
    "DEMO_TABLES",
    "OLDER_EDITIONS",
    "demo_catalogue",
    "write_demo_boundaries",
    "write_demo_tables",
]

DEMO_TABLES: dict[str, str] = {
    "population_by_age": "03759ned",
    "dynamics": "37259ned",
    "domestic_moves": "84547NED",
    "international_migration": "85451NED",
    "labour": "86008NED",
    "forecast": "85173NED",
    "regions": "85385NED",
    "flows": "81734NED",
    "youth_activity": "86223NED",
}
# The peer finder's narrow national extracts (etl/peer_stage.py): every municipality, the
# newest few years only, written beside the scope's tables from the same simulation.
PEER_TABLES = ("03759ned", "84547NED", "85451NED", "86008NED")
PEER_FOLDER = "peers"  # <dest>/peers/<table_id>
PEER_YEARS = 5  # population years written (the migration and labour tables end a year earlier)

# Older editions the catalogue must not pick: a discontinued labour table with other topic
# suffixes, and the previous "Gebieden in Nederland" (regular, but older Modified).
OLDER_EDITIONS: dict[str, str] = {"labour": "84952NED", "regions": "85067NED"}


def write_demo_tables(
    dest: Path,
    scope: Literal["twente", "nl"] = "twente",
    *,
    seed: int = 20240701,
    dynamics_dir: Path | None = None,
    first_year: int = 2000,
    last_year: int = 2025,
    peers: bool = False,
) -> dict[str, Path]:
    """Write every table (and the older editions) under ``dest``; returns {table_id: folder}.

    ``peers``: also write :data:`PEER_TABLES` for every municipality and the newest
    :data:`PEER_YEARS` years under ``dest/peers/``, returned as ``peers/<table_id>``.

    ``dynamics_dir``: a real 37259ned folder. It is not copied or regenerated; the other tables
    are calibrated to it and its folder is returned under "37259ned". Only scope "twente" can
    be calibrated: the real table's other municipalities would need their real COROP and
    province membership, which it does not carry.
    """
    if scope not in ("twente", "nl"):
        raise ValueError(f"unknown scope {scope!r}: use 'twente' or 'nl'")
    if not 1990 <= first_year < last_year or not 2024 <= last_year <= 2040:
        raise ValueError(
            "need 1990 <= first_year < last_year and 2024 <= last_year <= 2040 "
            "(the forecast starts from 1 January 2023)"
        )
    if dynamics_dir is not None and scope != "twente":
        raise ValueError("dynamics_dir calibration supports scope 'twente' only")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    world = build_world(seed)
    sim = merge_ceased(simulate(world, seed, min(first_year, FIRST_MODEL_YEAR), last_year), world)
    if dynamics_dir is not None:
        sim = calibrate_to_dynamics(sim, world, Path(dynamics_dir))
    regions = scope_regions(world, scope)
    ctx = tables.Context(
        world, regions, membership_matrix(world, regions), sim, first_year, last_year, seed
    )
    written = {"03759ned": tables.population_by_age(ctx, dest)}
    if dynamics_dir is None:
        written["37259ned"] = tables.dynamics(ctx, dest)
    else:
        written["37259ned"] = Path(dynamics_dir)
    written["84547NED"] = tables.domestic_moves(ctx, dest)
    written["85451NED"] = tables.international_migration(ctx, dest)
    written["86008NED"] = tables.labour(ctx, dest)
    written["84952NED"] = tables.labour(ctx, dest, old_edition=True)
    written["85173NED"] = tables.forecast(ctx, dest)
    written["85385NED"] = tables.regions_table(ctx, dest, edition=2024)
    written["85067NED"] = tables.regions_table(ctx, dest, edition=2022)
    written["81734NED"] = flows_table(ctx, dest)
    written["86223NED"] = activity_table(ctx, dest)
    if peers:
        written.update(_peer_tables(ctx, dest / PEER_FOLDER))
    return written


def _peer_tables(ctx: tables.Context, dest: Path) -> dict[str, Path]:
    """The narrow national extracts from the scope's own simulation, so a Twente
    municipality's features agree with its indicators in the store."""
    municipalities = [r for r in scope_regions(ctx.world, "nl") if r.code.startswith("GM")]
    narrow = tables.Context(
        ctx.world,
        municipalities,
        membership_matrix(ctx.world, municipalities),
        ctx.sim,
        max(ctx.first_year, ctx.last_year - PEER_YEARS + 1),
        ctx.last_year,
        ctx.seed,
    )
    # The labour model draws its noise year by year from the first year on: from the same
    # first year (a few thousand rows more), its figures are the scope table's own.
    labour_ctx = dataclasses.replace(narrow, first_year=ctx.first_year)
    dest.mkdir(parents=True, exist_ok=True)
    written = (
        tables.population_by_age(narrow, dest, both_sexes_only=True),
        tables.domestic_moves(narrow, dest),
        tables.international_migration(narrow, dest),
        tables.labour(labour_ctx, dest),
    )
    return {
        f"{PEER_FOLDER}/{table_id}": folder
        for table_id, folder in zip(PEER_TABLES, written, strict=True)
    }


_CATALOGUE_FIELDS = (
    "Title",
    "ShortTitle",
    "ShortDescription",
    "Summary",
    "Modified",
    "MetaDataModified",
    "ReasonDelivery",
    "ExplanatoryText",
    "OutputStatus",
    "Source",
    "Language",
    "Catalog",
    "Frequency",
    "Period",
    "RecordCount",
    "ColumnCount",
)


def demo_catalogue(tables: dict[str, Path]) -> list[dict]:
    """Catalogue records (as /ODataCatalog/Tables returns them) for the written tables."""
    records = []
    for i, (table_id, folder) in enumerate(sorted(tables.items())):
        with open(Path(folder) / "TableInfos.json") as f:
            info = json.load(f)[0]
        record = {"Updated": info.get("Modified"), "ID": i, "Identifier": table_id}
        record.update({k: info.get(k, "") for k in _CATALOGUE_FIELDS})
        record.update(
            {
                "Language": info.get("Language") or "nl",
                "OutputStatus": info.get("OutputStatus") or "Regulier",
                "SummaryAndLinks": info.get("Summary", ""),
                "ApiUrl": f"https://opendata.cbs.nl/ODataApi/OData/{table_id}",
                "FeedUrl": f"https://opendata.cbs.nl/ODataFeed/OData/{table_id}",
                "DefaultPresentation": "",
                "DefaultSelection": "",
                "GraphTypes": "",
                "SearchPriority": "2",
            }
        )
        records.append(record)
    return records
