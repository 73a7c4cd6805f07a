"""Event: a dated IP event (litigation, settlement, licence, ...)."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.dates import PartialDate
from models.vocab import EventType


class Event(BaseModel):
    """One IP event stated in a document, with its parties and date."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    event_id: str
    """Hash of doc_id, start, end and type."""
    doc_id: str
    """The document the event comes from."""
    type: EventType
    """litigation, settlement, ruling, license, cross_license, partnership, acquisition, withdrawal."""
    parties: list[str]
    """Canonical organisation names, the document's subject first when it is a party."""
    date: PartialDate | None = None
    """When the event happened, as precise as the text."""
    text: str
    """The evidence sentence."""
    start: int = Field(ge=0)
    """Offset of the evidence sentence."""
    end: int = Field(gt=0)
    """Offset just past the evidence sentence."""

    @model_validator(mode="after")
    def _check_offsets(self) -> Self:
        if self.end - self.start != len(self.text):
            raise ValueError("end - start must equal len(text)")
        return self
