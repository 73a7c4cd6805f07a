"""Event: a dated IP event (litigation, settlement, licence, ...), told in one or more sentences."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.dates import PartialDate
from models.vocab import EventType, PartyRole


class EventMention(BaseModel):
    """One sentence that tells an event."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    text: str
    """The evidence sentence, exactly as in the input."""
    start: int = Field(ge=0)
    """Offset of the sentence in the decoded input."""
    end: int = Field(gt=0)
    """Offset just past the sentence."""
    parties: list[str] = Field(default_factory=list)
    """The parties this sentence names (or refers to), as read in it."""
    date: PartialDate | None = None
    """The date this sentence gives the event; null when it does not date it."""
    page: int | None = Field(default=None, ge=1)
    """1-based page of a PDF input; null for other inputs."""

    @model_validator(mode="after")
    def _check_offsets(self) -> Self:
        if self.end - self.start != len(self.text):
            raise ValueError("end - start must equal len(text)")
        return self


class Role(BaseModel):
    """A party and the part it plays, as the text states it ("Nokia sued HTC": Nokia plaintiff)."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    party: str
    """Canonical organisation name, one of the event's parties."""
    role: PartyRole
    """plaintiff, defendant, licensor, licensee, buyer, seller, payer or payee."""


class Event(BaseModel):
    """One real-world IP event stated in a document: every sentence that tells it (mentions),
    its parties and their roles, its date and the amount of money when stated."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    event_id: str
    """Hash of doc_id, start, end and type of its main mention (`text`)."""
    doc_id: str
    """The document the event comes from."""
    type: EventType
    """litigation, settlement, ruling, license, cross_license, partnership, acquisition, withdrawal."""
    parties: list[str]
    """Canonical organisation names, the document's subject first when it is a party."""
    roles: list[Role] = Field(default_factory=list)
    """The parties whose part the text states (plaintiff/defendant, licensor/licensee,
    buyer/seller, payer/payee); a party without a stated role is not listed."""
    date: PartialDate | None = None
    """When the event happened, as precise as the text."""
    amount: float | None = None
    """The amount of money the event's sentences state (damages, a fee, a price), if any."""
    currency: str | None = None
    """ISO code of `amount` (`USD`, `EUR`); null when no amount is stated."""
    amount_claim_id: str | None = None
    """The claim that states `amount`, to trace it to its characters."""
    text: str
    """The main evidence sentence: the first that dates the event outside the headline, else
    the first that tells it."""
    start: int = Field(ge=0)
    """Offset of the main evidence sentence."""
    end: int = Field(gt=0)
    """Offset just past the main evidence sentence."""
    page: int | None = Field(default=None, ge=1)
    """1-based page of the main sentence in a PDF input; null for other inputs."""
    mentions: list[EventMention] = Field(default_factory=list)
    """Every sentence that tells this event, in text order; one of them is `text`."""

    @model_validator(mode="before")
    @classmethod
    def _first_mention(cls, data: Any) -> Any:
        """An event built from one sentence has that sentence as its only mention."""
        if isinstance(data, dict) and not data.get("mentions") and "text" in data:
            mention = {k: data[k] for k in ("text", "start", "end", "parties", "date") if k in data}
            data = {**data, "mentions": [mention]}
        return data

    @model_validator(mode="after")
    def _check_offsets(self) -> Self:
        if self.end - self.start != len(self.text):
            raise ValueError("end - start must equal len(text)")
        if not any((m.start, m.end) == (self.start, self.end) for m in self.mentions):
            raise ValueError("the event's text, start and end must be one of its mentions")
        if any(r.party not in self.parties for r in self.roles):
            raise ValueError("every role must name one of the event's parties")
        if (self.amount is None) != (self.currency is None):
            raise ValueError("amount and currency are given together")
        return self
