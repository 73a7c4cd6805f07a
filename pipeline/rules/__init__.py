"""Rule tables: the typed JSON tables in pipeline/patterns, loaded once and passed along."""
