"""Incremental runs (`batch --update`): a folder that grows by a day's crawl is not read again.

A run leaves OUT/run.json with the settings that shape its results. `--update` with the
same settings keeps the output lines of every file whose sha256 is unchanged (and of every file
still recorded as not an article), extracts the new and changed files, drops the lines of files
that are gone, and writes the files in the order a full run writes them, so that the outputs are
byte-identical to a full run on the same folder.

The earlier outputs are streamed, not held: each file's lines come in runs of one document in
input order, so the kept runs and the fresh ones merge like two sorted lists, and only the
few fields needed of each line are decoded.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.config import PipelineConfig
from pipeline.writing.crossdoc import CROSS_DOCUMENT, subject_of
from pipeline.writing.outputs import (
    DOC_ID_KEY,
    OUTPUT_FILES,
    RECORD_STATUS,
    BatchStats,
    doc_id_of,
    top_fields,
)

RUN_FILE = "run.json"  # the settings of the run that wrote OUT
TABLES_FROM = "tables_from"  # in RUN_FILE: the sha256 of the claims.jsonl the tables came from
# Settings that do not change what a document gives (how fast, how many at once).
NOT_RESULTS = ("batch_size", "time_limit")

Run = tuple[str, list[bytes]]  # one document's consecutive lines in an output file, as written
DOC_ID_BYTES = DOC_ID_KEY.encode()


def run_settings(config: PipelineConfig) -> dict[str, Any]:
    """What must be the same for an earlier run's lines to stand for this run's."""
    from models import SCHEMA_VERSION
    from pipeline import __version__

    settings = config.model_dump(mode="json", exclude=set(NOT_RESULTS))
    return {"ipclaims": __version__, "schema_version": SCHEMA_VERSION, "settings": settings}


def write_run_file(out: Path, config: PipelineConfig) -> None:
    (out / RUN_FILE).write_text(json.dumps(run_settings(config), sort_keys=True), encoding="utf-8")


def _read_run_file(out: Path) -> dict[str, Any] | None:
    """The run file of OUT, or None when there is none or it cannot be read."""
    try:
        earlier = json.loads((out / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return earlier if isinstance(earlier, dict) else None


def mark_tables(out: Path) -> None:
    """Record in the run file that the cross-document tables were made from claims.jsonl as
    it is now (a run's file has no such mark until then)."""
    earlier = _read_run_file(out)
    if earlier is None:
        return  # not written by a batch run: nothing to update later
    earlier[TABLES_FROM] = file_sha256(out / "claims.jsonl")
    (out / RUN_FILE).write_text(json.dumps(earlier, sort_keys=True), encoding="utf-8")


def tables_current(out: Path) -> bool:
    """Whether the cross-document tables were made from claims.jsonl as it is (not from an
    earlier one: a run stopped before them, a folder copied)."""
    earlier = _read_run_file(out)
    if earlier is None or not all((out / name).exists() for name in CROSS_DOCUMENT):
        return False
    claims = file_sha256(out / "claims.jsonl")
    return claims is not None and earlier.get(TABLES_FROM) == claims


def file_sha256(path: Path) -> str | None:
    """The sha256 of a file, read in blocks; None when it cannot be read."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def previous_files(
    out: Path, config: PipelineConfig, items: list[tuple[str, str]]
) -> dict[str, str | None] | None:
    """doc_id -> the sha256 of its file in the earlier run; None when there is no earlier run
    with the same settings, or its documents are not in this run's order (then everything is
    processed)."""
    earlier = _read_run_file(out)
    if earlier is None or not all((out / name).exists() for name in OUTPUT_FILES):
        return None
    earlier.pop(TABLES_FROM, None)
    if earlier != json.loads(json.dumps(run_settings(config), sort_keys=True)):
        return None
    rank = {doc_id: index for index, (doc_id, _) in enumerate(items)}
    sha256: dict[str, str | None] = {}
    last = -1
    with (out / "documents.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            fields = top_fields(line, ("doc_id", "sha256"))
            if fields["doc_id"] in rank:  # the merge needs the kept lines in input order
                if rank[fields["doc_id"]] <= last:
                    return None
                last = rank[fields["doc_id"]]
            sha256[fields["doc_id"]] = fields.get("sha256")
    return sha256


def runs(paths: Iterable[Path]) -> Iterator[Run]:
    """The lines of output files, one run per document (a document's lines are consecutive);
    bytes are neither decoded nor encoded on the way."""
    for path in paths:
        with path.open("rb") as handle:
            current = ""
            block: list[bytes] = []
            for line in handle:
                doc_id = line_doc_id(line)
                if doc_id != current and block:
                    yield current, block
                    block = []
                current = doc_id
                block.append(line)
            if block:
                yield current, block


def line_doc_id(line: bytes) -> str:
    """outputs.doc_id_of for a line not decoded: its doc_id is the bytes up to the next quote,
    unless escaped."""
    start = line.find(DOC_ID_BYTES) + len(DOC_ID_BYTES)
    raw = line[start : line.find(b'"', start)]
    if start < len(DOC_ID_BYTES) or b"\\" in raw:  # not written by to_json_line, or escaped
        return doc_id_of(line.decode("utf-8"))
    return raw.decode("utf-8")


def merge_outputs(
    out: Path,
    items: list[tuple[str, str]],
    kept: set[str],
    fresh: dict[str, list[Path]],
) -> BatchStats:
    """Write the outputs of an --update run in full-run order: the earlier lines of the kept
    files, then those of the new and changed ones from `fresh` (output file name -> its chunk
    parts in order); files that are gone are left out. Returns the counts of the documents,
    and the subjects of the claims added or dropped (`changed_subjects`)."""
    rank = {doc_id: index for index, (doc_id, _) in enumerate(items)}
    counts: dict[str, Counter[str]] = {"claims.jsonl": Counter(), "facts.jsonl": Counter()}
    changed: set[str] = set()
    stats = BatchStats(changed_subjects=changed)

    def earlier_kept(name: str) -> Iterator[Run]:
        for run in runs([out / name]):
            if run[0] in kept:
                yield run
            elif name == "claims.jsonl":
                changed.update(subjects(run[1]))

    # documents last: a document has as many claims and facts as it has lines in those files
    for name in (*counts, "documents.jsonl"):
        new = runs(fresh[name])
        temporary = out / f".{name}.partial"
        with temporary.open("wb") as handle:
            for doc_id, lines in heapq.merge(earlier_kept(name), new, key=lambda r: rank[r[0]]):
                handle.writelines(lines)
                if name in counts:
                    counts[name][doc_id] += len(lines)
                    if name == "claims.jsonl" and doc_id not in kept:
                        changed.update(subjects(lines))
                else:
                    record = top_fields(lines[0].decode("utf-8"), RECORD_STATUS)
                    n_claims = counts["claims.jsonl"][doc_id]
                    stats.add(record, n_claims, counts["facts.jsonl"][doc_id])
            handle.flush()
            os.fsync(handle.fileno())
    for name in OUTPUT_FILES:
        os.replace(out / f".{name}.partial", out / name)
    return stats


def subjects(claim_lines: list[bytes]) -> set[str]:
    """The subjects of some claims.jsonl lines (the cross-document rows are per subject)."""
    found = (subject_of(line.decode("utf-8")) for line in claim_lines)
    return {subject for subject in found if subject is not None}
