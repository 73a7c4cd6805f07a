"""Batch: every article under a folder -> outputs, in parallel, resumable, in a stable order.

Inputs are sorted and cut into chunks of consecutive files. Each chunk is processed by a worker
process (the model is loaded once per worker; workers send back JSON lines, never spaCy Docs)
and written as one *part* (`OUT/.parts/<chunk>.{claims,facts,documents}.jsonl`) with temporary
names and renames; the documents part is renamed last and is the chunk's commit mark. When all
chunks are done, the parts are concatenated in chunk order into the final files (again via a
temporary name), so the output is byte-identical whatever the number of workers, and a kill at
any moment leaves no truncated or duplicated line. `--resume` keeps every committed part whose
files are unchanged (same doc_id and sha256) and processes the rest.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from pipeline.config import BatchOptions, PipelineConfig
from pipeline.reading.inputs import InputError, is_article, not_an_article, survey

if TYPE_CHECKING:  # the extraction stack loads when there is something to extract
    from pipeline.running.core import Extractor, Source
from pipeline.running.update import (
    file_sha256,
    merge_outputs,
    previous_files,
    tables_current,
    write_run_file,
)
from pipeline.writing.outputs import OUTPUT_FILES, BatchStats, document_lines

PARTS = ".parts"


@dataclass
class ChunkResult:
    """What a worker sends back for one chunk: output lines and counts, no spaCy objects."""

    index: int
    lines: dict[str, list[str]] = field(default_factory=dict)
    stats: BatchStats = field(default_factory=BatchStats)


def doc_id_for(path: Path, root: Path) -> str:
    """doc_id: the path relative to the batch root, with forward slashes."""
    return path.relative_to(root).as_posix()


def chunk_name(index: int) -> str:
    return f"{index:08d}"


def process_chunk(extractor: Extractor, index: int, items: list[tuple[str, str]]) -> ChunkResult:
    """Extract one chunk of (doc_id, path) in order; any failure is a document record."""
    result = ChunkResult(index, {name: [] for name in OUTPUT_FILES})
    sources: Iterator[Source] = (read_source(extractor, doc_id, path) for doc_id, path in items)
    for document in extractor.extract_sources(sources):
        record, lines_by_file = document_lines(document)
        result.stats.add_record(record)
        for name, lines in lines_by_file.items():
            result.lines[name].extend(lines)
    return result


def read_source(extractor: Extractor, doc_id: str, path: str) -> Source:
    from pipeline.running.core import Source

    if not is_article(path, extractor.config.globs):  # listed in the manifest, not read
        return Source(doc_id, path, error=not_an_article(path))
    try:
        return extractor.source(Path(path), doc_id)
    except OSError as exc:  # a symlink loop, a file removed meanwhile
        return Source(doc_id, path, error=InputError(f"[E002] cannot read {path}: {exc}"))


# -- worker processes ------------------------------------------------------------------------
# Each worker process holds exactly one Extractor (inherited at fork, or created by the spawn
# initializer); this is the per-process state multiprocessing needs, not a global of the library.
_worker_extractor: list[Extractor] = []


def _init_worker(config_json: str) -> None:
    from pipeline.running.core import Extractor

    _worker_extractor.append(Extractor(PipelineConfig.model_validate_json(config_json)))


def _run_chunk(task: tuple[int, list[tuple[str, str]]]) -> ChunkResult:
    index, items = task
    return process_chunk(_worker_extractor[0], index, items)


# -- parts -----------------------------------------------------------------------------------
def write_part(parts: Path, result: ChunkResult) -> None:
    """Write a chunk's three parts atomically; the documents part last, as the commit mark."""
    name = chunk_name(result.index)
    for output in ("claims.jsonl", "facts.jsonl", "documents.jsonl"):
        target = parts / f"{name}.{output}"
        temporary = parts / f".{name}.{output}.tmp"
        with temporary.open("w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(result.lines[output])
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)


def committed_part(parts: Path, index: int, items: list[tuple[str, str]]) -> BatchStats | None:
    """The stats of a committed part whose documents are still the same files, else None."""
    documents = parts / f"{chunk_name(index)}.documents.jsonl"
    if not documents.exists():
        return None
    records = [
        json.loads(line) for line in documents.read_text(encoding="utf-8").splitlines() if line
    ]
    if [r["doc_id"] for r in records] != [doc_id for doc_id, _ in items]:
        return None
    stats = BatchStats()
    for record, (_, path) in zip(records, items, strict=True):
        if record["sha256"] is not None and record["sha256"] != file_sha256(Path(path)):
            return None
        stats.add_record(record)
    return stats


def merge_parts(parts: Path, out: Path, chunks: int) -> None:
    """Concatenate the parts in chunk order into the final files, each via a temporary name."""
    for output in OUTPUT_FILES:
        temporary = out / f".{output}.partial"
        with temporary.open("wb") as target:
            for index in range(chunks):
                with (parts / f"{chunk_name(index)}.{output}").open("rb") as source:
                    shutil.copyfileobj(source, target)
            target.flush()
            os.fsync(target.fileno())
        os.replace(temporary, out / output)


# -- the run ---------------------------------------------------------------------------------
def run_batch(
    extractor: Extractor | Callable[[], Extractor],
    options: BatchOptions,
    console: Console,
    config: PipelineConfig | None = None,
) -> BatchStats:
    """Process every file under the root; every file gets one line in documents.jsonl. The
    extractor may be given as a function that loads it: with `options.update` and nothing new,
    the model is never loaded."""
    if hasattr(extractor, "extract_sources"):  # an Extractor, not a function that loads one
        loaded = cast("Extractor", extractor)
        config = config or loaded.config
    else:
        loaded = None
    assert config is not None, "give the config with an extractor factory"
    found = survey(options.root)  # every file is listed; those not read are skipped with E013
    items = [(doc_id_for(p, options.root), str(p)) for p in found.files]
    options.out.mkdir(parents=True, exist_ok=True)
    previous = previous_files(options.out, config, items) if options.update else None
    kept: set[str] = set()
    if previous is not None:  # --update: the files whose sha256 the earlier run read stay, and
        # so do those it recorded as not articles (no sha256; same globs, checked by run.json)
        kept = {
            doc_id
            for doc_id, path in items
            if doc_id in previous
            and (
                previous[doc_id] == file_sha256(Path(path))
                if previous[doc_id] is not None
                else not is_article(path, config.globs)
            )
        }
    todo_items = [item for item in items if item[0] not in kept]
    chunks = [
        todo_items[i : i + options.chunk_size]
        for i in range(0, len(todo_items), options.chunk_size)
    ]
    parts = options.out / PARTS
    if parts.exists() and not options.resume:
        shutil.rmtree(parts)
    parts.mkdir(exist_ok=True)
    total = BatchStats()
    todo: list[tuple[int, list[tuple[str, str]]]] = []
    for index, chunk in enumerate(chunks):
        done = committed_part(parts, index, chunk) if options.resume else None
        if done is None:
            todo.append((index, chunk))
        else:
            total.merge(done)
    if todo and loaded is None:
        loaded = cast("Callable[[], Extractor]", extractor)()
    reporter = Reporter(console, len(todo_items), options, already=total)
    with reporter:
        for result in run_chunks(loaded, todo, options.workers, options.recycle_after):  # type: ignore[arg-type]  # loaded when there is work
            write_part(parts, result)
            total.merge(result.stats)
            reporter.update(total)
    if previous is None:
        merge_parts(parts, options.out, len(chunks))
    else:
        fresh = {
            name: [parts / f"{chunk_name(index)}.{name}" for index in range(len(chunks))]
            for name in OUTPUT_FILES
        }
        current = tables_current(options.out)  # before claims.jsonl is rewritten
        total = merge_outputs(options.out, items, kept, fresh)
        if not current:  # say, a run stopped before its tables: make them all again
            total.changed_subjects = None
    shutil.rmtree(parts)
    write_run_file(options.out, config)
    total.articles = sum(1 for p in found.files if is_article(p, config.globs))
    total.hidden = found.hidden
    return total


def run_chunks(
    extractor: Extractor,
    todo: list[tuple[int, list[tuple[str, str]]]],
    workers: int,
    recycle_after: int = 500,
) -> Iterator[ChunkResult]:
    """Results in chunk order: in this process for one worker and a run of fewer than
    `recycle_after` chunks, else from a process pool whose workers are replaced after
    `recycle_after` chunks (spaCy's vocabulary only grows; a fresh worker starts from the
    loaded model again)."""
    if (workers <= 1 and len(todo) <= recycle_after) or len(todo) <= 1:
        for index, chunk in todo:
            yield process_chunk(extractor, index, chunk)
        return
    context: multiprocessing.context.BaseContext
    if "fork" in multiprocessing.get_all_start_methods():
        # Workers start at once and share the loaded model's memory pages (copy-on-write).
        _worker_extractor[:] = [extractor]
        context = multiprocessing.get_context("fork")
        pool = context.Pool(workers, maxtasksperchild=recycle_after)
    else:  # spawn: each worker loads the model once, in its initializer
        context = multiprocessing.get_context("spawn")
        config_json = extractor.config.model_dump_json()
        pool = context.Pool(
            workers,
            initializer=_init_worker,
            initargs=(config_json,),
            maxtasksperchild=recycle_after,
        )
    with pool:
        yield from pool.imap(_run_chunk, todo)
    _worker_extractor.clear()


class Reporter:
    """Progress bar on a terminal, JSON lines with --log-json, nothing with --quiet."""

    def __init__(
        self, console: Console, total: int, options: BatchOptions, already: BatchStats
    ) -> None:
        self.console = console
        self.total = total
        self.options = options
        self.start = time.monotonic()
        self.already = already.documents
        self.progress = Progress(
            TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} files/s  claims {task.fields[claims]}  errors {task.fields[errors]}"),
            TimeElapsedColumn(), TimeRemainingColumn(),
            console=console, disable=not options.progress,
        )  # fmt: skip
        self.task = self.progress.add_task(
            "extract",
            total=total,
            completed=already.documents,
            rate="-",
            claims=already.claims,
            errors=already.errors + already.skipped,
        )

    def __enter__(self) -> Reporter:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.progress.__exit__(*exc)

    def update(self, stats: BatchStats) -> None:
        elapsed = max(1e-9, time.monotonic() - self.start)
        rate = (stats.documents - self.already) / elapsed
        problems = stats.errors + stats.skipped
        self.progress.update(
            self.task,
            completed=stats.documents,
            rate=f"{rate:.1f}",
            claims=stats.claims,
            errors=problems,
        )
        if self.options.log_json:
            record = {"event": "progress", "done": stats.documents, "total": self.total, "claims": stats.claims,
                      "errors": stats.errors, "skipped": stats.skipped, "files_per_s": round(rate, 2)}  # fmt: skip
            print(json.dumps(record), file=self.console.file, flush=True)
