"""A fake CBS OData v3 feed for offline tests of the ETL through the real cbsodata client."""

from .odata_filter import Filter, FilterError, compile_filter
from .server import FakeCBS, copy_table_with_renamed_topic

__all__ = ["FakeCBS", "Filter", "FilterError", "compile_filter", "copy_table_with_renamed_topic"]
