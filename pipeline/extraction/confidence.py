"""Confidence of a claim: the share of claims like it that are right as a whole (value,
qualifier, unit, dates and subject).

The claim builders score a claim by what they could tell (subject found in its sentence or
defaulted, a known metric or `other`, a date inherited from the paragraph, a table cell); that
raw score says which claims are alike, not how often they are right. `patterns/confidence.json`
maps each (source, raw score) to the share of such claims that were right on the real-page
development set; `scripts/calibrate.py` fits it and prints the reliability table.
"""

from __future__ import annotations

from models import Claim
from pipeline.rules.loading import Rules


def bucket(claim: Claim) -> str:
    """ "sentence 0.90": where the figure was read and its raw score."""
    return f"{claim.source.value} {claim.confidence:.2f}"


def calibrated(claims: list[Claim], rules: Rules) -> list[Claim]:
    """The claims with their raw score replaced by the calibrated confidence of their bucket
    (a bucket the table has not seen keeps its raw score)."""
    table = rules.confidence.buckets
    return [
        c.model_copy(update={"confidence": table[key]}) if (key := bucket(c)) in table else c
        for c in claims
    ]
