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
