"""Write a vintage folder from the store's frames, and read it back before it is published.

The file names and columns are the contract of :mod:`etl.contract` (docs/store.md). The
manifest is written last: a vintage folder with a manifest is complete.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from etl import contract
from etl.assemble import StoreFrames
from etl.boundaries import Boundaries, select_municipalities
from etl.products import Product, write_product
from etl.programme import (
    EVENTS_SCHEMA,
    MEASUREMENTS_SCHEMA,
    MILESTONES_SCHEMA,
    TARGETS_PUBLISHED_SCHEMA,
    Programme,
)
from etl.validate import ValidationFailed

PROGRAMME_SCHEMAS = dict(
    zip(
        contract.PROGRAMME_FRAME_FILES,
        (TARGETS_PUBLISHED_SCHEMA, MEASUREMENTS_SCHEMA, MILESTONES_SCHEMA, EVENTS_SCHEMA),
        strict=True,
    )
)


@dataclass(frozen=True)
class StoreContent:
    """Everything one vintage holds."""

    frames: StoreFrames
    manifest: dict
    boundaries: Boundaries
    products: Mapping[str, Product]  # per role, fresh or carried over
    programme: Programme | None = None
    peer_features: pd.DataFrame | None = None  # every municipality (etl/peer_stage.py)


def write_store(folder: Path, content: StoreContent) -> None:
    frames = content.frames
    frames.indicators.to_parquet(folder / contract.INDICATORS_FILE, index=False)
    frames.population_by_age.to_parquet(folder / contract.POPULATION_BY_AGE_FILE, index=False)
    frames.regions.to_parquet(folder / contract.REGIONS_FILE, index=False)
    frames.retention_gaps.to_parquet(folder / contract.RETENTION_GAPS_FILE, index=False)
    (folder / contract.CATALOGUE_FILE).write_text(
        json.dumps(frames.catalogue, ensure_ascii=False, indent=2)
    )
    if content.boundaries.geojson is not None:  # Boundaries.available
        codes = set(frames.regions.loc[frames.regions["level"] == "gemeente", "region_code"])
        (folder / contract.BOUNDARIES_FILE).write_text(
            json.dumps(select_municipalities(content.boundaries.geojson, codes))
        )
    flows = content.products.get("flows", {}).get("flows")
    if flows is not None:  # 81734NED is not core: without it the store has no flows file
        flows.to_parquet(folder / contract.FLOWS_FILE, index=False)
    for role, product in content.products.items():
        write_product(folder, role, product)
    if content.programme is not None:
        write_programme(folder, content.programme)
    if content.peer_features is not None:
        content.peer_features.to_parquet(folder / contract.PEER_FEATURES_FILE, index=False)
    (folder / contract.MANIFEST).write_text(json.dumps(content.manifest, indent=2))


def write_programme(folder: Path, programme: Programme) -> None:
    frames = (programme.targets, programme.measurements, programme.milestones, programme.events)
    for name, frame in zip(contract.PROGRAMME_FRAME_FILES, frames, strict=True):
        frame.to_parquet(folder / name, index=False)
    (folder / contract.PROGRAMME_INDICATORS_FILE).write_text(
        json.dumps(programme.indicator_records(), ensure_ascii=False, indent=2)
    )


def check_written(folder: Path, content: StoreContent) -> None:
    """Read back what was written before the swap: every file parses, and each table has the
    rows (and columns) that were validated in memory (validating again what was just
    validated would double the cost of the check for nothing)."""
    frames = content.frames
    problems = []
    for name, frame in (
        (contract.INDICATORS_FILE, frames.indicators),
        (contract.POPULATION_BY_AGE_FILE, frames.population_by_age),
        (contract.REGIONS_FILE, frames.regions),
        (contract.RETENTION_GAPS_FILE, frames.retention_gaps),
    ):
        metadata = pq.read_metadata(folder / name)
        if metadata.num_rows != len(frame) or metadata.schema.names != list(frame.columns):
            problems.append(f"{name} was not written completely")
    flows = content.products.get("flows", {}).get("flows")
    if flows is not None and pq.read_metadata(folder / contract.FLOWS_FILE).num_rows != len(flows):
        problems.append(f"{contract.FLOWS_FILE} was not written completely")
    peers = content.peer_features
    if peers is not None:
        written = pq.read_metadata(folder / contract.PEER_FEATURES_FILE)
        if written.num_rows != len(peers) or written.schema.names != list(peers.columns):
            problems.append(f"{contract.PEER_FEATURES_FILE} was not written completely")
    for name in (contract.CATALOGUE_FILE, contract.MANIFEST):
        json.loads((folder / name).read_text())
    if content.programme is not None:  # validated in memory (pipeline); here: complete?
        frames_written = (
            content.programme.targets,
            content.programme.measurements,
            content.programme.milestones,
            content.programme.events,
        )
        for name, frame in zip(contract.PROGRAMME_FRAME_FILES, frames_written, strict=True):
            if pq.read_metadata(folder / name).num_rows != len(frame):
                problems.append(f"{name} was not written completely")
        listed = json.loads((folder / contract.PROGRAMME_INDICATORS_FILE).read_text())
        if len(listed) != len(content.programme.indicators):
            problems.append(f"{contract.PROGRAMME_INDICATORS_FILE} was not written completely")
    if problems:
        raise ValidationFailed(problems)
