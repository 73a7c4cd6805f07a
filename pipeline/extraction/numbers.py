"""Numbers: find quantities ("more than 29,000", "USD 2.3 billion", "13th", "45.5%") and parse them.

`parse_number` is pure and tested directly; `QuantityTagger` is the thin spaCy component that
writes `doc.spans["ipclaims_quantities"]` with `span._.value`, `._.qualifier` and friends.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy
from spacy.attrs import LIKE_NUM, LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.nlp.sentences import matches_near
from pipeline.rules.loading import Rules

SPANS_KEY = "ipclaims_quantities"
# Larger figures are digit runs, not quantities (no IP report states 10^15 of anything).
MAX_VALUE = 1e15
# Words before a number that make it a ranking ("No. 1", "number 2").
RANK_MARKERS = (("no", "."), ("no.",), ("number",), ("#",), ("rank",))
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_SIGNED = re.compile(r"^[+\-−]\d")
_SPACED_LEAD = re.compile(r"^\d{1,3}$")  # "21" of "21 520"
_SPACED_GROUP = re.compile(r"^\d{3}$")  # "520" of "21 520", "000" of "266 000"
_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.IGNORECASE)


@dataclass(frozen=True)
class NumberWords:
    """The number vocabulary of numbers.json."""

    units: Mapping[str, float]
    scales: Mapping[str, float]
    ordinals: Mapping[str, int]

    @classmethod
    def from_rules(cls, rules: Rules) -> NumberWords:
        table = rules.numbers
        return cls(table.units, table.scales, table.ordinals)


# A count written with full stops between thousands, as in much of Europe ("30.000 patent
# families", "2.100"); money, shares and scaled figures ("1.375 billion") keep the decimal point.
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


def parse_number(words: list[str], vocab: NumberWords) -> float | None:
    """Value of a number written with digits and/or words; None when it is not a number.

    ["29,000"] -> 29000; ["1.2", "million"] -> 1200000; ["29", "k"] -> 29000;
    ["two", "thousand"] -> 2000; ["twenty", "-", "five"] -> 25; ["13th"] -> 13; ["first"] -> 1.
    """
    tokens = [w.lower() for w in words if w not in {"-", "and"}]
    sign = 1.0
    if tokens and _SIGNED.match(tokens[0]):  # "(-0.4% compared to 2022)", "(+18%)": a change
        sign = -1.0 if tokens[0][0] in "-−" else 1.0
        tokens[0] = tokens[0][1:]
    if len(tokens) > 2 and tokens[0] == "half" and tokens[1] in {"a", "an"}:
        tokens = ["0.5", *tokens[2:]]  # "half a million": 500,000
    if len(tokens) > 1 and tokens[0] in {"a", "an"}:
        tokens = tokens[1:]  # "a dozen", "a million"
        if tokens[0] in vocab.scales:
            tokens = ["1", *tokens]
    if not tokens:
        return None
    if len(tokens) == 1:
        ordinal = _ORDINAL_DIGITS.match(tokens[0])
        if ordinal:
            return float(ordinal.group(1))
        if tokens[0] in vocab.ordinals:
            return float(vocab.ordinals[tokens[0]])
    total = 0.0
    current: float | None = None
    for index, token in enumerate(tokens):
        if _DIGITS.match(token):
            if current is not None:
                # "21 520", "1 000 000": thousands set apart by a space (EPO, WIPO style)
                if not (_SPACED_GROUP.match(token) and _SPACED_LEAD.match(tokens[index - 1])):
                    return None  # two numbers in a row
                current = current * 1000 + float(token)
                continue
            current = float(token.replace(",", ""))
        elif token in vocab.units and token != "a":
            current = (current or 0.0) + vocab.units[token]
        elif token in vocab.scales:
            if current is None:
                return None  # "thousands", "million" alone are not a number
            scale = vocab.scales[token]
            # "131.7 billion" is 131,700,000,000, not 131,699,999,999.99998: scale the decimal
            scaled = float(Decimal(repr(current)) * Decimal(repr(scale)))
            if scale == 100:
                current = scaled
            else:
                total += scaled
                current = None
        else:
            return None
    return sign * (total + (current or 0.0))


def is_ordinal(text: str, vocab: NumberWords) -> bool:
    """True for "13th" and "first"."""
    lowered = text.lower()
    return bool(_ORDINAL_DIGITS.match(lowered)) or lowered in vocab.ordinals


# A quantity pattern reaches at most this far from the number or number word it holds
# ("between EUR 125 million and EUR 140 million": 2 tokens before "125", 5 after).
_BEFORE, _AFTER = 2, 3


def number_patterns(rules: Rules) -> list[list[dict[str, Any]]]:
    """Matcher patterns for the core of a quantity (no qualifier words)."""
    table = rules.numbers
    words = [w for w in [*table.units, *table.scales] if w != "a"]
    # Native attributes only: an extension getter here would run Python for every token.
    numeric: dict[str, Any] = {"LIKE_NUM": True, "ENT_TYPE": {"NOT_IN": ["TECH", "IPTERM"]}}
    # "from second to first" is two ranks, not a range
    cardinal: dict[str, Any] = {**numeric, "LOWER": {"NOT_IN": list(table.ordinals)}}
    short_scales = [w for w in table.scales if not rules_like_num(w)]
    number_word = {"LOWER": {"IN": words}}
    currency = {"LOWER": {"IN": list(table.currencies)}}
    # "7,689 PCT applications": in capitals, PCT is the Patent Cooperation Treaty.
    percent_one = {"LOWER": {"IN": table.percent_words}, "ORTH": {"NOT_IN": ["PCT"]}}
    tens, ones = table.tens, table.ones  # "twenty-five"
    number: list[dict[str, Any]] = [
        {**numeric, "OP": "+"},
        {"LOWER": {"IN": short_scales}, "OP": "?"},
    ]
    hyphenated: list[dict[str, Any]] = [
        {"LOWER": {"IN": tens}},
        {"ORTH": "-"},
        {"LOWER": {"IN": ones}},
        {**numeric, "OP": "*"},
    ]
    patterns: list[list[dict[str, Any]]] = []
    for core in (number, hyphenated):
        patterns += [
            core,
            [*core, percent_one],
            [*core, {"LOWER": "per"}, {"LOWER": "cent"}],
            [currency, *core],
            [currency, {"ORTH": "$"}, *core],
            [*core, currency],
            [*core, {"LOWER": {"IN": table.currency_adjectives}, "OP": "+"}, currency],
        ]
    patterns.append([*number, {"LOWER": {"IN": list(table.subunits)}}])  # "74 cents"
    patterns += [
        [
            {"LOWER": {"IN": ["a", "an"]}},
            {"LOWER": {"IN": table.article_scales}},
        ],
        [  # "half a million"
            {"LOWER": "half"},
            {"LOWER": {"IN": ["a", "an"]}},
            {"LOWER": {"IN": table.article_scales}},
        ],
        [{**cardinal, "OP": "+"}, {"ORTH": {"IN": ["-", "to"]}}, {**cardinal, "OP": "+"}],
        # "$1.2 billion to 1.3 billion", "EUR 2 billion to EUR 2.5 billion", "EUR 1.4bn-1.5bn":
        # a range of money
        [
            currency,
            {**cardinal, "OP": "+"},
            {"LOWER": {"IN": short_scales}, "OP": "?"},
            {"ORTH": {"IN": ["-", "to"]}},
            {**currency, "OP": "?"},
            {**cardinal, "OP": "+"},
            {"LOWER": {"IN": short_scales}, "OP": "?"},
        ],
        [
            {**cardinal, "OP": "+"},
            {"ORTH": {"IN": ["-", "to"]}},
            {**cardinal, "OP": "+"},
            percent_one,
        ],
        [{"LOWER": "between"}, {**numeric, "OP": "+"}, {"LOWER": "and"}, {**numeric, "OP": "+"}],
        [
            {"LOWER": "between"},
            currency,
            {**numeric, "OP": "+"},
            {"LOWER": "and"},
            {**numeric, "OP": "+"},
        ],
        [  # "between EUR 125 million and EUR 140 million"
            {"LOWER": "between"},
            currency,
            {**numeric, "OP": "+"},
            {"LOWER": "and"},
            currency,
            {**numeric, "OP": "+"},
        ],
        [number_word],
        *fraction_patterns(rules),
    ]
    return patterns


def fraction_patterns(rules: Rules) -> list[list[dict[str, Any]]]:
    """ "half of", "one third of", "two-thirds of": a share; the "of" is checked by the tagger."""
    return [
        [{"LOWER": word} for word in phrase.replace("-", " - ").split()]
        for phrase in rules.numbers.fractions
    ]


class QuantityTagger:
    """Tag quantities with their value, range, qualifier, currency and kind."""

    def __init__(self, nlp: Language, name: str, rules: Rules) -> None:
        self.name = name
        self.vocab_words = NumberWords.from_rules(rules)
        self.currencies: dict[str, str] = rules.numbers.currencies
        self.currency_adjectives = frozenset(rules.numbers.currency_adjectives)
        self.subunits: dict[str, str] = rules.numbers.subunits
        self.fractions: dict[str, float] = rules.numbers.fractions
        self.qualifiers_before = rules.qualifiers_before
        self.qualifiers_after = rules.qualifiers_after
        self.qualifier_prepositions = rules.qualifier_prepositions
        self.topic_verbs = rules.topic_verbs
        self.percent_words = frozenset(rules.numbers.percent_words)
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.matcher.add("QUANTITY", number_patterns(rules), greedy="LONGEST")
        table = rules.numbers
        words = {*table.units, *table.scales, *table.article_scales, *table.tens, *table.ones}
        words |= {*table.fractions, *table.ordinals}  # "roughly half", "third"
        self.word_hashes = numpy.array(
            sorted({nlp.vocab.strings.add(part) for w in words for part in w.split()}),
            dtype=numpy.uint64,
        )
        self.qualifier_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.qualifier_matcher.add("QUALIFIER", [nlp.make_doc(p) for p in self.qualifiers_before])
        register_span_extensions()

    def matches(self, doc: Doc) -> list[tuple[int, int]]:
        """The quantity patterns' matches, looked for only around the tokens a quantity can hold
        (a number, a number word): most of a page holds none, and the Matcher costs per token."""
        if not len(doc):
            return []
        like_num, lower = doc.to_array([LIKE_NUM, LOWER]).T
        anchors = numpy.flatnonzero((like_num == 1) | numpy.isin(lower, self.word_hashes))
        return [
            (start, end)
            for _, start, end in matches_near(self.matcher, doc, anchors.tolist(), _BEFORE, _AFTER)
        ]

    def __call__(self, doc: Doc) -> Doc:
        excluded = {t.i for span in doc.spans.get("ipclaims_dates", []) for t in span}
        excluded |= {t.i for ent in doc.ents for t in ent if is_named(t)}
        candidates = [
            doc[start:end]
            for match in self.matches(doc)
            for apart in from_to_apart(doc, *match)
            for start, end in self.scale_apart(doc, *apart)
            if not any(i in excluded for i in range(start, end))
        ]
        qualifier_ends: dict[int, tuple[int, str]] = {}
        for _, start, end in self.qualifier_matcher(doc):
            known = qualifier_ends.get(end)
            if known is None or start < known[0]:  # longest phrase wins: "no fewer than"
                qualifier_ends[end] = (start, self.qualifiers_before[doc[start:end].text.lower()])
        spans = []
        for core in filter_spans(candidates):
            span = self.describe(doc, core, qualifier_ends)
            if span is not None:
                spans.append(span)
        doc.spans[SPANS_KEY] = filter_spans(spans)
        return doc

    def describe(
        self, doc: Doc, core: Span, qualifier_ends: dict[int, tuple[int, str]]
    ) -> Span | None:
        """Turn a matched core into a quantity span with its attributes set; None if no number."""
        words = [t.text for t in core]
        currency = None
        percent = False
        if words and words[0].lower() == "between":
            words = words[1:]
        lowered = [w.lower() for w in words]
        while (lowered and lowered[0] in self.currencies) or lowered[:1] == ["$"]:
            currency = self.currencies.get(lowered[0], currency)
            words, lowered = words[1:], lowered[1:]
        hundredths = False
        if lowered and lowered[-1] in self.currencies:
            currency = self.currencies[lowered[-1]]
            words, lowered = words[:-1], lowered[:-1]
            while lowered and lowered[-1] in self.currency_adjectives:  # "Swiss francs"
                words, lowered = words[:-1], lowered[:-1]
        elif len(lowered) > 1 and lowered[-1] in self.subunits:
            currency, hundredths = self.subunits[lowered[-1]], True
            words, lowered = words[:-1], lowered[:-1]
        repeated = {  # the currency said again: "EUR 125 million and EUR 140 million", "$2-$3"
            i
            for i in range(1, len(lowered))
            if (lowered[i] in self.currencies or lowered[i] == "$")
            and lowered[i - 1] in {"and", "to", "-"}
        }
        words = [w for i, w in enumerate(words) if i not in repeated]
        lowered = [w for i, w in enumerate(lowered) if i not in repeated]
        if lowered[-2:] == ["per", "cent"]:
            percent, words = True, words[:-2]
        elif lowered and lowered[-1] in {"%", "percent", "pct"}:
            percent, words = True, words[:-1]
        fraction = " ".join(w.lower() for w in words).replace(" - ", "-")
        if fraction in self.fractions:
            following = doc[core.end] if core.end < len(doc) else None
            preceding = doc[core.start - 1] if core.start > 0 else None
            if following is None or following.lower_ != "of":
                return None  # "half" alone, "the second half": not a share
            if preceding is not None and preceding.lower_ in self.vocab_words.ordinals:
                return None  # "in the first half of this year": a period, not a share
            value: float | None = float(self.fractions[fraction])
            value_max, percent = None, True
        else:
            value, value_max = self.parse_range(words)
            if len(words) == 1 and not (currency or percent) and _DOT_THOUSANDS.match(words[0]):
                value = float(words[0].replace(".", ""))  # "30.000 patent families": 30,000
        if value is None or not math.isfinite(value) or value > MAX_VALUE:
            return None  # not a number, or a digit run no report means as a quantity
        if hundredths:
            value = value / 100
            value_max = value_max / 100 if value_max is not None else None
        if value_max is not None and (not math.isfinite(value_max) or value_max > MAX_VALUE):
            return None
        start = core.start
        qualifier = "exact"
        rank_marker = False
        for marker in RANK_MARKERS:
            before = [t.lower_ for t in doc[max(0, start - len(marker)) : start]]
            if tuple(before) == marker:
                start, rank_marker = start - len(marker), True
                break
        if start in qualifier_ends:
            word_start, found = qualifier_ends[start]
            if currency is not None or not self.is_topic_preposition(doc[word_start], core):
                start, qualifier = word_start, found
                rank_marker = rank_marker or doc[start].lower_ == "top"
        end = core.end
        after = doc[end].text.lower() if end < len(doc) else ""
        if after == "+" and end < len(doc):
            qualifier, end = self.qualifiers_after["+"], end + 1
        span = Span(doc, start, end, label="QUANTITY")
        span._.ipclaims_value = value
        span._.ipclaims_value_max = value_max
        span._.ipclaims_qualifier = qualifier
        span._.ipclaims_currency = currency
        span._.ipclaims_percent = percent
        span._.ipclaims_ordinal = len(words) == 1 and is_ordinal(words[0], self.vocab_words)
        span._.ipclaims_rank_marker = rank_marker
        span._.ipclaims_core = core
        return span

    def is_topic_preposition(self, word: Token, core: Span) -> bool:
        """ "sued Samsung over two patents", "complained about five patents": "over" and
        "about" as prepositions that say what a dispute is about, not how many (never before
        money: "about USD 1 billion")."""
        if word.lower_ not in self.qualifier_prepositions:
            return False
        if word.dep_ == "prep" and any(c == core.root.head for c in word.children):
            return True  # the counted noun is the preposition's object
        verb = next((t for t in word.ancestors if t.pos_ == "VERB"), None)
        return verb is not None and verb.lemma_.lower() in self.topic_verbs

    def parse_range(self, words: list[str]) -> tuple[float | None, float | None]:
        """Value and upper bound of "5,000-6,000", "5,000 to 6,000", "5,000 and 6,000"."""
        for separator in ("-", "to", "and"):
            if separator not in words[1:-1]:
                continue
            cut = words.index(separator, 1)
            scales = self.vocab_words.scales
            if separator == "-" and not (
                (words[cut - 1][:1].isdigit() or words[cut - 1].lower() in scales)
                and words[cut + 1][:1].isdigit()
            ):
                continue  # "twenty-five" is one number, not a range ("1.4bn-1.5bn" is)
            low = parse_number(words[:cut], self.vocab_words)
            high = parse_number(words[cut + 1 :], self.vocab_words)
            if low is not None and high is not None and high > low:
                high_scale = words[-1].lower() in self.vocab_words.scales
                if high_scale and words[cut - 1].lower() not in self.vocab_words.scales:
                    low = parse_number([*words[:cut], words[-1]], self.vocab_words)  # "5-6 billion"
                if low is not None and low < high:
                    return low, high
            if separator != "-":
                return None, None
        return parse_number(words, self.vocab_words), None

    def scale_apart(self, doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
        """ "$5.3 billion 28%" in a table row: a scaled amount, then another figure (digits
        never follow "billion" or "million" inside one number)."""
        scales = self.vocab_words.scales
        cut = next(
            (
                i
                for i in range(start + 1, end)
                if _DIGITS.match(doc[i].text)
                and doc[i - 1].lower_ in scales
                and scales[doc[i - 1].lower_] != 100
            ),
            None,
        )
        if cut is None:
            return [(start, end)]
        tail = end + 1 if end < len(doc) and doc[end].lower_ in self.percent_words else end
        return [(start, cut), (cut, tail)]  # the matcher's longest match left out the "%"


def from_to_apart(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """ "grew from 5,000 to 7,000", "rose from $2 to $3": two figures, a change, not a range
    (one after "from" is not "5,000 to 7,000")."""
    if start == 0 or doc[start - 1].lower_ != "from":
        return [(start, end)]
    cut = next((i for i in range(start + 1, end - 1) if doc[i].lower_ == "to"), None)
    return [(start, end)] if cut is None else [(start, cut), (cut + 1, end)]


def is_named(token: Token) -> bool:
    """Part of a technology term, IP term or known organisation name (not a model's guess)."""
    return token.ent_type_ in {"TECH", "IPTERM"} or (
        token.ent_type_ == "ORG" and bool(token.ent_id_)
    )


def rules_like_num(word: str) -> bool:
    """Whether spaCy's LIKE_NUM already covers a word ("million" yes, "bn" no)."""
    from spacy.lang.en.lex_attrs import like_num

    return bool(like_num(word))  # type: ignore[no-untyped-call]  # spaCy's lex_attrs are untyped


def register_span_extensions() -> None:
    """Span extensions written by the quantity tagger and read by the claims stage."""
    for name in (
        "value",
        "value_max",
        "qualifier",
        "currency",
        "percent",
        "ordinal",
        "core",
        "rank_marker",
    ):
        Span.set_extension(f"ipclaims_{name}", default=None, force=True)


@Language.factory(
    "ipclaims_quantities",
    assigns=["doc.spans"],
    requires=["doc.ents"],
    default_config={},
)
def make_quantity_tagger(nlp: Language, name: str) -> QuantityTagger:
    """Factory: the rules come from the package tables."""
    from pipeline.rules.loading import load_rules

    return QuantityTagger(nlp, name, load_rules())
