"""Confidence of a claim: the share of claims like it that are right as a whole (value,
qualifier, unit, dates and subject).

The claim builders score a claim by what they could tell (subject found in its sentence or
defaulted, a known metric or `other`, a date inherited from the paragraph, a table cell); that
raw score says which claims are alike, not how often they are right. `patterns/confidence.json`
maps each (source, raw score, kind) to the share of such claims that were right on the pooled
real-page sets (annotated blind by several hands); `scripts/calibrate.py` fits it and prints the
reliability table.
"""

from __future__ import annotations

from models import Claim
from models.vocab import is_currency
from pipeline.rules.loading import Rules


def bucket(claim: Claim) -> str:
    """ "sentence 0.90": where the figure was read and its raw score."""
    return f"{claim.source.value} {claim.confidence:.2f}"


def kind_of(claim: Claim) -> str:
    """What a figure is, as far as its errors go: ranks, money, shares and counts are dated and
    owned by different rules ("rank", "money", "percent", "count")."""
    return unit_kind(claim.unit)


def unit_kind(unit: str) -> str:
    """`kind_of` by the unit alone (for claims read back as JSON)."""
    if unit == "rank":
        return "rank"
    if is_currency(unit):
        return "money"
    return "percent" if unit == "percent" else "count"


def calibrated(claims: list[Claim], rules: Rules) -> list[Claim]:
    """The claims with their raw score replaced by the calibrated confidence of their bucket
    and kind ("sentence 0.90 rank"), else of their bucket (a bucket the table has not seen
    keeps its raw score)."""
    table = rules.confidence.buckets
    result = []
    for claim in claims:
        key = bucket(claim)
        share = table.get(f"{key} {kind_of(claim)}", table.get(key))
        result.append(claim if share is None else claim.model_copy(update={"confidence": share}))
    return result
