"""The raw cache: CBS responses exactly as ``cbsodata.download_data(dir=...)`` writes them.

Layout: ``<raw_dir>/<table_id>/<Modified>/<EntitySet>.json`` (see docs/cbs-tables.md), each
file ``json.dump(records, f, indent=2)``. A folder is only ever created complete (written
aside, then renamed), so its existence means the table at that ``Modified`` is cached.

Beside ``TypedDataSet.json`` lies a columnar sidecar, ``TypedDataSet.parquet``: the same rows
with dimension keys stripped and dictionary-encoded and topics in their declared types. It is
written while the pages arrive (``DataSetWriter``) or on the first read of a JSON-only folder;
any read takes it when its mtime is at least the JSON's. Parsing the JSON (03759ned for every
municipality is ~0.7 GB) is the slow part of a cold rebuild, so it is done in bounded chunks,
column by column in Arrow, on every core, never holding the whole file.
"""

from __future__ import annotations

import io
import json
import os
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, repeat
from json.encoder import encode_basestring_ascii
from operator import itemgetter
from pathlib import Path
from typing import IO, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

DATA_SET = "TypedDataSet"
DATA_FILE = f"{DATA_SET}.json"
DATA_PARQUET = f"{DATA_SET}.parquet"
PROVENANCE_FILE = "provenance.json"
# Entity sets that are not dimensions: everything else that cbsodata writes is one.
NON_DIMENSION_FILES = {
    "TableInfos",
    "DataProperties",
    "CategoryGroups",
    "TypedDataSet",
    "UntypedDataSet",
    "provenance",
}
# Bytes of JSON parsed at a time; with a few chunks in flight this bounds the parse's memory.
_CHUNK_BYTES = 8 * 1024 * 1024
_PARSE_THREADS = max(1, min(4, os.cpu_count() or 1))
_ROW_GROUP_ROWS = 256 * 1024  # sidecar pages are buffered into row groups about this large
# Nothing filters the sidecar by row group, and statistics cost ~40% of writing it.
_PARQUET_OPTIONS = {"write_statistics": False}


@dataclass(frozen=True)
class RawTable:
    """One CBS table as cached: metadata, dimension entities and the data, keys stripped."""

    table_id: str
    folder: Path
    info: dict
    properties: list[dict]
    dimensions: dict[str, pd.DataFrame] = field(repr=False)
    data: pd.DataFrame = field(repr=False)
    # What the metadata lookups noticed (a code whose title says otherwise): etl.metadata.
    warnings: list[str] = field(default_factory=list, repr=False, compare=False)

    @property
    def modified(self) -> str:
        return str(self.info.get("Modified", ""))

    @property
    def title(self) -> str:
        return str(self.info.get("Title", self.table_id))


def modified_folder_name(modified: str) -> str:
    """``2024-07-01T02:00:00`` -> ``2024-07-01T02-00-00`` (no colons in paths)."""
    return modified.replace(":", "-")


def cached_folder(raw_dir: Path, table_id: str, modified: str) -> Path:
    return raw_dir / table_id / modified_folder_name(modified)


def newest_cached_folder(raw_dir: Path, table_id: str) -> Path | None:
    """The cached folder with the latest ``Modified`` for a table, or None."""
    table_dir = raw_dir / table_id
    if not table_dir.is_dir():
        return None
    folders = sorted(p for p in table_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    return folders[-1] if folders else None


def read_json(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def dimension_keys_of(properties: list[dict]) -> list[str]:
    return [p["Key"] for p in properties if str(p.get("Type", "")).endswith("Dimension")]


def load_raw_table(folder: Path) -> RawTable:
    """Read a cached table folder; dimension keys lose CBS's space padding."""
    folder = Path(folder)
    info_records = read_json(folder / "TableInfos.json")
    info = info_records[0] if info_records else {}
    properties = read_json(folder / "DataProperties.json")
    dimension_keys = dimension_keys_of(properties)
    dimensions = {}
    for key in dimension_keys:
        path = folder / f"{key}.json"
        frame = pd.DataFrame(read_json(path)) if path.exists() else pd.DataFrame(columns=["Key"])
        frame["Key"] = frame["Key"].astype(str).str.strip()
        dimensions[key] = frame
    data = read_data(folder, dimension_keys, properties)
    table_id = str(info.get("Identifier") or folder.parent.name)
    return RawTable(table_id, folder, info, properties, dimensions, data)


def read_data(
    folder: Path, dimension_keys: list[str], properties: list[dict] | None = None
) -> pd.DataFrame:
    """TypedDataSet as a frame, from the parquet sidecar when it is up to date."""
    json_path, parquet_path = folder / DATA_FILE, folder / DATA_PARQUET
    if sidecar_is_fresh(folder):
        return _to_frame(pq.read_table(parquet_path))
    table = parse_data_file(json_path, DataLayout.of(dimension_keys, properties or []))
    _write_sidecar(table, parquet_path)
    return _to_frame(table)


def data_row_count(folder: Path) -> int:
    """Rows in the folder's TypedDataSet: from the sidecar's footer when it is fresh, which
    costs nothing; otherwise by reading the data (and so writing the sidecar)."""
    folder = Path(folder)
    if sidecar_is_fresh(folder):
        return pq.ParquetFile(folder / DATA_PARQUET).metadata.num_rows
    properties = read_json(folder / "DataProperties.json")
    return len(read_data(folder, dimension_keys_of(properties), properties))


def sidecar_is_fresh(folder: Path) -> bool:
    json_path, parquet_path = Path(folder) / DATA_FILE, Path(folder) / DATA_PARQUET
    return parquet_path.exists() and (
        not json_path.exists() or parquet_path.stat().st_mtime >= json_path.stat().st_mtime
    )


def _to_frame(table: pa.Table) -> pd.DataFrame:
    """The table as a frame; the table is unusable afterwards. Dictionary columns become
    categoricals, chunks with different dictionaries unified in order of first appearance,
    so a frame is the same however the rows were chunked."""
    # self_destruct frees each Arrow column once converted (split_blocks: no consolidating
    # copy), and the pool hands freed memory back: the raw data is not held twice while the
    # pipeline goes on to its own, larger, frames.
    frame = table.to_pandas(self_destruct=True, split_blocks=True)
    del table
    pa.default_memory_pool().release_unused()
    return frame


def _write_sidecar(table: pa.Table, path: Path) -> None:
    # A folder without its owner's write bit (../shared's snapshot) is left as it is, even
    # for root, whom the permission check itself would let through.
    if not path.parent.stat().st_mode & stat.S_IWUSR:
        return
    part = path.with_name(path.name + ".part")
    try:
        pq.write_table(table.unify_dictionaries(), part, **_PARQUET_OPTIONS)
        part.replace(path)
    except OSError:
        part.unlink(missing_ok=True)  # a read-only cache (e.g. ../shared): parse again next time


# -- the declared column types ------------------------------------------------------------

_ARROW_TYPES = {
    "Long": pa.int64(),
    "Integer": pa.int64(),
    "Short": pa.int64(),
    "Double": pa.float64(),
    "Float": pa.float64(),
    "Decimal": pa.float64(),
    "String": pa.string(),
}


@dataclass(frozen=True)
class DataLayout:
    """What the data set's fields are: dimension keys (strings, stripped, dictionary-encoded)
    and, from DataProperties, each topic's type. ``ID`` is CBS's integer row key."""

    dimension_keys: tuple[str, ...]
    types: dict[str, pa.DataType]  # in CBS's record order: ID, dimensions, topics

    @classmethod
    def of(cls, dimension_keys: Iterable[str], properties: list[dict]) -> DataLayout:
        dims = tuple(dimension_keys)
        types = {"ID": pa.int64()} | {key: pa.string() for key in dims}
        types |= {
            p["Key"]: _ARROW_TYPES[p["Datatype"]]
            for p in properties
            if p.get("Type") == "Topic"
            and p.get("Datatype") in _ARROW_TYPES
            and p["Key"] not in dims
        }
        return cls(dims, types)

    @classmethod
    def from_properties(cls, properties: list[dict]) -> DataLayout:
        return cls.of(dimension_keys_of(properties), properties)

    def empty_table(self) -> pa.Table:
        return pa.table(
            {
                name: pa.array([], pa.dictionary(pa.int32(), pa.string()))
                if name in self.dimension_keys
                else pa.array([], kind)
                for name, kind in self.types.items()
            }
        )


# -- writing: cbsodata's layout, one page at a time ---------------------------------------


def write_entity_set(folder: Path, name: str, records: list) -> Path:
    """``<name>.json`` exactly as cbsodata's ``_save_data`` writes it."""
    path = Path(folder) / f"{name}.json"
    with open(path, "w", encoding="utf-8") as f:
        json.dump(records, f, indent=2)
    return path


# json escapes every control character, so a raw NUL never occurs inside its output: joining
# a column's values with it and splitting again gives exactly the literals json wrote.
_NUL = "\x00"


def indented_records(records: list) -> str:
    """The records as ``json.dump(all_records, f, indent=2)`` lays them out between its
    brackets: each at indent level 1, joined by ``",\\n"`` (``""`` for none). A page written
    this way, pages joined by ``",\\n"``, is byte for byte the dump of the whole list."""
    if not records:
        return ""
    flat = _indented_flat_records(records)
    if flat is not None:
        return flat
    return json.dumps(records, indent=2)[2:-2]  # json's own layout of the page, less "[\n" "\n]"


def _indented_flat_records(records: list) -> str | None:
    """The same text for the usual page (records with the same keys in the same order and
    scalar values) at C speed: json's pure-Python indenting encoder takes ~17 µs a record,
    which for 03759ned would be a minute. None when the page is not like that."""
    first = records[0]
    if type(first) is not dict or not first:
        return None
    keys = tuple(first)
    literal_columns: list[list[str]] = []
    try:
        if not all(map(keys.__eq__, map(tuple, records))):
            return None
        for key in keys:
            literals = _value_literals(list(map(itemgetter(key), records)))
            if literals is None:
                return None
            literal_columns.append(literals)
    except (TypeError, KeyError):  # a record that is not a dict
        return None
    count = len(records)
    heads = [",\n  {\n    " + encode_basestring_ascii(keys[0]) + ": "]
    heads += [",\n    " + encode_basestring_ascii(key) + ": " for key in keys[1:]]
    pieces: list[Iterable[str]] = []
    for head, literals in zip(heads, literal_columns, strict=True):
        pieces += (repeat(head, count), literals)
    pieces.append(repeat("\n  }", count))
    return "".join(chain.from_iterable(zip(*pieces, strict=True)))[2:]


def _value_literals(values: list) -> list[str] | None:
    """Each value as json writes a scalar; None if any value is a list or an object, whose
    indented layout differs from the compact one."""
    text = json.dumps(values, separators=(_NUL, ": "))
    if text.startswith(("[[", "[{")) or _NUL + "[" in text or _NUL + "{" in text:
        return None
    literals = text[1:-1].split(_NUL)
    return literals if len(literals) == len(values) else None


class DataSetWriter:
    """Writes ``<name>.json`` page by page as cbsodata writes the whole list, and for the data
    set its parquet sidecar alongside, so nothing has to parse the JSON again.

    Files are written under ``.part`` names and renamed on ``close()``, the sidecar last, so
    its mtime is never older than the JSON's. Used as a context manager, an exception removes
    both. The sidecar is best effort: a page it cannot type is left to ``read_data``."""

    def __init__(self, folder: Path, properties: list[dict] | None, name: str = DATA_SET):
        self.path = Path(folder) / f"{name}.json"
        self._part = self.path.with_name(self.path.name + ".part")
        self._file: IO[bytes] = open(self._part, "wb")  # noqa: SIM115 - closed in close/abort
        self.rows = 0
        self._sidecar = (
            _SidecarWriter(Path(folder) / DATA_PARQUET, DataLayout.from_properties(properties))
            if properties is not None and name == DATA_SET
            else None
        )

    def write_page(self, records: list) -> None:
        text = indented_records(records).encode("utf-8")
        if not text:
            return
        self._file.write(b",\n" if self.rows else b"[\n")
        self._file.write(text)
        self.rows += len(records)
        if self._sidecar is not None:
            self._sidecar.add(text)

    def close(self) -> int:
        """Finish both files; returns the number of rows."""
        self._file.write(b"\n]" if self.rows else b"[]")
        self._file.close()
        self._part.replace(self.path)
        if self._sidecar is not None:
            self._sidecar.close(self.path)
        return self.rows

    def abort(self) -> None:
        self._file.close()
        self._part.unlink(missing_ok=True)
        if self._sidecar is not None:
            self._sidecar.abort()

    def __enter__(self) -> DataSetWriter:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is not None:
            self.abort()


class _SidecarWriter:
    def __init__(self, path: Path, layout: DataLayout):
        self.path, self.layout = path, layout
        self._part = path.with_name(path.name + ".part")
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self._writer: pq.ParquetWriter | None = None
        self._schema: pa.Schema | None = None
        self._failed = False

    def add(self, records_text: bytes) -> None:
        if self._failed:
            return
        try:
            table = parse_records_text(records_text, self.layout)
        except (ValueError, TypeError, pa.ArrowException):
            self.abort()  # not records we can type: read_data will deal with the JSON
            return
        self._pending.append(table)
        self._pending_rows += table.num_rows
        if self._pending_rows >= _ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._pending or self._failed:
            return
        try:
            table = pa.concat_tables(self._pending, promote_options="permissive")
            table = table.unify_dictionaries()
            if self._writer is None:
                self._schema = table.schema
                self._writer = pq.ParquetWriter(self._part, table.schema, **_PARQUET_OPTIONS)
            elif table.schema != self._schema:
                table = table.cast(self._schema)
            self._writer.write_table(table)
        except (ValueError, TypeError, pa.ArrowException):
            self.abort()  # pages typed differently: read_data will parse the JSON instead
        self._pending, self._pending_rows = [], 0

    def close(self, json_path: Path) -> None:
        self._flush()
        if self._writer is None or self._failed:
            self.abort()
            return
        self._writer.close()
        json_mtime = json_path.stat().st_mtime_ns
        if self._part.stat().st_mtime_ns < json_mtime:  # a coarse or stepped clock
            os.utime(self._part, ns=(json_mtime, json_mtime))
        self._part.replace(self.path)

    def abort(self) -> None:
        self._failed = True
        self._pending = []
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        self._part.unlink(missing_ok=True)


# -- reading: bounded chunks, parsed column by column -------------------------------------


def parse_data_file(path: Path, layout: DataLayout) -> pa.Table:
    """The data set in ``path`` as one Arrow table (dimension columns dictionary-encoded)."""
    with open(path, "rb") as f:
        chunks = _indented_chunks(f)
        if chunks is None:
            tables = [_table_from_records(records, layout) for records in _other_json(path)]
        else:
            first = next(chunks, None)
            keys = _first_record_keys(first) if first is not None else []
            tables = _map_bounded(
                lambda text: parse_records_text(text, layout, keys),
                chain([first] if first is not None else [], chunks),
                _PARSE_THREADS,
            )
    tables = [t for t in tables if t.num_rows]
    if not tables:
        return layout.empty_table()
    return pa.concat_tables(tables, promote_options="permissive")


_T = TypeVar("_T")
_R = TypeVar("_R")


def _map_bounded(function: Callable[[_T], _R], items: Iterable[_T], workers: int) -> list[_R]:
    """``map`` on a thread pool with at most ``workers + 1`` items read ahead (Executor.map
    would read every chunk of the file first). Arrow and numpy release the GIL."""
    if workers <= 1:
        return [function(item) for item in items]
    results: list[_R] = []
    with ThreadPoolExecutor(workers) as pool:
        pending: deque = deque()
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) > workers:
                results.append(pending.popleft().result())
        results.extend(future.result() for future in pending)
    return results


# Between two records of json.dump(indent=2): "  }" closes one, ",\n" separates, "  {" opens.
# A raw newline cannot occur inside a JSON string and a nested value is indented deeper, so
# this only ever matches between records.
_BETWEEN_RECORDS = b"\n  },\n  {"
_INDENTED_START = b"[\n  {"


def _indented_chunks(f: io.BufferedReader) -> Iterator[memoryview] | None:
    """Chunks of whole records (``"  {...}"`` joined by ``",\\n"``) of a file in cbsodata's
    layout; None when the file is laid out any other way."""
    start = f.read(len(_INDENTED_START))
    if start != _INDENTED_START:
        return None
    return _chunks_after_start(f, start[2:])


def _chunks_after_start(f: io.BufferedReader, rest: bytes) -> Iterator[memoryview]:
    # Each chunk is read into its own buffer and handed out as a view of it: the reading
    # thread copies nothing big while the parsing threads work (it holds the GIL to copy).
    while True:
        buffer = bytearray(len(rest) + _CHUNK_BYTES)
        buffer[: len(rest)] = rest
        view = memoryview(buffer)
        read = f.readinto(view[len(rest) :])
        size = len(rest) + read
        if not read:
            end = bytes(view[:size]).rstrip()
            if not end.endswith(b"]"):
                raise ValueError(f"{getattr(f, 'name', 'the data')} does not end its list")
            if end[:-1].strip():
                yield memoryview(end[:-1].rstrip())
            return
        cut = buffer.rfind(_BETWEEN_RECORDS, 0, size)
        if cut < 0:  # one record longer than a chunk: read on
            rest = bytes(view[:size])
            continue
        yield view[: cut + 4]
        rest = bytes(view[cut + 6 : size])


def _other_json(path: Path) -> Iterator[list]:
    """Records of a data file not in cbsodata's layout (hand-made caches, tests), ~64 MB at a
    time. Records are flat objects; CBS codes and numbers hold no braces, so the last "}"
    before a cut closes a record. If a value ever held one, json.loads fails loudly."""
    text = path.read_bytes()
    start, end = text.index(b"[") + 1, text.rindex(b"]")
    while start < end:
        cut = min(start + 64 * 1024 * 1024, end)
        if cut < end:
            cut = text.rindex(b"}", start, cut) + 1
        chunk = text[start:cut].strip().strip(b",")
        if chunk:
            yield json.loads(b"[" + chunk + b"]")
        start = cut


class _NotFixedLayout(ValueError):
    """A chunk whose records do not all have the first record's fields, one per line."""


def parse_records_text(
    text: bytes | memoryview, layout: DataLayout, keys: list[str] | None = None
) -> pa.Table:
    """Records laid out as ``indented_records`` writes them, as an Arrow table; ``keys``:
    the fields expected in every record (by default, the first record's)."""
    try:
        return _parse_fixed_layout(text, layout, _first_record_keys(text) if keys is None else keys)
    except (_NotFixedLayout, pa.ArrowInvalid):
        return _table_from_records(json.loads(b"[" + bytes(text) + b"]"), layout)


def _first_record_keys(text: bytes | memoryview) -> list[str]:
    """The first record's fields ([] when it is not a flat object: the chunk goes to json)."""
    window = 1 << 16
    while True:
        head = bytes(text[:window])
        end = head.find(b"\n  }")
        if end >= 0 or len(head) < window:
            break
        window *= 4
    try:
        first = json.loads(head[: end + 4]) if end >= 0 else None
    except json.JSONDecodeError:
        first = None
    return list(first) if isinstance(first, dict) else []


def _parse_fixed_layout(text: bytes | memoryview, layout: DataLayout, keys: list[str]) -> pa.Table:
    """Every record is ``"  {"``, then one line ``    "<key>": <value>,`` per field in
    ``keys`` order, then ``"  }"``: so field j of every record is line j + 1 of each group
    of len(keys) + 2 lines. Every line is checked; any other layout raises."""
    if not keys:
        raise _NotFixedLayout("the first record is not a flat object with fields")
    period = len(keys) + 2
    buffer = np.frombuffer(text, np.uint8)
    newlines = np.flatnonzero(buffer == ord("\n"))
    line_count = len(newlines) + 1
    if line_count % period:
        raise _NotFixedLayout("the records do not all have the same number of lines")
    starts = np.empty(line_count, np.int64)
    starts[0], starts[1:] = 0, newlines + 1
    _expect_braces(buffer, starts, period)
    # Every line as one binary array over the chunk's own bytes (no copy); a line keeps its
    # newline, so a field line ends with ",\n" or, for the last field, "\n".
    offsets = np.append(starts, len(buffer)).astype(np.int32)
    lines = pa.Array.from_buffers(
        pa.binary(), line_count, [None, pa.py_buffer(offsets), pa.py_buffer(text)]
    )
    columns = {}
    for j, key in enumerate(keys):
        field_lines = lines.take(pa.array(np.arange(j + 1, line_count, period)))
        prefix = f"    {encode_basestring_ascii(key)}: ".encode()
        suffix = b"\n" if j == len(keys) - 1 else b",\n"
        columns[key] = _field_column(field_lines, key, prefix, suffix, layout)
    return pa.table(columns)


_OPENING_LINE = int.from_bytes(b"  {\n", "little")
_CLOSING_LINE = int.from_bytes(b"  },", "little")  # and a newline, but not after the last


def _expect_braces(buffer: np.ndarray, starts: np.ndarray, period: int) -> None:
    """Each record opens with the line "  {" and closes with "  }," ("  }" for the last)."""
    # The four bytes from every position as one little-endian word: a view with a stride of
    # one byte, so checking a whole line is one gather instead of one per byte.
    words = np.ndarray((max(0, len(buffer) - 3),), "<u4", buffer, 0, (1,))
    opening, closing = starts[0::period], starts[period - 1 :: period]
    if not (
        len(buffer) >= 4
        and (words[opening] == _OPENING_LINE).all()
        and (words[closing[:-1]] == _CLOSING_LINE).all()
        and (buffer[closing[:-1] + 4] == ord("\n")).all()
        and bytes(buffer[closing[-1] :]) == b"  }"
    ):
        raise _NotFixedLayout("a record that does not open with '  {' and close with '  }'")


def _field_column(
    field_lines: pa.Array, key: str, prefix: bytes, suffix: bytes, layout: DataLayout
) -> pa.Array:
    declared = layout.types.get(key)
    if declared == pa.string():
        return _string_column(field_lines, key, prefix, suffix, layout)
    if not pc.all(
        pc.and_(pc.starts_with(field_lines, prefix), pc.ends_with(field_lines, suffix))
    ).as_py():
        raise _NotFixedLayout(f"a line of field {key} in another place")
    literals = pc.binary_slice(field_lines, len(prefix), -len(suffix))
    nulls = pc.equal(literals, pa.scalar(b"null", pa.binary()))
    if pc.any(nulls).as_py():
        literals = pc.if_else(nulls, pa.scalar(None, pa.binary()), literals)
    text = pc.cast(literals, pa.string())
    if declared is not None:
        # Arrow's casts take JSON's number syntax for these types; anything else (a float in
        # a Long topic, a quoted number) raises ArrowInvalid and the chunk goes to json.
        return pc.cast(text, declared)
    first = pc.drop_null(literals)[:1].to_pylist()
    if first and first[0].startswith(b'"'):
        return _string_column(field_lines, key, prefix, suffix, layout)
    try:  # an undeclared field: the type json would give, as Arrow infers it from objects
        return pc.cast(text, pa.int64())
    except pa.ArrowInvalid:
        return pc.cast(text, pa.float64())


def _string_column(
    field_lines: pa.Array, key: str, prefix: bytes, suffix: bytes, layout: DataLayout
) -> pa.Array:
    """Dimension keys and string topics: the few distinct lines are decoded by json itself
    (escapes and all); dimension keys lose their padding and stay dictionary-encoded."""
    encoded = field_lines.dictionary_encode()
    values = []
    for line in encoded.dictionary.to_pylist():
        if not (line.startswith(prefix) and line.endswith(suffix)):
            raise _NotFixedLayout(f"a line of field {key} in another place")
        value = json.loads(line[len(prefix) : -len(suffix)])
        if value is not None and not isinstance(value, str):
            raise _NotFixedLayout(f"field {key} holds a {type(value).__name__}")
        values.append(value)
    if key not in layout.dimension_keys:
        return pa.array(values, pa.string()).take(encoded.indices)
    return _stripped_dictionary(encoded.indices, values)


def _stripped_dictionary(indices: pa.Array, values: list[str | None]) -> pa.DictionaryArray:
    """Dictionary of the stripped keys; two paddings of one key become one entry."""
    stripped = [None if v is None else v.strip() for v in values]
    distinct = list(dict.fromkeys(v for v in stripped if v is not None))
    position = {v: i for i, v in enumerate(distinct)}
    remap = pa.array([None if v is None else position[v] for v in stripped], pa.int32())
    if len(distinct) != len(values):
        indices = remap.take(indices)
    return pa.DictionaryArray.from_arrays(indices, pa.array(distinct, pa.string()))


def _table_from_records(records: list, layout: DataLayout) -> pa.Table:
    """The general path, from json's own objects: any layout, any mix of fields."""
    if not all(isinstance(r, dict) for r in records):
        raise ValueError("the data set holds something other than records")
    names = list(dict.fromkeys(key for record in records for key in record))
    columns = {}
    for name in names:
        values = [record.get(name) for record in records]
        if name in layout.dimension_keys:
            keys = [None if v is None else str(v) for v in values]
            column = pa.array(keys, pa.string()).dictionary_encode()
            columns[name] = _stripped_dictionary(column.indices, column.dictionary.to_pylist())
        else:
            columns[name] = _typed_array(name, values, layout.types.get(name))
    return pa.table(columns)


def _typed_array(name: str, values: list, declared: pa.DataType | None) -> pa.Array:
    if declared is not None:
        try:
            return pa.array(values, declared)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
            pass  # CBS sent another type than it declared: keep what it sent
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError) as exc:
        raise ValueError(f"field {name} of the data set mixes kinds of values ({exc})") from exc
