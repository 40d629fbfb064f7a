"""Publish a store atomically and keep earlier vintages.

Each run builds a complete vintage folder aside (``vintages/.building-<id>``), validates what
it wrote by reading it back, renames it to ``vintages/<id>`` and only then swaps the ``store``
symlink to it with one ``os.replace`` — so a reader sees either the old or the new store, and
a failed run leaves the published store byte-identical.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from etl.contract import MANIFEST, STORE_LINK, VINTAGE_FORMAT, VINTAGES_FOLDER

__all__ = [
    "MANIFEST",
    "current_store",
    "list_vintages",
    "new_vintage_id",
    "prune_vintages",
    "publish",
    "read_manifest",
]


def new_vintage_id(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime(VINTAGE_FORMAT)


def publish(
    data_dir: Path,
    write_files: Callable[[Path], None],
    check_written: Callable[[Path], None],
    keep: int,
    vintage: str | None = None,
) -> Path:
    """Build a vintage with ``write_files(folder)``, check it, and make it the store."""
    vintages = data_dir / VINTAGES_FOLDER
    vintages.mkdir(parents=True, exist_ok=True)
    _adopt_plain_store(data_dir)
    vintage = vintage or new_vintage_id()
    while (vintages / vintage).exists():  # two runs within one second
        vintage = new_vintage_id(
            datetime.strptime(vintage, VINTAGE_FORMAT).replace(tzinfo=UTC) + timedelta(seconds=1)
        )
    building = vintages / f".building-{vintage}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    try:
        write_files(building)
        check_written(building)
        final = vintages / vintage
        building.rename(final)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    _swap_store_link(data_dir, final)
    prune_vintages(data_dir, keep)
    return final


def _swap_store_link(data_dir: Path, target: Path) -> None:
    link = data_dir / STORE_LINK
    tmp = data_dir / f".store-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(Path(VINTAGES_FOLDER) / target.name)  # relative: the data folder may move
    os.replace(tmp, link)


def _adopt_plain_store(data_dir: Path) -> None:
    """A store that is a real folder (copied by hand) becomes a vintage before the swap."""
    link = data_dir / STORE_LINK
    if link.is_dir() and not link.is_symlink():
        manifest = read_manifest(link)
        name = manifest.get("vintage") or new_vintage_id()
        target = data_dir / VINTAGES_FOLDER / name
        if not target.exists():
            shutil.copytree(link, target)
        # A link cannot replace a folder in one step; this one-time migration has a moment
        # without a store, which readers already handle as "no store yet".
        aside = data_dir / ".store-adopted"
        shutil.rmtree(aside, ignore_errors=True)
        link.rename(aside)
        _swap_store_link(data_dir, target)
        shutil.rmtree(aside, ignore_errors=True)


def read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}


def list_vintages(data_dir: Path) -> list[Path]:
    """Published vintages, oldest first."""
    vintages = data_dir / VINTAGES_FOLDER
    if not vintages.is_dir():
        return []
    return sorted(
        p
        for p in vintages.iterdir()
        if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST).exists()
    )


def current_store(data_dir: Path) -> Path | None:
    link = data_dir / STORE_LINK
    return link.resolve() if (link / MANIFEST).exists() else None


def prune_vintages(data_dir: Path, keep: int) -> None:
    """Keep the newest ``keep`` vintages besides the current one; never remove the current."""
    current = current_store(data_dir)
    older = [p for p in list_vintages(data_dir) if p.resolve() != current]
    for folder in older[: max(0, len(older) - keep)]:
        shutil.rmtree(folder, ignore_errors=True)
