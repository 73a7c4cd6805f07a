"""Rule tables shipped in `pipeline/patterns/`, loaded once and passed to every stage.

Rules are data so that a new case is a line in a table, not a new branch in code. Every table is
validated by its model in `pipeline/rules/tables.py` when it loads: a bad table stops the program
at start-up with `RulesError` naming the file and the key.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from pipeline.rules.files import read_patterns, read_table
from pipeline.rules.grid_table import GridRules
from pipeline.rules.tables import (
    TABLES,
    BoilerplateTable,
    ConfidenceTable,
    CountingTable,
    DatesTable,
    EventsTable,
    FlowsTable,
    GeoTable,
    ModalityTable,
    MoneyTable,
    NumbersTable,
    OrganisationEntry,
    OrgsTable,
    PeopleTable,
    QualifiersTable,
    RatesTable,
    SentencesTable,
    Table,
    UnitsTable,
)

__all__ = ["Organisation", "Rules", "RulesError", "load_organisations", "load_rules", "read_patterns", "read_table"]  # fmt: skip

_T = TypeVar("_T", bound=Table)
# Every JSON table shipped in pipeline/patterns and its model.
SHIPPED: dict[str, type[Table]] = {**TABLES, "grids.json": GridRules}


class RulesError(ValueError):
    """A rule table (or a user's --aliases file) that does not validate."""


@dataclass(frozen=True)
class Organisation:
    """A canonical organisation and the names it goes by."""

    name: str
    aliases: tuple[str, ...]
    kind: str  # "company" may be a subject; "body" (office, standards body, media) may not


@dataclass(frozen=True)
class Rules:
    """Every rule table, validated at load time; derived look-ups are computed here, once."""

    numbers: NumbersTable
    qualifiers_before: dict[str, str]
    qualifiers_after: dict[str, str]
    qualifier_prepositions: frozenset[str]
    topic_verbs: frozenset[str]
    units_multiword: dict[str, tuple[str, str]]
    units_single: dict[str, tuple[str, str]]
    plural_lemmas: dict[str, str]
    not_counted: frozenset[str]
    duration_heads: frozenset[str]
    dates: DatesTable
    events: EventsTable
    boilerplate: BoilerplateTable
    modality: ModalityTable
    rates: RatesTable
    money: MoneyTable
    flows: FlowsTable
    geo: GeoTable
    counting: CountingTable
    people: PeopleTable
    sentences: SentencesTable
    confidence: ConfidenceTable
    grids: GridRules
    organisations: tuple[Organisation, ...]
    main_subject_refs: tuple[str, ...]
    descriptor_heads: tuple[str, ...]
    legal_suffixes: tuple[str, ...]
    not_organisations: frozenset[str]
    name_words: frozenset[str]
    name_words_alone: frozenset[str]
    institution_patterns: tuple[list[dict[str, Any]], ...]
    pronouns: frozenset[str]
    first_person: frozenset[str]
    not_name_words: frozenset[str]
    document_words: tuple[str, ...]
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


def load_table(name: str, model: type[_T]) -> _T:
    """One shipped table, validated by its model."""
    try:
        return model.model_validate(read_table(name))
    except ValidationError as error:
        raise RulesError(f"pipeline/patterns/{name} is not valid:\n{error}") from None


def load_organisations(path: Path) -> list[Organisation]:
    """Read an organisations table (a user's --aliases file, format of orgs.json)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RulesError(f"{path}: cannot read the organisations file: {error}") from None
    entries = data.get("organisations") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise RulesError(f'{path}: expected a list of organisations, or {{"organisations": [...]}}')
    try:
        parsed = [OrganisationEntry.model_validate(entry) for entry in entries]
    except ValidationError as error:
        raise RulesError(f"{path}: an organisation is not valid:\n{error}") from None
    return [_organisation(entry) for entry in parsed]


def _organisation(entry: OrganisationEntry) -> Organisation:
    return Organisation(entry.name, tuple(dict.fromkeys([entry.name, *entry.aliases])), entry.kind)


@functools.lru_cache(maxsize=8)
def load_rules(extra_aliases: Path | None = None) -> Rules:
    """Load and check every table, once per process and alias file (the tables are immutable);
    a user's alias file adds or overrides organisations."""
    unknown = set(_shipped_tables()) - set(SHIPPED)
    if unknown:
        raise RulesError(f"pipeline/patterns: tables without a model: {sorted(unknown)}")
    units = load_table("units.json", UnitsTable)
    qualifiers = load_table("qualifiers.json", QualifiersTable)
    orgs = load_table("orgs.json", OrgsTable)
    organisations = [_organisation(entry) for entry in orgs.organisations]
    if extra_aliases is not None:
        extra = load_organisations(extra_aliases)
        names = {o.name for o in extra}
        organisations = [o for o in organisations if o.name not in names] + extra
    return Rules(
        numbers=load_table("numbers.json", NumbersTable),
        qualifiers_before={k: v.value for k, v in qualifiers.before.items()},
        qualifiers_after={k: v.value for k, v in qualifiers.after.items()},
        qualifier_prepositions=frozenset(qualifiers.prepositions),
        topic_verbs=frozenset(qualifiers.topic_verbs),
        units_multiword={k: (u, m.value) for k, (u, m) in units.multiword.items()},
        units_single={k: (u, m.value) for k, (u, m) in units.single.items()},
        plural_lemmas=units.plural_lemmas,
        not_counted=frozenset(units.not_counted.spec + units.not_counted.other),
        duration_heads=frozenset(units.not_counted.duration),
        dates=load_table("dates.json", DatesTable),
        events=load_table("events.json", EventsTable),
        boilerplate=load_table("boilerplate.json", BoilerplateTable),
        modality=load_table("modality.json", ModalityTable),
        rates=load_table("rates.json", RatesTable),
        money=load_table("money.json", MoneyTable),
        flows=load_table("flows.json", FlowsTable),
        geo=load_table("geo.json", GeoTable),
        counting=load_table("counting.json", CountingTable),
        people=load_table("people.json", PeopleTable),
        sentences=load_table("sentences.json", SentencesTable),
        confidence=load_table("confidence.json", ConfidenceTable),
        grids=load_table("grids.json", GridRules),
        organisations=tuple(organisations),
        main_subject_refs=tuple(orgs.main_subject_refs),
        descriptor_heads=tuple(orgs.descriptor_heads),
        legal_suffixes=tuple(orgs.legal_suffixes),
        not_organisations=frozenset(orgs.not_organisations),
        name_words=frozenset(orgs.name_words),
        name_words_alone=frozenset(orgs.name_words_alone),
        institution_patterns=tuple(orgs.institution_patterns),
        pronouns=frozenset(orgs.pronouns),
        first_person=frozenset(orgs.first_person),
        not_name_words=frozenset(orgs.not_name_words),
        document_words=tuple(orgs.document_words),
        body_words=frozenset(orgs.body_words),
        term_patterns=tuple(read_patterns("terms.jsonl")),
        kinds={org.name: org.kind for org in organisations},
        aliases={alias: org.name for org in organisations for alias in org.aliases},
    )


def _shipped_tables() -> list[str]:
    """Names of the JSON tables in the package's patterns folder."""
    from importlib import resources

    folder = resources.files("pipeline").joinpath("patterns")
    return [p.name for p in folder.iterdir() if p.name.endswith(".json")]
