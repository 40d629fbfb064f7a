"""Moves and migration of young people: 84547NED (domestic) and 85451NED (international).

CBS publishes these in age classes (five-year: '20 tot 25 jaar'), not single years, so the
programme's 18-35 band can only be approximated. Both tables and the population denominator
must use the *same* band, else the youth migration rate mixes two groups; :func:`youth_band`
picks the band closest to 18-35 that every table can build from its own classes.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import pandas as pd

from etl.metadata import AgeClass, MetadataError, age_classes, closest_band, dimension_keys
from etl.raw import RawTable
from etl.transform.common import KEYS, count_frame, select, stripped, topic_columns

PROGRAMME_LOWER, PROGRAMME_UPPER = 18, 35  # "18 tot en met 35 jaar"

DOMESTIC_TOPICS = {"GevestigdInDeGemeente": "settled_youth",
                   "VertrokkenUitDeGemeente": "departed_youth"}
INTERNATIONAL_TOPICS = {"Immigratie": "immigration_youth",
                        "EmigratieInclusiefAdministratieveC": "emigration_youth"}
DOMESTIC_COLUMNS = tuple(DOMESTIC_TOPICS.values())
INTERNATIONAL_COLUMNS = tuple(INTERNATIONAL_TOPICS.values())


@dataclass(frozen=True)
class YouthBand:
    """Ages ``lower`` up to and including ``upper_inclusive``."""

    lower: int
    upper_inclusive: int

    @property
    def label(self) -> str:
        """Dutch, as the definitions print it: ``'20 tot en met 34 jaar'``."""
        return f"{self.lower} tot en met {self.upper_inclusive} jaar"

    @property
    def label_en(self) -> str:
        return f"{self.lower} up to and including {self.upper_inclusive} years"


def age_dimension(t: RawTable) -> str:
    """The age dimension (``Leeftijd`` or ``Leeftijd31December``)."""
    found = [k for k in dimension_keys(t.properties) if k.startswith("Leeftijd")]
    if len(found) != 1:
        raise MetadataError(t.table_id, f"one age dimension 'Leeftijd*' (found: {found or 'none'})")
    return found[0]


def buildable_spans(classes: list[AgeClass]) -> dict[tuple[int, int], list[AgeClass]]:
    """Every age span ``[lower, upper)`` a run of adjacent closed classes covers, with the
    shortest such run (summing its classes gives the span's count)."""
    starting_at: dict[int, list[AgeClass]] = {}
    for c in classes:
        if c.upper is not None:
            starting_at.setdefault(c.lower, []).append(c)
    spans: dict[tuple[int, int], list[AgeClass]] = {}
    for start in sorted(starting_at):
        queue: deque[tuple[int, list[AgeClass]]] = deque([(start, [])])
        reached = {start}
        while queue:
            at, run = queue.popleft()
            for c in sorted(starting_at.get(at, []), key=lambda c: c.upper):
                spans.setdefault((start, c.upper), [*run, c])
                if c.upper not in reached:
                    reached.add(c.upper)
                    queue.append((c.upper, [*run, c]))
    return spans


def table_spans(t: RawTable) -> dict[tuple[int, int], list[AgeClass]]:
    return buildable_spans(age_classes(t.dimensions[age_dimension(t)]))


def youth_band(*tables: RawTable, lower: int = PROGRAMME_LOWER,
               upper_inclusive: int = PROGRAMME_UPPER) -> YouthBand:
    """The band closest to ``lower..upper_inclusive`` that every table can build.

    Closest as in :func:`etl.metadata.closest_band`: fewest ages in one but not the other,
    then the narrower. With CBS's five-year classes 18-35 becomes 20 up to and including 34.
    """
    ids = "+".join(t.table_id for t in tables)
    common: set[tuple[int, int]] | None = None
    for t in tables:
        spans = set(table_spans(t))
        common = spans if common is None else common & spans
    if not common:
        raise MetadataError(ids, "an age band that every table can build from its classes")
    candidates = [AgeClass("", "", low, high) for low, high in sorted(common)]
    run = closest_band(ids, candidates, lower, upper_inclusive)
    return YouthBand(run[0].lower, run[-1].upper - 1)


def band_codes(t: RawTable, band: YouthBand) -> list[str]:
    """The age-class codes of ``t`` that together make up ``band`` exactly."""
    run = table_spans(t).get((band.lower, band.upper_inclusive + 1))
    if run is None:
        titles = [c.title for c in age_classes(t.dimensions[age_dimension(t)])]
        raise MetadataError(t.table_id, f"age classes making up {band.label}",
                            f"Its classes: {', '.join(titles)}.")
    return [c.code for c in run]


def domestic_moves_counts(t: RawTable, band: YouthBand) -> pd.DataFrame:
    """84547NED, whole years only: people of the band who settled in / left the municipality.

    Columns: region_code, year, settled_youth, departed_youth (float64), status, source.
    """
    return _band_counts(t, band, DOMESTIC_TOPICS)


def international_counts(t: RawTable, band: YouthBand) -> pd.DataFrame:
    """85451NED (all nationalities): immigration and emigration (including administrative
    corrections) of people in the band.

    Columns: region_code, year, immigration_youth, emigration_youth (float64), status, source.
    """
    return _band_counts(t, band, INTERNATIONAL_TOPICS)


def _band_counts(t: RawTable, band: YouthBand, topics: dict[str, str]) -> pd.DataFrame:
    columns = topic_columns(t, topics)
    dimension = age_dimension(t)
    codes = band_codes(t, band)
    rows = select(t, keep=[dimension])
    rows = rows.loc[stripped(rows[dimension]).isin(codes).to_numpy()]
    grouped = rows.groupby(KEYS, observed=True, sort=True)
    sums = grouped[list(columns)].sum(min_count=1)
    # A class CBS left out (missing value) would make the band sum too low: leave it missing.
    complete = grouped[list(columns)].count() == len(codes)
    sums = sums.where(complete)
    sums["status"] = grouped["status"].first()
    return count_frame(t, sums.reset_index(), columns)
