"""86223NED (young people aged 15 up to 27 at work and in education) -> a count frame.

Counts, not CBS's percentages, so an area is the sum of its municipalities like every other
indicator: of all young people (both dimensions at their total), those working (any
education), those in education (any work), and those neither working nor in education.
Every member is found by its title (etl/sources.py says how sure those titles are).
"""

from __future__ import annotations

import pandas as pd

from etl.metadata import find_dimension, find_member, find_total
from etl.raw import RawTable
from etl.sources import (
    EDUCATION,
    IN_EDUCATION,
    NOT_IN_EDUCATION,
    NOT_WORKING,
    WORK,
    WORKING,
    YOUTH_ACTIVITY_TOPICS,
    MemberItem,
)
from etl.transform.common import KEYS, count_frame, select, topic_columns

COLUMNS = ("youth_total", "youth_working", "youth_in_education", "youth_neet")


def _code(t: RawTable, dimension: str, item: MemberItem) -> str:
    return find_member(t, dimension, item.title, what=item.what, expected=item.expected)


def activity_counts(t: RawTable) -> pd.DataFrame:
    """Columns: region_code, year, youth_total, youth_working, youth_in_education,
    youth_neet (float64), status, source. Raises MetadataError naming a missing item."""
    columns = topic_columns(t, YOUTH_ACTIVITY_TOPICS)
    education = find_dimension(t, EDUCATION.key_prefix, EDUCATION.title)
    work = find_dimension(t, WORK.key_prefix, WORK.title)
    cells = {
        "youth_total": (find_total(t, education), find_total(t, work)),
        "youth_working": (find_total(t, education), _code(t, work, WORKING)),
        "youth_in_education": (_code(t, education, IN_EDUCATION), find_total(t, work)),
        "youth_neet": (_code(t, education, NOT_IN_EDUCATION), _code(t, work, NOT_WORKING)),
    }
    frames = []
    for name, (in_education, at_work) in cells.items():
        rows = select(t, {education: in_education, work: at_work})
        frame = count_frame(t, rows, {key: name for key in columns})
        frames.append(frame.set_index(KEYS))
    wide = pd.concat([f[[c]] for f, c in zip(frames, COLUMNS, strict=True)], axis=1)
    # A period's status is the same in every cell; take it from whichever cell has the row.
    wide["status"] = pd.concat([f["status"] for f in frames], axis=1).bfill(axis=1).iloc[:, 0]
    wide["source"] = t.table_id
    return wide.reset_index()[[*KEYS, *COLUMNS, "status", "source"]]
