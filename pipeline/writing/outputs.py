"""Outputs: write Documents as JSON Lines, atomically, in input order.

Each file is written to a temporary name beside the target and renamed when the batch ends,
so a reader never sees a half-written file and a crash leaves the previous output intact.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from models import Document

OUTPUT_FILES = ("documents.jsonl", "claims.jsonl", "facts.jsonl")
RECORD_STATUS = ("doc_id", "status", "error")  # what BatchStats.add reads of a record


def to_json_line(data: dict[str, object]) -> str:
    """One compact, key-stable JSON line (sorted keys would reorder the contract; we keep field order)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


# Reading our own lines back without decoding all of them (`batch --update` reads a whole
# earlier run and needs little of each line).
DOC_ID_KEY = '"doc_id":"'
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def doc_id_of(line: str) -> str:
    """The doc_id of an output line. In JSON `"doc_id":"` can only be a key (a quote inside a
    string is escaped), and every object of a line that has a doc_id has its document's, so
    the first one is the line's."""
    at = line.find(DOC_ID_KEY)
    if at < 0:  # not written by to_json_line
        return str(json.loads(line)["doc_id"])
    return str(_DECODER.raw_decode(line, at + len(DOC_ID_KEY) - 1)[0])


def top_fields(line: str, names: Collection[str]) -> dict[str, Any]:
    """Top-level fields of a JSON object line, decoded only up to the last of `names`: a
    documents.jsonl line is mostly its facts and events, which come after its scalars."""
    found: dict[str, Any] = {}
    index = _after_space(line, line.index("{") + 1)
    while len(found) < len(names) and line.startswith('"', index):
        key, index = _DECODER.raw_decode(line, index)
        value, index = _DECODER.raw_decode(line, _after_space(line, line.index(":", index) + 1))
        if key in names:
            found[key] = value
        index = _after_space(line, index)
        if line.startswith(",", index):
            index = _after_space(line, index + 1)
    return found


def _after_space(line: str, index: int) -> int:
    match = _SPACE.match(line, index)
    return match.end() if match else index


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
    # --update: the subjects whose claims were added or dropped, the only ones whose
    # cross-document rows change; None when they are all to be made (a full run)
    changed_subjects: set[str] | None = None

    def add_record(self, record: dict[str, Any]) -> None:
        """Count one documents.jsonl line (also for documents done in an earlier run)."""
        self.add(record, record["n_claims"], len(record["facts"]))

    def add(self, record: Mapping[str, Any], n_claims: int, n_facts: int) -> None:
        """Count one document from the RECORD_STATUS fields of its record and its numbers of
        claims and facts (of lines in claims.jsonl and facts.jsonl)."""
        self.documents += 1
        self.claims += n_claims
        self.facts += n_facts
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
