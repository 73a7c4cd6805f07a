"""Distributed runs on Dask: the same extraction on a cluster, inputs read through fsspec (local
paths or s3://, gs://, ... URLs) and outputs written as partitioned Parquet that DuckDB, Spark
and pandas read as one table (`OUT/claims/*.parquet`, `documents/`, `facts/`, `events/`).

Each task is a chunk of consecutive inputs; each Dask worker loads the model once (kept on the
worker object) and sends back plain rows, never spaCy objects. Partitions are named by chunk
index, so the output does not depend on which worker ran what.
"""

from __future__ import annotations

import logging
from pathlib import PurePosixPath
from typing import Any

import fsspec

from pipeline.config import PipelineConfig
from pipeline.errors import Errors
from pipeline.reading.inputs import InputError, is_article, not_an_article
from pipeline.running.core import Extractor, Source
from pipeline.writing.outputs import BatchStats
from pipeline.writing.tables import TABLES, document_row, write_parquet

_WORKER_ATTRIBUTE = "_ipclaims_extractor"


def list_inputs(source: str) -> list[tuple[str, str]]:
    """(doc_id, url) of every file under a local folder or a remote prefix, sorted, hidden
    files and folders left out; those the globs do not match are listed too (skipped, E013).
    `fs.find` lists files only (no directories), with no call per file."""
    fs, root = fsspec.core.url_to_fs(source)
    root = root.rstrip("/")
    found = {
        path
        for path in fs.find(root)
        if not any(part.startswith(".") for part in PurePosixPath(path).relative_to(root).parts)
    }
    protocol = fs.protocol[0] if isinstance(fs.protocol, tuple) else fs.protocol
    items = []
    for path in sorted(found):
        doc_id = str(PurePosixPath(path).relative_to(root))
        url = path if protocol in ("file", "local") else f"{protocol}://{path}"
        items.append((doc_id, url))
    return items


def worker_extractor(config_json: str, recycle_after: int = 500) -> Extractor:
    """The Extractor of this Dask worker process: created on first use, and created again after
    `recycle_after` chunks, because spaCy's vocabulary keeps every new word it sees (Dask
    workers live as long as the cluster)."""
    from distributed import get_worker

    worker = get_worker()
    extractor, chunks = getattr(worker, _WORKER_ATTRIBUTE, (None, 0))
    if extractor is None or chunks >= recycle_after:
        extractor, chunks = Extractor(PipelineConfig.model_validate_json(config_json)), 0
    setattr(worker, _WORKER_ATTRIBUTE, (extractor, chunks + 1))
    return extractor


def read_remote(doc_id: str, url: str, max_bytes: int, globs: tuple[str, ...] = ("*",)) -> Source:
    """Read one input through fsspec; problems become error or skipped records."""
    if not is_article(url, globs):
        return Source(doc_id, url, error=not_an_article(url))
    try:
        fs, path = fsspec.core.url_to_fs(url)
        size = fs.size(path)
        if size is not None and size > max_bytes:
            return Source(
                doc_id,
                url,
                error=InputError(Errors.E003.format(size=size, limit=max_bytes), "skipped"),
            )
        with fs.open(path, "rb") as handle:
            return Source(doc_id, url, handle.read())
    except (OSError, ValueError) as exc:
        return Source(doc_id, url, error=InputError(Errors.E002.format(path=url, reason=exc)))


def process_remote_chunk(
    items: list[tuple[str, str]], config_json: str, recycle_after: int = 500
) -> dict[str, list[dict[str, Any]]]:
    """Task body: extract a chunk on a worker and return its rows, table by table."""
    extractor = worker_extractor(config_json, recycle_after)
    config = extractor.config
    sources = (read_remote(doc_id, url, config.max_bytes, config.globs) for doc_id, url in items)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for document in extractor.extract_sources(sources):
        record = document.record_json()
        rows["documents"].append(document_row(record))
        rows["claims"].extend(c.model_dump(mode="json") for c in document.claims)
        rows["facts"].extend(f.model_dump(mode="json") for f in document.facts)
        rows["events"].extend(e.model_dump(mode="json") for e in document.events)
    return rows


def run_distributed(
    config: PipelineConfig,
    source: str,
    out: str,
    scheduler: str | None = None,
    local_workers: int = 2,
    chunk_size: int = 32,
    recycle_after: int = 500,
    log_level: int = logging.WARNING,
) -> BatchStats:
    """Run a batch on a Dask cluster (`scheduler` address) or a LocalCluster of processes;
    Dask's own logs below `log_level` are silenced (its INFO lines are the default)."""
    from distributed import Client, LocalCluster, as_completed

    for name in ("distributed", "dask", "tornado"):  # the loggers Dask writes to
        logging.getLogger(name).setLevel(log_level)

    items = list_inputs(source)
    chunks = [items[i : i + chunk_size] for i in range(0, len(items), chunk_size)]
    out_fs, out_root = fsspec.core.url_to_fs(out)
    for name in TABLES:
        out_fs.makedirs(f"{out_root}/{name}", exist_ok=True)
    cluster = (
        None
        if scheduler
        else LocalCluster(  # type: ignore[no-untyped-call]  # dask.distributed is untyped
            n_workers=local_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=log_level,
        )
    )
    stats = BatchStats()
    try:
        with Client(scheduler or cluster) as client:  # type: ignore[no-untyped-call]  # untyped
            config_json = config.model_dump_json()
            futures = {
                client.submit(
                    process_remote_chunk, chunk, config_json, recycle_after, pure=False
                ): i
                for i, chunk in enumerate(chunks)
            }
            for future, rows in as_completed(futures, with_results=True):  # type: ignore[no-untyped-call]  # untyped
                index = futures[future]
                for name, table_rows in rows.items():
                    with out_fs.open(f"{out_root}/{name}/part-{index:05d}.parquet", "wb") as handle:
                        write_parquet(iter(table_rows), name, handle)
                for row in rows["documents"]:
                    stats.add(row, row["n_claims"], row["n_facts"])
    finally:
        if cluster is not None:
            cluster.close()
    return stats
