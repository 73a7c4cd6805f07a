"""Rule tables shipped in `pipeline/patterns/`, loaded once and passed to every stage.

Rules are data so that a new case is a line in a table, not a new branch in code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

PATTERNS = "patterns"


def read_table(name: str) -> dict[str, Any]:
    """Read one JSON table from the package's patterns folder."""
    text = resources.files("pipeline").joinpath(PATTERNS).joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def read_patterns(name: str) -> list[dict[str, Any]]:
    """Read a JSONL pattern file (one spaCy ruler pattern a line)."""
    text = resources.files("pipeline").joinpath(PATTERNS).joinpath(name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class Organisation:
    """A canonical organisation and the names it goes by."""

    name: str
    aliases: tuple[str, ...]
    kind: str  # "company" may be a subject; "body" (office, standards body, media) may not


@dataclass(frozen=True)
class Rules:
    """Every rule table, validated at load time."""

    numbers: dict[str, Any]
    qualifiers_before: dict[str, str]
    qualifiers_after: dict[str, str]
    units_multiword: dict[str, tuple[str, str]]
    units_single: dict[str, tuple[str, str]]
    plural_lemmas: dict[str, str]
    not_counted: frozenset[str]
    duration_heads: frozenset[str]
    dates: dict[str, Any]
    cues: dict[str, list[str]]
    boilerplate: dict[str, list[str]]
    organisations: tuple[Organisation, ...]
    main_subject_refs: tuple[str, ...]
    descriptor_heads: tuple[str, ...]
    legal_suffixes: tuple[str, ...]
    not_organisations: frozenset[str]
    body_words: frozenset[str] = frozenset()
    term_patterns: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    # name -> kind, for org_kind(), which runs for every organisation mention.
    kinds: dict[str, str] = field(default_factory=dict)
    # alias -> canonical name, for every organisation.
    aliases: dict[str, str] = field(default_factory=dict)

    def org_kind(self, name: str) -> str | None:
        """'company' or 'body' for a canonical name, None when unknown."""
        kind = self.kinds.get(name)
        if kind is not None:
            return kind
        if set(name.split()) & self.body_words:
            return "body"  # courts, commissions, offices: never the subject of a claim
        return None


_KNOWN_METRICS = {
    "patents", "patent_families", "patent_applications", "standard_essential_patents",
    "standards", "rank", "countries", "products", "employees", "rd_spend", "revenue",
    "licenses", "lawsuits", "share", "other",
}  # fmt: skip


def _unit_table(raw: dict[str, list[str]]) -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for key, (unit, metric) in raw.items():
        if metric not in _KNOWN_METRICS:
            raise ValueError(f"units.json: {key!r} maps to unknown metric {metric!r}")
        table[key] = (unit, metric)
    return table


def load_organisations(path: Path) -> list[Organisation]:
    """Read an organisations table (the shipped one or a user's --aliases file)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = data["organisations"] if isinstance(data, dict) else data
    organisations = []
    for entry in entries:
        unknown = set(entry) - {"name", "aliases", "kind"}
        if unknown:
            raise ValueError(f"{path}: unknown keys {sorted(unknown)} in {entry}")
        kind = entry.get("kind", "company")
        if kind not in {"company", "body"}:
            raise ValueError(f"{path}: kind must be 'company' or 'body', not {kind!r}")
        aliases = tuple(dict.fromkeys([entry["name"], *entry.get("aliases", [])]))
        organisations.append(Organisation(entry["name"], aliases, kind))
    return organisations


def load_rules(extra_aliases: Path | None = None) -> Rules:
    """Load and check every table; a user's alias file adds or overrides organisations."""
    units = read_table("units.json")
    qualifiers = read_table("qualifiers.json")
    orgs = read_table("orgs.json")
    organisations = [
        Organisation(o["name"], tuple(dict.fromkeys([o["name"], *o["aliases"]])), o["kind"])
        for o in orgs["organisations"]
    ]
    if extra_aliases is not None:
        extra = load_organisations(extra_aliases)
        names = {o.name for o in extra}
        organisations = [o for o in organisations if o.name not in names] + extra
    not_counted = units["not_counted"]
    return Rules(
        numbers=read_table("numbers.json"),
        qualifiers_before=qualifiers["before"],
        qualifiers_after=qualifiers["after"],
        units_multiword=_unit_table(units["multiword"]),
        units_single=_unit_table(units["single"]),
        plural_lemmas=units["plural_lemmas"],
        not_counted=frozenset(not_counted["spec"] + not_counted["other"]),
        duration_heads=frozenset(not_counted["duration"]),
        dates=read_table("dates.json"),
        cues={k: v for k, v in read_table("cues.json").items() if not k.startswith("_")},
        boilerplate={k: v for k, v in read_table("boilerplate.json").items() if k != "_doc"},
        organisations=tuple(organisations),
        main_subject_refs=tuple(orgs["main_subject_refs"]),
        descriptor_heads=tuple(orgs["descriptor_heads"]),
        legal_suffixes=tuple(orgs["legal_suffixes"]),
        not_organisations=frozenset(orgs["not_organisations"]),
        body_words=frozenset(orgs["body_words"]),
        term_patterns=tuple(read_patterns("terms.jsonl")),
        kinds={org.name: org.kind for org in organisations},
        aliases={alias: org.name for org in organisations for alias in org.aliases},
    )
