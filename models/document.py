"""Document: the result of processing one input, with or without its claims."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from models.claim import Claim
from models.dates import PartialDate
from models.event import Event
from models.fact import Fact
from models.vocab import Status

SCHEMA_VERSION = "1.3"


class Person(BaseModel):
    """A person named in the document with the role the text gives them."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    name: str
    """The person's name as written."""
    role: str | None = None
    """Their title as written ("Partner and President")."""
    organisation: str | None = None
    """Canonical organisation of that role."""


class DocumentRecord(BaseModel):
    """One line of documents.jsonl: a Document without its claims list."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    schema_version: str = SCHEMA_VERSION
    """Version of this output schema."""
    doc_id: str
    """File path relative to the batch root; for `extract`, the path given (or `stdin`)."""
    path: str
    """Path of the input as given on the command line or found in the batch."""
    sha256: str | None
    """sha256 of the raw bytes (null when the file could not be read)."""
    status: Status
    """ok, error or skipped."""
    error: str | None = None
    """Why the document failed or was skipped, for a person to read."""
    title: str | None = None
    """First heading line of the article."""
    published: PartialDate | None = None
    """Publication date stated in the text or given with --published."""
    subject: str | None = None
    """The document's main organisation."""
    encoding: str | None = None
    """Encoding the bytes were decoded with."""
    n_chars: int = Field(default=0, ge=0)
    """Length of the decoded text that all offsets refer to (`ipclaims extract --text` prints it)."""
    page_starts: list[int] | None = None
    """A PDF: the offset in that text where each page starts (page n at index n - 1); null for
    other inputs."""
    n_claims: int = Field(default=0, ge=0)
    """Number of claims found."""
    facts: list[Fact] = Field(default_factory=list)
    """Claims merged per distinct figure."""
    events: list[Event] = Field(default_factory=list)
    """Dated IP events."""
    people: list[Person] = Field(default_factory=list)
    """People named with their roles."""
    warnings: list[str] = Field(default_factory=list)
    """Non-fatal problems (legacy encoding, text repaired, ...)."""


class Document(DocumentRecord):
    """A processed document with every claim; `extract` prints this."""

    claims: list[Claim] = Field(default_factory=list)
    """Every claim mention, in text order."""

    @model_validator(mode="after")
    def _check_claims(self, info: ValidationInfo) -> Self:
        if self.n_claims != len(self.claims):
            raise ValueError("n_claims must equal the number of claims")
        for claim in self.claims:
            if claim.end > self.n_chars:
                raise ValueError(f"claim {claim.claim_id} ends outside the text")
        text = info.context.get("text") if isinstance(info.context, dict) else None
        if isinstance(text, str):
            for claim in self.claims:
                if text[claim.start : claim.end] != claim.value_text:
                    raise ValueError(f"claim {claim.claim_id}: offsets do not match value_text")
        return self

    def record(self) -> DocumentRecord:
        """The documents.jsonl form of this document (no claims list)."""
        data: dict[str, Any] = self.model_dump(exclude={"claims"})
        return DocumentRecord.model_validate(data)

    def record_json(self) -> dict[str, Any]:
        """The documents.jsonl line as JSON-ready data (no claims list, no second validation)."""
        data: dict[str, Any] = self.model_dump(mode="json", exclude={"claims"})
        return data
