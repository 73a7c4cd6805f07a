"""Analytics outputs: every format loads in DuckDB with the rows of claims.jsonl, every JSONL line
validates against `ipclaims schema`, and two articles that disagree give a conflict."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import jsonschema
import pytest
from typer.testing import CliRunner

from models import json_schema
from pipeline.cli.app import app
from pipeline.writing.conflicts import find_disagreements
from pipeline.writing.report import load_batch

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
FIRST = """Acme Widgets IP update

SAN JOSE, March 3, 2024 /PRNewswire/ -- Acme Widgets said it held more than 12,000 granted patents as of December 31, 2023. The company also ranked 7th in 5G patent families.
"""
SECOND = """Acme Widgets keeps filing

Acme Widgets held about 11,000 granted patents as of December 31, 2023, according to an analyst report. Acme Widgets signed a patent licence with Nokia on January 5, 2024.
"""


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inputs = tmp_path_factory.mktemp("export_in")
    for path in sorted((ROOT / "corpus" / "articles").glob("[bc]_*.txt"))[:6]:
        shutil.copy(path, inputs / path.name)
    (inputs / "acme_one.txt").write_text(FIRST)
    (inputs / "acme_two.txt").write_text(SECOND)
    out = tmp_path_factory.mktemp("export_out")
    for fmt in ("csv", "parquet", "duckdb"):
        result = runner.invoke(
            app, ["batch", str(inputs), "--out", str(out), "--format", fmt, "--workers", "1", "-q"]
        )
        assert result.exit_code == 0, result.output
    return out


def jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_every_format_has_the_rows_of_the_jsonl(batch_out: Path) -> None:
    claims = len(jsonl(batch_out / "claims.jsonl"))
    documents = len(jsonl(batch_out / "documents.jsonl"))
    assert documents == 8 and claims > 20
    connection = duckdb.connect()
    for table, expected in (("claims", claims), ("documents", documents)):
        for path in (batch_out / f"{table}.parquet", batch_out / f"{table}.csv"):
            row = connection.execute(f"select count(*) from '{path}'").fetchone()
            assert row is not None and row[0] == expected, path
    database = duckdb.connect(str(batch_out / "ipclaims.duckdb"), read_only=True)
    for table, expected in (("claims", claims), ("documents", documents)):
        row = database.execute(f"select count(*) from {table}").fetchone()
        assert row is not None and row[0] == expected
    headline = database.execute(
        "select subject, patents from headline_numbers where subject = 'Acme Widgets'"
    ).fetchall()
    assert headline == [("Acme Widgets", 12000.0)]


def test_export_duckdb_cross_document_tables_are_the_batch_files(batch_out: Path) -> None:
    """The database's consolidated_facts, conflicts and ambiguities are the rows of the JSONL
    files the batch wrote, in their order."""
    database = duckdb.connect(str(batch_out / "ipclaims.duckdb"), read_only=True)
    for name, column in (("consolidated_facts", "subject"), ("conflicts", "subject"),
                         ("ambiguities", "subject")):  # fmt: skip
        rows = jsonl(batch_out / f"{name}.jsonl")
        found = database.execute(f"select {column}, n_documents from {name}").fetchall()
        assert found == [(row[column], row["n_documents"]) for row in rows], name
    assert jsonl(batch_out / "conflicts.jsonl"), "the batch holds a conflict"


def test_export_parquet_types_are_documented(batch_out: Path) -> None:
    import pyarrow.parquet as pq

    schema = pq.read_schema(batch_out / "claims.parquet")
    assert (
        str(schema.field("value").type) == "double" and str(schema.field("start").type) == "int64"
    )
    assert schema.field("as_of").metadata[b"description"].startswith(b"Date the figure holds at")


def test_export_every_jsonl_line_validates_against_the_schema(batch_out: Path) -> None:
    schema = json_schema()
    for name, model in (
        ("claims.jsonl", "Claim"),
        ("facts.jsonl", "Fact"),
        ("documents.jsonl", "DocumentRecord"),
    ):
        validator = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{model}"})
        lines = jsonl(batch_out / name)
        assert len(lines) >= 8, name  # eight articles: an empty file must not pass
        for line in lines:
            validator.validate(line)


def test_export_conflicting_articles_make_a_conflict(batch_out: Path) -> None:
    conflicts = [c for c in jsonl(batch_out / "conflicts.jsonl") if c["subject"] == "Acme Widgets"]
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert (conflict["metric"], conflict["as_of"]) == ("patents", "2023-12-31")
    reports = {(r["value"], r["qualifier"], r["doc_id"]) for r in conflict["reports"]}  # type: ignore[index, union-attr]
    # "more than 12,000" and "about 11,000" (at most 11,550 within 5%) cannot both be true
    assert reports == {(12000.0, "more_than", "acme_one.txt"), (11000.0, "approx", "acme_two.txt")}
    facts = jsonl(batch_out / "consolidated_facts.jsonl")
    assert any(
        f["subject"] == "Acme Widgets" and f["metric"] == "rank" and f["n_documents"] == 1
        for f in facts
    )


def test_export_report_and_review_pages(batch_out: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(batch_out), "-o", str(report)])
    assert result.exit_code == 0, result.output
    page = report.read_text(encoding="utf-8")
    assert "Acme Widgets" in page and "http://" not in page and "https://" not in page
    review = tmp_path / "review.html"
    article = tmp_path / "acme.txt"
    article.write_text(FIRST)
    result = runner.invoke(app, ["render", str(article), "-o", str(review)])
    assert result.exit_code == 0, result.output
    assert review.read_text(encoding="utf-8").count('<mark class="claim') == 2


def test_export_consolidated_facts_in_a_total_order(batch_out: Path) -> None:
    """Rows that tie on value (one approx, one exact) still come in one order: byte-identical
    files for the same claims."""
    facts = jsonl(batch_out / "consolidated_facts.jsonl")

    def key(fact: dict[str, object]) -> tuple[object, ...]:
        fields = ("subject", "metric", "scope", "geo", "as_of", "value", "value_max")
        nullable = [(fact[f] is not None, fact[f] if fact[f] is not None else 0) for f in fields]
        return (*nullable, fact["qualifier"], fact["unit"])

    assert len(facts) > 10
    assert facts == sorted(facts, key=key)


def test_export_report_and_conflicts_file_list_the_same_conflicts(batch_out: Path) -> None:
    """One conflict rule (pipeline/writing/conflicts.py) for conflicts.jsonl, DuckDB and the report."""
    _, claims = load_batch(batch_out)
    conflicts, ambiguities = find_disagreements(claims)
    for name, found in (("conflicts", conflicts), ("ambiguities", ambiguities)):
        from_python = [d.record() for d in found]
        assert jsonl(batch_out / f"{name}.jsonl") == json.loads(json.dumps(from_python)), name
        with duckdb.connect(str(batch_out / "ipclaims.duckdb"), read_only=True) as db:
            rows = db.execute(f"select subject, n_documents from {name}").fetchall()
        assert rows == [(d.subject, len(d.documents)) for d in found], name
    assert conflicts


def test_cross_document_tables_remade_for_changed_subjects_only(
    batch_out: Path, tmp_path: Path
) -> None:
    """After an update only the rows of the subjects whose claims were added or dropped are
    made again; the tables are byte-identical to tables made from scratch."""
    from pipeline.writing.crossdoc import CROSS_DOCUMENT, consolidate, subject_of
    from pipeline.writing.outputs import doc_id_of

    lines = (batch_out / "claims.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    added, dropped = "acme_two.txt", sorted({doc_id_of(line) for line in lines})[-1]
    before, after, full = tmp_path / "before", tmp_path / "after", tmp_path / "full"
    for folder, left_out in ((before, added), (after, dropped), (full, dropped)):
        folder.mkdir()
        kept = [line for line in lines if doc_id_of(line) != left_out]
        (folder / "claims.jsonl").write_text("".join(kept), encoding="utf-8")
    consolidate(before)
    for name in CROSS_DOCUMENT:
        shutil.copy(before / name, after / name)
    changed = {
        subject
        for line in lines
        if doc_id_of(line) in (added, dropped) and (subject := subject_of(line)) is not None
    }
    assert "Acme Widgets" in changed and len(changed) < len({subject_of(x) for x in lines})
    consolidate(after, changed)
    consolidate(full)
    for name in CROSS_DOCUMENT:
        assert (after / name).read_bytes() == (full / name).read_bytes(), name
    assert "Acme Widgets" in (after / "conflicts.jsonl").read_text(encoding="utf-8")
