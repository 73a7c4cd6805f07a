"""The pydantic schema is the contract: invariants hold and the JSON Schema does not drift."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from models import Claim, Document, Event, json_schema

SNAPSHOT = Path(__file__).parent / "data" / "schema.json"


def claim_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "claim_id": "c_1", "doc_id": "d", "subject": "Xiaomi", "metric": "patents", "value": 29000,
        "qualifier": "more_than", "unit": "patent", "unit_text": "patents", "value_text": "over 29,000",
        "as_of": "2022-09-30", "text": "Xiaomi had over 29,000 patents.", "start": 11, "end": 22,
        "fact_id": "f_1", "confidence": 0.9,
    }  # fmt: skip
    data.update(changes)
    return data


def test_models_claim_accepts_a_valid_claim() -> None:
    claim = Claim.model_validate(claim_data())
    assert claim.value == 29000 and claim.as_of == "2022-09-30" and claim.modality == "reported"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": -5}, "cannot be negative"),
        ({"start": 22, "end": 11}, "greater than start"),
        ({"end": 25}, "len(value_text)"),
        ({"value_max": 100}, "value_max"),
        ({"period_start": "2019", "period_end": "2014"}, "period_end"),
        ({"as_of": "2022-02-30"}, "day is out of range"),
        ({"as_of": "Sept 2022"}, "YYYY"),
        ({"metric": "stars"}, "metric"),
        ({"qualifier": "lots"}, "qualifier"),
        ({"confidence": 1.5}, "confidence"),
        ({"surprise": 1}, "Extra inputs"),
        ({"as_of": None, "as_of_inherited": True}, "as_of_inherited"),
    ],
)
def test_models_claim_rejects_impossible_values(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        Claim.model_validate(claim_data(**changes))


def test_models_claim_allows_negative_share() -> None:
    assert Claim.model_validate(claim_data(metric="share", unit="percent", value=-3)).value == -3


def test_models_document_checks_offsets_against_the_text() -> None:
    claim = Claim.model_validate(claim_data())
    record = {
        "doc_id": "d",
        "path": "d",
        "sha256": "x",
        "status": "ok",
        "n_chars": 31,
        "n_claims": 1,
        "claims": [claim],
    }
    assert (
        Document.model_validate(
            record, context={"text": "Xiaomi had over 29,000 patents."}
        ).n_claims
        == 1
    )
    with pytest.raises(ValidationError, match="offsets do not match"):
        Document.model_validate(record, context={"text": "Xiaomi has some 29,000 patents."})
    with pytest.raises(ValidationError, match="outside the text"):
        Document.model_validate({**record, "n_chars": 15})


def test_models_event_requires_matching_text_length() -> None:
    with pytest.raises(ValidationError, match="len\\(text\\)"):
        Event(
            event_id="e",
            doc_id="d",
            type="settlement",
            parties=["Xiaomi"],
            text="abc",
            start=0,
            end=5,
        )


def test_models_record_drops_claims_only() -> None:
    claim = Claim.model_validate(claim_data())
    document = Document(
        doc_id="d", path="d", sha256="x", status="ok", n_chars=40, n_claims=1, claims=[claim]
    )
    record = document.record().model_dump()
    assert "claims" not in record and record["n_claims"] == 1


def test_models_schema_matches_snapshot() -> None:
    """`ipclaims schema` is part of the contract: change it on purpose, never by accident.

    After an intended change: python -c "import json, models; print(json.dumps(models.json_schema(), indent=2))" > tests/data/schema.json
    """
    assert json_schema() == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


@pytest.mark.parametrize("field", ["claim_id", "doc_id", "subject", "metric", "value", "value_max", "qualifier", "unit",
                                   "unit_text", "value_text", "as_of", "as_of_inherited", "period_start", "period_end",
                                   "rate_per", "modality", "scope", "geo", "text", "start", "end", "fact_id", "confidence"])  # fmt: skip
def test_models_schema_has_contract_claim_fields(field: str) -> None:
    properties = json_schema()["$defs"]["Claim"]["properties"]
    assert field in properties and properties[field].get("description")


def test_models_schema_page_is_up_to_date() -> None:
    """docs/schema.md is generated from the models: the README's schema never drifts."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, str(root / "scripts" / "schema_doc.py"), "--check"],
        capture_output=True, text=True, check=False, cwd=root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
