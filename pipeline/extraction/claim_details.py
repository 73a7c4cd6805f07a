"""What a figure is limited to: its technology scope, place, patent status and rate."""

from __future__ import annotations

from itertools import islice

from spacy.tokens import Span, Token

from models.vocab import PATENT_METRICS
from pipeline.extraction import normalise
from pipeline.extraction.counting import Counted
from pipeline.extraction.syntax import (
    attached_through_dative,
    attached_to,
    phrase_after,
    up,
    within,
)
from pipeline.nlp.sentences import ents_in, text_of
from pipeline.rules.loading import Rules

_TECH = frozenset({"TECH"})
_PLACES = frozenset({"GPE", "LOC"})


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


class ClaimDetails:
    """Scope, geo, patent status and rate of one figure."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    def scope(self, quantity: Span, counted: Counted, sentence: Span) -> str | None:
        """Technology the figure is limited to: in its phrase, right after it, or in its clause."""
        tokens = list(counted.tokens) + self.scope_tail(counted, sentence)
        last = tokens[-1].i + 1 if tokens else quantity.end
        terms = ents_in(sentence, _TECH)
        near = [e for e in terms if e.start >= quantity.start and e.end <= last]
        if not near:
            heads = {quantity.root.i, *(t.i for t in counted.tokens)}
            verbs = {t.i for t in up(quantity.root)[1:] if t.pos_ in {"VERB", "AUX", "ADJ"}}
            near = [
                e for e in terms if attached_to(e.root, heads, verbs, sentence, self.rules.counting)
            ]
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
        if counted.metric not in PATENT_METRICS or not counted.tokens:
            return None
        head = counted.tokens[-1]
        after = []
        for token in sentence.doc[head.i + 1 : min(sentence.end, head.i + 4)]:
            if token.pos_ in {"CCONJ", "NUM", "PUNCT", "VERB"} and token.lower_ not in {"pending"}:
                break  # "... active patents and 40,000 granted patents": not ours
            after.append(token)
        words = " ".join(t.lower_ for t in [*counted.tokens, *after])
        statuses: dict[str, list[str]] = self.rules.flows.patent_status
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
        if not any(lead.startswith(p + " ") for p in self.rules.counting.scope_preps):
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
        for prep in sorted(self.rules.counting.scope_preps, key=len, reverse=True):
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
                and prep.lower_ in self.rules.geo.geo_preps
                and attached_through_dative(prep.head, anchors)
            ):
                return normalise.place_name(ent.text, self.rules)
            if ent.root.dep_ in {"compound", "amod", "nmod"} and ent.root.head.i in anchors:
                return normalise.place_name(ent.text, self.rules)
        offices: dict[str, str] = self.rules.geo.patent_offices
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
