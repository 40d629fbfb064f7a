"""Stores for the dashboard's, browser and benchmark tests, made by the ETL itself.

The ETL publishes the demo store once per test session (``python -m etl refresh --demo``,
in-process); every test store is that store, or a small variant of it written by the ETL's
own store writer (:mod:`etl.store_writer`) and published by :func:`etl.publish.publish`: the
same files, columns and manifest the dashboard meets in production. No test writes a store
by hand.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from etl import contract
from etl.assemble import StoreFrames
from etl.boundaries import Boundaries
from etl.products import PARTS, read_product
from etl.programme import Programme
from etl.publish import publish
from etl.store_writer import StoreContent, check_written, write_store
from etl.transform import YouthBand

DEFAULT_VINTAGE = "20250301T120000Z"
_LOCK = threading.Lock()
_DEMO: dict[str, Path] = {}


def demo_data_dir() -> Path:
    """A data folder with the ETL's demo store (scope twente), published once per session.
    Read it, never write into it: copy with :func:`publish_store`."""
    with _LOCK:
        if "twente" not in _DEMO:
            from support.etl_runs import run_etl  # noqa: PLC0415 - needs etl.cli, only here

            root = Path(tempfile.mkdtemp(prefix="talent-demo-store-"))
            atexit.register(shutil.rmtree, root, ignore_errors=True)
            code, out = run_etl(root, "refresh", "--demo")
            if code != 0:
                raise RuntimeError(f"the ETL could not publish the demo store:\n{out}")
            _DEMO["twente"] = root
        return _DEMO["twente"]


def demo_vintage() -> Path:
    return (demo_data_dir() / contract.STORE_LINK).resolve()


def read_content(vintage: Path) -> StoreContent:
    """A published vintage read back into what the store writer takes."""
    manifest = json.loads((vintage / contract.MANIFEST).read_text())
    frames = StoreFrames(
        indicators=pd.read_parquet(vintage / contract.INDICATORS_FILE),
        population_by_age=pd.read_parquet(vintage / contract.POPULATION_BY_AGE_FILE),
        regions=pd.read_parquet(vintage / contract.REGIONS_FILE),
        catalogue=json.loads((vintage / contract.CATALOGUE_FILE).read_text()),
        counts={},
        band=YouthBand(*manifest.get("youth_band", (20, 34))),
        # Read back like the rest, so a test store says why retention is absent as the
        # ETL's own store does (an older vintage without the file gets the default).
        **(
            {"retention_gaps": pd.read_parquet(gaps)}
            if (gaps := vintage / contract.RETENTION_GAPS_FILE).exists()
            else {}
        ),
    )
    boundaries_file = vintage / contract.BOUNDARIES_FILE
    info = manifest.get("boundaries") or {}
    boundaries = Boundaries(
        info.get("year"),
        json.loads(boundaries_file.read_text()) if boundaries_file.exists() else None,
        str(info.get("note", "")),
    )
    products = {
        role: product
        for role in PARTS
        if (product := read_product(vintage, role, manifest["scope"])) is not None
    }
    programme = None
    if (vintage / contract.PROGRAMME_INDICATORS_FILE).exists():
        targets, measurements, milestones, events = (
            pd.read_parquet(vintage / name) for name in contract.PROGRAMME_FRAME_FILES
        )
        indicators = pd.DataFrame(
            json.loads((vintage / contract.PROGRAMME_INDICATORS_FILE).read_text())
        )
        entry = manifest.get("programme") or {}
        programme = Programme(
            Path(entry.get("file", "programme")),
            entry.get("sha256", ""),
            targets,
            measurements,
            milestones,
            events,
            indicators,
        )
    peers = vintage / contract.PEER_FEATURES_FILE  # issue 15: every municipality
    return StoreContent(
        frames,
        manifest,
        boundaries,
        products,
        programme,
        peer_features=pd.read_parquet(peers) if peers.exists() else None,
    )


def publish_store(
    data_dir: Path,
    *,
    vintage: str = DEFAULT_VINTAGE,
    mode: str | None = None,
    boundaries: bool = True,
    programme: bool = True,
    edit: Callable[[StoreContent], StoreContent] | None = None,
) -> Path:
    """Publish the ETL's demo store into ``data_dir`` as vintage ``vintage``; returns the
    vintage folder. ``mode`` overrides the manifest's mode; ``boundaries=False`` leaves the
    map out as when PDOK could not be reached; ``programme=False`` makes a vintage from
    before the programme file; ``edit`` changes the content before it is written."""
    content = read_content(demo_vintage())
    manifest = {
        **content.manifest,
        "vintage": vintage,
        "created_at": pd.Timestamp(vintage).isoformat(),
    }
    if mode is not None:
        manifest["mode"] = mode
        if mode != "demo":
            manifest.pop("demo_reason", None)
    if not boundaries:
        manifest["boundaries"] = {
            "available": False,
            "year": None,
            "note": "PDOK could not be reached",
        }
        content = StoreContent(
            content.frames,
            manifest,
            Boundaries(None, None, "PDOK could not be reached"),
            content.products,
            content.programme,
        )
    content = StoreContent(
        content.frames,
        manifest,
        content.boundaries,
        content.products,
        content.programme if programme else None,
    )
    if not programme:
        manifest.pop("programme", None)
    if edit is not None:
        content = edit(content)
    return publish(
        Path(data_dir),
        lambda folder: write_store(folder, content),
        lambda folder: check_written(folder, content),
        keep=50,
        vintage=vintage,
    )
