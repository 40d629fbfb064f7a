"""Forecast against reality (issue 15, part 4): where the realised population lies against
each forecast edition's 67% band, and since when.

Pure: rows in, verdicts out; no store, no texts. An *edition* is one forecast table: the
rows of the forecast indicator that share a ``source`` (85173NED is "Regionale prognose
2023-2050"; an older edition the ETL publishes next to it is another source), named by its
first and last year.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

ABOVE = "above"  # realised above the upper bound: growing faster than forecast
BELOW = "below"  # below the lower bound: growing more slowly
INSIDE = "inside"  # within the band (bounds included)
POSITIONS = (ABOVE, BELOW, INSIDE)


class Realised(NamedTuple):
    year: int
    value: float
    status: str  # definitief / voorlopig


class BandPoint(NamedTuple):
    year: int
    forecast: float
    lower: float | None
    upper: float | None

    @property
    def has_band(self) -> bool:
        """A band with width: the forecast's first year has lower == upper == the forecast
        (it is the population the forecast starts from, in CBS's rounding to hundreds, not
        a forecast), and an area CBS gives no interval for has none at all."""
        return self.lower is not None and self.upper is not None and self.upper > self.lower


@dataclass(frozen=True)
class Edition:
    source: str  # the forecast table's id
    band: tuple[BandPoint, ...]  # by year, never empty
    # The years the edition runs, also when ``band`` is cut to the years shown (its name
    # stays "2023–2050").
    span: tuple[int, int] | None = None

    @property
    def first_year(self) -> int:
        return self.band[0].year

    @property
    def last_year(self) -> int:
        return self.band[-1].year

    @property
    def label(self) -> str:
        """ "2023–2050", as CBS titles the edition ("Regionale prognose 2023-2050")."""
        first, last = self.span or (self.first_year, self.last_year)
        return f"{first}–{last}"

    def until(self, year: int) -> Edition:
        """The edition's band up to ``year`` (inclusive), keeping its name; the first year
        must be kept, so a band is never empty."""
        kept = tuple(p for p in self.band if p.year <= year) or self.band[:1]
        return Edition(self.source, kept, self.span or (self.first_year, self.last_year))


class YearCheck(NamedTuple):
    year: int
    realised: float
    status: str
    forecast: float
    lower: float
    upper: float
    position: str


@dataclass(frozen=True)
class Verdict:
    edition: Edition
    checks: tuple[YearCheck, ...]  # the years with both a realised value and a band

    @property
    def position(self) -> str | None:
        """Where the newest compared year lies; None when no year can be compared."""
        return self.checks[-1].position if self.checks else None

    @property
    def since(self) -> int | None:
        """The first year of the last run of years outside the band on the same side (the
        run the newest year belongs to); None when the newest year is inside or absent."""
        if not self.checks or self.position == INSIDE:
            return None
        start = self.checks[-1].year
        for check in reversed(self.checks):
            if check.position != self.position:
                break
            start = check.year
        return start

    @property
    def last_year(self) -> int | None:
        return self.checks[-1].year if self.checks else None


def position_of(value: float, lower: float, upper: float) -> str:
    if value > upper:
        return ABOVE
    if value < lower:
        return BELOW
    return INSIDE


def editions_of(
    rows: Iterable[tuple[str, int, float, float | None, float | None]],
) -> list[Edition]:
    """``(source, year, forecast, lower, upper)`` rows of one region -> its editions, oldest
    first (by first year, then id). Missing bounds (NaN) become None."""
    by_source: dict[str, list[BandPoint]] = {}
    for source, year, value, lower, upper in rows:
        by_source.setdefault(str(source), []).append(
            BandPoint(int(year), float(value), _number(lower), _number(upper))
        )
    editions = [
        Edition(source, tuple(sorted(points, key=lambda p: p.year)))
        for source, points in by_source.items()
        if points
    ]
    return sorted(editions, key=lambda e: (e.first_year, e.source))


def _number(value: float | None) -> float | None:
    if value is None or value != value:  # NaN: a summed area has no interval
        return None
    return float(value)


def check_edition(realised: Sequence[Realised], edition: Edition) -> Verdict:
    """Each year with a realised value and a band of ``edition``: above, below or inside."""
    observed = {r.year: r for r in realised}
    checks = []
    for point in edition.band:
        seen = observed.get(point.year)
        if seen is None or not point.has_band:
            continue
        assert point.lower is not None and point.upper is not None  # has_band says so
        checks.append(
            YearCheck(
                point.year,
                seen.value,
                seen.status,
                point.forecast,
                point.lower,
                point.upper,
                position_of(seen.value, point.lower, point.upper),
            )
        )
    return Verdict(edition, tuple(checks))


def newest_compared(verdicts: Sequence[Verdict]) -> Verdict | None:
    """The verdict the finding title tells: of the newest edition that can be compared."""
    compared = [v for v in verdicts if v.checks]
    return max(compared, key=lambda v: (v.edition.first_year, v.edition.source), default=None)
