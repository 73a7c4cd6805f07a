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


def record(doc_id: str, value: float, qualifier: str = "exact", **extra: Any) -> dict[str, Any]:
    """A claims.jsonl record with the fields the conflict rule reads."""
    return {
        "subject": "Acme", "metric": "patents", "patent_status": None, "unit": "patents",
        "scope": None, "geo": None, "as_of": "2023-12-31", "period_start": None,
        "period_end": None, "modality": "reported", "value": value, "value_max": None,
        "qualifier": qualifier, "doc_id": doc_id, "claim_id": f"{doc_id}#{value}",
        "value_text": str(value), "page": None, **extra,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("first", "second", "conflict"),
    [
        (("exact", 20000), ("more_than", 20000), True),  # an open end excludes the bound
        (("exact", 20000), ("at_least", 20000), False),
        (("less_than", 20000), ("more_than", 20000), True),
        (("at_most", 20000), ("at_least", 20000), False),
        (("less_than", 20000), ("at_least", 20000), True),
        (("at_most", 20000), ("more_than", 20000), True),
        (("exact", 12000), ("exact", 11500), True),
        (("approx", 30000), ("exact", 31000), False),
    ],
)
def test_bounds_meet_or_clash_at_their_ends(
    first: tuple[str, float], second: tuple[str, float], conflict: bool
) -> None:
    """Open and closed ends at the same value, between documents and inside one."""
    from pipeline.writing.conflicts import find_disagreements

    (q1, v1), (q2, v2) = first, second
    for claims in ([record("a", v1, q1), record("b", v2, q2)],
                   [record("b", v2, q2), record("a", v1, q1)]):  # fmt: skip
        conflicts, ambiguities = find_disagreements(claims, approx=0.05)
        assert (len(conflicts) == 1) is conflict and ambiguities == []
    conflicts, ambiguities = find_disagreements(
        [record("a", v1, q1), record("a", v2, q2, claim_id="a#2")], approx=0.05
    )
    assert conflicts == [] and (len(ambiguities) == 1) is conflict


def test_only_dated_reported_figures_of_a_subject_are_compared() -> None:
    from pipeline.writing.conflicts import find_disagreements

    for extra in ({"subject": None}, {"as_of": None}, {"modality": "forecast"}):
        claims = [record("a", 12000), record("b", 11500, **extra)]
        assert find_disagreements(claims, approx=0.05) == ([], [])
    dated = [record("a", 12000, as_of=None, period_start="2023-01-01", period_end="2023-12-31"),
             record("b", 11500, as_of=None, period_start="2023-01-01", period_end="2023-12-31")]  # fmt: skip
    conflicts, _ = find_disagreements(dated, approx=0.05)
    assert [c.documents for c in conflicts] == [["a", "b"]]


def test_an_ambiguous_document_conflicts_only_with_figures_outside_its_range() -> None:
    """Document a states both 100 and 300: with "at least 50" it is an ambiguity only; with
    exactly 200, which neither of its figures allows, a conflict too."""
    from pipeline.writing.conflicts import find_disagreements

    ambiguous = [record("a", 100), record("a", 300)]
    conflicts, ambiguities = find_disagreements([*ambiguous, record("b", 50, "at_least")], 0.05)
    assert conflicts == [] and [a.documents for a in ambiguities] == [["a"]]
    conflicts, ambiguities = find_disagreements([*ambiguous, record("b", 200)], 0.05)
    assert [c.documents for c in conflicts] == [["a", "b"]]
    assert [a.documents for a in ambiguities] == [["a"]]
