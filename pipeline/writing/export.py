"""Export: a finished JSONL batch as Parquet, CSV or a DuckDB database (with the cross-document
tables of crossdoc.py).

Everything here reads the JSONL files the batch wrote, streaming (memory does not grow with
the batch), and writes each file via a temporary name.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.writing.conflicts import KEY
from pipeline.writing.crossdoc import FACT_KEY
from pipeline.writing.outputs import OUTPUT_FILES
from pipeline.writing.tables import (
    TABLES,
    batches,
    rows_from_jsonl,
    schema_of,
    write_csv,
    write_parquet,
)

FORMATS = ("jsonl", "csv", "parquet", "duckdb")
DATABASE = "ipclaims.duckdb"

# The views of the DuckDB database; every ORDER BY is total.
VIEWS_SQL = """
create or replace view latest_figures as
select * exclude (rank_) from (
  select subject, metric, scope, geo, unit, value, qualifier, as_of, doc_id, claim_id,
         row_number() over (partition by subject, metric, scope, geo
                            order by as_of desc, value desc, doc_id, claim_id) as rank_
  from claims where subject is not null and as_of is not null and modality = 'reported')
where rank_ = 1;

create or replace view headline_numbers as
select subject,
  max(value) filter (where metric = 'patents' and scope is null and geo is null) as patents,
  max(value) filter (where metric = 'patent_families' and scope is null and geo is null) as patent_families,
  max(value) filter (where metric = 'patent_applications' and scope is null and geo is null) as patent_applications,
  max(value) filter (where metric = 'standard_essential_patents') as standard_essential_patents,
  max(value) filter (where metric = 'standards') as standards,
  max(as_of) as latest_as_of,
  count(*) as n_figures
from latest_figures group by subject order by subject;
"""


def replace_atomically(temporary: Path, target: Path) -> None:
    os.replace(temporary, target)


def export_files(out: Path, fmt: str) -> list[Path]:
    """Write every table of a JSONL batch in `fmt` (csv or parquet); returns the files."""
    written = []
    for name in TABLES:
        target = out / f"{name}.{fmt}"
        temporary = out / f".{name}.{fmt}.partial"
        writer = write_parquet if fmt == "parquet" else write_csv
        writer(rows_from_jsonl(out, name), name, temporary)
        replace_atomically(temporary, target)
        written.append(target)
    return written


def connect_batch(out: Path, database: str) -> duckdb.DuckDBPyConnection:
    """A connection to the DuckDB file `database` with the batch's tables loaded from Parquet
    written alongside."""
    parquet = [out / f"{name}.parquet" for name in TABLES]
    sources = [out / name for name in OUTPUT_FILES]
    newest = max(p.stat().st_mtime_ns for p in sources if p.exists())
    if not all(p.exists() and p.stat().st_mtime_ns >= newest for p in parquet):
        export_files(out, "parquet")  # none yet, or older than the JSONL of this run
    connection = duckdb.connect(database)
    for name in TABLES:
        path = str(out / f"{name}.parquet").replace("'", "''")
        connection.execute(
            f"create or replace table {name} as select * from read_parquet('{path}')"
        )
    return connection


# conflicts.jsonl and ambiguities.jsonl: one row per disagreement, its figures as a list.
DISAGREEMENT_SCHEMA = pa.schema(
    [
        *(pa.field(k, pa.string()) for k in KEY),
        pa.field("n_documents", pa.int64()),
        pa.field("documents", pa.list_(pa.string())),
        pa.field(
            "reports",
            pa.list_(
                pa.struct(
                    [
                        pa.field("value", pa.float64()),
                        pa.field("value_max", pa.float64()),
                        pa.field("qualifier", pa.string()),
                        pa.field("doc_id", pa.string()),
                        pa.field("claim_id", pa.string()),
                        pa.field("value_text", pa.string()),
                        pa.field("page", pa.int64()),
                    ]
                )
            ),
        ),
    ]
)
DISAGREEMENTS = ("conflicts", "ambiguities")


def consolidated_schema() -> pa.Schema:
    """consolidated_facts: the fact's fields typed as in claims, its counts and lists."""
    claims = schema_of("claims")
    return pa.schema(
        [
            *(claims.field(name) for name in FACT_KEY),
            pa.field("n_documents", pa.int64()),
            pa.field("n_mentions", pa.int64()),
            pa.field("documents", pa.list_(pa.string())),
            pa.field("claims", pa.list_(pa.string())),
        ]
    )


def export_duckdb(out: Path) -> Path:
    """A DuckDB database with tables documents, claims, facts, events, consolidated_facts,
    conflicts, ambiguities and views latest_figures, headline_numbers. The cross-document
    tables are those of OUT (the batch writes them before any format)."""
    target = out / DATABASE
    temporary = out / f".{DATABASE}.partial"
    temporary.unlink(missing_ok=True)
    connection = connect_batch(out, str(temporary))
    try:
        tables = {"consolidated_facts": consolidated_schema()}
        tables.update(dict.fromkeys(DISAGREEMENTS, DISAGREEMENT_SCHEMA))
        for name, schema in tables.items():
            rows = batches(read_jsonl(out / f"{name}.jsonl"), schema)
            connection.register("found", pa.RecordBatchReader.from_batches(schema, rows))
            connection.execute(f"create or replace table {name} as select * from found")
            connection.unregister("found")
        connection.execute(VIEWS_SQL)
    finally:
        connection.close()
    replace_atomically(temporary, target)
    return target


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
