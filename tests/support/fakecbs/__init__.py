"""Fake CBS feeds for offline tests of the ETL: OData v3 (through the real cbsodata client)
and OData v4, both served from the same table folders."""

from .odata_filter import Filter, FilterError, compile_filter
from .server import FakeCBS, copy_table_with_renamed_topic
from .v4 import FakeCBSv4, v4_measure_id

__all__ = [
    "FakeCBS",
    "FakeCBSv4",
    "Filter",
    "FilterError",
    "compile_filter",
    "copy_table_with_renamed_topic",
    "v4_measure_id",
]
