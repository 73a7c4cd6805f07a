"""Cross-document tables of a batch: OUT/consolidated_facts.jsonl (the same fact reported by
several articles) and OUT/conflicts.jsonl, OUT/ambiguities.jsonl (the rule of conflicts.py).

They are rebuilt after every batch, `--update` included, so they are made in one pass over
claims.jsonl in plain Python, decoding each line once: no Parquet, DuckDB or validation on the
way (importing and feeding those cost more than the tables). Memory holds a few fields per
claim, not the claims. Every order is total, so the same claims give byte-identical files.

Every row is about one subject and the tables are sorted by subject first, so after an update
only the rows of the subjects whose claims were added or dropped need to be made again: the
others' lines are kept where they are, and the result is the same as a rebuild.
"""

from __future__ import annotations

import heapq
import json
import os
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from operator import itemgetter
from pathlib import Path
from typing import Any

from pipeline.writing.conflicts import find_disagreements
from pipeline.writing.outputs import top_fields

# A fact across documents: same subject, metric, scope, geo, as_of, value and qualifier.
FACT_KEY = ("subject", "metric", "scope", "geo", "as_of", "value", "value_max", "qualifier", "unit")
NULLS_FIRST = frozenset({"scope", "geo", "as_of", "value_max"})  # may be null; sorted first
CROSS_DOCUMENT = ("consolidated_facts.jsonl", "conflicts.jsonl", "ambiguities.jsonl")

FactKey = tuple[Any, ...]
Mention = tuple[str, int, str]  # doc_id, start, claim_id
_fact_key = itemgetter(*FACT_KEY)
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)  # json.dumps makes one per call


class Consolidation:
    """Facts across documents, fed one claim record at a time."""

    def __init__(self) -> None:
        self.mentions: dict[FactKey, list[Mention]] = defaultdict(list)

    def add(self, claim: Mapping[str, Any]) -> None:
        """Count a claim of a known subject under its fact."""
        if claim["subject"] is None:
            return
        mention = (claim["doc_id"], claim["start"], claim["claim_id"])
        self.mentions[_fact_key(claim)].append(mention)

    def rows(self) -> Iterator[dict[str, Any]]:
        """One row per fact in FACT_KEY order: the documents that report it (sorted) and its
        claims in document order, then by offset."""
        for key in sorted(self.mentions, key=fact_order):
            found = sorted(self.mentions[key], key=lambda mention: mention[:2])
            documents = sorted({doc_id for doc_id, _, _ in found})
            yield {
                **dict(zip(FACT_KEY, key, strict=True)),
                "n_documents": len(documents),
                "n_mentions": len(found),
                "documents": documents,
                "claims": [claim_id for _, _, claim_id in found],
            }


def fact_order(key: FactKey) -> tuple[Any, ...]:
    """Sort key of a fact: its FACT_KEY fields in order, nulls first where they may be null
    (the key is unique, so the order is total)."""
    return tuple(
        (value is not None, value) if name in NULLS_FIRST else value
        for name, value in zip(FACT_KEY, key, strict=True)
    )


def subject_of(line: str) -> str | None:
    """The subject of a claim or table line, decoding no other field after it."""
    subject: str | None = top_fields(line, ("subject",)).get("subject")
    return subject


def claim_records(out: Path, subjects: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
    """The claims of a batch as decoded JSON, streamed; with `subjects`, only theirs (only the
    lines that hold one of them as a JSON string are decoded)."""
    if subjects is not None and not subjects:
        return
    mentions = None if subjects is None else mentioning(subjects)
    with (out / "claims.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or (mentions is not None and not mentions.search(line)):
                continue
            record = json.loads(line)
            if subjects is None or record["subject"] in subjects:
                yield record


def mentioning(strings: Collection[str]) -> re.Pattern[str]:
    """Finds any of `strings` as a JSON string, escaped as JSON writers escape it."""
    encoded = {json.dumps(s, ensure_ascii=escaped) for s in strings for escaped in (False, True)}
    return re.compile("|".join(map(re.escape, sorted(encoded, key=len, reverse=True))))


def consolidate(out: Path, subjects: Collection[str] | None = None) -> tuple[int, int, int]:
    """Write OUT/consolidated_facts.jsonl, OUT/conflicts.jsonl and OUT/ambiguities.jsonl from
    one pass over claims.jsonl; returns their row counts. With `subjects` (those whose claims
    changed since the tables were made, which must have been made from the claims before the
    change), only their rows are made again."""
    facts = Consolidation()

    def claims() -> Iterator[dict[str, Any]]:
        for record in claim_records(out, subjects):
            facts.add(record)
            yield record

    conflicts, ambiguities = find_disagreements(claims())
    tables: dict[str, Iterable[Mapping[str, object]]] = {
        "consolidated_facts.jsonl": facts.rows(),
        "conflicts.jsonl": (d.record() for d in conflicts),
        "ambiguities.jsonl": (d.record() for d in ambiguities),
    }
    counts = []
    for name, rows in tables.items():
        lines: Iterator[str] = (_ENCODER.encode(row) + "\n" for row in rows)
        if subjects is not None:
            lines = keep_others(out / name, lines, subjects)
        counts.append(write_lines(lines, out / name))
    n_facts, n_conflicts, n_ambiguities = counts
    return n_facts, n_conflicts, n_ambiguities


def keep_others(table: Path, fresh: Iterable[str], subjects: Collection[str]) -> Iterator[str]:
    """A table's earlier lines of the subjects not in `subjects`, and `fresh` lines (of those
    subjects) where they sort: both come sorted by subject, and a subject is in only one."""
    with table.open(encoding="utf-8") as handle:
        earlier = ((s, line) for line in handle if (s := subject_of(line) or "") not in subjects)
        new = ((subject_of(line) or "", line) for line in fresh)
        for _, line in heapq.merge(earlier, new, key=itemgetter(0)):
            yield line


def write_lines(lines: Iterable[str], target: Path) -> int:
    """Write lines through a temporary file; returns how many."""
    temporary = target.with_name(f".{target.name}.partial")
    count = 0
    with temporary.open("w", encoding="utf-8", newline="\n") as handle:
        for line in lines:
            handle.write(line)
            count += 1
    os.replace(temporary, target)
    return count
