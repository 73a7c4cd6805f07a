"""Outputs: write Documents as JSON Lines, atomically, in input order.

Each file is written to a temporary name beside the target and renamed when the batch ends,
so a reader never sees a half-written file and a crash leaves the previous output intact.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from models import Document

OUTPUT_FILES = ("documents.jsonl", "claims.jsonl", "facts.jsonl")


def to_json_line(data: dict[str, object]) -> str:
    """One compact, key-stable JSON line (sorted keys would reorder the contract; we keep field order)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


@dataclass
class BatchStats:
    """Counts shown in the batch summary."""

    documents: int = 0
    ok: int = 0
    skipped: int = 0
    errors: int = 0
    claims: int = 0
    facts: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)
    articles: int = 0  # files of a type the batch reads (its globs)
    hidden: int = 0  # hidden files and folders left out (".git")

    def add_record(self, record: dict[str, Any]) -> None:
        """Count one documents.jsonl line (also for documents done in an earlier run)."""
        self.documents += 1
        self.claims += record["n_claims"]
        self.facts += len(record["facts"])
        if record["status"] == "ok":
            self.ok += 1
        else:
            if record["status"] == "skipped":
                self.skipped += 1
            else:
                self.errors += 1
            self.problems.append((record["doc_id"], record["error"] or record["status"]))

    def merge(self, other: BatchStats) -> None:
        """Add another chunk's counts."""
        self.documents += other.documents
        self.ok += other.ok
        self.skipped += other.skipped
        self.errors += other.errors
        self.claims += other.claims
        self.facts += other.facts
        self.problems.extend(other.problems)


def document_lines(document: Document) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The documents.jsonl record of one document (for counting) and the JSON lines it
    contributes to each output file; each record is dumped once."""
    record = document.record_json()
    return record, {
        "documents.jsonl": [to_json_line(record)],
        "claims.jsonl": [to_json_line(c.model_dump(mode="json")) for c in document.claims],
        "facts.jsonl": [to_json_line(f.model_dump(mode="json")) for f in document.facts],
    }


class JsonlWriter:
    """Streams documents, claims and facts into three JSONL files."""

    def __init__(self, handles: Mapping[str, IO[str]]) -> None:
        self.handles = handles
        self.stats = BatchStats()

    def write(self, document: Document) -> None:
        record, lines_by_file = document_lines(document)
        self.stats.add_record(record)
        for name, lines in lines_by_file.items():
            self.handles[name].writelines(lines)


@contextmanager
def open_jsonl_outputs(out: Path) -> Iterator[JsonlWriter]:
    """Open the three outputs under temporary names; rename them into place on success."""
    out.mkdir(parents=True, exist_ok=True)
    temporary = {name: out / f".{name}.partial" for name in OUTPUT_FILES}
    handles = {
        name: path.open("w", encoding="utf-8", newline="\n") for name, path in temporary.items()
    }
    try:
        yield JsonlWriter(handles)
    except BaseException:
        for handle in handles.values():
            handle.close()
        for path in temporary.values():
            path.unlink(missing_ok=True)
        raise
    for handle in handles.values():
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
    for name, path in temporary.items():
        os.replace(path, out / name)
