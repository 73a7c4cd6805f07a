"""The CLI through typer's CliRunner: outputs, exit codes, and bad files in a batch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner, Result

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


def extract_table(article: str, columns: int) -> Result:
    """`extract - --format table` of `article` on a terminal `columns` wide."""
    return runner.invoke(
        app, ["extract", "-", "--format", "table"], input=article, env={"COLUMNS": str(columns)}
    )


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
    result = extract_table(article, 250)
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if "│" in line}
    assert "5,000–6,000" in rows["between 5,000 and 6,000"]
    assert "China" in rows["between 5,000 and 6,000"]
    assert "per year" in rows["between 5,000 and 6,000"]
    assert "more_than" in rows["more than 20,000"] and "target" in rows["more than 20,000"]


@pytest.mark.parametrize(("args", "code", "message"), [(["extract", "/no/such/file.txt"], 2, "E001"), (["extract", "."], 2, "E006"),
                                                         (["batch", "/no/such/dir"], 2, "not a directory"),
                                                         (["extract", "x.txt", "--published", "yesterday"], 2, "E020")])  # fmt: skip
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


@pytest.mark.model
def test_cli_batch_manifest_lists_every_file(tmp_path: Path) -> None:
    """Every file under DIR appears once in documents.jsonl; a type we do not read is skipped
    with its type; --glob narrows what is read; hidden files and folders are left out and
    counted in the summary."""
    inputs = tmp_path / "in"
    (inputs / ".git").mkdir(parents=True)
    (inputs / ".git" / "config").write_text("[core]")
    (inputs / ".DS_Store").write_bytes(b"\x00\x01")
    (inputs / "good.txt").write_text(ARTICLE)
    (inputs / "notes.md").write_text("# Notes\n\nAcme holds 250 patent families.\n")
    (inputs / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n....")
    (inputs / "slides.pptx").write_bytes(b"PK\x03\x04....")
    (inputs / "README").write_text("no suffix")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(inputs), "--out", str(out), "--glob", "*.txt"])
    assert result.exit_code == 0, result.output
    documents = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert [(d["doc_id"], d["status"], d["error"]) for d in documents] == [
        ("README", "skipped", "[E013] skipped: not an article file (no file type)"),
        ("good.txt", "ok", None),
        ("logo.png", "skipped", "[E013] skipped: not an article file (.png)"),
        ("notes.md", "skipped", "[E013] skipped: not an article file (.md)"),  # --glob *.txt
        ("slides.pptx", "skipped", "[E013] skipped: not an article file (.pptx)"),
    ]
    assert "2 hidden file(s) or folder(s) left out" in result.output


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["extract", "{article}", "--aliases", "{bad_json}"], "[E018] --aliases"),
        (["extract", "{article}", "--aliases", "{no_orgs}"], "[E018] --aliases"),
        (["extract", "{article}", "--aliases", "{missing}"], "[E018] --aliases"),
        (["batch", "{folder}", "--out", "{a_file}"], "[E019] --out"),
        (["batch", "{folder}", "--out", "{a_file}/sub"], "[E019] --out"),
        (["extract", "{article}", "--published", "2023-13-45"], "[E020] --published"),
        (["extract", "{article}", "--model", "no_such_model_pkg"], "[E008]"),
        (["batch", "{folder}", "--out", "{out}", "--glob", ""], "[E021] --glob"),
        (["batch", "{folder}", "--out", "{out}", "--glob", "sub/*.txt"], "[E021] --glob"),
        (["batch", "{folder}", "--out", "{out}", "--scheduler", "nonsense"], "[E022] --scheduler"),
        (["batch", "{folder}", "--out", "{out}", "--scheduler", "tcp://127.0.0.1:1"], "[E022]"),
        (["report", "{folder}", "--aliases", "{bad_json}"], "ipclaims:"),
    ],
)
def test_cli_bad_options_give_one_numbered_line_and_exit_2(
    tmp_path: Path, args: list[str], code: str
) -> None:
    """Every option that reads a file, a date, a folder or an address: no traceback."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "no_orgs.json").write_text('{"companies": []}')
    (tmp_path / "file.txt").write_text("x")
    names = {
        "article": str(folder / "a.txt"), "bad_json": str(tmp_path / "bad.json"),
        "no_orgs": str(tmp_path / "no_orgs.json"), "missing": str(tmp_path / "nope.json"),
        "folder": str(folder), "a_file": str(tmp_path / "file.txt"), "out": str(tmp_path / "out"),
    }  # fmt: skip
    result = runner.invoke(app, [a.format(**names) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    message = [line for line in result.output.splitlines() if line.startswith("ipclaims:")]
    assert len(message) == 1 and code in message[0], result.output


@pytest.mark.model
def test_cli_extract_at_80_columns_shows_a_readable_block_per_claim() -> None:
    article = (
        "Xiaomi update\n\nBy September 30, 2022, Xiaomi had acquired over 29,000 patents "
        "worldwide. Xiaomi invested RMB 16 billion in research and development in 2022.\n"
    )
    result = extract_table(article, 80)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    first, money = article.index("over 29,000"), article.index("RMB 16 billion")
    assert f"over 29,000 patents · Xiaomi · as of 2022-09-30 · chars {first}-{first + 11}" in lines
    assert f"RMB 16 billion · Xiaomi · in 2022 · chars {money}-{money + 14}" in lines
    assert "  patents · 29,000 · more_than · patent" in lines
    assert all(len(line) <= 80 for line in lines) and "…" not in result.stdout


def imported_after(args: list[str], heavy: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    """Run `ipclaims ARGS` in a fresh interpreter; its last line of stdout lists the modules of
    `heavy` it imported."""
    code = (
        "import sys\n"
        "from pipeline.cli.app import app\n"
        f"try:\n    app({args!r})\nexcept SystemExit:\n    pass\n"
        "print()\n"  # the list on a line of its own, after whatever the command printed
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    "args", [["--help"], ["schema"], ["facts", "--help"], ["report", "--help"], ["batch", "--help"]]
)
def test_cli_light_commands_do_not_import_the_extraction_stack(args: list[str]) -> None:
    """--help, schema, facts and report start fast: no spaCy, pyarrow, duckdb, trafilatura,
    lingua or dask until a command needs them."""
    heavy = ("spacy", "thinc", "pyarrow", "duckdb", "trafilatura", "lingua", "dask")
    result = imported_after(args, heavy)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr


def test_cli_extract_text_does_not_import_spacy(tmp_path: Path) -> None:
    """`extract --text` only decodes: no spaCy, thinc or lingua (the extractor's stack)."""
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    result = imported_after(["extract", "--text", str(path)], ("spacy", "thinc", "lingua"))
    assert "more than 1,000 patents as of June 30, 2023." in result.stdout, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr


def test_cli_extract_wakes_dateparser_only_for_dates_our_table_cannot_read(tmp_path: Path) -> None:
    """Plain dates ("June 30, 2023", "2022") are read by our own table: dateparser (0.1 s to
    import) is not imported; a form only it reads still gets its date."""
    plain = tmp_path / "plain.txt"
    plain.write_text(ARTICLE)
    result = imported_after(["extract", str(plain)], ("dateparser",))
    assert "1,000" in result.stdout, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr
    from pipeline.extraction.dates import DateParser

    parser = DateParser()
    assert "parser" not in vars(parser)  # made at the first phrase our table cannot read
    assert str(parser.parse("2022 September 30th")) == "2022-09-30"
