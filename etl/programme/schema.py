"""The store's schemas of the programme frames (pandera), checked before publishing."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from etl.contract import REGION_CODE, TARGET_STATUSES
from etl.programme.cells import FIRST_DATE, FIRST_YEAR, LAST_DATE, LAST_YEAR, PROGRAMME_ID
from etl.programme.sheets import (
    DATES,
    EVENT_KINDS,
    KIND_CBS,
    KIND_PROGRAMME,
    MILESTONE_STATUSES,
    PILLARS,
    UNITS,
    Programme,
)
from etl.validate import schema_problems


def _text_schema(nullable: bool = False) -> pa.Column:
    return pa.Column(str, nullable=nullable)


TARGETS_SCHEMA = pa.DataFrameSchema(
    {
        "indicator": _text_schema(),
        "indicator_kind": pa.Column(str, pa.Check.isin([KIND_CBS, KIND_PROGRAMME])),
        "region_code": pa.Column(str, pa.Check.str_matches(REGION_CODE)),
        "baseline_year": pa.Column("int64", pa.Check.in_range(FIRST_YEAR, LAST_YEAR)),
        "baseline_value": pa.Column(float, nullable=True),
        "target_year": pa.Column("int64", pa.Check.in_range(FIRST_YEAR, LAST_YEAR)),
        "target_value": pa.Column(float),
        "source": _text_schema(),
        "example": pa.Column(bool),
        "note": _text_schema(nullable=True),
    },
    unique=["indicator", "region_code"],
    checks=pa.Check(
        lambda f: f["target_year"] > f["baseline_year"], error="target_year after baseline_year"
    ),
    strict=True,
    ordered=True,
    name="programme_targets",
)
# Published targets carry their status (etl/programme/status.py) as well.
TARGETS_PUBLISHED_SCHEMA = TARGETS_SCHEMA.add_columns(
    {
        "baseline_from_data": pa.Column(bool),
        "status": pa.Column(str, pa.Check.isin(TARGET_STATUSES), nullable=True),
        "latest_year": pa.Column("Int64", nullable=True),
        "latest_value": pa.Column(float, nullable=True),
        "path_value": pa.Column(float, nullable=True),
        "gap_amount": pa.Column(float, nullable=True),
        "gap_years": pa.Column(float, nullable=True),
    }
)

_DATE_SCHEMA = pa.Column(
    DATES, pa.Check.in_range(pd.Timestamp(FIRST_DATE), pd.Timestamp(LAST_DATE))
)
MEASUREMENTS_SCHEMA = pa.DataFrameSchema(
    {
        "indicator": _text_schema(),
        "date": _DATE_SCHEMA,
        "value": pa.Column(float),
        "note": _text_schema(nullable=True),
        "example": pa.Column(bool),
    },
    unique=["indicator", "date"],
    strict=True,
    ordered=True,
    name="programme_measurements",
)
MILESTONES_SCHEMA = pa.DataFrameSchema(
    {
        "date": _DATE_SCHEMA,
        "title": _text_schema(),
        "pillar": pa.Column(str, pa.Check.isin(PILLARS)),
        "status": pa.Column(str, pa.Check.isin(MILESTONE_STATUSES)),
        "note": _text_schema(nullable=True),
        "example": pa.Column(bool),
    },
    unique=["date", "title"],
    strict=True,
    ordered=True,
    name="programme_milestones",
)
EVENTS_SCHEMA = pa.DataFrameSchema(
    {
        "date": _DATE_SCHEMA,
        "title": _text_schema(),
        "kind": pa.Column(str, pa.Check.isin(EVENT_KINDS)),
        "link": pa.Column(str, pa.Check.str_matches(r"^https?://"), nullable=True),
        "note": _text_schema(nullable=True),
        "example": pa.Column(bool),
    },
    unique=["date", "title"],
    strict=True,
    ordered=True,
    name="programme_events",
)
INDICATORS_SCHEMA = pa.DataFrameSchema(
    {
        "id": pa.Column(str, pa.Check.str_matches(PROGRAMME_ID.pattern), unique=True),
        "title_nl": _text_schema(),
        "title_en": _text_schema(),
        "unit": pa.Column(str, pa.Check.isin(UNITS)),
        "definition_nl": _text_schema(),
        "definition_en": _text_schema(),
        "pillar": pa.Column(str, pa.Check.isin(PILLARS)),
    },
    strict=True,
    ordered=True,
    name="programme_indicators",
)


def programme_schema_problems(
    programme: Programme, targets_schema: pa.DataFrameSchema = TARGETS_SCHEMA
) -> list[str]:
    return [
        *schema_problems(targets_schema, programme.targets),
        *schema_problems(MEASUREMENTS_SCHEMA, programme.measurements),
        *schema_problems(MILESTONES_SCHEMA, programme.milestones),
        *schema_problems(EVENTS_SCHEMA, programme.events),
        *schema_problems(INDICATORS_SCHEMA, programme.indicators),
    ]
