"""Stable identifiers: part of the contract, so they live beside the schema."""

from __future__ import annotations

import hashlib


def stable_id(*parts: object, prefix: str) -> str:
    """Hash the parts into a short id that is identical across runs and machines."""
    joined = "\x1f".join("" if part is None else str(part) for part in parts)
    return prefix + hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def claim_id(doc_id: str, start: int, end: int, metric: str, value: float) -> str:
    """Claim id: hash of doc_id, start, end, metric, value (docs/schema.md)."""
    return stable_id(doc_id, start, end, metric, format_number(value), prefix="c_")


def fact_id(
    doc_id: str,
    subject: str | None,
    metric: str,
    value: float,
    qualifier: str,
    scope: str | None,
    as_of: str | None,
) -> str:
    """Fact id: the same for every mention of one fact within a document."""
    return stable_id(
        doc_id, subject, metric, format_number(value), qualifier, scope, as_of, prefix="f_"
    )


def event_id(doc_id: str, start: int, end: int, event_type: str) -> str:
    """Event id: hash of its document, evidence offsets and type."""
    return stable_id(doc_id, start, end, event_type, prefix="e_")


def format_number(value: float) -> str:
    """Render 29000.0 and 29000 alike so ids do not depend on the float/int type."""
    return f"{value:.6g}" if value != int(value) else str(int(value))
