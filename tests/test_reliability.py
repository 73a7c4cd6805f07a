"""Dirty folders: every bad input is reported once with a clear status, and the batch goes on."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from bad_inputs import write_bad_files
from typer.testing import CliRunner

from pipeline.cli.app import app

runner = CliRunner()
GERMAN = (
    "Xiaomi hat weltweit mehr als 29.000 Patente angemeldet, teilte das Unternehmen am Dienstag mit. "
    * 3
)
MOJIBAKE = (
    "Xiaomi’s portfolio: more than 29,000 patents worldwide.".encode().decode("cp1252").encode()
)


@pytest.mark.model
def test_reliability_batch_reports_every_bad_input(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    expected = {path.name: status for path, status in write_bad_files(inputs)}
    (inputs / "german.txt").write_text(GERMAN)
    expected["german.txt"] = "skipped"
    (inputs / "mojibake.txt").write_bytes(MOJIBAKE)
    expected["mojibake.txt"] = "ok"
    (inputs / "huge.txt").write_bytes(b"Acme holds 5 patents. " * 50_000)
    expected["huge.txt"] = "skipped"
    os.symlink("loop.txt", inputs / "loop.txt")  # a link to itself
    expected["loop.txt"] = "error"
    (inputs / "folder").mkdir()
    os.symlink("..", inputs / "folder" / "parent")  # a directory loop: not followed, listed
    expected["folder/parent"] = "skipped"  # not an article file
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["batch", str(inputs), "--out", str(out), "--workers", "1", "--max-bytes", "1000000", "-q"],
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    seen = [r["doc_id"] for r in records]
    assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen))
    by_name = {r["doc_id"]: r for r in records}
    for name, status in expected.items():
        record = by_name[name]
        if status is not None:
            assert record["status"] == status, (name, record["error"])
        assert (record["status"] == "ok") == (record["error"] is None)
        assert record["error"] is None or record["error"].startswith("[E0")
    assert "language de" in by_name["german.txt"]["error"]
    assert "too large" in by_name["huge.txt"]["error"]
    assert any("[W003]" in w for w in by_name["mojibake.txt"]["warnings"])
    claims = [json.loads(line) for line in (out / "claims.jsonl").read_text().splitlines()]
    assert any(c["doc_id"] == "mojibake.txt" and c["value"] == 29000 for c in claims)


@pytest.mark.model
def test_reliability_rerun_is_idempotent(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_bad_files(inputs)
    out = tmp_path / "out"
    first = runner.invoke(app, ["batch", str(inputs), "--out", str(out), "--workers", "1", "-q"])
    snapshot = {
        name: (out / name).read_bytes()
        for name in ("claims.jsonl", "documents.jsonl", "facts.jsonl")
    }
    second = runner.invoke(app, ["batch", str(inputs), "--out", str(out), "--workers", "1", "-q"])
    assert first.exit_code == second.exit_code == 0
    assert snapshot == {name: (out / name).read_bytes() for name in snapshot}
    assert not list(out.glob(".*"))
