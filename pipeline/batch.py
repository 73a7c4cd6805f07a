"""Batch: every article under a folder -> JSONL outputs, with progress, in a stable order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from pipeline.core import Extractor, Source
from pipeline.inputs import InputError, discover
from pipeline.outputs import BatchStats, open_jsonl_outputs


@dataclass(frozen=True)
class BatchOptions:
    """Where to read and write, and whether to draw a progress bar."""

    root: Path
    out: Path
    progress: bool = True


def doc_id_for(path: Path, root: Path) -> str:
    """doc_id: the path relative to the batch root, with forward slashes."""
    return path.relative_to(root).as_posix()


def sources(extractor: Extractor, paths: list[Path], root: Path) -> Iterator[Source]:
    """Read files lazily, one at a time, so memory does not grow with the folder."""
    for path in paths:
        try:
            yield extractor.source(path, doc_id_for(path, root))
        except OSError as exc:  # broken links and the like
            yield Source(doc_id_for(path, root), str(path), error=InputError(str(exc)))


def run_batch(extractor: Extractor, options: BatchOptions, console: Console) -> BatchStats:
    """Process every matching file; every input gets one line in documents.jsonl."""
    paths = list(discover(options.root, extractor.config.globs))
    with open_jsonl_outputs(options.out) as writer:
        progress = Progress(
            TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} files/s  claims {task.fields[claims]}  errors {task.fields[errors]}"),
            TimeElapsedColumn(), TimeRemainingColumn(),
            console=console, disable=not options.progress, transient=False,
        )  # fmt: skip
        with progress:
            task = progress.add_task("extract", total=len(paths), rate="-", claims=0, errors=0)
            for document in extractor.extract_sources(sources(extractor, paths, options.root)):
                writer.write(document)
                elapsed = progress.tasks[0].elapsed or 0.0
                rate = f"{writer.stats.documents / elapsed:.1f}" if elapsed > 0 else "-"
                progress.update(
                    task,
                    advance=1,
                    rate=rate,
                    claims=writer.stats.claims,
                    errors=writer.stats.errors + writer.stats.skipped,
                )
        return writer.stats
