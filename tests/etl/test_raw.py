"""The raw cache: the page writer is byte-identical to cbsodata's json.dump, the chunked parse
agrees with json itself on every layout it meets, sidecars are reused, odd layouts still load."""

import json
import math
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.shared_data import SNAPSHOT_37259, require

from etl import raw

DIMS = ["Geslacht", "RegioS", "Perioden"]


@pytest.fixture
def snapshot_copy(tmp_path):
    """The real 37259ned, its data as cbsodata writes it (json.dump, indent=2; the shared
    copy is compact) and without any sidecar a earlier run may have left beside it."""
    require(SNAPSHOT_37259)
    folder = shutil.copytree(SNAPSHOT_37259, tmp_path / "37259ned")
    folder.chmod(0o755)  # the copy keeps ../shared's read-only mode, where no sidecar goes
    (folder / raw.DATA_PARQUET).unlink(missing_ok=True)
    records = raw.read_json(folder / raw.DATA_FILE)
    (folder / raw.DATA_FILE).chmod(0o644)
    raw.write_entity_set(folder, "TypedDataSet", records)
    return folder


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(str).reset_index(drop=True)


def properties_of(folder: Path) -> list[dict]:
    return raw.read_json(folder / "DataProperties.json")


def json_frame(records: list[dict], layout: raw.DataLayout) -> pd.DataFrame:
    """The reference: json's own objects through the general path."""
    return raw._table_from_records(records, layout).to_pandas()


# --- reading ------------------------------------------------------------------------------


def test_raw001_chunked_parse_agrees_with_json_on_real_cbs_data(snapshot_copy, monkeypatch):
    monkeypatch.setattr(raw, "_CHUNK_BYTES", 256 * 1024)  # ~100 chunks, records cut anywhere
    table = raw.load_raw_table(snapshot_copy)
    records = json.loads((snapshot_copy / raw.DATA_FILE).read_text())
    layout = raw.DataLayout.from_properties(properties_of(snapshot_copy))

    assert len(table.data) == len(records) == 15630
    pd.testing.assert_frame_equal(table.data, json_frame(records, layout))
    expected = pd.DataFrame(records)
    for key in DIMS:
        expected[key] = expected[key].str.strip()
    pd.testing.assert_frame_equal(as_text(table.data), as_text(expected[table.data.columns]))
    assert set(table.data["RegioS"].astype(str)) >= {"NL01", "CR12", "GM0164"}  # unpadded
    assert isinstance(table.data["RegioS"].dtype, pd.CategoricalDtype)
    assert str(table.data["BevolkingOp1Januari_1"].dtype) == "int64"
    assert str(table.data["Bevolkingsdichtheid_2"].dtype) == "float64"


def test_raw002_first_read_writes_a_sidecar_that_later_reads_use(snapshot_copy):
    first = raw.load_raw_table(snapshot_copy).data
    sidecar = snapshot_copy / raw.DATA_PARQUET
    assert sidecar.exists()
    os.utime(sidecar, (sidecar.stat().st_atime, sidecar.stat().st_mtime + 10))
    (snapshot_copy / raw.DATA_FILE).write_text("[]")  # if read again, the data would vanish
    os.utime(snapshot_copy / raw.DATA_FILE, (0, 0))
    pd.testing.assert_frame_equal(raw.load_raw_table(snapshot_copy).data, first)
    assert raw.data_row_count(snapshot_copy) == 15630  # from the footer, not the "[]"


def test_raw003_compact_json_falls_back_to_the_general_parser(snapshot_copy):
    rows = json.loads((snapshot_copy / raw.DATA_FILE).read_text())[:500]
    (snapshot_copy / raw.DATA_FILE).write_text(json.dumps(rows))  # no indentation
    table = raw.load_raw_table(snapshot_copy)
    assert len(table.data) == 500
    assert table.data.loc[0, "BevolkingOp1Januari_1"] == rows[0]["BevolkingOp1Januari_1"]
    assert table.data.loc[0, "RegioS"] == rows[0]["RegioS"].strip()


def test_raw004_newest_cached_folder_is_the_latest_modified(tmp_path):
    for name in ("2024-01-01T02-00-00", "2025-07-01T02-00-00", ".building-x"):
        (tmp_path / "03759ned" / name).mkdir(parents=True)
    assert raw.newest_cached_folder(tmp_path, "03759ned").name == "2025-07-01T02-00-00"
    assert raw.newest_cached_folder(tmp_path, "37259ned") is None
    assert raw.cached_folder(tmp_path, "x", "2024-07-01T02:00:00").name == "2024-07-01T02-00-00"


LAYOUT = raw.DataLayout.of(
    ["RegioS", "Perioden"],
    [
        {"Type": "Topic", "Key": "Count_1", "Datatype": "Long"},
        {"Type": "Topic", "Key": "Rate_2", "Datatype": "Double"},
        {"Type": "Topic", "Key": "Name_3", "Datatype": "String"},
    ],
)
GOOD = {
    "ID": 0,
    "RegioS": "GM0164    ",
    "Perioden": "2024JJ00",
    "Count_1": 5,
    "Rate_2": 1.5,
    "Name_3": "Hengelo (O.)",
}


@pytest.mark.parametrize(
    "odd",
    [
        {"RegioS": "GM0164", "ID": 1},  # fields in another order
        {"ID": 1, "RegioS": "NL01  "},  # fields missing
        {**GOOD, "Extra_9": 3},  # a field more
        {**GOOD, "Count_1": 2.5},  # a float in a Long topic
        {**GOOD, "Count_1": None, "Rate_2": None, "Name_3": None, "RegioS": None},  # nulls
        {**GOOD, "Name_3": 'Súdwest-Fryslân "quoted", with \\ and \u20ac'},  # escapes
        {**GOOD, "RegioS": "GM0164"},  # the same key unpadded: one category
        {**GOOD, "Rate_2": 1e-05, "Count_1": -12},
        {**GOOD, "Rate_2": float("nan")},
        {**GOOD, "Name_3": {"nested": [1, 2]}, "Rate_2": [1]},  # not flat
        {},
    ],
)
def test_raw005_every_chunk_layout_parses_as_json_reads_it(odd):
    records = [GOOD, {**GOOD, "ID": 1, "RegioS": "NL01  "}, odd, {**GOOD, "ID": 3}]
    text = raw.indented_records(records).encode()

    try:
        expected = json_frame(json.loads(b"[" + text + b"]"), LAYOUT)
    except ValueError as exc:  # not a flat table: both say so
        with pytest.raises(ValueError, match="field Rate_2 of the data set mixes"):
            raw.parse_records_text(text, LAYOUT)
        assert "field Rate_2" in str(exc)
        return
    parsed = raw.parse_records_text(text, LAYOUT).to_pandas()
    pd.testing.assert_frame_equal(parsed, expected)
    if "RegioS" in odd and odd["RegioS"] == "GM0164":
        assert list(parsed["RegioS"].cat.categories) == ["GM0164", "NL01"]


def test_raw006_fixed_layout_fast_path_is_taken_for_cbsodata_files(monkeypatch):
    records = [
        {**GOOD, "ID": i, "Count_1": i * 7, "RegioS": f"GM{i % 9:04d}  "} for i in range(1000)
    ]
    monkeypatch.setattr(raw, "_table_from_records", None)  # the fallback would now fail
    table = raw.parse_records_text(raw.indented_records(records).encode(), LAYOUT)
    assert table.column("Count_1").to_pylist() == [i * 7 for i in range(1000)]
    assert table.schema.field("RegioS").type == pa.dictionary(pa.int32(), pa.string())
    assert table.schema.field("Rate_2").type == pa.float64()


def test_raw007_a_record_longer_than_a_chunk_and_a_truncated_file(tmp_path, monkeypatch):
    monkeypatch.setattr(raw, "_CHUNK_BYTES", 64)
    records = [{**GOOD, "ID": i, "Name_3": "x" * (i * 40)} for i in range(6)]
    path = tmp_path / raw.DATA_FILE
    path.write_text(json.dumps(records, indent=2))
    table = raw.parse_data_file(path, LAYOUT)
    assert table.column("Name_3").to_pylist() == [r["Name_3"] for r in records]

    path.write_text(json.dumps(records, indent=2)[:-30])
    with pytest.raises(ValueError):
        raw.parse_data_file(path, LAYOUT)


def test_raw008_empty_data_set_has_the_declared_columns(tmp_path):
    (tmp_path / raw.DATA_FILE).write_text("[]")
    frame = raw.read_data(
        tmp_path, ["RegioS", "Perioden"], [{"Type": "Topic", "Key": "Count_1", "Datatype": "Long"}]
    )
    assert list(frame.columns) == ["ID", "RegioS", "Perioden", "Count_1"] and frame.empty
    assert isinstance(frame["RegioS"].dtype, pd.CategoricalDtype)


# --- writing ------------------------------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=5,
)
keys = st.sampled_from(["ID", "RegioS", "Perioden", "Count_1", 'é"\n'])
flat_record = st.fixed_dictionaries(
    {
        "ID": st.integers(0, 10**6),
        "RegioS": st.text(max_size=6),
        "Count_1": st.none() | st.integers() | st.floats(),
    }
)
any_record = st.dictionaries(keys, values, max_size=4)
record_lists = st.lists(flat_record, max_size=12) | st.lists(any_record | flat_record, max_size=8)


@settings(max_examples=300, deadline=None)
@given(records=record_lists, cuts=st.lists(st.integers(0, 12), max_size=4))
def test_raw010_pages_written_one_by_one_are_cbsodatas_json_dump(records, cuts):
    """Any split into pages, any JSON values: the same bytes as json.dump(..., indent=2)."""
    bounds = sorted({0, len(records), *(c for c in cuts if c <= len(records))})
    pages = [records[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    texts = [raw.indented_records(page) for page in pages]
    written = "[\n" + ",\n".join(t for t in texts if t) + "\n]" if records else "[]"
    assert written == json.dumps(records, indent=2)


def test_raw011_writer_output_is_json_dump_and_its_sidecar_the_parse(snapshot_copy, tmp_path):
    records = json.loads((snapshot_copy / raw.DATA_FILE).read_text())
    properties = properties_of(snapshot_copy)
    out = tmp_path / "out"
    out.mkdir()
    with raw.DataSetWriter(out, properties) as writer:
        for start in range(0, len(records), 997):
            writer.write_page(records[start : start + 997])
            assert not (out / raw.DATA_FILE).exists()  # only complete files carry the name
        assert writer.close() == len(records)

    assert (out / raw.DATA_FILE).read_bytes() == (snapshot_copy / raw.DATA_FILE).read_bytes()
    assert raw.sidecar_is_fresh(out)
    from_sidecar = raw.read_data(out, raw.dimension_keys_of(properties), properties)
    pd.testing.assert_frame_equal(from_sidecar, raw.load_raw_table(snapshot_copy).data)
    assert sorted(p.name for p in out.iterdir()) == [raw.DATA_FILE, raw.DATA_PARQUET]


def test_raw012_a_failed_write_leaves_nothing_and_odd_pages_skip_the_sidecar(tmp_path):
    with pytest.raises(RuntimeError), raw.DataSetWriter(tmp_path, []) as writer:
        writer.write_page([GOOD])
        raise RuntimeError("the connection broke")
    assert list(tmp_path.iterdir()) == []

    with raw.DataSetWriter(tmp_path, []) as writer:
        writer.write_page([GOOD])
        writer.write_page([{"ID": 1, "RegioS": 17}, {"ID": 2, "RegioS": ["x"]}])
        writer.close()
    assert [p.name for p in tmp_path.iterdir()] == [raw.DATA_FILE]  # read_data will parse
    assert json.loads((tmp_path / raw.DATA_FILE).read_text())[2] == {"ID": 2, "RegioS": ["x"]}


def test_raw013_metadata_files_are_cbsodatas_json_dump(tmp_path):
    records = [{"Key": "GM0164    ", "Title": "Hengelo (O.)", "Note": "ü", "N": math.pi}]
    path = raw.write_entity_set(tmp_path, "RegioS", records)
    assert path.read_text() == json.dumps(records, indent=2)
