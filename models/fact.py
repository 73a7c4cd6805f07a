"""Fact: the mentions of one figure in one document merged into one record."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from models.dates import PartialDate
from models.vocab import Metric, Modality, Qualifier, RatePer


class Fact(BaseModel):
    """One distinct figure of a document with the claim ids that state it."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    fact_id: str
    """Hash of doc_id, subject, metric, value, qualifier, scope and as_of."""
    doc_id: str
    """The document the fact comes from."""
    subject: str | None
    """Canonical organisation."""
    metric: Metric
    """What is measured."""
    value: float
    """The number (lower end of a range)."""
    value_max: float | None = None
    """Upper end of a range."""
    qualifier: Qualifier
    """How the number bounds the value."""
    unit: str
    """Singular head of what is counted."""
    as_of: PartialDate | None = None
    """Date the figure holds at."""
    period_start: PartialDate | None = None
    """Start of the period of a flow."""
    period_end: PartialDate | None = None
    """End of the period of a flow."""
    rate_per: RatePer | None = None
    """Time unit of a rate."""
    modality: Modality = Modality.reported
    """reported, forecast or target."""
    scope: str | None = None
    """Technology or field."""
    geo: str | None = None
    """Country or region."""
    patent_status: str | None = None
    """Legal status of counted patents when stated."""
    mentions: list[str]
    """claim_id of every mention, in text order."""
