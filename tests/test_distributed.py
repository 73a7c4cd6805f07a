"""Dask: a real LocalCluster with two worker processes gives the same claims as a local run,
and its partitioned Parquet reads as one table in DuckDB."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.config import PipelineConfig
from pipeline.running.distributed import list_inputs, run_distributed

pytest.importorskip("distributed")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dask_inputs")
    for path in sorted((ROOT / "corpus" / "articles").glob("[ab]_*.txt"))[:8]:
        shutil.copy(path, folder / path.name)
    (folder / "sub").mkdir()
    (folder / "sub" / "empty.txt").write_bytes(b"")
    return folder


def test_distributed_lists_inputs_like_local_discovery(inputs: Path) -> None:
    items = list_inputs(str(inputs))
    assert [doc_id for doc_id, _ in items][-1] == "sub/empty.txt"
    assert len(items) == 9


def test_distributed_lists_files_without_a_call_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folders, empty ones too, are not listed, and no file is asked whether it is a folder
    (on S3 each such question is a request)."""
    from fsspec.implementations.local import LocalFileSystem

    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "empty" / "deeper").mkdir(parents=True)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.png").write_bytes(b"b")

    def no_isdir(self: object, path: str) -> bool:
        raise AssertionError(f"isdir({path!r})")

    monkeypatch.setattr(LocalFileSystem, "isdir", no_isdir)
    items = list_inputs(str(tmp_path))
    assert [doc_id for doc_id, _ in items] == ["a.txt", "sub/b.png"]


def test_distributed_local_cluster_matches_local_run(
    inputs: Path, tmp_path: Path, extractor: object
) -> None:
    from rich.console import Console

    from pipeline.running.batch import BatchOptions, run_batch

    local = tmp_path / "local"
    run_batch(
        extractor,
        BatchOptions(root=inputs, out=local, workers=1, progress=False),
        Console(quiet=True),
    )  # type: ignore[arg-type]
    dask_out = tmp_path / "dask"
    # recycle_after=1: every chunk after a worker's first reloads the model (memory stays flat
    # on long-lived Dask workers); the claims must not change.
    stats = run_distributed(
        PipelineConfig(), str(inputs), str(dask_out), scheduler=None, local_workers=2,
        chunk_size=3, recycle_after=1,
    )  # fmt: skip
    assert stats.documents == 9 and stats.skipped == 1
    assert stats.claims == len((local / "claims.jsonl").read_text().splitlines())
    assert stats.facts == len((local / "facts.jsonl").read_text().splitlines())
    expected = sorted(
        json.loads(line)["claim_id"] for line in (local / "claims.jsonl").read_text().splitlines()
    )
    table = pq.read_table(dask_out / "claims")
    assert sorted(table.column("claim_id").to_pylist()) == expected
    connection = duckdb.connect()
    count = connection.execute(
        f"select count(*) from read_parquet('{dask_out}/claims/*.parquet')"
    ).fetchone()
    assert count is not None and count[0] == len(expected)
    statuses = connection.execute(
        f"select status, count(*) from read_parquet('{dask_out}/documents/*.parquet') group by all order by 1"
    ).fetchall()
    assert statuses == [("ok", 8), ("skipped", 1)]


def test_distributed_quiet_prints_nothing(inputs: Path, tmp_path: Path) -> None:
    """--quiet silences Dask's own INFO logs (scheduler, workers, nannies) too."""
    ipclaims = Path(sys.executable).parent / "ipclaims"
    result = subprocess.run(
        [str(ipclaims), "batch", str(inputs), "--out", str(tmp_path / "out"), "--dask",
         "--workers", "1", "--quiet", "--format", "parquet"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and "INFO" not in result.stderr, result.stderr[:500]
