"""Resolve CBS codes and topic keys from a table's own metadata, never by guessing.

CBS renumbers topic suffixes between editions (``NettoArbeidsparticipatie_3`` may become
``_5``) and pads keys, so every lookup goes by key prefix or title and raises
:class:`MetadataError` naming the table and the missing item when it is not there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd


class MetadataError(LookupError):
    """An item the ETL expects is missing from a CBS table's metadata."""

    def __init__(self, table_id: str, item: str, hint: str = ""):
        self.table_id, self.item = table_id, item
        message = f"CBS table {table_id}: {item} not found in its metadata"
        super().__init__(f"{message}. {hint}".strip() if hint else message)


def topic_key(table_id: str, properties: list[dict], prefix: str) -> str:
    """The topic whose key is ``prefix`` followed by its position number (``Immigratie_10``)."""
    pattern = re.compile(rf"^{re.escape(prefix.rstrip('_'))}_\d+$")
    matches = [p["Key"] for p in properties if p.get("Type") == "Topic" and pattern.match(p["Key"])]
    if len(matches) != 1:
        found = "none" if not matches else ", ".join(matches)
        raise MetadataError(table_id, f"topic '{prefix}*' (found: {found})",
                            "CBS may have renamed it; check the table's DataProperties.")
    return matches[0]


def dimension_key(table_id: str, properties: list[dict], *, key: str | None = None,
                  kind: str | None = None, title_contains: str | None = None) -> str:
    """A dimension by exact key, by type (``GeoDimension``, ``TimeDimension``) or title."""
    dims = [p for p in properties if str(p.get("Type", "")).endswith("Dimension")]
    for p in dims:
        if key is not None and p["Key"] == key:
            return p["Key"]
        if kind is not None and p.get("Type") == kind:
            return p["Key"]
        if title_contains is not None and title_contains.lower() in str(p.get("Title", "")).lower():
            return p["Key"]
    wanted = key or kind or f"title containing '{title_contains}'"
    raise MetadataError(table_id, f"dimension {wanted}")


def dimension_keys(properties: list[dict]) -> list[str]:
    return [p["Key"] for p in properties if str(p.get("Type", "")).endswith("Dimension")]


def require_code(table_id: str, dimension: str, entity: pd.DataFrame, code: str) -> str:
    """Check that a code exists in a dimension entity (keys compared stripped)."""
    if code not in set(entity["Key"].astype(str).str.strip()):
        raise MetadataError(table_id, f"code '{code}' in dimension {dimension}")
    return code


def total_code(table_id: str, dimension: str, entity: pd.DataFrame) -> str:
    """The 'total' member of a dimension: key starting ``T00`` or title starting ``Totaal``."""
    keys = entity["Key"].astype(str).str.strip()
    titles = entity["Title"].astype(str).str.strip().str.lower()
    by_key = keys[keys.str.startswith("T00")]
    if len(by_key) >= 1:
        return by_key.iloc[0]
    by_title = keys[titles.str.startswith("totaal")]
    if len(by_title) >= 1:
        return by_title.iloc[0]
    raise MetadataError(table_id, f"total ('T00…' or 'Totaal…') in dimension {dimension}")


@dataclass(frozen=True)
class AgeClass:
    """An age class as CBS titles it: ``[lower, upper)`` in years; ``upper`` None when open."""

    code: str
    title: str
    lower: int
    upper: int | None

    def label(self) -> str:
        return f"{self.lower}+" if self.upper is None else f"{self.lower}-{self.upper - 1}"


_TOT = re.compile(r"^(\d+) tot (\d+) jaar$")
_OPEN = re.compile(r"^(\d+) jaar of ouder$")
_SINGLE = re.compile(r"^(\d+) jaar$")
_YOUNGER = re.compile(r"^jonger dan (\d+) jaar$")


def parse_age_title(code: str, title: str) -> AgeClass | None:
    """``'20 tot 25 jaar'`` -> [20, 25); ``'95 jaar of ouder'`` -> [95, None); ``'7 jaar'`` ->
    [7, 8); ``'Jonger dan 5 jaar'`` -> [0, 5); anything else (totals) -> None."""
    t = title.strip().lower()
    if m := _TOT.match(t):
        return AgeClass(code, title, int(m[1]), int(m[2]))
    if m := _OPEN.match(t):
        return AgeClass(code, title, int(m[1]), None)
    if m := _SINGLE.match(t):
        return AgeClass(code, title, int(m[1]), int(m[1]) + 1)
    if m := _YOUNGER.match(t):
        return AgeClass(code, title, 0, int(m[1]))
    return None


def age_classes(entity: pd.DataFrame) -> list[AgeClass]:
    pairs = zip(entity["Key"], entity["Title"], strict=True)
    parsed = (parse_age_title(str(k).strip(), str(t)) for k, t in pairs)
    return [c for c in parsed if c is not None]


def closest_band(table_id: str, classes: list[AgeClass], lower: int, upper_inclusive: int
                 ) -> list[AgeClass]:
    """The run of adjacent published classes that best covers ages ``lower..upper_inclusive``.

    CBS publishes moves and migration in classes (e.g. five-year), not single years, so the
    18-35 band can only be approximated; we take the contiguous union of classes whose
    symmetric difference with the wanted band is smallest (ties: the narrower union).
    """
    closed = sorted({(c.lower, c.upper): c for c in classes if c.upper is not None}.values(),
                    key=lambda c: (c.lower, c.upper))
    want = set(range(lower, upper_inclusive + 1))
    best: tuple[int, int, list[AgeClass]] | None = None
    for i, first in enumerate(closed):
        run = [first]
        while True:
            covered = set(range(run[0].lower, run[-1].upper))
            score = (len(covered ^ want), len(covered))
            if covered & want and (best is None or score < best[:2]):
                best = (*score, list(run))
            following = [c for c in closed[i + 1:] if c.lower == run[-1].upper]
            if not following:
                break
            run.append(min(following, key=lambda c: c.upper))
    if best is None:
        raise MetadataError(table_id, f"age classes covering {lower}-{upper_inclusive}")
    return best[2]
