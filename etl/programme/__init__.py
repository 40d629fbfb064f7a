"""The Talentopgave programme file: targets, measurements, milestones and events that the
programme's advisers keep themselves (``programme/talentopgave.xlsx``, or a folder with one CSV
per sheet; documented in ``programme/README.md``).

One module per job: :mod:`~etl.programme.cells` parses a cell, :mod:`~etl.programme.sheets`
declares the sheets, :mod:`~etl.programme.reading` reads the file, :mod:`~etl.programme.loading`
validates it into frames, :mod:`~etl.programme.schema` checks the store's frames and
:mod:`~etl.programme.status` says where each target stands.
"""

from etl.programme.loading import load_programme
from etl.programme.reading import ProgrammeError, file_sha256
from etl.programme.schema import (
    EVENTS_SCHEMA,
    INDICATORS_SCHEMA,
    MEASUREMENTS_SCHEMA,
    MILESTONES_SCHEMA,
    TARGETS_PUBLISHED_SCHEMA,
    TARGETS_SCHEMA,
    programme_schema_problems,
)
from etl.programme.sheets import Programme
from etl.programme.status import targets_with_status

__all__ = [
    "EVENTS_SCHEMA",
    "INDICATORS_SCHEMA",
    "MEASUREMENTS_SCHEMA",
    "MILESTONES_SCHEMA",
    "TARGETS_PUBLISHED_SCHEMA",
    "TARGETS_SCHEMA",
    "Programme",
    "ProgrammeError",
    "file_sha256",
    "load_programme",
    "programme_schema_problems",
    "targets_with_status",
]
