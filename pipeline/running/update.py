"""Incremental runs (`batch --update`): a folder that grows by a day's crawl is not read again.

A run leaves OUT/run.json with the settings that shape its results. `--update` with the
same settings keeps the output lines of every file whose sha256 is unchanged, extracts the new
and changed files, drops the lines of files that are gone, and writes the files in the order a
full run writes them, so that the outputs are byte-identical to a full run on the same folder.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from pipeline.config import PipelineConfig
from pipeline.writing.outputs import OUTPUT_FILES

RUN_FILE = "run.json"  # the settings of the run that wrote OUT
# Settings that do not change what a document gives (how fast, how many at once).
NOT_RESULTS = ("batch_size", "time_limit")

DocLines = dict[str, list[str]]  # output file name -> this document's lines in it


def run_settings(config: PipelineConfig) -> dict[str, Any]:
    """What must be the same for an earlier run's lines to stand for this run's."""
    from models import SCHEMA_VERSION
    from pipeline import __version__

    settings = config.model_dump(mode="json", exclude=set(NOT_RESULTS))
    return {"ipclaims": __version__, "schema_version": SCHEMA_VERSION, "settings": settings}


def write_run_file(out: Path, config: PipelineConfig) -> None:
    (out / RUN_FILE).write_text(json.dumps(run_settings(config), sort_keys=True), encoding="utf-8")


def previous_lines(out: Path, config: PipelineConfig) -> dict[str, DocLines] | None:
    """doc_id -> its lines in the earlier run's outputs; None when there is no earlier run with
    the same settings (then everything is processed)."""
    run_file = out / RUN_FILE
    if not run_file.exists() or not all((out / name).exists() for name in OUTPUT_FILES):
        return None
    try:
        earlier = json.loads(run_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if earlier != json.loads(json.dumps(run_settings(config), sort_keys=True)):
        return None
    lines = {}
    for name in OUTPUT_FILES:
        with (out / name).open(encoding="utf-8") as handle:
            lines[name] = handle.readlines()
    return group_by_document(lines)


def unchanged(
    items: list[tuple[str, str]], previous: dict[str, DocLines], sha256: dict[str, str | None]
) -> set[str]:
    """doc_ids whose file has the sha256 the earlier run read."""
    kept = set()
    for doc_id, _ in items:
        earlier = previous.get(doc_id)
        if earlier is None or not earlier["documents.jsonl"]:
            continue
        record = json.loads(earlier["documents.jsonl"][0])
        if record["sha256"] is not None and record["sha256"] == sha256.get(doc_id):
            kept.add(doc_id)
    return kept


def group_by_document(lines: dict[str, list[str]]) -> dict[str, DocLines]:
    """A chunk's lines, per document."""
    grouped: dict[str, DocLines] = defaultdict(lambda: {name: [] for name in OUTPUT_FILES})
    for name, found in lines.items():
        for line in found:
            grouped[json.loads(line)["doc_id"]][name].append(line)
    return dict(grouped)
