"""What a chart shows, as a list of :class:`Point` rows: select, rescale (per 1,000, index).

Every function returns rows in display order (focus first), so the chart, the table, the
summary and the CSV are all made from the same rows and cannot disagree. Rows are plain
named tuples rather than DataFrames because a callback handles a few dozen values and pandas
spends far longer per operation on such tiny frames than the loop itself takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from dashboard.data.store import MEN, PROVISIONAL, TOTAL, WOMEN, Store


class Point(NamedTuple):
    region_code: str
    region: str
    year: int
    value: float
    status: str
    lower: float | None = None
    upper: float | None = None


@dataclass
class Selection:
    """Rows to show plus the regions that had to be left out of an index, if any."""

    rows: list[Point]
    no_index: list[str] = field(default_factory=list)


def select_series(
    store: Store,
    indicator: str,
    regions: list[str],
    van: int | None,
    tot: int | None,
    *,
    per_1000_of: str | None = None,
    basisjaar: int | None = None,
) -> Selection:
    """The rows of ``indicator`` for ``regions`` within ``van..tot`` (both inclusive).

    ``per_1000_of`` divides by another indicator of the same region and year (e.g. net
    migration per 1,000 inhabitants) — the counts are sums for aggregates, so the ratio is
    right for Twente too. ``basisjaar`` turns every region into an index with that year = 100;
    a region without a positive value in the base year cannot be indexed and is listed in
    ``no_index`` instead of shown.
    """
    rows: list[Point] = []
    no_index: list[str] = []
    for region in regions:
        data = store.get_series(indicator, region)
        if data is None:
            continue
        name = store.name(region)
        scale = {}
        if per_1000_of:
            denominator = store.get_series(per_1000_of, region)
            if denominator is None:
                continue
            scale = {
                y: 1000 / v for y, v in zip(denominator.years, denominator.values, strict=True) if v
            }
        factor = 1.0
        if basisjaar is not None:
            base = data.value_in(basisjaar)
            if base is not None and per_1000_of:
                base = base * scale[basisjaar] if basisjaar in scale else None
            if base is None or not base > 0:
                no_index.append(region)
                continue
            factor = 100 / base
        region_rows = []
        for year, value, status, lower, upper in zip(
            data.years, data.values, data.statuses, data.lowers, data.uppers, strict=True
        ):
            if (van is not None and year < van) or (tot is not None and year > tot):
                continue
            if per_1000_of:
                if year not in scale:
                    continue
                value *= scale[year]
            region_rows.append(
                Point(
                    region,
                    name,
                    year,
                    value * factor,
                    status,
                    None if lower is None else lower * factor,
                    None if upper is None else upper * factor,
                )
            )
        if region_rows:
            rows.extend(region_rows)
    return Selection(rows=rows, no_index=no_index)


def provisional_years(rows: list[Point]) -> list[int]:
    return sorted({p.year for p in rows if p.status == PROVISIONAL})


def rows_of(rows: list[Point], region: str) -> list[Point]:
    return sorted((p for p in rows if p.region_code == region), key=lambda p: p.year)


def first_and_last(rows: list[Point], region: str) -> tuple[Point, Point] | None:
    own = rows_of(rows, region)
    return (own[0], own[-1]) if own else None


class Ranked(NamedTuple):
    rank: int
    point: Point


def ranking(store: Store, indicator: str, year: int, regions: list[str]) -> list[Ranked]:
    """One row per region for ``year``, highest first (ties by name), ranks from 1."""
    wanted = set(regions)
    points = [
        Point(code, store.name(code), year, value, status)
        for code, value, status in store.year_values(indicator, year)
        if code in wanted
    ]
    points.sort(key=lambda p: (-p.value, p.region))
    return [Ranked(position, point) for position, point in enumerate(points, start=1)]


@dataclass(frozen=True)
class PyramidRow:
    age: int
    age_open: bool
    men: int
    women: int
    men_share: float  # % of all inhabitants
    women_share: float
    status: str


def pyramid_shares(store: Store, region: str, year: int) -> list[PyramidRow] | None:
    """Per age: men and women as % of all inhabitants (cached per store)."""

    def build() -> list[PyramidRow] | None:
        pyramid = store.pyramid(region, year)
        if pyramid is None or pyramid.empty:
            return None
        total = float(pyramid[TOTAL].sum())
        if total <= 0:
            return None
        return [
            PyramidRow(int(a), bool(o), int(m), int(w), m / total * 100, w / total * 100, str(s))
            for a, o, m, w, s in zip(
                pyramid["age"],
                pyramid["age_open"],
                pyramid[MEN],
                pyramid[WOMEN],
                pyramid["status"],
                strict=True,
            )
        ]

    return store.memo(("pyramid_shares", region, year), build)


def band_share(rows: list[PyramidRow], low: int = 18, high: int = 35) -> tuple[float, int]:
    """Share (%) and count of people aged ``low..high`` inclusive."""
    band = [r for r in rows if low <= r.age <= high and not r.age_open]
    return (sum(r.men_share + r.women_share for r in band), sum(r.men + r.women for r in band))
