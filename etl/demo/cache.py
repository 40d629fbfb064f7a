"""Lay generated demo tables out as a raw cache, exactly as a live extract leaves one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Literal

from etl import raw
from etl.demo import DEMO_TABLES, write_demo_boundaries, write_demo_tables
from etl.extract import write_selection


def write_demo_raw_cache(
    raw_dir: Path,
    scope: Literal["twente", "nl"] = "twente",
    *,
    boundaries_year: int = 2025,
    **generator_options,
) -> dict[str, Path]:
    """``raw_dir/<table>/<Modified>/`` for every role, ``selection.json`` and demo boundaries
    in ``raw_dir/pdok/``; returns {role: folder}. Useful for offline rebuilds and benchmarks."""
    staging = raw_dir / ".demo-staging"
    shutil.rmtree(staging, ignore_errors=True)
    written = write_demo_tables(staging, scope, **generator_options)
    folders = {}
    for role, table_id in DEMO_TABLES.items():
        source = written[table_id]
        info = json.loads((source / "TableInfos.json").read_text())[0]
        target = raw.cached_folder(raw_dir, table_id, info["Modified"])
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
        folders[role] = target
    shutil.rmtree(staging, ignore_errors=True)
    write_selection(raw_dir, DEMO_TABLES)
    regions = raw.read_json(folders["regions"] / "RegioS.json")
    write_demo_boundaries(
        raw_dir / "pdok" / f"gemeente_{boundaries_year}.geojson",
        [r["Key"] for r in regions],
        boundaries_year,
    )
    return folders
