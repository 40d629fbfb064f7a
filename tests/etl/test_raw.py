"""The raw cache reader: both parse paths agree, sidecars are reused, odd layouts still load."""

import json
import os
import shutil

import pandas as pd
import pytest
from shared_data import SNAPSHOT_37259

from etl import raw

DIMS = ["Geslacht", "RegioS", "Perioden"]


@pytest.fixture
def snapshot_copy(tmp_path):
    if not SNAPSHOT_37259.exists():
        pytest.skip(f"CBS snapshot not found at {SNAPSHOT_37259}")
    return shutil.copytree(SNAPSHOT_37259, tmp_path / "37259ned")


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(str).reset_index(drop=True)


def test_raw001_arrow_and_chunked_parse_agree_on_real_cbs_data(snapshot_copy):
    table = raw.load_raw_table(snapshot_copy)
    chunked = raw._parse_records_in_chunks(snapshot_copy / raw.DATA_FILE, DIMS)
    assert len(table.data) == 15630
    pd.testing.assert_frame_equal(as_text(table.data), as_text(chunked[table.data.columns]))
    assert set(table.data["RegioS"].astype(str)) >= {"NL01", "CR12", "GM0164"}  # unpadded


def test_raw002_first_read_writes_a_sidecar_that_later_reads_use(snapshot_copy):
    first = raw.load_raw_table(snapshot_copy).data
    sidecar = snapshot_copy / raw.DATA_PARQUET
    assert sidecar.exists()
    os.utime(sidecar, (sidecar.stat().st_atime, sidecar.stat().st_mtime + 10))
    (snapshot_copy / raw.DATA_FILE).write_text("[]")  # if read again, the data would vanish
    os.utime(snapshot_copy / raw.DATA_FILE, (0, 0))
    pd.testing.assert_frame_equal(raw.load_raw_table(snapshot_copy).data, first)


def test_raw003_compact_json_falls_back_to_the_chunked_parser(snapshot_copy):
    rows = json.loads((snapshot_copy / raw.DATA_FILE).read_text())[:500]
    (snapshot_copy / raw.DATA_FILE).write_text(json.dumps(rows))  # no indentation
    table = raw.load_raw_table(snapshot_copy)
    assert len(table.data) == 500
    assert table.data.loc[0, "BevolkingOp1Januari_1"] == rows[0]["BevolkingOp1Januari_1"]


def test_raw004_newest_cached_folder_is_the_latest_modified(tmp_path):
    for name in ("2024-01-01T02-00-00", "2025-07-01T02-00-00", ".building-x"):
        (tmp_path / "03759ned" / name).mkdir(parents=True)
    assert raw.newest_cached_folder(tmp_path, "03759ned").name == "2025-07-01T02-00-00"
    assert raw.newest_cached_folder(tmp_path, "37259ned") is None
    assert raw.cached_folder(tmp_path, "x", "2024-07-01T02:00:00").name == "2024-07-01T02-00-00"
