"""Writing: JSONL, Parquet, CSV, DuckDB, and the HTML review and report pages."""
