"""Batch runs: parallel output is byte-identical, and a killed run resumes to the same output."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted(
    p for p in (ROOT / "corpus" / "articles").iterdir() if p.suffix in {".txt", ".md"}
)
OUTPUTS = ("claims.jsonl", "documents.jsonl", "facts.jsonl")


def ipclaims(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pipeline", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    for path in ARTICLES[:16]:
        shutil.copy(path, folder / path.name)
    (folder / "broken.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def reference(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reference")
    result = ipclaims(
        "batch", str(inputs), "--out", str(out), "--workers", "1", "--chunk-size", "2", "-q"
    )
    assert result.returncode == 0, result.stderr
    return out


def same_outputs(a: Path, b: Path) -> bool:
    return all((a / name).read_bytes() == (b / name).read_bytes() for name in OUTPUTS)


def test_batch_two_workers_give_identical_output(
    inputs: Path, reference: Path, tmp_path: Path
) -> None:
    result = ipclaims(
        "batch", str(inputs), "--out", str(tmp_path), "--workers", "2", "--chunk-size", "3", "-q"
    )
    assert result.returncode == 0, result.stderr
    assert same_outputs(reference, tmp_path)
    assert not (tmp_path / ".parts").exists()


def interrupted_run(inputs: Path, out: Path) -> None:
    """Start a batch and kill -9 it once three chunks are committed."""
    command = [sys.executable, "-m", "pipeline", "batch", str(inputs), "--out", str(out),
               "--workers", "1", "--chunk-size", "2", "-q"]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    parts = out / ".parts"
    while time.monotonic() < deadline and len(list(parts.glob("*.documents.jsonl"))) < 3:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    committed = list(parts.glob("*.documents.jsonl"))
    assert 3 <= len(committed) < 9, "the run should have been killed in the middle"


def test_batch_resume_after_kill_gives_the_same_claims(
    inputs: Path, reference: Path, tmp_path: Path
) -> None:
    interrupted_run(inputs, tmp_path)
    for part in (tmp_path / ".parts").glob("*.jsonl"):  # whatever the kill interrupted, no cut line
        text = part.read_text(encoding="utf-8")
        assert text == "" or text.endswith("\n")
    result = ipclaims("batch", str(inputs), "--out", str(tmp_path), "--workers", "1",
                      "--chunk-size", "2", "--resume", "--log-json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert same_outputs(reference, tmp_path)
    progress = [line for line in result.stderr.splitlines() if '"progress"' in line]
    assert progress and '"done": 2,' not in progress[0], "committed chunks must not be redone"


@pytest.mark.model
def test_batch_resume_redoes_a_changed_file(inputs: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(inputs, folder)
    out = tmp_path / "out"
    interrupted_run(folder, out)
    first = sorted(p for p in folder.iterdir())[0]  # in the first, committed chunk
    first.write_text("Acme Widgets release\n\nAcme Widgets holds 4,321 patents worldwide.\n")
    result = ipclaims("batch", str(folder), "--out", str(out), "--workers", "1", "--chunk-size", "2",
                      "--resume", "-q")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert '"value":4321.0' in (out / "claims.jsonl").read_text()


def test_batch_recycled_workers_give_identical_output(
    inputs: Path, reference: Path, tmp_path: Path
) -> None:
    """A fresh worker process after every chunk (one worker, so through the pool) changes nothing."""
    result = ipclaims(
        "batch", str(inputs), "--out", str(tmp_path), "--workers", "1", "--chunk-size", "2",
        "--recycle-after", "1", "-q",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert same_outputs(reference, tmp_path)


def test_batch_update_processes_only_new_and_changed_files(tmp_path: Path) -> None:
    """--update keeps unchanged files' results, reads new and changed ones, drops deleted ones,
    and writes exactly what a full run on the same folder writes."""
    from typer.testing import CliRunner

    from pipeline.cli.app import app

    runner = CliRunner()
    folder = tmp_path / "in"
    folder.mkdir()
    articles = [p for p in ARTICLES if p.suffix == ".txt"][:6]
    for path in articles[:4]:
        shutil.copy(path, folder / path.name)
    out, full = tmp_path / "out", tmp_path / "full"
    first = runner.invoke(app, ["batch", str(folder), "--out", str(out), "-q", "--workers", "1"])
    assert first.exit_code == 0, first.output
    # a day's crawl: two new files, one changed, one deleted
    for path in articles[4:]:
        shutil.copy(path, folder / path.name)
    changed = folder / articles[0].name
    changed.write_text(changed.read_text() + "\nAcme held 1,234 patents at the end of 2023.\n")
    (folder / articles[1].name).unlink()
    calls: list[str] = []
    import pipeline.running.batch as batch_module

    original = batch_module.process_chunk

    def counting(extractor: object, index: int, items: list[tuple[str, str]]) -> object:
        calls.extend(doc_id for doc_id, _ in items)
        return original(extractor, index, items)  # type: ignore[arg-type]

    batch_module.process_chunk = counting  # type: ignore[assignment]
    try:
        update = runner.invoke(
            app, ["batch", str(folder), "--out", str(out), "-q", "--workers", "1", "--update"]
        )
    finally:
        batch_module.process_chunk = original
    assert update.exit_code == 0, update.output
    assert sorted(calls) == sorted([articles[0].name, articles[4].name, articles[5].name])
    again = runner.invoke(app, ["batch", str(folder), "--out", str(full), "-q", "--workers", "1"])
    assert again.exit_code == 0, again.output
    for name in ("documents.jsonl", "claims.jsonl", "facts.jsonl", "conflicts.jsonl",
                 "consolidated_facts.jsonl", "ambiguities.jsonl"):  # fmt: skip
        assert (out / name).read_bytes() == (full / name).read_bytes(), name
    assert articles[1].name not in (out / "documents.jsonl").read_text()
    # nothing new: nothing is extracted, and the model is not even loaded
    calls.clear()
    quiet = runner.invoke(
        app, ["batch", str(folder), "--out", str(out), "-q", "--workers", "1", "--update"]
    )
    assert quiet.exit_code == 0 and calls == []


@pytest.mark.model
def test_batch_update_keeps_files_that_are_not_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file the batch does not read (a .png, skipped with E013, no sha256) stays as recorded:
    --update with nothing new extracts nothing, so the model is not loaded, and the outputs
    are byte-identical."""
    from typer.testing import CliRunner

    import pipeline.running.batch as batch_module
    from pipeline.cli.app import app

    runner = CliRunner()
    folder = tmp_path / "in"
    folder.mkdir()
    article = next(p for p in ARTICLES if p.suffix == ".txt")
    shutil.copy(article, folder / article.name)
    (folder / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = tmp_path / "out"
    first = runner.invoke(app, ["batch", str(folder), "--out", str(out), "-q", "--workers", "1"])
    assert first.exit_code == 0, first.output
    assert '"status":"skipped"' in (out / "documents.jsonl").read_text()
    names = (*OUTPUTS, "conflicts.jsonl", "consolidated_facts.jsonl", "ambiguities.jsonl")
    before = {name: (out / name).read_bytes() for name in names}
    calls: list[str] = []
    original = batch_module.process_chunk

    def counting(extractor: object, index: int, items: list[tuple[str, str]]) -> object:
        calls.extend(doc_id for doc_id, _ in items)
        return original(extractor, index, items)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_module, "process_chunk", counting)
    update = runner.invoke(
        app, ["batch", str(folder), "--out", str(out), "-q", "--workers", "1", "--update"]
    )
    assert update.exit_code == 0, update.output
    assert calls == []
    for name in names:
        assert (out / name).read_bytes() == before[name], name


def test_batch_update_knows_which_claims_the_tables_were_made_from(tmp_path: Path) -> None:
    """--update remakes only some rows of the cross-document tables when they were made from
    claims.jsonl as it is; a run stopped before its tables, or other claims, remake them all."""
    from pipeline.running.update import RUN_FILE, mark_tables, tables_current
    from pipeline.writing.crossdoc import consolidate

    (tmp_path / "claims.jsonl").write_text("", encoding="utf-8")
    (tmp_path / RUN_FILE).write_text("{}", encoding="utf-8")
    consolidate(tmp_path)
    assert not tables_current(tmp_path)  # not marked: the run may have stopped before them
    mark_tables(tmp_path)
    assert tables_current(tmp_path)
    (tmp_path / "claims.jsonl").write_text("\n", encoding="utf-8")
    assert not tables_current(tmp_path)
