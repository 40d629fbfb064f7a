"""Moves and migration of young people: 84547NED (domestic) and 85451NED (international).

CBS publishes these in age classes (five-year: '20 tot 25 jaar'), not single years, so the
programme's 18-35 band can only be approximated. Both tables and the population denominator
must use the *same* band, else the youth migration rate mixes two groups; :func:`youth_band`
picks the band closest to 18-35 that every table can build from its own classes.

Each table is transformed on its own into *class counts* (one row per region, year and age
class, the class read from its title), so a table can be refreshed, or carried over from an
earlier store, independently of the other; the band is chosen when the store is assembled.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.metadata import AgeClass, MetadataError, age_classes, closest_band, find_dimension
from etl.raw import RawTable
from etl.sources import AGE, AGE_TITLE, DOMESTIC_TOPICS, INTERNATIONAL_TOPICS, TopicItem
from etl.transform.common import KEYS, count_frame, recode, select, topic_columns

PROGRAMME_LOWER, PROGRAMME_UPPER = 18, 35  # "18 tot en met 35 jaar"
CLASS_KEYS = [*KEYS, "age_lower", "age_upper"]  # age_upper exclusive; -1 for an open class

DOMESTIC_COLUMNS = ("settled_youth", "departed_youth")
# All ages (the age dimension's total member), the denominators of the mover shares.
DOMESTIC_TOTAL_COLUMNS = ("settled_all", "departed_all")
INTERNATIONAL_COLUMNS = ("immigration_youth", "emigration_youth")


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


PROGRAMME_BAND = YouthBand(PROGRAMME_LOWER, PROGRAMME_UPPER)


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
            for c in sorted(starting_at.get(at, []), key=lambda c: c.upper or 0):
                assert c.upper is not None
                spans.setdefault((start, c.upper), [*run, c])
                if c.upper not in reached:
                    reached.add(c.upper)
                    queue.append((c.upper, [*run, c]))
    return spans


def class_counts(t: RawTable, topics: tuple[TopicItem, ...]) -> pd.DataFrame:
    """Counts per region, year and age class (every other dimension at its total).

    Columns: region_code, year, age_lower, age_upper (int64; -1 for an open class such as
    '95 jaar of ouder'), one float64 column per topic, status, source. Classes are read
    from the titles; members that are not an age class (the total) are left out.
    """
    columns = topic_columns(t, topics)
    dimension = find_dimension(t, AGE, AGE_TITLE)
    classes = {c.code: c for c in age_classes(t.dimensions[dimension])}
    if not classes:
        raise MetadataError(
            t.table_id,
            f"dimension {dimension} has no member titled like an age class ('20 tot 25 jaar')",
        )
    rows = select(t, keep=[dimension])
    lower = recode(
        rows[dimension], {k: c.lower for k, c in classes.items()}, missing=-2, dtype=np.int64
    )
    upper = recode(
        rows[dimension],
        {k: -1 if c.upper is None else c.upper for k, c in classes.items()},
        missing=-2,
        dtype=np.int64,
    )
    rows = rows.assign(age_lower=lower, age_upper=upper).loc[lower != -2]
    return count_frame(t, rows, columns, keys=CLASS_KEYS)


def classes_of(frame: pd.DataFrame) -> list[AgeClass]:
    """The age classes a class-count frame holds."""
    pairs = frame[["age_lower", "age_upper"]].drop_duplicates().itertuples(index=False)
    return [AgeClass("", "", int(low), None if up == -1 else int(up)) for low, up in pairs]


def youth_band(
    *frames: pd.DataFrame,
    ids: str = "",
    lower: int = PROGRAMME_LOWER,
    upper_inclusive: int = PROGRAMME_UPPER,
) -> YouthBand:
    """The band closest to ``lower..upper_inclusive`` that every class-count frame can build.

    Closest as in :func:`etl.metadata.closest_band`: fewest ages in one but not the other,
    then the narrower. With CBS's five-year classes 18-35 becomes 20 up to and including 34.
    Without any frame, the programme's own band.
    """
    common: set[tuple[int, int]] | None = None
    for frame in frames:
        spans = set(buildable_spans(classes_of(frame)))
        common = spans if common is None else common & spans
    if common is None:
        return YouthBand(lower, upper_inclusive)
    if not common:
        raise MetadataError(
            ids or "migration tables", "no age band that every table can build from its classes"
        )
    candidates = [AgeClass("", "", low, high) for low, high in sorted(common)]
    run = closest_band(ids, candidates, lower, upper_inclusive)
    assert run[-1].upper is not None
    return YouthBand(run[0].lower, run[-1].upper - 1)


def band_counts(
    classes: pd.DataFrame, band: YouthBand, columns: dict[str, str], table_id: str
) -> pd.DataFrame:
    """Sum the classes that make up ``band`` exactly, per region and year.

    ``columns`` maps class-count columns to band columns (``settled`` -> ``settled_youth``).
    A class CBS left out (a missing value) would make the band too low: the sum stays
    missing. Columns: region_code, year, the band columns (float64), status, source.
    """
    run = buildable_spans(classes_of(classes)).get((band.lower, band.upper_inclusive + 1))
    if run is None:
        shown = sorted({c.label() for c in classes_of(classes)})
        raise MetadataError(
            table_id, f"no age classes making up {band.label}", f"Its classes: {', '.join(shown)}."
        )
    wanted = {(c.lower, c.upper) for c in run}
    in_band = [
        (low, up) in wanted
        for low, up in zip(classes["age_lower"], classes["age_upper"], strict=True)
    ]
    rows = classes.loc[in_band]
    grouped = rows.groupby(KEYS, sort=True)
    sums = grouped[list(columns)].sum(min_count=1)
    complete = grouped[list(columns)].count() == len(run)
    sums = sums.where(complete).rename(columns=columns)
    sums["status"] = grouped["status"].first()
    sums["source"] = grouped["source"].first()
    return sums.reset_index()[[*KEYS, *columns.values(), "status", "source"]]


def domestic_class_counts(t: RawTable) -> pd.DataFrame:
    """84547NED, whole years only: people per age class who settled in / left the
    municipality (columns ``settled``, ``departed``)."""
    return class_counts(t, DOMESTIC_TOPICS)


def domestic_totals(t: RawTable) -> pd.DataFrame:
    """84547NED, whole years: everyone who settled in / left the municipality from / to
    another municipality, all ages (the age dimension held at its member titled 'Totaal…',
    like every dimension not broken down). Columns: region_code, year, settled_all,
    departed_all (float64), status, source."""
    columns = {key: f"{name}_all" for key, name in topic_columns(t, DOMESTIC_TOPICS).items()}
    return count_frame(t, select(t), columns)


def international_class_counts(t: RawTable) -> pd.DataFrame:
    """85451NED (all nationalities): immigration and emigration (including administrative
    corrections) per age class (columns ``immigration``, ``emigration``)."""
    return class_counts(t, INTERNATIONAL_TOPICS)


DOMESTIC_BAND = {"settled": "settled_youth", "departed": "departed_youth"}
INTERNATIONAL_BAND = {"immigration": "immigration_youth", "emigration": "emigration_youth"}


def domestic_moves_counts(
    classes: pd.DataFrame, band: YouthBand, totals: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Columns: region_code, year, settled_youth, departed_youth, and with ``totals``
    (:func:`domestic_totals`) settled_all, departed_all (float64), status, source."""
    youth = band_counts(classes, band, DOMESTIC_BAND, _source(classes, "84547NED"))
    if totals is None:
        return youth
    return youth.merge(
        totals[[*KEYS, *DOMESTIC_TOTAL_COLUMNS]], on=KEYS, how="left", validate="one_to_one"
    )[[*KEYS, *DOMESTIC_COLUMNS, *DOMESTIC_TOTAL_COLUMNS, "status", "source"]]


def international_counts(classes: pd.DataFrame, band: YouthBand) -> pd.DataFrame:
    """Columns: region_code, year, immigration_youth, emigration_youth, status, source."""
    return band_counts(classes, band, INTERNATIONAL_BAND, _source(classes, "85451NED"))


def _source(frame: pd.DataFrame, default: str) -> str:
    return str(frame["source"].iloc[0]) if len(frame) else default


__all__ = [
    "YouthBand",
    "band_counts",
    "class_counts",
    "classes_of",
    "domestic_class_counts",
    "domestic_moves_counts",
    "domestic_totals",
    "international_class_counts",
    "international_counts",
    "youth_band",
]
