"""What tests share: running the ETL in-process, the fake CBS feeds, paths to ../shared."""
