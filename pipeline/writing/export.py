"""Export: a finished JSONL batch as Parquet, CSV or a DuckDB database, and cross-document
consolidation (the same fact reported by several articles; conflicts between articles).

Everything here reads the JSONL files the batch wrote, streaming (memory does not grow with
the batch), and writes each file via a temporary name.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
import pyarrow as pa

from models import Claim
from pipeline.writing.conflicts import KEY, comparable, find_disagreements
from pipeline.writing.tables import TABLES, rows_from_jsonl, write_csv, write_parquet

FORMATS = ("jsonl", "csv", "parquet", "duckdb")
DATABASE = "ipclaims.duckdb"

# A fact across documents: same subject, metric, scope, geo, as_of, value and qualifier.
# Every ORDER BY is total, so that the same claims always give byte-identical files.
CONSOLIDATE_SQL = """
select subject, metric, scope, geo, as_of, value, value_max, qualifier, unit,
       count(distinct doc_id) as n_documents, count(*) as n_mentions,
       list(distinct doc_id order by doc_id) as documents,
       list(claim_id order by doc_id, start) as claims
from claims
where subject is not null
group by all
order by subject, metric, scope nulls first, geo nulls first, as_of nulls first, value,
         value_max nulls first, qualifier, unit
"""
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


def connect_batch(out: Path, database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the batch's tables loaded from Parquet written alongside."""
    parquet = [out / f"{name}.parquet" for name in TABLES]
    sources = [out / name for name in ("documents.jsonl", "claims.jsonl", "facts.jsonl")]
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


def export_duckdb(out: Path) -> Path:
    """A DuckDB database with tables documents, claims, facts, events, consolidated_facts,
    conflicts, ambiguities and views latest_figures, headline_numbers."""
    target = out / DATABASE
    temporary = out / f".{DATABASE}.partial"
    temporary.unlink(missing_ok=True)
    connection = connect_batch(out, str(temporary))
    try:
        connection.execute(f"create or replace table consolidated_facts as {CONSOLIDATE_SQL}")
        for name in DISAGREEMENTS:
            rows = read_jsonl(out / f"{name}.jsonl") if (out / f"{name}.jsonl").exists() else []
            connection.register("found", pa.Table.from_pylist(rows, schema=DISAGREEMENT_SCHEMA))
            connection.execute(f"create or replace table {name} as select * from found")
            connection.unregister("found")
        connection.execute(VIEWS_SQL)
    finally:
        connection.close()
    replace_atomically(temporary, target)
    return target


def read_jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_jsonl(rows: Iterable[dict[str, object]], target: Path) -> int:
    """Write rows through a temporary file; returns how many."""
    temporary = target.with_name(f".{target.name}.partial")
    count = 0
    with temporary.open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            count += 1
    replace_atomically(temporary, target)
    return count


def comparable_claims(out: Path) -> Iterator[Claim]:
    """The claims of a batch that can disagree (dated, of a subject, reported), streamed."""
    with (out / "claims.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if comparable(record):  # validate only the claims that can disagree
                yield Claim.model_validate(record)


def consolidate(out: Path) -> tuple[int, int, int]:
    """Write OUT/consolidated_facts.jsonl, OUT/conflicts.jsonl and OUT/ambiguities.jsonl;
    returns their row counts."""
    connection = connect_batch(out)
    try:
        cursor = connection.execute(CONSOLIDATE_SQL)
        columns = [column[0] for column in cursor.description or []]

        def facts() -> Iterator[dict[str, object]]:
            while batch := cursor.fetchmany(10_000):
                for row in batch:
                    yield dict(zip(columns, row, strict=True))

        n_facts = write_jsonl(facts(), out / "consolidated_facts.jsonl")
    finally:
        connection.close()
    conflicts, ambiguities = find_disagreements(comparable_claims(out))
    n_conflicts = write_jsonl((d.record() for d in conflicts), out / "conflicts.jsonl")
    n_ambiguities = write_jsonl((d.record() for d in ambiguities), out / "ambiguities.jsonl")
    return n_facts, n_conflicts, n_ambiguities
