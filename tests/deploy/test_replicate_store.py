"""deploy/replicate-store.sh copies a published store to another data folder the way the ETL
publishes one (docs/deploy.md, "Several machines"): vintages first, then the store link by one
rename, then what the source pruned. Run here with local targets (the same rsync; ssh only
carries the link switch to a remote target). Stores are the ETL's own (support.stores)."""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from support.servers import ROOT
from support.stores import publish_store

from etl.publish import prune_vintages

SCRIPT = ROOT / "deploy" / "replicate-store.sh"
FIRST, SECOND = "20250301T120000Z", "20250402T090000Z"

pytestmark = pytest.mark.skipif(
    shutil.which("rsync") is None, reason="rsync is not installed (apt-get install rsync)"
)


def replicate(*args: Path | str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["sh", str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=120
    )


def same_tree(left: Path, right: Path) -> bool:
    compared = filecmp.dircmp(left, right)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    if mismatch or errors:
        return False
    return all(same_tree(left / d, right / d) for d in compared.common_dirs)


def test_rpl001_a_target_gets_the_store_and_never_sees_half_of_one(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    publish_store(source, vintage=FIRST)
    (source / "raw").mkdir()  # the ETL's download cache and a half-built vintage stay home
    (source / "vintages" / ".building-20250401T000000Z").mkdir()

    done = replicate(source, target)
    assert done.returncode == 0, done.stderr
    assert (target / "store").readlink() == Path("vintages") / FIRST  # relative, as published
    assert same_tree(source / "vintages" / FIRST, target / "vintages" / FIRST)
    assert not (target / "raw").exists()
    assert not (target / "vintages" / ".building-20250401T000000Z").exists()

    # A reader on the target while the next store arrives, as an instance checks its store.
    publish_store(source, vintage=SECOND)
    seen: list[str] = []
    problems: list[str] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                store = (target / "store").resolve(strict=True)
                manifest = json.loads((store / "manifest.json").read_text())
                if not (store / "indicators.parquet").is_file():
                    problems.append(f"{store.name} without indicators.parquet")
                if not seen or seen[-1] != manifest["vintage"]:
                    seen.append(manifest["vintage"])
            except (OSError, ValueError, KeyError) as error:
                problems.append(repr(error))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        done = replicate(source, target)
    finally:
        stop.set()
        reader.join()
    assert done.returncode == 0, done.stderr
    assert problems == []
    assert seen == [FIRST, SECOND]  # the old store, then the new one, nothing between
    assert sorted(p.name for p in (target / "vintages").iterdir()) == [FIRST, SECOND]
    assert same_tree(source / "vintages" / SECOND, target / "vintages" / SECOND)

    # What the source prunes goes on the targets too, once they point to the new store.
    prune_vintages(source, keep=0)
    done = replicate(source, target)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (target / "vintages").iterdir()] == [SECOND]


def test_rpl002_what_cannot_be_replicated_is_refused_with_a_reason(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = replicate(empty, tmp_path / "target")
    assert refused.returncode == 1
    assert "not a link: nothing published there yet" in refused.stderr
    assert not (tmp_path / "target").exists()

    source = tmp_path / "source"
    publish_store(source, vintage=FIRST)
    quoted = replicate(source, tmp_path / "it's")
    assert quoted.returncode == 1 and "may not be empty or contain a quote" in quoted.stderr

    usage = replicate(source)
    assert usage.returncode == 2 and "usage:" in usage.stderr
