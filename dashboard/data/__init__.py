"""Data access: the published store in memory, and the series a chart shows."""
