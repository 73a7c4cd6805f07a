"""Rule tables: each one typed and checked at start-up, no dead keys, no word lists hidden in the
code, and a golden case file per table (`tests/data/rules/<table>.jsonl`: text -> expected), run
through the smallest function that reads the table, without the model.

Adding a rule is a table line and a case line; see the README's "Changing a rule". What needs
the parse (counting.json, flows.json, people.json) has its cases, with the model, in
tests/data/claims_cases.jsonl."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.glossary import GLOSSARY
from spacy.tokens import Doc

from pipeline.extraction import normalise
from pipeline.extraction.dates import SPANS_KEY as DATES
from pipeline.extraction.dates import DateTagger
from pipeline.extraction.events import trigger_phrases, trigger_words
from pipeline.extraction.numbers import SPANS_KEY as QUANTITIES
from pipeline.extraction.numbers import NumberWords, QuantityTagger, parse_number
from pipeline.extraction.orgs import canonical_name
from pipeline.grids.cells import header_role, number_of
from pipeline.reading.clean import is_furniture_line
from pipeline.reading.prefilter import cue_pattern
from pipeline.rules import files, loading
from pipeline.rules.loading import SHIPPED, Rules, RulesError, load_rules, load_table
from pipeline.rules.tables import EventsTable, UnitsTable

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "data" / "rules"
PIPELINE = ROOT / "pipeline"


def with_table(monkeypatch: pytest.MonkeyPatch, name: str, change: Callable[[dict], None]) -> None:
    """Serve a changed copy of one shipped table to the loader."""
    table = files.read_table(name)
    change(table)
    real = files.read_table
    monkeypatch.setattr(loading, "read_table", lambda n: table if n == name else real(n))
    load_rules.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_rules_cache():
    load_rules.cache_clear()
    yield
    load_rules.cache_clear()


# -- start-up checks ---------------------------------------------------------------------------
def test_rules_unknown_key_fails_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    with_table(monkeypatch, "geo.json", lambda t: t.update({"geo_prepositions": ["in"]}))
    with pytest.raises(RulesError, match=r"(?s)geo\.json.*geo_prepositions"):
        load_rules()


def test_rules_unknown_metric_fails_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    with_table(monkeypatch, "units.json", lambda t: t["single"].update({"portfolio": ["patent", "portfolios"]}))  # fmt: skip
    with pytest.raises(RulesError, match=r"(?s)units\.json.*portfolio"):
        load_rules()


def test_rules_unknown_event_type_or_missing_priority_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_table(monkeypatch, "events.json", lambda t: t["triggers"].update({"merger": ["merge"]}))
    with pytest.raises(RulesError, match=r"(?s)events\.json.*merger"):
        load_rules()
    with_table(monkeypatch, "events.json", lambda t: t["priority"].remove("ruling"))
    with pytest.raises(RulesError, match="priority must list every event type"):
        load_rules()


def test_rules_bad_aliases_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "aliases.json"
    bad.write_text('{"organisations": [{"name": "Acme", "alias": ["ACME"]}]}')
    with pytest.raises(RulesError, match="alias"):
        load_rules(bad)
    bad.write_text("{not json")
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(bad)


def test_rules_every_alias_names_one_organisation(rules: Rules) -> None:
    """A name listed twice would be read as whichever entry came last ("SK Hynix" once hid
    "SK hynix"); a subsidiary is never an alias of its parent."""
    owners: dict[str, set[str]] = {}
    for org in rules.organisations:
        for alias in org.aliases:
            owners.setdefault(alias, set()).add(org.name)
    assert {a: n for a, n in owners.items() if len(n) > 1} == {}
    names = [org.name for org in rules.organisations]
    assert len(names) == len(set(names))


def test_rules_load_once_per_process() -> None:
    assert load_rules() is load_rules()


def test_rules_every_shipped_table_has_a_model() -> None:
    shipped = {p.name for p in (PIPELINE / "patterns").glob("*.json")}
    assert shipped == set(SHIPPED)
    for name, model in SHIPPED.items():
        assert isinstance(load_table(name, model), model)


def test_rules_no_dead_keys() -> None:
    """Every key of every table is read by some module (a key nothing reads is a trap)."""
    declaration = re.compile(r"^    \w+: ", re.M)  # a model's field, not a reader of it
    source = "\n".join(declaration.sub("", p.read_text()) for p in PIPELINE.rglob("*.py"))
    dead = []
    for name, model in SHIPPED.items():
        for key in model.model_fields:
            if key != "doc" and not re.search(rf"\b{key}\b", source):
                dead.append(f"{name}:{key}")
    assert dead == []


# Sets of spaCy's own labels, HTML tag names, file formats and output columns are vocabularies
# of tools, not rules about English: they stay in the code, named.
ALLOWED = {
    ("pipeline/reading/inputs.py", "script"),  # HTML tags dropped with their text
    ("pipeline/reading/inputs.py", "div"),  # HTML block tags
    ("pipeline/writing/export.py", "jsonl"),  # output formats
    ("pipeline/cli/display.py", "documents"),  # summary columns
    ("pipeline/grids/cells.py", "pipe"),  # grid forms
    ("pipeline/extraction/numbers.py", "value"),  # Span extension names
    ("pipeline/rules/tables.py", "on"),  # date roles of the schema
    ("pipeline/writing/conflicts.py", "subject"),  # claim fields of the conflict key
    ("pipeline/writing/crossdoc.py", "subject"),  # claim fields of a consolidated fact
}
WORD = re.compile(r"^[A-Za-z][a-z]+(?: [a-z]+)*$")


def test_rules_no_domain_word_lists_in_code() -> None:
    """A list, set or tuple of four or more English words in pipeline/ belongs in a table."""
    found = []
    for path in PIPELINE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, (ast.List, ast.Set, ast.Tuple)):
                continue
            words = [
                e.value for e in node.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str) and WORD.match(e.value)
            ]  # fmt: skip
            labels = all(w.isupper() or "_" in w or w in GLOSSARY for w in words)  # "nsubj"
            where = (str(path.relative_to(ROOT)), words[0] if words else "")
            if len(words) >= 4 and not labels and where not in ALLOWED:
                found.append(f"{where[0]}:{node.lineno} {words[:5]}")
    assert found == []


# -- golden cases, one file per table ----------------------------------------------------------
def cases(name: str) -> list[tuple[str, Any]]:
    lines = (CASES / name).read_text(encoding="utf-8").splitlines()
    return [(c["text"], c["expected"]) for c in map(json.loads, lines)]


BLANK = spacy.blank("en")


def tagged(text: str, rules: Rules) -> Doc:
    """Dates and quantities of a text on a tokenizer-only pipeline (their patterns are native)."""
    return QuantityTagger(BLANK, "q", rules)(DateTagger(BLANK, "d", rules)(BLANK(text)))


def quantities(text: str, rules: Rules) -> list[list[Any]]:
    doc = tagged(text, rules)  # kept alive while its spans are read
    return [
        [s.text, s._.ipclaims_value, s._.ipclaims_qualifier] for s in doc.spans.get(QUANTITIES, [])
    ]


def date_spans(text: str, rules: Rules) -> list[list[Any]]:
    found = []
    doc = tagged(text, rules)  # kept alive while its spans are read
    for span in doc.spans.get(DATES, []):
        value = span._.ipclaims_date
        end = None if value.end is None else str(value.end)
        found.append([span.text, value.role, str(value.start), end])
    return found


def event_type_of(trigger: str, rules: Rules) -> str | None:
    by_word = {w: t for t, words in trigger_words(rules.events).items() for w in words}
    by_phrase = {p: t for t, phrases in trigger_phrases(rules.events).items() for p in phrases}
    return by_word.get(trigger) or by_phrase.get(trigger)


READERS: dict[str, Callable[[str, Rules], Any]] = {
    "units.jsonl": lambda t, r: (lambda u: list(u) if u else None)(normalise.unit_and_metric(list(BLANK(t)), r)),
    "modality.jsonl": lambda t, r: normalise.modality_of(t.split(), r),
    "rates.jsonl": lambda t, r: normalise.rate_of(normalise.blank_rate_exclusions(t, r), r),
    "money.jsonl": lambda t, r: normalise.money_metric(t, r),
    "geo.jsonl": lambda t, r: normalise.place_name(t, r),
    "boilerplate.jsonl": lambda t, r: is_furniture_line(t, r),
    "grids_headers.jsonl": lambda t, r: (lambda role: role.value if role else None)(header_role(t, r.grids)),
    "grids_cells.jsonl": lambda t, r: (lambda n: [n[0], n[1].value, n[2]] if n else None)(number_of(t, r.grids)),
    "numbers.jsonl": lambda t, r: parse_number(t.replace("-", " ").split(), NumberWords.from_rules(r)),
    "qualifiers.jsonl": quantities,
    "dates.jsonl": date_spans,
    "orgs.jsonl": lambda t, r: canonical_name(t, r),
    "events.jsonl": event_type_of,
    "sentences.jsonl": lambda t, r: bool(cue_pattern(r).search(t)),
}  # fmt: skip


def test_rules_every_case_file_has_a_reader() -> None:
    assert {p.name for p in CASES.glob("*.jsonl")} == set(READERS)


@pytest.mark.parametrize(
    ("table", "text", "expected"),
    [(name, text, expected) for name in sorted(READERS) for text, expected in cases(name)],
)
def test_rules_golden_case(table: str, text: str, expected: Any, rules: Rules) -> None:
    assert READERS[table](text, rules) == expected


def test_rules_a_new_unit_is_one_table_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk-through of the README: "patent portfolio of N" counts as patents."""
    assert normalise.unit_and_metric(list(BLANK("portfolios")), load_rules()) == (
        "portfolio",
        "other",
    )
    with_table(monkeypatch, "units.json", lambda t: t["single"].update({"portfolio": ["patent", "patents"]}))  # fmt: skip
    assert normalise.unit_and_metric(list(BLANK("portfolios")), load_rules()) == (
        "patent",
        "patents",
    )


def test_rules_tables_are_typed() -> None:
    assert isinstance(load_rules().events, EventsTable)
    assert UnitsTable.model_config["extra"] == "forbid"


def test_rules_confidence_is_calibrated_by_bucket(rules: Rules) -> None:
    from models import Claim
    from pipeline.extraction.confidence import bucket, calibrated

    base = {
        "claim_id": "c", "doc_id": "d", "subject": "Acme", "metric": "patents", "value": 5.0,
        "unit": "patent", "unit_text": "patents", "value_text": "5", "text": "5 patents",
        "start": 0, "end": 1, "fact_id": "f",
    }  # fmt: skip
    seen = Claim(**base, confidence=0.9)
    unseen = Claim(**{**base, "claim_id": "u"}, source="table", confidence=0.42)
    assert bucket(seen) == "sentence 0.90" and bucket(seen) in rules.confidence.buckets
    out = calibrated([seen, unseen], rules)
    table = rules.confidence.buckets
    assert out[0].confidence == table.get("sentence 0.90 count", table["sentence 0.90"])
    assert out[1].confidence == 0.42  # a bucket the table has not seen keeps its raw score


def test_rules_confidence_prefers_the_bucket_of_the_claim_s_kind() -> None:
    from types import SimpleNamespace

    from models import Claim
    from pipeline.extraction.confidence import calibrated, kind_of

    base = {
        "claim_id": "c", "doc_id": "d", "subject": "Acme", "metric": "patents", "value": 5.0,
        "unit": "patent", "unit_text": "patents", "value_text": "5", "text": "5 patents",
        "start": 0, "end": 1, "fact_id": "f", "confidence": 0.9,
    }  # fmt: skip
    count = Claim(**base)
    rank = Claim(**{**base, "unit": "rank", "metric": "rank", "value": 2.0})
    money = Claim(**{**base, "unit": "USD", "metric": "other", "value": 5e6})
    share = Claim(**{**base, "unit": "percent", "metric": "share"})
    assert [kind_of(c) for c in (count, rank, money, share)] == [
        "count",
        "rank",
        "money",
        "percent",
    ]
    table = {"sentence 0.90": 0.6, "sentence 0.90 rank": 0.3}
    fake = SimpleNamespace(confidence=SimpleNamespace(buckets=table))
    out = calibrated([count, rank], fake)  # type: ignore[arg-type]
    assert [c.confidence for c in out] == [0.6, 0.3]  # a kind not seen falls back to its bucket


def test_rules_confidence_must_be_a_probability(monkeypatch: pytest.MonkeyPatch) -> None:
    with_table(monkeypatch, "confidence.json", lambda t: t["buckets"].update({"table 0.85": 1.7}))
    with pytest.raises(RulesError, match="must lie in"):
        load_rules()
