"""Tables: Arrow schemas of the outputs, derived from the pydantic models, and the writers of
Parquet, CSV and DuckDB files built on them.

One row per claim (flat columns); documents, facts and events are their own tables. Partial
dates stay strings (`2022`, `2022-09`, `2022-09-30`) so that no precision is invented; lists
(fact mentions, event parties, warnings) are Arrow lists in Parquet/DuckDB and JSON text in CSV.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from pydantic import BaseModel

from models import Claim, DocumentRecord, Event, Fact

# Columns of documents that are tables of their own (facts, events) or nested (people).
DOCUMENT_NESTED = ("facts", "events", "people")
TABLES: dict[str, type[BaseModel]] = {
    "documents": DocumentRecord,
    "claims": Claim,
    "facts": Fact,
    "events": Event,
}


def arrow_type(annotation: Any) -> pa.DataType:
    """Arrow type of a pydantic field annotation."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return arrow_type(members[0])
    if origin is typing.Annotated:
        return arrow_type(typing.get_args(annotation)[0])
    if origin is list:
        (item,) = typing.get_args(annotation)
        return pa.list_(arrow_type(item))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):  # event mentions
        return pa.struct(
            [
                pa.field(name, arrow_type(info.annotation))
                for name, info in annotation.model_fields.items()
            ]
        )
    if annotation is bool:
        return pa.bool_()
    if annotation is int:
        return pa.int64()
    if annotation is float:
        return pa.float64()
    if isinstance(annotation, type) and issubclass(annotation, (str, Enum)):
        return pa.string()
    return pa.string()


def schema_of(name: str) -> pa.Schema:
    """Arrow schema of one output table; documents gain n_facts and n_events counts."""
    model = TABLES[name]
    fields = []
    for field_name, info in model.model_fields.items():
        if name == "documents" and field_name in DOCUMENT_NESTED:
            continue
        fields.append(
            pa.field(
                field_name,
                arrow_type(info.annotation),
                metadata={"description": info.description or ""},
            )
        )
    if name == "documents":
        fields += [pa.field("n_facts", pa.int64()), pa.field("n_events", pa.int64())]
    return pa.schema(fields)


def document_row(record: dict[str, Any]) -> dict[str, Any]:
    """A documents.jsonl record as a flat row."""
    row = {k: v for k, v in record.items() if k not in DOCUMENT_NESTED}
    row["n_facts"] = len(record.get("facts", []))
    row["n_events"] = len(record.get("events", []))
    return row


def rows_from_jsonl(out: Path, name: str) -> Iterator[dict[str, Any]]:
    """Rows of one table from a JSONL batch output (events come from documents.jsonl)."""
    source = out / ("documents.jsonl" if name in ("documents", "events") else f"{name}.jsonl")
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if name == "documents":
                yield document_row(record)
            elif name == "events":
                yield from record.get("events", [])
            else:
                yield record


def batches(
    rows: Iterable[dict[str, Any]], schema: pa.Schema, size: int = 10_000
) -> Iterator[pa.RecordBatch]:
    """Rows as Arrow record batches of bounded size (memory stays flat); an empty table still
    yields one empty batch, so that files get their header."""
    chunk: list[dict[str, Any]] = []
    produced = False
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield pa.RecordBatch.from_pylist(chunk, schema=schema)
            chunk, produced = [], True
    if chunk or not produced:
        yield pa.RecordBatch.from_pylist(chunk, schema=schema)


def write_parquet(rows: Iterable[dict[str, Any]], name: str, path: Path) -> int:
    """Write one table as a Parquet file; returns the number of rows."""
    schema = schema_of(name)
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in batches(rows, schema):
            writer.write_batch(batch)
            count += batch.num_rows
    return count


def write_csv(rows: Iterable[dict[str, Any]], name: str, path: Path) -> int:
    """Write one table as CSV; list columns are JSON text."""
    schema = schema_of(name)
    flat = pa.schema(
        [pa.field(f.name, pa.string() if pa.types.is_list(f.type) else f.type) for f in schema]
    )
    listed = [f.name for f in schema if pa.types.is_list(f.type)]
    count = 0

    def flatten(row: dict[str, Any]) -> dict[str, Any]:
        return {**row, **{k: json.dumps(row.get(k) or [], ensure_ascii=False) for k in listed}}

    with pa_csv.CSVWriter(path, flat) as writer:
        for batch in batches((flatten(r) for r in rows), flat):
            writer.write_batch(batch)
            count += batch.num_rows
    return count
