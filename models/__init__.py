"""The ipclaims output contract as pydantic v2 models (see docs/schema.md)."""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from models.claim import Claim
from models.document import SCHEMA_VERSION, Document, DocumentRecord, Person
from models.event import Event, EventMention, Role
from models.fact import Fact
from models.vocab import ClaimSource, EventType, Metric, Modality, Qualifier, RatePer, Status

__all__ = [
    "SCHEMA_VERSION",
    "Claim",
    "ClaimSource",
    "Document",
    "DocumentRecord",
    "Event",
    "EventMention",
    "EventType",
    "Fact",
    "Metric",
    "Modality",
    "Person",
    "Qualifier",
    "RatePer",
    "Role",
    "Status",
    "json_schema",
]


def json_schema() -> dict[str, Any]:
    """JSON Schema of every output record type, as `ipclaims schema` prints it."""
    _, schema = models_json_schema(
        [(model, "validation") for model in (Document, DocumentRecord, Claim, Fact, Event)],
        title="ipclaims output schema",
    )
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["version"] = SCHEMA_VERSION
    return schema
