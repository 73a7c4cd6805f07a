"""Write docs/schema.md, the output schema field by field, from the pydantic models.

    python scripts/schema_doc.py            # rewrite docs/schema.md
    python scripts/schema_doc.py --check    # exit 1 when docs/schema.md is out of date

The models in models/ are the one source of truth; this page is generated from their field
types and docstrings so that it cannot drift (tests/test_models.py runs --check).
"""

from __future__ import annotations

import argparse
import sys
import types
import typing
from enum import Enum
from pathlib import Path

from pydantic import BaseModel

from models import (
    SCHEMA_VERSION,
    Claim,
    Document,
    DocumentRecord,
    Event,
    EventMention,
    Fact,
    Person,
    Role,
)

TARGET = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
MODELS: list[tuple[type[BaseModel], str]] = [
    (DocumentRecord, "one line of `documents.jsonl`; `ipclaims extract` prints a Document"),
    (Document, "a DocumentRecord with its `claims`"),
    (Claim, "one line of `claims.jsonl`"),
    (Fact, "one line of `facts.jsonl`"),
    (Event, "in each document's `events`; the `events` table in Parquet, CSV and DuckDB"),
    (EventMention, "an item of an Event's `mentions`"),
    (Role, "an item of an Event's `roles`"),
    (Person, "an item of a document's `people`"),
]


def type_name(annotation: object) -> str:
    """A field's type as a reader of JSON sees it."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [type_name(a) for a in typing.get_args(annotation) if a is not type(None)]
        nullable = type(None) in typing.get_args(annotation)
        return " or ".join(members) + (" or null" if nullable else "")
    if origin is typing.Annotated:
        return type_name(typing.get_args(annotation)[0])
    if origin is list:
        return f"list of {type_name(typing.get_args(annotation)[0])}"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return " \\| ".join(f"`{m.value}`" for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__
    name = getattr(annotation, "__name__", str(annotation))
    return {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}.get(name, name)


def render() -> str:
    lines = [
        f"# ipclaims output schema (version {SCHEMA_VERSION})",
        "",
        "Generated from `models/` by `python scripts/schema_doc.py`; do not edit by hand.",
        "`ipclaims schema` prints the same as JSON Schema (2020-12). Dates are strings as precise",
        "as the text (`2022`, `2022-09`, `2022-09-30`); offsets are characters of the decoded",
        "text (`ipclaims extract FILE --text` prints it).",
        "",
    ]
    for model, where in MODELS:
        lines += [f"## {model.__name__}", "", f"{(model.__doc__ or '').strip()} ({where}).", ""]
        lines += ["| field | type | meaning |", "| --- | --- | --- |"]
        parent = model.__mro__[1]
        for name, info in model.model_fields.items():
            if model is Document and name in parent.model_fields:
                continue  # the fields of DocumentRecord, above
            meaning = " ".join((info.description or "").split()).replace("|", "\\|")
            lines.append(f"| `{name}` | {type_name(info.annotation)} | {meaning} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date: python scripts/schema_doc.py", file=sys.stderr)
            return 1
        return 0
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
