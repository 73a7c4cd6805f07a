"""Claims: attach each quantity to what it counts, its subject, date and scope.

Reads the spans our components wrote (quantities, dates, organisations, technology terms) and the
dependency parse; writes validated `Claim`s. Non-claims (years, durations, specifications,
model numbers, ordinals that are not rankings) are dropped here.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import chain, islice

from spacy.tokens import Doc, Span, Token

from models import Claim, ClaimSource
from models.ids import claim_id, fact_id
from pipeline.extraction import normalise
from pipeline.extraction.dates import SPANS_KEY as DATES_KEY
from pipeline.extraction.dates import DateValue
from pipeline.extraction.enumerations import Item, enumeration_items
from pipeline.extraction.numbers import SPANS_KEY as QUANTITIES_KEY
from pipeline.extraction.subjects import SubjectResolver
from pipeline.grids.reader import GridRules, load_grid_rules
from pipeline.nlp.sentences import content_end, ents_in, sentence_of, sentences, spans_in, text_of
from pipeline.reading.clean import Block
from pipeline.rules.loading import Rules

_PHRASE_POS = {"ADJ", "NOUN", "PROPN"}
_PHRASE_GLUE = {"-", ",", "and", "&", "/", "or"}
_PHRASE_MAX = 12
_TECH = frozenset({"TECH"})
_PLACES = frozenset({"GPE", "LOC"})
_COPULAS = {
    "be",
    "reach",
    "total",
    "exceed",
    "stand",
    "amount",
    "hit",
    "top",
    "surpass",
    "number",
    "grow",
    "rise",
    "increase",
    "climb",
    "jump",
}
_AGGREGATES = {"number", "total", "count", "tally", "figure", "amount", "sum", "volume"}
FLOW_METRICS = {"patent_applications", "rd_spend", "revenue"}
_BULLETS = {"-", "*", "•", "–", "—"}
_MODEL_CODE = re.compile(r"^[A-Z]{1,3}\d{1,3}$")  # "G10" in "EliteBook 840 G10"
_RANK_SKIP = {
    "globally",
    "worldwide",
    "overall",
    "place",
    "position",
    "spot",
    "largest",
    "biggest",
    "among",
}


@dataclass(frozen=True)
class Counted:
    """What a quantity counts: the phrase as written, its head and the normalised unit/metric."""

    tokens: tuple[Token, ...]
    unit: str
    metric: str


@dataclass(frozen=True)
class DocContext:
    """What the claims stage needs to know about the document besides the Doc."""

    doc_id: str
    text: str  # the decoded input: offsets and evidence come from here
    blocks: tuple[Block, ...]
    block_starts: tuple[int, ...] = ()

    @classmethod
    def create(cls, doc_id: str, text: str, blocks: tuple[Block, ...]) -> DocContext:
        return cls(doc_id, text, blocks, tuple(b.start for b in blocks))


def phrase_after(start: int, sentence: Span) -> list[Token]:
    """The noun phrase that starts at token `start`: modifiers up to the last noun."""
    doc = sentence.doc
    tokens: list[Token] = []
    for i in range(start, min(sentence.end, start + _PHRASE_MAX)):
        token = doc[i]
        in_term = token.ent_type_ in {"TECH", "IPTERM"}
        following = doc[i + 1] if i + 1 < sentence.end else None
        # "granted patents", "declared essential patents": the small model often tags these VERB.
        modifier_verb = token.pos_ == "VERB" and (
            token.dep_ in {"amod", "compound"}
            or (
                token.tag_ in {"VBN", "VBG", "VBD"}
                and following is not None
                and (
                    following.pos_ in {"NOUN", "PROPN", "ADJ", "VERB"}
                    or following.ent_type_ == "TECH"
                )
            )
        )
        if token.pos_ in _PHRASE_POS or in_term or modifier_verb or token.lower_ in _PHRASE_GLUE:
            if token.like_num and not in_term:
                break
            tokens.append(token)
        else:
            break
    while tokens and (
        tokens[-1].lower_ in _PHRASE_GLUE
        or (tokens[-1].pos_ not in {"NOUN", "PROPN"} and tokens[-1].ent_type_ != "TECH")
    ):
        tokens.pop()
    return tokens


def counted_by_copula(quantity: Span) -> list[Token]:
    """ "The average number of patent applications ... was close to 6,000": the applications."""
    root = quantity.root
    if root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_ == "be":
        attributes = [
            c
            for c in root.head.children
            if c.dep_ in {"attr", "acomp"} and c.pos_ in {"NOUN", "PROPN"}
        ]
        if attributes:
            return noun_phrase(attributes[0])  # "35,000 were Korean patents"
    # "Patents exceeded 2,300": the qualifier verb is inside the quantity span, so start from
    # the number itself and look at its own head chain (the verb included).
    core: Span = quantity._.ipclaims_core
    for token in islice(core.root.ancestors, 4):
        if token.lemma_.lower() in _AGGREGATES and token.pos_ == "NOUN":
            objects = [
                g
                for c in token.children
                if c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            if objects:
                return noun_phrase(objects[0])
        if token.lemma_.lower() not in _COPULAS:
            continue
        for child in token.children:
            if child.dep_ not in {"nsubj", "nsubjpass"}:
                continue
            head = child
            if child.lemma_.lower() in _AGGREGATES:
                objects = [
                    g
                    for c in child.children
                    if c.lower_ == "of"
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
                if not objects:
                    return []
                head = objects[0]
            return noun_phrase(head)
    return []


_EXAMPLE_PREPS = {"including", "like", "such", "as", "besides", "excluding", "except"}
_SCOPE_VERBS = {"relate", "cover", "concern", "essential", "declare", "focus", "apply", "involve"}


def attached_to(token: Token, heads: set[int], verbs: set[int], sentence: Span) -> bool:
    """True when a technology word limits the figure: in a prepositional phrase of its counted
    noun, after "relate to"/"essential to", or in a sentence-opening "In 5G ..., X ranks sixth"."""
    node = token
    while (
        node.dep_ in {"compound", "amod", "nmod", "pobj", "conj", "nummod", "npadvmod", "appos"}
        and node.head is not node
    ):
        node = node.head
        if node.dep_ == "prep":
            break
    if node.dep_ != "prep" or node.lower_ in _EXAMPLE_PREPS:
        return False  # "12 fields, including AI and 5G": examples, not a limit
    governor = node.head
    if governor.i in heads:
        return True
    opening = node.i == sentence.start or (node.i == sentence.start + 1 and sentence[0].is_space)
    if governor.i in verbs and (opening or governor.lemma_.lower() in _SCOPE_VERBS):
        return True
    # "declared 5,500 families as essential to 5G", "families that it considers essential to 5G"
    if governor.lemma_.lower() not in _SCOPE_VERBS or governor.dep_ == "conj":
        return False
    for ancestor in islice(governor.ancestors, 3):
        if ancestor.i in heads:
            return True
        if ancestor.pos_ in {"VERB", "AUX"}:
            return ancestor.i in verbs
    return False


def up(token: Token, limit: int = 8) -> list[Token]:
    """A token and its nearest heads: enough for its clause, and bounded, so that a sentence
    parsed as one endless coordination does not make every figure walk all of it."""
    return [token, *islice(token.ancestors, limit)]


def within(token: Token, head: Token) -> bool:
    """Whether token is in head's subtree (spaCy's parses are projective: an edge range check,
    not a walk over a subtree that can span a whole sentence)."""
    return head.left_edge.i <= token.i <= head.right_edge.i


def clause_verb(token: Token) -> Token:
    """The verb of the clause a word belongs to (the sentence root for verbless lines)."""
    for candidate in chain((token,), token.ancestors):
        if candidate.pos_ in {"VERB", "AUX"}:
            return candidate
    return sentence_of(token).root


def is_independent(verb: Token) -> bool:
    """A coordinated clause with its own subject ("..., and the company says ...")."""
    return verb.dep_ == "conj" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)


def date_level(date: Span, quantity: Span, head: Token, sentence: Span) -> int | None:
    """How closely a date in the sentence governs the figure; None when it does not apply.

    0: same clause, or inside the counted phrase ("18 agreements concluded during 2022");
    1: a clause above the figure's, its subject phrase, or an opening date ("By September 30,
       2022, ... which spanned more than 60 countries");
    2: an as-of date of a coordinated clause ("X held N as at DATE, and M of those ...").
    """
    if within(date.root, head) or within(date.root, quantity.root):
        return 0
    figure_verb = next(
        (a for a in quantity.root.ancestors if a.pos_ in {"VERB", "AUX"}), sentence.root
    )
    opening = opens_sentence(date, sentence)
    date_verb = sentence.root if opening else clause_verb(date.root)
    if date_verb == figure_verb:
        return 0
    crossed = False
    node = figure_verb
    for _ in range(12):  # a clause is never that deep; endless coordinations stop here
        if node.i == node.head.i:
            break
        crossed = crossed or (is_independent(node) and not opening)
        node = node.head
        if node == date_verb:
            if not crossed:
                return 1
            return 2 if date._.ipclaims_date.role in {"as_of", "on"} else None
    subjects = [c for c in figure_verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if any(within(date.root, subject) for subject in subjects):
        return 1
    # "It had filed 13,000 applications and received 5,000 patents by the end of 2023": verbs
    # that share one subject share a trailing date.
    shared = (
        date_verb.dep_ == "conj"
        and date_verb.head == figure_verb
        and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in date_verb.children)
    )
    return 2 if shared and date.start > quantity.end else None


def declared_essential(head: Token) -> bool:
    """ "declared about 120 patents as essential to ... standards": standard essential patents."""
    verb = head.head
    return (
        head.dep_ in {"dobj", "nsubjpass"}
        and verb.lemma_.lower() == "declare"
        and any(t.lower_ == "essential" for t in verb.subtree)
    )


def attached_through_dative(token: Token, anchors: set[int]) -> bool:
    """The token is an anchor, or the recipient of one ("patents granted to the company in
    China": "in China" hangs on "company", which hangs on "granted")."""
    if token.i in anchors:
        return True
    via = token.head
    return token.dep_ == "pobj" and via.dep_ in {"dative", "agent"} and via.head.i in anchors


def sentence_contains(sentence: Span, key: str, phrases: list[str]) -> bool:
    """Whether a sentence holds one of the phrases; computed once per sentence and table."""
    cache = sentence.doc.user_data.setdefault(f"ipclaims_has:{key}", {})
    if sentence.start not in cache:
        cache[sentence.start] = normalise.contains_phrase(text_of(sentence), phrases)
    found: bool = cache[sentence.start]
    return found


def label_date(sentence: Span) -> Span | None:
    """The date of a "2019:" label that opens the sentence's line and that the parser cut off
    as a sentence of its own ("- 2019: 3,548 U.S. patents, 3rd place ...")."""
    doc = sentence.doc
    if sentence.start == 0 or "\n" in doc[sentence.start - 1].text:
        return None
    before = sentence_of(doc[sentence.start - 1])
    words = [t for t in before if not (t.is_space or t.text in _BULLETS)]
    if not words or words[-1].text != ":":
        return None
    dates = spans_in(before, DATES_KEY)
    if len(dates) != 1 or dates[0].start != words[0].i or dates[0].end != words[-1].i:
        return None
    return dates[0]


def opens_sentence(date: Span, sentence: Span) -> bool:
    """A date that opens the sentence, alone or at the end of a fronted phrase without a verb
    ("By June 30, 2023, ...", "Among PCT applicants in 2023, ..."): it dates every clause."""
    if date.start == sentence.start or (
        date.start == sentence.start + 1 and (sentence[0].is_space or sentence[0].text in _BULLETS)
    ):
        return True  # also "- 2019: 3,548 U.S. patents, 3rd place ..."
    doc = date.doc
    lead = doc[sentence.start : date.start]
    return (
        len(lead) <= 8
        and date.end < sentence.end
        and doc[date.end].text == ","
        and not any(t.pos_ in {"VERB", "AUX"} or t.text in {",", ";", ":"} for t in lead)
    )


def distance(date: Span, quantity: Span) -> int:
    """Tokens between a date and a figure, whichever comes first."""
    return date.start - quantity.end if date.start >= quantity.end else quantity.start - date.end


def including_parent(quantity: Span, counted: Counted) -> Token | None:
    """The noun a figure is a subset of: "X patents, including N ..." -> patents."""
    node = counted.tokens[-1] if counted.tokens else quantity.root
    for ancestor in islice(node.ancestors, 3):
        if ancestor.dep_ == "prep" and ancestor.lower_ == "including":
            parent = ancestor.head
            if parent.pos_ in {"VERB", "AUX"}:  # "held 11,000 patents, including 4,200 ..."
                parent = next((c for c in parent.children if c.dep_ == "dobj"), parent)
            return parent if parent.pos_ in {"NOUN", "PROPN"} else None
    return None


def noun_phrase(head: Token) -> list[Token]:
    """A head noun with the modifiers to its left ("global patent applications")."""
    modifiers = [c for c in head.lefts if c.dep_ in {"compound", "amod", "nmod"}]
    first = modifiers[0].left_edge.i if modifiers else head.i
    return list(head.doc[first : head.i + 1])


def apply_date(value: DateValue, flow: bool, result: dict[str, object]) -> None:
    """Set as_of or the period of a figure from a resolved date phrase: a flow (applications
    filed, money spent) gets a period, a stock (patents held) an as-of date."""
    if value.role == "as_of":
        result["as_of"] = str(value.start)
    elif value.role == "period":
        result["period_start"], result["period_end"] = str(value.start), str(value.end)
    elif value.role == "since":
        result["period_start"] = str(value.start)
    elif flow:
        result["period_start"] = str(value.start)
        result["period_end"] = str(value.end or value.start)
    else:
        result["as_of"] = str(value.end or value.start)


class ClaimBuilder:
    """Turns the tagged Doc of one document into Claims."""

    def __init__(self, rules: Rules, grid_rules: GridRules | None = None) -> None:
        self.rules = rules
        self.grid_rules = grid_rules or load_grid_rules()  # enumeration links and cues

    def build(self, doc: Doc, ctx: DocContext, subjects: SubjectResolver) -> list[Claim]:
        quantities = sorted(doc.spans.get(QUANTITIES_KEY, []), key=lambda s: s.start)
        dates = list(doc.spans.get(DATES_KEY, []))
        claims: list[Claim] = []
        by_sentence: dict[int, list[Span]] = {}
        for quantity in quantities:
            by_sentence.setdefault(sentence_of(quantity).start, []).append(quantity)
        for sentence in sentences(doc):
            subjects.catch_up(sentence)
            here = by_sentence.get(sentence.start, [])
            items = enumeration_items(
                sentence, here, subjects.mentions_in(sentence), subjects.resolve, self.grid_rules
            )
            all_counted = [self.counted(quantity, sentence) for quantity in here]
            last: Counted | None = None  # "672 invention disclosures, compared with 604 ..."
            for index, quantity in enumerate(here):
                counted = all_counted[index]
                if counted is None and last is not None and self.compared(quantity, sentence):
                    counted = Counted((), last.unit, last.metric)
                item = items.get(quantity.start)
                if item is not None and item.borrows_unit and item.subject is not None:
                    later = next((c for c in all_counted[index + 1 :] if c is not None), None)
                    counted = last or later  # "followed by ZTE with 2,905"; "... respectively"
                claim = self.build_one(quantity, sentence, dates, ctx, subjects, counted, item)
                if claim is not None:
                    claims.append(claim)
                    last = counted
            subjects.observe(sentence)
        return claims

    def compared(self, quantity: Span, sentence: Span) -> bool:
        """A figure after "compared with", "up from", "versus": it counts what the figure
        before it in the sentence counts ("672 invention disclosures, compared with 604")."""
        before = sentence.doc[max(sentence.start, quantity.start - 2) : quantity.start].text.lower()
        return any(
            before == cue or before.endswith(" " + cue)
            for cue in self.rules.cues["comparison_cues"]
        )

    def build_one(
        self,
        quantity: Span,
        sentence: Span,
        dates: list[Span],
        ctx: DocContext,
        subjects: SubjectResolver,
        counted: Counted | None,
        item: Item | None = None,
    ) -> Claim | None:
        if counted is None:
            return None
        head = counted.tokens[-1] if counted.tokens and counted.unit != "rank" else None
        subject, found = (
            (item.subject, True)
            if item is not None and item.subject is not None
            else subjects.for_quantity(quantity, head)
        )
        dating = self.dating(quantity, sentence, dates, counted, ctx)
        scope = self.scope(quantity, counted, sentence)
        ancestors = up(quantity.root)
        words = [t.text for t in ancestors]
        doc = quantity.doc
        for a in ancestors:  # auxiliaries ("will"), and "aims to", "expects to": near the verb,
            # looked up in a window (a coordinated sentence's root can have 1,000 children)
            window = doc[max(0, a.i - 4) : min(len(doc), a.i + 5)]
            words += [
                t.text for t in window if t.head.i == a.i and t.dep_ in {"aux", "xcomp", "auxpass"}
            ]
        rate = self.rate(quantity, counted, sentence)
        start, end = quantity.start_char, quantity.end_char
        value = float(quantity._.ipclaims_value)
        value_text = ctx.text[start:end]
        # The evidence covers every sentence the figure touches ("Top | 50 patent holders").
        text_start = sentence.start_char
        text_end = max(content_end(sentence), content_end(sentence_of(quantity[-1])))
        evidence = ctx.text[text_start:text_end].strip()
        unit_text = value_text
        if counted.tokens:  # as written in the input, from the first modifier to the head
            unit_text = ctx.text[
                counted.tokens[0].idx : counted.tokens[-1].idx + len(counted.tokens[-1])
            ]
        confidence = 0.9 - (0.0 if found else 0.15) - (0.15 if counted.metric == "other" else 0.0)
        confidence -= 0.05 if dating.get("as_of_inherited") else 0.0
        return Claim(
            claim_id=claim_id(ctx.doc_id, start, end, counted.metric, value),
            doc_id=ctx.doc_id,
            subject=subject,
            metric=counted.metric,  # type: ignore[arg-type]
            value=value,
            value_max=quantity._.ipclaims_value_max,
            qualifier=quantity._.ipclaims_qualifier,
            unit=counted.unit,
            unit_text=unit_text,
            value_text=value_text,
            rate_per=rate,  # type: ignore[arg-type]
            modality=normalise.modality_of(words, self.rules),  # type: ignore[arg-type]
            scope=scope,
            geo=self.geo(quantity, counted, sentence),
            patent_status=self.patent_status(counted, sentence),
            text=evidence,
            start=start,
            end=end,
            source=ClaimSource.list if item else ClaimSource.sentence,
            fact_id=fact_id(
                ctx.doc_id,
                subject,
                counted.metric,
                value,
                quantity._.ipclaims_qualifier,
                scope,
                dating.get("as_of"),
            ),
            confidence=round(max(0.05, confidence), 2),
            **dating,
        )

    # -- what is counted -------------------------------------------------------------------
    def counted(self, quantity: Span, sentence: Span) -> Counted | None:
        """The counted phrase and its unit/metric; None for non-claims."""
        doc = quantity.doc
        core: Span = quantity._.ipclaims_core
        before = doc[quantity.start - 1] if quantity.start > sentence.start else None
        glued = quantity.end < sentence.end and not quantity[-1].whitespace_
        superlative = quantity.end + 1 < sentence.end and doc[quantity.end + 1].tag_ == "JJS"
        if glued and quantity._.ipclaims_ordinal and doc[quantity.end].text == "-" and superlative:
            return self.ranking(quantity, sentence, skip=2)  # "second-largest holder of SEPs"
        if glued and (doc[quantity.end].text == "-" or doc[quantity.end].is_alpha):
            return None  # "10-year", "1-inch", "200MP", "45W", "6nm", "first-come": not a count
        if self.names_a_street_or_model(quantity, sentence):
            return None
        if quantity._.ipclaims_ordinal or quantity._.ipclaims_rank_marker:
            return self.ranking(quantity, sentence)
        if quantity._.ipclaims_currency:
            metric = normalise.money_metric(text_of(sentence), self.rules)
            currency_tokens = tuple(
                t for t in quantity if t.lower_ in self.rules.numbers["currencies"] or t.text == "$"
            )
            return Counted(currency_tokens, quantity._.ipclaims_currency, metric)
        if quantity._.ipclaims_percent:
            tail = (
                quantity.end + 1
                if quantity.end < sentence.end and doc[quantity.end].lower_ == "of"
                else quantity.end
            )
            while (
                tail != quantity.end
                and tail < sentence.end
                and (doc[tail].pos_ in {"DET", "PRON"} or doc[tail].shape_ == "dddd")
            ):
                tail += 1  # "of all 5G SEP families", "of its revenue", "of the 2023 income"
            phrase = phrase_after(tail, sentence) if tail != quantity.end else []
            return Counted(
                tuple(phrase), "percent", normalise.percent_metric(text_of(sentence), self.rules)
            )
        if self.looks_like_year_or_model(quantity, core, before):
            return None
        if self.is_reference_to_group(quantity, core, before):
            return None
        start = quantity.end
        if (
            start + 1 < sentence.end
            and doc[start].lower_ == "of"
            and doc[start + 1].pos_ in {"DET", "PRON"}
        ):
            start += 2  # "5,500 of those families", "4,000 of its patent families"
        phrase = self.head_of(quantity, phrase_after(start, sentence))
        if not (phrase and phrase[0].i == start):
            phrase = counted_by_copula(quantity)
        unit = normalise.unit_and_metric(phrase, self.rules)
        if not unit:
            return None
        counted = Counted(tuple(phrase), *self.compound_unit(phrase, unit))
        if counted.metric == "patents" and declared_essential(phrase[-1]):
            return Counted(counted.tokens, counted.unit, "standard_essential_patents")
        return counted

    def compound_unit(self, phrase: list[Token], unit: tuple[str, str]) -> tuple[str, str]:
        """For `other` units keep a noun compound: "research institute", "R&D centre"."""
        name, metric = unit
        if metric != "other" or len(phrase) < 2 or "-" in name:
            return unit
        modifier = phrase[-2]
        if (
            modifier.pos_ in {"NOUN", "PROPN"}
            and modifier.dep_ in {"compound", "nmod"}
            and (modifier.is_alpha or modifier.ent_type_ == "IPTERM")
        ):
            return f"{modifier.lower_} {name}", metric
        return unit

    def head_of(self, quantity: Span, phrase: list[Token]) -> list[Token]:
        """Cut the phrase at its head: the last known unit noun, else the parser's head."""
        known = [
            i
            for i, t in enumerate(phrase)
            if normalise.head_lemma(t, self.rules) in self.rules.units_single
        ]
        if known:
            return phrase[: known[-1] + 1]
        return phrase

    @staticmethod
    def is_reference_to_group(quantity: Span, core: Span, before: Token | None) -> bool:
        """ "the two companies", "its three brands": a small number word that refers, not counts."""
        if before is None or quantity._.ipclaims_qualifier != "exact" or len(core) != 1:
            return False
        small_word = core.text.isalpha() and (quantity._.ipclaims_value or 0) < 20
        return small_word and (
            before.lower_ in {"the", "these", "those", "both", "all"} or before.tag_ == "POS"
        )

    def names_a_street_or_model(self, quantity: Span, sentence: Span) -> bool:
        """An address ("5775 Morehouse Drive", "No. 33 Haitian Second Road", "108 Yeoui-daero")
        or a model code after the number ("EliteBook 840 G10")."""
        doc = quantity.doc
        following = doc[quantity.end : min(len(doc), quantity.end + 4)]
        if following and _MODEL_CODE.match(following[0].text):
            return True
        streets = self.rules.cues["street_words"]
        for token in following:
            if token.is_punct and token.text != "-":
                return False
            if token.lower_ in streets and (
                token.text[:1].isupper() or (token.i > 0 and doc[token.i - 1].text == "-")
            ):
                return True
        return False

    def looks_like_year_or_model(self, quantity: Span, core: Span, before: Token | None) -> bool:
        """A bare year, a model number ("Phone 3", "Android 14") or "one" used as a pronoun."""
        text = core.text
        bare = quantity._.ipclaims_qualifier == "exact" and len(core) == 1
        if bare and text.isdigit() and len(text) == 4 and 1950 <= int(text) <= 2100:
            return True
        if bare and text.lower() == "one":
            return True
        if (
            before is not None
            and before.text == "-"
            and before.i > 0
            and not before.nbor(-1).whitespace_
            and before.nbor(-1).text[-1:].isalnum()
        ):
            return True  # "S7-1500", "V2343-2" (not a list dash after a line break)
        if (
            before is not None
            and before.text == ":"
            and before.i > 0
            and before.nbor(-1).text.isupper()
        ):
            return True  # a stock code: "(TWSE: 2454)"
        return bool(
            bare and before is not None and before.pos_ == "PROPN" and before.ent_type_ != "ORG"
        )

    def ranking(self, quantity: Span, sentence: Span, skip: int = 0) -> Counted | None:
        """ "ranked 13th in 5G self-declared patent families": rank 13 in that phrase."""
        doc = quantity.doc
        following_word = doc[quantity.end] if quantity.end < sentence.end else None
        if (
            following_word is not None
            and following_word.lemma_.lower()
            in self.rules.duration_heads | {"consecutive", "straight"}
        ):
            return None  # "for the 29th year", "the 29th consecutive year": a count of years
        rank_nouns = set(self.rules.cues["rank_nouns"])
        verbs = set(self.rules.cues["rank_verbs"]) | rank_nouns
        window = doc[max(sentence.start, quantity.start - 4) : quantity.start]
        earlier = doc[sentence.start : quantity.start]
        context = {t.lower_ for t in window} | {t.lemma_.lower() for t in window}
        after = doc[quantity.end : min(sentence.end, quantity.end + 2)]
        following = doc[quantity.end] if quantity.end < sentence.end else None
        # "OPPO ranks sixth and vivo eighth": a later ordinal in a sentence that ranks.
        gapped = any(t.lemma_.lower() in verbs for t in earlier) and (
            following is None
            or following.pos_ not in {"NOUN", "PROPN"}
            or following.lower_ in rank_nouns
        )
        marked = quantity._.ipclaims_rank_marker or skip > 0
        if not (
            marked
            or context & verbs
            or gapped
            or any(t.lower_ in {"place", "position", "spot"} for t in after)
        ):
            return None
        i = quantity.end + skip
        while i < sentence.end and doc[i].lower_ in _RANK_SKIP | {","}:
            i += 1
        if i < sentence.end and doc[i].lower_ in {"in", "for", "among", "by", "on", "of"}:
            phrase = phrase_after(i + 1, sentence)
        else:
            phrase = phrase_after(i, sentence)
        return Counted(tuple(phrase), "rank", "rank")

    def scope(self, quantity: Span, counted: Counted, sentence: Span) -> str | None:
        """Technology the figure is limited to: in its phrase, right after it, or in its clause."""
        tokens = list(counted.tokens) + self.scope_tail(counted, sentence)
        last = tokens[-1].i + 1 if tokens else quantity.end
        terms = ents_in(sentence, _TECH)
        near = [e for e in terms if e.start >= quantity.start and e.end <= last]
        if not near:
            heads = {quantity.root.i, *(t.i for t in counted.tokens)}
            verbs = {t.i for t in up(quantity.root)[1:] if t.pos_ in {"VERB", "AUX", "ADJ"}}
            near = [e for e in terms if attached_to(e.root, heads, verbs, sentence)]
        if not near:
            parent = including_parent(quantity, counted)
            if parent is not None:  # "11,000 image sensor patents, including 4,200 in Japan"
                own = [c for c in parent.children if c.lower_ == "including"]
                near = [
                    e for e in terms
                    if within(e.root, parent) and not any(within(e.root, c) for c in own)
                ]  # fmt: skip
        if not near:  # "the Imaging & Sensing segment recorded sales of JPY 1.6 trillion"
            verb = next((a for a in quantity.root.ancestors if a.pos_ in {"VERB", "AUX"}), None)
            subject = (
                next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
                if verb
                else None
            )
            if subject is not None and not within(quantity.root, subject):
                near = [e for e in terms if within(e.root, subject)]
        if not near:  # "In the field of artificial intelligence, the Group had ... 3,000 patents"
            near = [e for e in terms if e.end <= self.opening_scope_end(sentence)]
        if not near and counted.unit == "rank":  # "top 10 companies worldwide in 5G SEP families"
            window = sentence.doc[quantity.end : min(sentence.end, quantity.end + 8)]
            stop = next(
                (t.i for t in window if t.is_punct or t.pos_ in {"VERB", "AUX"}), window.end
            )
            near = [e for e in terms if quantity.end <= e.start and e.end <= stop]
        return normalise.join_scope(normalise.canonical_terms(near))

    def patent_status(self, counted: Counted, sentence: Span) -> str | None:
        """ "granted patents", "patents in force", "pending applications" -> the legal status."""
        if (
            counted.metric
            not in {
                "patents",
                "patent_families",
                "standard_essential_patents",
                "patent_applications",
            }
            or not counted.tokens
        ):
            return None
        head = counted.tokens[-1]
        after = []
        for token in sentence.doc[head.i + 1 : min(sentence.end, head.i + 4)]:
            if token.pos_ in {"CCONJ", "NUM", "PUNCT", "VERB"} and token.lower_ not in {"pending"}:
                break  # "... active patents and 40,000 granted patents": not ours
            after.append(token)
        words = " ".join(t.lower_ for t in [*counted.tokens, *after])
        statuses: dict[str, list[str]] = self.rules.cues["patent_status"]  # type: ignore[assignment]
        for status, cues in statuses.items():
            if normalise.contains_phrase(words, cues):
                return status
        return None

    def rate(self, quantity: Span, counted: Counted, sentence: Span) -> str | None:
        """ "per year" next to the figure or its counted phrase, later in its clause ("submits
        1,000 contributions to 3GPP each year"), or an adverb of its verb."""
        if counted.metric == "rank":
            return None
        doc = sentence.doc
        cache = doc.user_data.setdefault("ipclaims_rate_text", {})
        if sentence.start not in cache:  # once per sentence: a sentence may hold 1,000 figures
            cache[sentence.start] = normalise.blank_rate_exclusions(text_of(sentence), self.rules)
        masked: str = cache[sentence.start]

        def rate_in(start: int, end: int) -> str | None:
            if start >= end:
                return None
            offset = sentence.start_char
            text = masked[doc[start].idx - offset : doc[end - 1].idx + len(doc[end - 1]) - offset]
            return normalise.rate_of(text, self.rules)

        last = max([quantity.end, *(t.i + 1 for t in counted.tokens)])
        first = min([quantity.start, *(t.i for t in counted.tokens)])
        rate = rate_in(max(sentence.start, first - 3), min(sentence.end, last + 4))
        if rate is not None:
            return rate
        stop = next(
            (t.i for t in doc[last : min(sentence.end, last + 12)]
             if t.is_punct or t.pos_ in {"VERB", "AUX", "CCONJ"}),
            min(sentence.end, last + 12),
        )  # fmt: skip
        rate = rate_in(last, stop)
        if rate is not None:
            return rate
        verb = next((a for a in quantity.root.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        if verb is None:
            return None
        window = doc[max(sentence.start, verb.i - 8) : min(sentence.end, verb.i + 16)]
        for child in window:  # the verb's adverbs, looked up near it, not among all its children
            if (
                child.head.i == verb.i
                and child.dep_ in {"npadvmod", "advmod"}
                and not within(quantity.root, child)
            ):
                rate = rate_in(child.left_edge.i, child.right_edge.i + 1)
                if rate is not None:
                    return rate
        return None

    def opening_scope_end(self, sentence: Span) -> int:
        """End of a fronted scope phrase ("In the field of imaging, ..."): the token index of its
        comma, or the sentence start when the sentence does not open with one."""
        words = sentence.doc[sentence.start : min(sentence.end, sentence.start + 12)]
        lead = words.text.lower().lstrip()
        if not any(lead.startswith(p + " ") for p in self.rules.cues["scope_preps"]):
            return sentence.start
        comma = next((t.i for t in words if t.text == ","), None)
        return comma if comma is not None else sentence.start

    def scope_tail(self, counted: Counted, sentence: Span) -> list[Token]:
        """Tokens of "in the field of smartphone charging" / "related to 5G" after the head."""
        if not counted.tokens:
            return []
        doc = sentence.doc
        i = counted.tokens[-1].i + 1
        tail = doc[i : min(sentence.end, i + 6)].text.lower()
        for prep in sorted(self.rules.cues["scope_preps"], key=len, reverse=True):
            if tail.startswith(prep + " "):
                skip = len(doc[i : sentence.end].text[: len(prep)].split())
                return (
                    phrase_after(i + skip + (1 if doc[i + skip].lower_ == "the" else 0), sentence)
                    if i + skip < sentence.end
                    else []
                )
        return []

    def geo(self, quantity: Span, counted: Counted, sentence: Span) -> str | None:
        """A named country or region in a prepositional phrase of the figure's clause."""
        anchors = {quantity.root.i, *(t.i for t in counted.tokens)}
        if counted.tokens:  # "patents granted in Japan"
            anchors |= {c.i for c in counted.tokens[-1].children if c.dep_ in {"acl", "relcl"}}
        anchors |= {t.i for t in up(quantity.root)}
        for ent in ents_in(sentence, _PLACES):
            if ent.label_ not in {"GPE", "LOC"}:
                continue
            prep = ent.root.head
            if (
                prep.dep_ == "prep"
                and prep.lower_ in self.rules.cues["geo_preps"]
                and attached_through_dative(prep.head, anchors)
            ):
                return normalise.place_name(ent.text, self.rules)
            if ent.root.dep_ in {"compound", "amod", "nmod"} and ent.root.head.i in anchors:
                return normalise.place_name(ent.text, self.rules)
        offices: dict[str, str] = self.rules.cues["patent_offices"]  # type: ignore[assignment]
        for token in counted.tokens:  # "4,440 EPO applications", "USPTO grants"
            if token.text in offices:
                return offices[token.text]
        doc = sentence.doc
        near = doc[max(sentence.start, quantity.start - 12) : min(sentence.end, quantity.end + 12)]
        for obj in near:  # "filed 4,440 applications with the EPO", "granted by the USPTO"
            prep = obj.head
            if obj.text in offices and obj.dep_ == "pobj" and prep.head.i in anchors:
                return offices[obj.text]
        return None

    # -- dates -------------------------------------------------------------------------------
    def dating(
        self, quantity: Span, sentence: Span, dates: list[Span], counted: Counted, ctx: DocContext
    ) -> dict[str, object]:
        """as_of / period / inheritance for a figure, per CONTRACT.md."""
        metric = counted.metric
        head = counted.tokens[-1] if counted.tokens else quantity.root
        levels = {
            d.start: level for d in spans_in(sentence, DATES_KEY)
            if d.end <= sentence.end and (level := date_level(d, quantity, head, sentence)) is not None
        }  # fmt: skip
        in_sentence = [d for d in spans_in(sentence, DATES_KEY) if d.start in levels]
        result: dict[str, object] = {}
        verbs = {t.lemma_.lower() for t in up(quantity.root) if t.pos_ in {"VERB", "AUX"}}
        money = (
            counted.unit.isupper() and len(counted.unit) == 3
        )  # an ISO currency: spent, earned, paid
        flow = metric != "rank" and (
            money
            or metric in FLOW_METRICS
            or bool(verbs & set(self.rules.cues["flow_verbs"]))
            or self.sentence_has_cue(sentence, "flow_context")
            or (  # "60% of the 2023 licence income": a share of a flow
                counted.unit == "percent"
                and any(t.lower_ in self.rules.cues["flow_nouns"] for t in counted.tokens)
            )
        )
        if in_sentence:
            roles = {"as_of": 0, "on": 0, "period": 1, "since": 1, "in": 2}
            ranked = sorted(
                in_sentence,
                key=lambda d: (
                    levels[d.start],
                    roles.get(d._.ipclaims_date.role, 3),
                    distance(d, quantity),
                ),
            )
            value: DateValue = ranked[0]._.ipclaims_date
            apply_date(value, flow, result)
            return result
        label = label_date(sentence)
        if label is not None:  # "- 2019: 3,548 U.S. patents": the parser splits at the colon
            apply_date(label._.ipclaims_date, flow, result)
            return result
        if self.sentence_has(sentence, "year_back_refs"):
            earlier = [
                d for d in dates if d.end <= quantity.start and d._.ipclaims_date.start is not None
            ]
            if earlier:  # "... in 2022, and Xiaomi spent RMB 16 billion in the same year"
                apply_date(earlier[-1]._.ipclaims_date, flow, result)
                return result
        back_ref = self.sentence_has(sentence, "period_back_refs")
        if back_ref:
            earlier = [
                d
                for d in dates
                if d.end <= sentence.start and d._.ipclaims_date.role in {"period", "since"}
            ]
            if earlier:
                apply_date(earlier[-1]._.ipclaims_date, True, result)
                return result
        inherited = self.paragraph_as_of(sentence, dates, ctx)
        if inherited is not None:
            result["as_of"] = inherited
            result["as_of_inherited"] = True
        return result

    def sentence_has_cue(self, sentence: Span, cue: str) -> bool:
        """Whether a sentence holds a phrase of a cues table ("patent recipients": yearly
        grants, so its counts are flows)."""
        return sentence_contains(sentence, f"cues:{cue}", self.rules.cues[cue])

    def sentence_has(self, sentence: Span, table: str) -> bool:
        """Whether a sentence holds a phrase of a dates table."""
        return sentence_contains(sentence, f"dates:{table}", self.rules.dates[table])

    def paragraph_as_of(self, sentence: Span, dates: list[Span], ctx: DocContext) -> str | None:
        """The as-of date that opens this sentence's paragraph, if the paragraph opens with one."""
        starts = ctx.block_starts
        position = bisect.bisect_right(starts, sentence.start_char) - 1
        if position < 0 or sentence.start_char >= ctx.blocks[position].end:
            return None
        block = ctx.blocks[position]
        date_starts = sentence.doc.user_data.get("ipclaims_date_starts")
        if date_starts is None or len(date_starts) != len(dates):  # dates come sorted
            date_starts = [d.start_char for d in dates]
            sentence.doc.user_data["ipclaims_date_starts"] = date_starts
        first_index = bisect.bisect_left(date_starts, block.start)
        if first_index >= len(dates) or dates[first_index].start_char >= block.end:
            return None
        first = dates[first_index]
        leading = ctx.text[block.start : first.start_char].strip()
        if (
            leading
            or first.start_char >= sentence.start_char
            or first._.ipclaims_date.role not in {"as_of", "on"}
        ):
            return None
        return str(first._.ipclaims_date.start)
