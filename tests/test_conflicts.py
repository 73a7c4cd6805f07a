"""Conflicts between documents and ambiguities inside one, on a batch of our own articles
(tests/data/conflicts/, with the disagreements they were written to contain in expected.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pipeline.cli.app import app

runner = CliRunner()
FOLDER = Path(__file__).parent / "data" / "conflicts"
EXPECTED = json.loads((FOLDER / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("conflicts_out")
    result = runner.invoke(app, ["batch", str(FOLDER), "--out", str(folder), "--quiet"])
    assert result.exit_code == 0, result.output
    return folder


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_conflicts_are_exactly_the_disagreements_between_sources(out: Path) -> None:
    found = {
        (c["subject"], c["metric"], c["as_of"], tuple(c["documents"]))
        for c in lines(out / "conflicts.jsonl")
    }
    expected = {
        (c["subject"], c["metric"], c["as_of"], tuple(sorted(c["docs"])))
        for c in EXPECTED["conflicts"]
    }
    assert found == expected
    for conflict in lines(out / "conflicts.jsonl"):
        assert conflict["n_documents"] >= 2
        assert {r["doc_id"] for r in conflict["reports"]} == set(conflict["documents"])


def test_same_document_figures_are_ambiguities_not_conflicts(out: Path) -> None:
    found = [
        (a["subject"], a["as_of"], a["documents"], sorted(r["value"] for r in a["reports"]))
        for a in lines(out / "ambiguities.jsonl")
    ]
    assert found == [
        (a["subject"], a["as_of"], [a["doc"]], sorted(a["values"])) for a in EXPECTED["ambiguities"]
    ]


@pytest.mark.parametrize("case", EXPECTED["not_conflicts"], ids=lambda c: c["why"])
def test_compatible_or_different_figures_never_conflict(out: Path, case: dict[str, Any]) -> None:
    """Compatible bounds, approximations within the tolerance, other kinds, places, dates and
    targets: the two claims exist, and no conflict or ambiguity holds both."""
    claims = lines(out / "claims.jsonl")
    for doc, value in zip(case["docs"], case["values"], strict=True):
        assert any(c["doc_id"] == doc and c["value"] == value for c in claims), (doc, value)
    for name in ("conflicts.jsonl", "ambiguities.jsonl"):
        for found in lines(out / name):
            values = {(r["doc_id"], r["value"]) for r in found["reports"]}
            assert not set(zip(case["docs"], case["values"], strict=True)) <= values, found


def test_report_shows_conflicts_ambiguities_and_merged_names(out: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(out), "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "Conflicts between documents (2)" in html
    assert "Ambiguities inside documents (1)" in html
    assert "Names merged (" in html
