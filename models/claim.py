"""Claim: one mention of a quantitative statement in one document."""

from __future__ import annotations

import math
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.dates import PartialDate, date_order_key
from models.vocab import COUNT_METRICS, ClaimSource, Metric, Modality, Qualifier, RatePer


class Claim(BaseModel):
    """One mention of a figure, normalised and traceable to its characters in the input."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    claim_id: str
    """Stable across runs for the same input: a hash of doc_id, start, end, metric, value."""
    doc_id: str
    """File path relative to the batch root; for `extract`, the path given (or `stdin`)."""
    subject: str | None
    """Canonical organisation the claim is about ("Xiaomi" for "the Group")."""
    metric: Metric
    """What is measured, from the documented vocabulary."""
    value: float
    """The number as stated (29000 for "29,000", 13 for "13th"); for a range, its lower end."""
    value_max: float | None = None
    """Upper end of a range; null otherwise."""
    qualifier: Qualifier = Qualifier.exact
    """How the number bounds the value: exact, approx, more_than, at_least, less_than, at_most."""
    unit: str
    """Singular lower-case head of what is counted (`patent`, `country`, `rank`, `percent`, `USD`)."""
    unit_text: str
    """The counted phrase as written ("software and operating system patents")."""
    value_text: str
    """The quantity as written ("more than 7,700"); equals input[start:end]."""
    as_of: PartialDate | None = None
    """Date the figure holds at, as precise as the text."""
    as_of_inherited: bool = False
    """True when as_of came from an as-of statement earlier in the same paragraph."""
    period_start: PartialDate | None = None
    """Start of the period a flow is counted over ("from 2014 to 2019" -> 2014). A rank in a
    ranking of a year ("ranked first in 2022") is dated so too: `period_start` = `period_end` =
    2022; a rank stated at a day or a month takes `as_of`."""
    period_end: PartialDate | None = None
    """End of the period a flow is counted over; null when open."""
    rate_per: RatePer | None = None
    """Time unit for rates ("per year" -> year)."""
    modality: Modality = Modality.reported
    """reported (a stated fact), forecast ("will be", "expects") or target ("aims to")."""
    scope: str | None = None
    """Technology or field the figure is limited to (`5G`, `AI`, `software and operating systems`)."""
    geo: str | None = None
    """Named country or region the figure is limited to."""
    patent_status: str | None = None
    """Legal status of counted patents when stated: granted, in_force, active, pending, expired."""
    text: str
    """The evidence sentence, exactly as in the input; for a table cell, its row."""
    start: int = Field(ge=0)
    """Character offset of value_text in the decoded input."""
    end: int = Field(gt=0)
    """Character offset just past value_text."""
    source: ClaimSource = ClaimSource.sentence
    """Where the figure was read: `sentence`, `table` (a cell; `text` is its row) or `list` (an
    item of a list or of a prose enumeration)."""
    implied: bool = False
    """True for a rank read from a row's position in a list or table whose caption says its rows
    are in rank order (no rank is written): `value_text`, `start` and `end` are then the
    organisation's name in that row."""
    page: int | None = Field(default=None, ge=1)
    """1-based page of a PDF input; null for other inputs."""
    fact_id: str
    """Identical for every mention of the same fact in a document."""
    confidence: float = Field(ge=0.0, le=1.0)
    """Heuristic confidence between 0 and 1."""

    @model_validator(mode="after")
    def _check_invariants(self) -> Self:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        if self.end - self.start != len(self.value_text):
            raise ValueError("end - start must equal len(value_text)")
        if self.implied and self.metric is not Metric.rank:
            raise ValueError("only a rank can be implied by a row's position")
        for number in (self.value, self.value_max):
            if number is not None and not math.isfinite(number):
                raise ValueError("value and value_max must be finite numbers")
        if self.metric in COUNT_METRICS and self.value < 0:
            raise ValueError(f"a count ({self.metric}) cannot be negative: {self.value}")
        if self.value_max is not None and self.value_max < self.value:
            raise ValueError("value_max must not be smaller than value")
        if (
            self.period_start is not None
            and self.period_end is not None
            and date_order_key(self.period_end) < date_order_key(self.period_start)
        ):
            raise ValueError("period_end must not be before period_start")
        if self.as_of_inherited and self.as_of is None:
            raise ValueError("as_of_inherited needs an as_of")
        return self
