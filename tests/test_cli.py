"""The CLI through typer's CliRunner: outputs, exit codes, and bad files in a batch."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from pipeline.cli.app import app

runner = CliRunner()
ARTICLE = "Acme releases IP report\n\nAcme held more than 1,000 patents as of June 30, 2023.\n"


@pytest.fixture(scope="module")
def schema() -> dict[str, object]:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    return json.loads(result.stdout)


def validator(schema: dict[str, object], name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{name}"})


@pytest.mark.model
def test_cli_extract_json(tmp_path: Path, schema: dict[str, object]) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    result = runner.invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    validator(schema, "Document").validate(document)
    assert document["doc_id"] == str(path) and document["subject"] == "Acme"
    assert [(c["value"], c["as_of"]) for c in document["claims"]] == [(1000, "2023-06-30")]


@pytest.mark.model
def test_cli_extract_stdin_and_table(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", "-", "--format", "table"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert "more than 1,000" in result.stdout and "2023-06-30" in result.stdout


@pytest.mark.model
def test_cli_extract_table_shows_ranges_geo_rates_and_modality() -> None:
    article = (
        "Acme plans\n\nAcme files between 5,000 and 6,000 applications in China each year. "
        "Acme aims to hold more than 20,000 patents by 2026.\n"
    )
    result = runner.invoke(
        app, ["extract", "-", "--format", "table"], input=article, env={"COLUMNS": "250"}
    )
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if "│" in line}
    assert "5,000–6,000" in rows["between 5,000 and 6,000"]
    assert "China" in rows["between 5,000 and 6,000"]
    assert "per year" in rows["between 5,000 and 6,000"]
    assert "more_than" in rows["more than 20,000"] and "target" in rows["more than 20,000"]


@pytest.mark.parametrize(("args", "code", "message"), [(["extract", "/no/such/file.txt"], 2, "E001"), (["extract", "."], 2, "E006"),
                                                         (["batch", "/no/such/dir"], 2, "not a directory"),
                                                         (["extract", "x.txt", "--published", "yesterday"], 2, "invalid option")])  # fmt: skip
def test_cli_usage_errors(args: list[str], code: int, message: str, tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(ARTICLE)
    result = runner.invoke(
        app, args if args[1] != "x.txt" else [args[0], str(tmp_path / "x.txt"), *args[2:]]
    )
    assert result.exit_code == code
    assert message in result.output and "Traceback" not in result.output


@pytest.mark.model
def test_cli_extract_unusable_file_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = runner.invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 1 and "E005" in result.output


@pytest.mark.model
def test_cli_batch_reports_every_file_and_goes_on(
    tmp_path: Path, schema: dict[str, object]
) -> None:
    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    (inputs / "good.txt").write_text(ARTICLE)
    (inputs / "sub" / "also_good.md").write_text("# Title\n\nAcme holds 250 patent families.\n")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "image.html").write_bytes(b"\x89PNG\r\n\x1a\nbinary")
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.7 truncated")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(inputs), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    documents = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert [(d["doc_id"], d["status"]) for d in documents] == [
        ("broken.pdf", "error"), ("empty.txt", "skipped"), ("good.txt", "ok"),
        ("image.html", "skipped"), ("sub/also_good.md", "ok"),
    ]  # fmt: skip
    assert "[E015] damaged PDF" in documents[0]["error"]
    assert all(d["error"] for d in documents if d["status"] != "ok")
    claims = [json.loads(line) for line in (out / "claims.jsonl").read_text().splitlines()]
    facts = [json.loads(line) for line in (out / "facts.jsonl").read_text().splitlines()]
    assert [c["value"] for c in claims] == [1000, 250]
    for name, rows in (("DocumentRecord", documents), ("Claim", claims), ("Fact", facts)):
        for row in rows:
            validator(schema, name).validate(row)
    assert not list(out.glob(".*partial"))


def test_cli_batch_nothing_processable_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["batch", str(tmp_path), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1


@pytest.mark.model
def test_cli_batch_empty_folder_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(tmp_path), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1 and "E009" in result.output


@pytest.mark.model
def test_cli_batch_output_is_identical_across_runs(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE)
    for name in ("o1", "o2"):
        assert (
            runner.invoke(
                app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / name), "-q"]
            ).exit_code
            == 0
        )
    for file in ("claims.jsonl", "documents.jsonl", "facts.jsonl"):
        assert (tmp_path / "o1" / file).read_bytes() == (tmp_path / "o2" / file).read_bytes()


def test_cli_help_explains_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("extract", "batch", "schema"):
        assert command in result.stdout
