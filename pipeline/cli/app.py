"""Command line: `ipclaims extract`, `ipclaims batch`, `ipclaims schema`.

Commands only parse options and print; the work is done by pipeline.running.core and pipeline.running.batch.
Exit codes (docs/schema.md): 0 success, 1 nothing could be processed, 2 usage error.
"""

from __future__ import annotations

import atexit
import dataclasses
import gc
import json
import logging
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from models import json_schema
from pipeline.cli.display import err, print_document_table, print_summary
from pipeline.cli.options import (
    AliasesOption,
    MaxPagesOption,
    ModelOption,
    OcrOption,
    OutputFormat,
    PublishedOption,
    fail,
    load_extractor,
    make_config,
    version_callback,
)
from pipeline.config import BatchOptions, PipelineConfig
from pipeline.errors import Errors

# The defaults shown and used by the commands are those of the options objects, never retyped.
CONFIG_DEFAULTS = {name: f.default for name, f in PipelineConfig.model_fields.items()}
BATCH_DEFAULTS: dict[str, Any] = {f.name: f.default for f in dataclasses.fields(BatchOptions)}

app = typer.Typer(
    name="ipclaims",
    help="Turn corporate IP press articles and white papers into validated, machine-readable claims.\n\n"
    "Examples:\n\n"
    "  ipclaims extract article.txt            # one file: a table on a terminal, JSON when piped\n\n"
    "  cat article.txt | ipclaims extract -    # from standard input\n\n"
    "  ipclaims batch articles/ --out out/     # a folder: out/claims.jsonl, documents.jsonl, facts.jsonl\n\n"
    "  ipclaims schema > schema.json           # the JSON Schema of every output record",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log progress details to stderr.")
    ] = False,
) -> None:
    """Turn corporate IP press articles and white papers into validated, machine-readable claims."""
    # One command per process: at exit, Python would run a last garbage collection over every
    # object alive (a loaded model is millions; 0.3 s); the OS frees the memory anyway.
    atexit.register(gc.freeze)
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


@app.command()
def extract(
    file: Annotated[
        str, typer.Argument(help="Article file (.txt, .md, .html, .pdf), or - for standard input.")
    ],
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format", "-f", help="json (default when piped) or table (default on a terminal)."
        ),
    ] = None,
    doc_id: Annotated[
        str | None,
        typer.Option(help="doc_id to give the document. Default: the path given, or 'stdin'."),
    ] = None,
    published: PublishedOption = None,
    model: ModelOption = None,
    aliases: AliasesOption = None,
    max_pages: MaxPagesOption = CONFIG_DEFAULTS["max_pages"],
    ocr: OcrOption = False,
    text: Annotated[
        bool,
        typer.Option(
            "--text",
            help="Print the text that claims' start/end offsets index (for a PDF: its text layer "
            "in reading order, pages apart by a blank line; for HTML: the extracted text) and stop.",
        ),
    ] = False,
) -> None:
    """Extract the claims of one article (.txt, .md, .html or .pdf) and print them.

    Prints a Document: claims with their sentence, character offsets (and page, for a PDF),
    facts, events, warnings. Exit 1 when the file cannot be processed (status error or skipped),
    2 on usage errors.
    """
    config = make_config(model, aliases, published, max_pages=max_pages, ocr=ocr)
    data: bytes | None = None
    if file == "-":
        try:
            data = sys.stdin.buffer.read()
        except (OSError, ValueError) as exc:
            raise fail(Errors.E010.format(reason=exc), 1) from None
    else:
        path = Path(file)
        if not path.exists():
            raise fail(Errors.E001.format(path=path), 2)
        if path.is_dir():
            raise fail(Errors.E006.format(path=path), 2)
    if text:  # decoding only: the extraction stack (spaCy) is not imported
        if data is None:
            print_text(read_input(Path(file), config), file, config)
        else:
            print_text(data, "stdin", config)
        return
    from pipeline.running.core import Source

    extractor = load_extractor(config)
    if data is None:
        source = extractor.source(Path(file), doc_id or file)
    else:
        source = Source(doc_id or "stdin", "stdin", data)
    document = next(extractor.extract_sources([source]))
    chosen = output_format or (OutputFormat.table if sys.stdout.isatty() else OutputFormat.json)
    if chosen is OutputFormat.json:
        print(document.model_dump_json(indent=2))
    else:
        print_document_table(document)
    if document.status != "ok":
        raise fail(f"{document.path}: {document.error}", 1)


def check_out(out: str) -> None:
    """--out must be a folder we can create or write in (a local path; URLs go to fsspec)."""
    if "://" in out:
        return
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise fail(Errors.E019.format(path=out, reason="exists and is not a folder"), 2)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fail(Errors.E019.format(path=out, reason=exc.strerror or exc), 2) from None
    if not os.access(path, os.W_OK):
        raise fail(Errors.E019.format(path=out, reason="not writable"), 2)


def check_scheduler(address: str) -> None:
    """--scheduler must look like PROTOCOL://HOST:PORT and answer within 10 seconds."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if not host or not port:
        raise fail(Errors.E022.format(address=address, reason="expected tcp://HOST:PORT"), 2)
    try:
        socket.create_connection((host, port), timeout=10).close()
    except OSError as exc:
        reason = f"cannot connect ({exc.strerror or exc})"
        raise fail(Errors.E022.format(address=address, reason=reason), 2) from None


def read_input(path: Path, config: PipelineConfig) -> bytes:
    """A file's bytes for `extract --text`, or a usage error."""
    from pipeline.reading.inputs import InputError, read_bytes

    try:
        return read_bytes(path, config.max_bytes)
    except InputError as error:
        raise fail(str(error), 1) from None


def print_text(data: bytes, name: str, config: PipelineConfig) -> None:
    """The decoded text of an input (`name`: its path, or stdin), as the offsets of its claims
    index it."""
    from pipeline.reading.inputs import InputError, decode

    try:
        raw = decode(data, name, config.max_pages, config.ocr)
    except InputError as error:
        raise fail(f"{name}: {error}", 1) from None
    sys.stdout.write(raw.text)


class BatchFormat(StrEnum):
    """Extra output formats of `batch` (JSONL is always written)."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    duckdb = "duckdb"


@app.command()
def batch(
    directory: Annotated[
        str,
        typer.Argument(
            help="Folder of articles, searched recursively (with --dask/--scheduler also s3://... URLs)."
        ),
    ],
    out: Annotated[
        str, typer.Option("--out", "-o", help="Output folder (created if needed).")
    ] = "out",
    output_format: Annotated[
        BatchFormat,
        typer.Option(
            "--format",
            "-f",
            help="Also write csv, parquet (one file per table) or a duckdb database.",
        ),
    ] = BatchFormat.jsonl,
    glob: Annotated[
        list[str] | None,
        typer.Option(
            "--glob",
            help="File pattern to include; repeat for several. Default: "
            + " ".join(CONFIG_DEFAULTS["globs"])
            + ".",
        ),
    ] = None,
    published: PublishedOption = None,
    model: ModelOption = None,
    aliases: AliasesOption = None,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Documents per spaCy batch.")
    ] = CONFIG_DEFAULTS["batch_size"],
    max_bytes: Annotated[
        int, typer.Option(min=1, help="Skip files larger than this many bytes.")
    ] = CONFIG_DEFAULTS["max_bytes"],
    max_pages: MaxPagesOption = CONFIG_DEFAULTS["max_pages"],
    ocr: OcrOption = False,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, help="Worker processes, each loading the model once. Default: all cores."
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            help="Keep the chunks an interrupted run already wrote (same files, same sha256)."
        ),
    ] = False,
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="Process only files that are new or changed (by sha256) since the last run into "
            "OUT with the same settings; keep the others' results, drop those of deleted files, "
            "rebuild the cross-document tables. The outputs equal a full run's, byte for byte.",
        ),
    ] = False,
    chunk_size: Annotated[
        int, typer.Option(min=1, help="Files per work unit (and per resumable part).")
    ] = BATCH_DEFAULTS["chunk_size"],
    recycle_after: Annotated[
        int,
        typer.Option(
            min=1,
            help="Chunks a worker handles before it starts afresh (a new process; on Dask, a "
            "reloaded model), so that memory stays flat over millions of files: spaCy's "
            "vocabulary keeps every new word.",
        ),
    ] = BATCH_DEFAULTS["recycle_after"],
    dask: Annotated[
        bool,
        typer.Option(
            "--dask", help="Run on a local Dask cluster of processes; writes partitioned Parquet."
        ),
    ] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Run on the Dask cluster at this address (tcp://HOST:PORT); writes partitioned Parquet."
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")
    ] = False,
    log_json: Annotated[
        bool, typer.Option("--log-json", help="Progress as JSON lines on stderr, for machines.")
    ] = False,
) -> None:
    """Extract claims from every article under DIRECTORY.

    Writes OUT/documents.jsonl (one line per input file with its status: ok, error or skipped and
    a message), OUT/claims.jsonl, OUT/facts.jsonl, and across documents OUT/consolidated_facts.jsonl
    OUT/conflicts.jsonl and OUT/ambiguities.jsonl. --format adds the same tables as CSV, Parquet or a DuckDB database.
    With --dask or --scheduler the run goes to Dask and writes OUT/<table>/part-*.parquet.
    Bad files are reported and the batch goes on. Exit 0 when at least one file was processed,
    1 when none could be, 2 on usage errors.
    """
    extra: dict[str, object] = {
        "batch_size": batch_size,
        "max_bytes": max_bytes,
        "max_pages": max_pages,
        "ocr": ocr,
    }
    if glob:
        extra["globs"] = tuple(glob)
    config = make_config(model, aliases, published, **extra)
    check_out(out)
    if scheduler:
        check_scheduler(scheduler)
    show = not quiet
    if dask or scheduler:
        if output_format not in (BatchFormat.jsonl, BatchFormat.parquet):
            raise fail("--dask/--scheduler write partitioned Parquet; --format must be parquet", 2)
        from pipeline.running.distributed import run_distributed

        level = logging.ERROR if quiet else logging.getLogger().getEffectiveLevel()
        stats = run_distributed(
            config, directory, out, scheduler, local_workers=workers or 2, chunk_size=chunk_size,
            recycle_after=recycle_after, log_level=level,
        )  # fmt: skip
    else:
        from pipeline.running.batch import run_batch

        root = Path(directory)
        if not root.is_dir():
            raise fail(f"not a directory: {directory}", 2)
        options = BatchOptions(
            root=root, out=Path(out), workers=workers or os.cpu_count() or 1, chunk_size=chunk_size,
            resume=resume, progress=show and not log_json and err.is_terminal, log_json=log_json,
            recycle_after=recycle_after, update=update,
        )  # fmt: skip
        # The model loads when there is something to extract (with --update, maybe never).
        stats = run_batch(lambda: load_extractor(config), options, err, config)
        if stats.documents and stats.ok:
            write_formats(Path(out), output_format, stats.changed_subjects)
    if stats.documents == 0 or (stats.ok == 0 and stats.articles == 0 and not (dask or scheduler)):
        raise fail(Errors.E009.format(globs=" ".join(config.globs), path=directory), 1)
    if show:
        print_summary(stats, out)
    if stats.ok == 0:
        raise typer.Exit(1)


def write_formats(
    out: Path, output_format: BatchFormat, changed_subjects: set[str] | None = None
) -> None:
    """Cross-document tables (after --update, the rows of the changed subjects; none when
    nothing changed), then the extra format asked for (DuckDB and Arrow are imported only then)."""
    if changed_subjects == set():  # consolidate would rewrite the tables as they are
        from pipeline.running.update import mark_tables

        mark_tables(out)
    else:
        make_tables(out, changed_subjects)
    if output_format in (BatchFormat.csv, BatchFormat.parquet):
        from pipeline.writing.export import export_files

        export_files(out, output_format.value)
    elif output_format is BatchFormat.duckdb:
        from pipeline.writing.export import export_duckdb

        export_duckdb(out)


def make_tables(out: Path, subjects: set[str] | None = None) -> tuple[int, int, int]:
    """Write the cross-document tables (with `subjects`, only their rows again) and record
    that they are current; returns their row counts."""
    from pipeline.running.update import mark_tables
    from pipeline.writing.crossdoc import consolidate

    counts = consolidate(out, subjects)
    mark_tables(out)  # a later --update may keep the rows of other subjects
    return counts


@app.command()
def facts(
    out: Annotated[Path, typer.Argument(help="Folder written by `ipclaims batch --out`.")],
) -> None:
    """Consolidate a batch across documents: OUT/consolidated_facts.jsonl (one fact, all its
    sources), OUT/conflicts.jsonl (documents that disagree about the same subject, metric, kind,
    scope, place and date: values that cannot both be true) and OUT/ambiguities.jsonl (such
    figures inside one document, to review)."""
    if not (out / "claims.jsonl").is_file():
        raise fail(f"{out}: no claims.jsonl; run `ipclaims batch ... --out {out}` first", 2)
    n_facts, n_conflicts, n_ambiguities = make_tables(out)
    err.print(
        f"{n_facts} consolidated facts, {n_conflicts} conflicts, "
        f"{n_ambiguities} ambiguities -> {out}"
    )


@app.command()
def render(
    file: Annotated[Path, typer.Argument(help="Article to review (.txt, .md, .html).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML page to write.")] = Path(
        "review.html"
    ),
    published: PublishedOption = None,
    model: ModelOption = None,
    aliases: AliasesOption = None,
) -> None:
    """Write a self-contained HTML review page: the article with every claim highlighted
    (colour by metric, tooltip with the normalised fields), the events and a table of claims."""
    if not file.is_file():
        raise fail(Errors.E001.format(path=file), 2)
    from pipeline.reading.inputs import decode
    from pipeline.writing.render import render_document

    extractor = load_extractor(make_config(model, aliases, published))
    source = extractor.source(file, str(file))
    document = next(extractor.extract_sources([source]))
    if document.status != "ok" or source.data is None:
        raise fail(f"{file}: {document.error}", 1)
    text = decode(source.data, source.path).text
    output.write_text(render_document(document, text), encoding="utf-8")
    err.print(f"wrote {output} ({document.n_claims} claims)")


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="Folder written by `ipclaims batch --out`.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML page to write.")] = Path(
        "report.html"
    ),
    reviews: Annotated[
        Path | None, typer.Option(help="Folder of review pages named <doc_id>.html to link to.")
    ] = None,
    aliases: AliasesOption = None,
) -> None:
    """Write a self-contained HTML report of a batch: counts, each company's figures over time
    (held at a date and counted over a period apart), rankings, the conflicts between
    documents, the ambiguities inside documents, the names merged into one company, and the
    documents with their status."""
    if not (out / "documents.jsonl").is_file():
        raise fail(f"{out}: no documents.jsonl; run `ipclaims batch ... --out {out}` first", 2)
    from urllib.parse import quote

    from pipeline.writing.report import load_batch, render_report

    try:
        documents, claims = load_batch(out)
    except (OSError, ValueError) as exc:
        raise fail(str(exc), 1) from None
    links: dict[str, str] = {}
    for document in documents if reviews else []:
        assert reviews is not None
        page = reviews / f"{document.doc_id}.html"
        if page.is_file():
            links[document.doc_id] = quote(Path(os.path.relpath(page, output.parent)).as_posix())
    from pipeline.rules.loading import RulesError, load_rules

    try:
        names = load_rules(aliases).aliases
    except RulesError as exc:
        raise fail(str(exc), 2) from None
    output.write_text(render_report(documents, claims, links, names), encoding="utf-8")
    err.print(f"wrote {output} ({len(documents)} documents, {len(claims)} claims)")


@app.command()
def schema() -> None:
    """Print the JSON Schema of Document, Claim, Fact and Event (JSON Schema 2020-12)."""
    print(json.dumps(json_schema(), indent=2))
