"""Writing entity sets exactly as ``cbsodata.download_data(dir=...)`` does, only faster.

cbsodata saves every entity set with ``json.dump(records, f, indent=2)``. For metadata that is
what we call too. ``TypedDataSet`` of a nationwide table has millions of rows, and ``json.dump``
with ``indent`` always runs the pure-Python encoder (the C encoder is used only without
indentation), so the data set is formatted here from pre-encoded columns instead. The bytes are
the same as ``json.dump`` would write (tests compare them).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

_CHUNK_ROWS = 100_000


def write_json(path: Path, records: list[dict]) -> None:
    """One entity set, formatted as cbsodata formats it."""
    with open(path, "w") as f:
        json.dump(records, f, indent=2)


class Column:
    """One field of ``TypedDataSet``; rows are turned into JSON literals a chunk at a time."""

    def __init__(self, name: str, kind: str, values, *, keys: Sequence[str] | None = None):
        self.name, self.kind, self.values = name, kind, values
        if kind == "key":  # values index into keys
            self.literals = np.array([json.dumps(k) for k in keys or ()], dtype=object)
        elif kind not in ("int", "float", "str"):
            raise ValueError(kind)

    def __len__(self) -> int:
        return len(self.values)

    def encode(self, start: int, stop: int) -> list[str]:
        chunk = self.values[start:stop]
        if self.kind == "key":
            return self.literals[np.asarray(chunk, dtype=np.intp)].tolist()
        if self.kind == "int":  # int64 array; a masked array's masked cells are null
            data = np.ma.getdata(chunk).astype(np.int64).tolist()
            mask = np.ma.getmaskarray(chunk).tolist()
            return ["null" if m else str(v) for v, m in zip(data, mask, strict=True)]
        if self.kind == "float":  # NaN is null
            return ["null" if v != v else repr(v + 0.0) for v in np.asarray(chunk).tolist()]
        return ["null" if v is None else json.dumps(v) for v in chunk]


def write_typed_dataset(path: Path, columns: list[Column]) -> int:
    """Write ``TypedDataSet.json``; returns the row count.

    The layout is byte-for-byte that of ``json.dump(list_of_dicts, f, indent=2)``.
    Floats are written as ``json`` writes them (``repr``); ``+ 0.0`` turns -0.0 into 0.0, as
    CBS prints it.
    """
    n = len(columns[0]) if columns else 0
    if any(len(c) != n for c in columns):
        raise ValueError("columns of unequal length")
    with open(path, "w") as f:
        if n == 0:
            f.write("[]")
            return 0
        fields = ",\n".join(f"    {json.dumps(c.name)}: %s" for c in columns)
        template = "  {\n" + fields + "\n  }"
        f.write("[\n")
        for start in range(0, n, _CHUNK_ROWS):
            stop = min(n, start + _CHUNK_ROWS)
            rows = zip(*(c.encode(start, stop) for c in columns), strict=True)
            if start:
                f.write(",\n")
            f.write(",\n".join(template % row for row in rows))
        f.write("\n]")
    return n


def largest_remainder(weights: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Integers along the last axis of ``weights`` that add up exactly to ``totals``.

    Each cell gets the floor of its proportional share; the cells with the largest remainders
    (ties: lowest index) get one more until the total is reached. Rows without weight are
    spread evenly.
    """
    w = np.asarray(weights, dtype=np.float64)
    t = np.asarray(totals, dtype=np.int64)
    if np.any(t < 0):
        raise ValueError("negative total for largest-remainder rounding")
    sums = w.sum(axis=-1, keepdims=True)
    w = np.where(sums > 0, w, 1.0)
    sums = w.sum(axis=-1, keepdims=True)
    exact = w / sums * t[..., None]
    base = np.floor(exact).astype(np.int64)
    short = t - base.sum(axis=-1)
    order = np.argsort(-(exact - base), axis=-1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(w.shape[-1])[(None,) * (w.ndim - 1)], axis=-1)
    return base + (rank < short[..., None])
