"""Subjects: which organisation a figure is about.

Mentions come from `doc.spans["ipclaims_orgs"]` (see orgs.py). "the Group"/"the Company" mean the
document's main organisation; "the company", "its", "it" mean the organisation most recently in
subject position. Within a sentence the grammatical subject of the verb that governs the figure
wins; then a possessive ("Xiaomi's 29,000 patents"); then the nearest organisation before it.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, islice

from spacy.tokens import Doc, Span, Token

from pipeline.extraction import normalise
from pipeline.extraction.orgs import MAIN, PRONOUN, REFERENCE, SPANS_KEY, canonical_name
from pipeline.extraction.syntax import entity_of, is_addressee
from pipeline.nlp.sentences import doc_text, sentence_of
from pipeline.rules.loading import Rules

# doc.user_data key: (char offset, company) named in sentences the prefilter blanked.
FOCUS_HINTS = "ipclaims_focus_hints"
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "agent", "expl"}


def main_subject(doc: Doc, title_end: int, rules: Rules) -> str | None:
    """The organisation the document is about: most mentioned, title mentions counting triple."""
    counts: Counter[str] = Counter()
    for span in doc.spans.get(SPANS_KEY, []):
        name = span.kb_id_
        if name.startswith("@") or rules.org_kind(name) == "body":
            continue
        counts[name] += 3 if span.start_char < title_end else 1
    for _, name in doc.user_data.get(FOCUS_HINTS, []):  # named in sentences the prefilter blanked
        counts[name] += 1
    if not counts:
        return title_name(doc, title_end, rules)
    best = max(counts.values())
    # Ties go to the earliest mention, which is what a reader would assume.
    for span in doc.spans[SPANS_KEY]:
        if counts.get(span.kb_id_) == best:
            return str(span.kb_id_)
    return None


def title_name(doc: Doc, title_end: int, rules: Rules) -> str | None:
    """An unlisted company named at the start of the title and again in the text
    ("Acme Widgets IP update" ... "Acme Widgets said ...")."""
    names: list[str] = []
    for token in doc:
        if token.idx >= title_end:
            break
        if (
            token.pos_ == "PROPN"
            and token.is_alpha
            and token.ent_type_ not in {"TECH", "IPTERM", "GPE", "LOC", "DATE"}
        ):
            names.append(token.text)
        elif names:
            break
    name = canonical_name(" ".join(names), rules) if names else None
    if name is None or doc_text(doc).count(" ".join(names)) < 2:
        return None
    return name


@dataclass
class SubjectResolver:
    """Resolves subjects sentence by sentence, remembering the last organisation in focus."""

    main: str | None
    rules: Rules
    last: str | None = None
    _by_sentence: dict[int, list[Span]] = field(default_factory=dict)
    _by_token: dict[int, Span] = field(default_factory=dict)  # token index -> its mention
    _named_before: dict[int, str | None] = field(default_factory=dict)
    _candidates: dict[int, list[Span]] = field(default_factory=dict)
    _candidate_ends: dict[int, list[int]] = field(default_factory=dict)
    _hint: int = 0

    def index(self, doc: Doc) -> None:
        """Group organisation mentions by the sentence they are in."""
        for span in doc.spans.get(SPANS_KEY, []):
            self._by_sentence.setdefault(sentence_of(span).start, []).append(span)
            for i in range(span.start, span.end):
                self._by_token.setdefault(i, span)
        for start, mentions in self._by_sentence.items():  # candidates for "nearest before"
            self._candidates[start] = [m for m in mentions if not self._is_counterparty(m)]
            self._candidate_ends[start] = [m.end for m in self._candidates[start]]
        for mentions in self._by_sentence.values():  # one pass: the company named before each
            named: str | None = None
            for mention in mentions:
                self._named_before[mention.start] = named
                name = mention.kb_id_
                if (
                    not name.startswith("@")
                    and self.rules.org_kind(name) != "body"
                    and not self._is_counterparty(mention)
                ):
                    named = name

    def catch_up(self, sentence: Span) -> None:
        """Apply the focus of companies named in blanked sentences before this one."""
        hints = sentence.doc.user_data.get(FOCUS_HINTS, [])
        while self._hint < len(hints) and hints[self._hint][0] < sentence.start_char:
            self.last = hints[self._hint][1]
            self._hint += 1

    def mentions_in(self, sentence: Span) -> list[Span]:
        """Organisation mentions of a sentence, in order."""
        return self._by_sentence.get(sentence.start, [])

    def reset(self) -> None:
        """Forget the organisation in focus, to walk the document again from the start."""
        self.last = None
        self._hint = 0

    def resolve(self, mention: Span) -> str | None:
        """Canonical name for a mention, resolving markers in context.

        "its"/"the company" first look back within their own sentence ("Huawei said it held ..."),
        then to the organisation last in subject position.
        """
        name = mention.kb_id_
        if name == MAIN:
            return self.main or self.last
        if name in (REFERENCE, PRONOUN):
            return self._named_before.get(mention.start) or self.last or self.main
        if self.rules.org_kind(name) == "body":
            return None
        return name

    def observe(self, sentence: Span) -> None:
        """After a sentence: its grammatical subject, if an organisation, becomes the focus."""
        subject = self._subject_of(sentence.root)
        if subject is None:  # "For Ericsson, the agreement ...": the first company named
            named = [
                m for m in self._by_sentence.get(sentence.start, [])
                if not m.kb_id_.startswith("@") and self.rules.org_kind(m.kb_id_) != "body" and not self._is_counterparty(m)
            ]  # fmt: skip
            subject = named[0].kb_id_ if named else None
        if subject is not None:
            self.last = subject

    def for_quantity(self, quantity: Span, head: Token | None) -> tuple[str | None, bool]:
        """Subject of a figure and whether it was found in the sentence (vs. defaulted).

        The subject of the verb that governs the figure wins. When that subject belongs to a
        higher clause ("OPPO employs ..., while vivo has ... spread across 10 centres"), the
        nearest organisation before the figure is closer to what the writer meant.
        """
        owner = self._named_owner(quantity) or (self._owner_of(head) if head else None)
        if owner is not None:
            return owner, True
        sentence = sentence_of(quantity)
        candidates = self._candidates.get(sentence.start, [])
        position = bisect.bisect_right(self._candidate_ends.get(sentence.start, []), quantity.start)
        nearest = next(
            (m for m in reversed(candidates[:position]) if self.resolve(m) is not None), None
        )
        crossed = False
        for token in chain((quantity.root,), islice(quantity.root.ancestors, 12)):
            found = self._subject_of(token) or self._office_subject(token)
            if found is None and not crossed and nearest is None:
                found = self._country_subject(token)  # national totals: "Japan came second"
            if found is not None:
                subject_token = next(c for c in token.children if c.dep_ in _SUBJECT_DEPS)
                nearest_is_subject = nearest is not None and (
                    nearest.root.dep_ in _SUBJECT_DEPS or nearest.end >= quantity.start - 2
                )  # "OPPO ranks sixth and vivo eighth"
                if (
                    crossed
                    and nearest is not None
                    and nearest.start > subject_token.i
                    and nearest_is_subject
                ):
                    return self.resolve(nearest), True
                return found, True
            if token.pos_ in {"VERB", "AUX"} and token is not quantity.root:
                crossed = True
        if head is not None:
            for child in head.children:
                if child.dep_ == "poss":
                    found = self._mention_at(child)
                    if found is not None:
                        return found, True
        if nearest is not None:
            return self.resolve(nearest), True
        return self.last or self.main, False

    def _named_owner(self, quantity: Span) -> str | None:
        """The organisation the figure's own phrase names: the name a hyphenated rank modifies
        ("second-placed Samsung"), the one a rank's place goes to ("First place went to IBM"),
        or the owner of a bare figure compared with another
        ("compared with the 3,093 from Samsung", "against 900 for Ericsson")."""
        counting = self.rules.counting
        root = quantity.root
        place = root.head  # "First place went to IBM", "second place fell to Canon"
        if (
            place.lower_ in counting.rank_nouns
            and place.dep_ == "nsubj"
            and place.head.lemma_.lower() in counting.place_verbs
        ):
            for prep in place.head.children:
                if prep.dep_ == "prep" and prep.lower_ == "to":
                    found = self._object_mention(prep)
                    if found is not None:
                        return found
        rank_verb = root.head
        if (
            root.dep_ == "advmod"
            and rank_verb.dep_ == "amod"
            and rank_verb.lower_ in counting.rank_participles
            and rank_verb.i == quantity.end + 1
        ):
            return self._mention_at(rank_verb.head)
        if root.dep_ == "pobj" and root.head.lower_ in counting.compared_preps:
            for prep in root.children:
                if prep.dep_ == "prep" and prep.lower_ in counting.owner_preps:
                    found = self._object_mention(prep)
                    if found is not None:
                        return found
        return None

    def _owner_of(self, head: Token) -> str | None:
        """The organisation the counted noun's own phrase says owns it: a participle's agent
        ("two patents owned by VLSI", "asserted by Nokia"), the receiver of a grant ("patents
        granted to IBM"), or a known organisation compounded to it ("five Apple products")."""
        for child in head.children:
            found = None
            if child.dep_ == "compound" and child.i == head.i - 1:
                found = self._mention_at(child)
                if found is not None and self.rules.org_kind(found) == "body":
                    found = None
            elif child.dep_ == "acl" and child.tag_ == "VBN":
                found = self._participle_owner(child)
            if found is not None:
                return found
        return None

    def _participle_owner(self, participle: Token) -> str | None:
        """ "owned by VLSI", "granted to IBM": the agent or receiver the participle names."""
        counting = self.rules.counting
        lemma = participle.lemma_.lower()
        for prep in participle.children:
            by_agent = prep.dep_ == "agent" and lemma in counting.owned_by
            to_receiver = (
                prep.dep_ in {"prep", "dative"}
                and prep.lower_ == "to"
                and lemma in counting.granted_to
            )
            if by_agent or to_receiver:
                found = self._object_mention(prep)
                if found is not None:
                    return found
        return None

    def _object_mention(self, preposition: Token) -> str | None:
        """The organisation a preposition's object names."""
        target = next((c for c in preposition.children if c.dep_ == "pobj"), None)
        return self._mention_in(target) if target is not None else None

    def money_recipient(self, quantity: Span) -> str | None:
        """The organisation an amount is paid or awarded to: the one its clause names ("agreed
        to pay CMU $750 million", "ordered to pay $85 million to WiLAN", "a damages award to
        Apple"); else, when the text names only who pays, the one other organisation of the
        sentence ("Apple owes $302 million in royalties to Nevada-based VirnetX", "Micron hit
        with a $445 million verdict in Netlist patent trial")."""
        counting = self.rules.counting
        verb = next(
            (a for a in islice(quantity.root.ancestors, 6) if a.pos_ in {"VERB", "AUX"}), None
        )
        paying = verb is not None and verb.lemma_.lower() in counting.payment_verbs
        if verb is not None and paying:
            for child in verb.children:
                targets = [child] if child.dep_ == "dative" else []
                if child.dep_ in {"dative", "prep"} and child.lower_ == "to":
                    targets = [g for g in child.children if g.dep_ == "pobj"]
                for target in targets:
                    found = self._mention_in(target)
                    if found is not None:
                        return found
        award = self._award_noun(quantity)
        if award is not None:
            for prep in award.children:
                if prep.dep_ == "prep" and prep.lower_ == "to":
                    found = self._object_mention(prep)
                    if found is not None:
                        return found
        payer = self._payer(verb if paying else None, award)
        return self._other_party(payer) if payer is not None else None

    def _award_noun(self, quantity: Span) -> Token | None:
        """The noun of an amount owed ("a $20.3 million verdict", "damages of $15 million")."""
        for token in islice(quantity.root.ancestors, 3):
            if token.pos_ in {"VERB", "AUX"}:
                return None
            if token.pos_ == "NOUN" and token.lemma_.lower() in self.rules.counting.award_nouns:
                return token
        return None

    def _payer(self, verb: Token | None, award: Token | None) -> Token | None:
        """The token naming who pays: the subject of "pay"/"owe", the object of "ordered ... to
        pay", the subject of "hit with" a verdict, or the object of "a verdict against"."""
        counting = self.rules.counting
        candidates: list[Token] = []
        if award is not None:
            candidates += [
                g
                for prep in award.children
                if prep.dep_ == "prep" and prep.lower_ == "against"
                for g in prep.children
                if g.dep_ == "pobj"
            ]
            prep = award.head
            if award.dep_ == "pobj" and prep.lower_ == "with":
                struck = prep.head
                if struck.lemma_.lower() in counting.struck_verbs:
                    candidates += [c for c in struck.children if c.dep_ in _SUBJECT_DEPS]
        if verb is not None:  # "Apple was awarded $1 billion": a passive's subject is paid
            candidates += [c for c in verb.children if c.dep_ == "nsubj"]
            if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in counting.order_verbs:
                candidates += [c for c in verb.head.children if c.dep_ == "dobj"]
        return next((c for c in candidates if self._mention_in(c) is not None), None)

    def _other_party(self, payer: Token) -> str | None:
        """The one organisation of the payer's clause that is neither the payer nor joined to
        it ("Apple, Microsoft and RIM paid $4.5 billion for Nortel's patents": Nortel), not one
        of a clause above ("Microsoft claimed Samsung owed $6.9 million": nobody named)."""
        clause = payer.head
        paying = {self._mention_in(payer)}
        paying |= {self._mention_in(c) for c in payer.conjuncts}
        left, right = clause.left_edge.i, clause.right_edge.i
        others = {
            self.resolve(m)
            for m in self.mentions_in(sentence_of(payer))
            if left <= m.start and m.end - 1 <= right
        }
        others -= paying | {None}
        return others.pop() if len(others) == 1 else None

    def _office_subject(self, token: Token) -> str | None:
        """A patent office that is the grammatical subject of the figure's verb when that verb
        is what an office does with its totals ("the USPTO issued 224,505 utility patents"),
        though bodies are otherwise no subject."""
        offices = self.rules.geo.counting_offices
        if token.lemma_.lower() not in self.rules.geo.office_verbs or any(
            self.rules.org_kind(mention.kb_id_) != "body"
            for c in token.children
            if c.dep_ in {"dative", "dobj"}
            for word in c.subtree
            if (mention := self._by_token.get(word.i)) is not None
        ):  # "the USPTO granted Ford 1,500 patents": Ford's
            return None
        for child in token.children:
            if child.dep_ not in _SUBJECT_DEPS:
                continue
            for word in (child, *(c for c in child.children if c.dep_ in {"compound", "poss"})):
                mention = self._by_token.get(word.i)
                if mention is not None and mention.kb_id_ in offices:
                    return str(mention.kb_id_)
        return None

    def _country_subject(self, token: Token) -> str | None:
        """A country that is the grammatical subject of the figure's own verb, or the place of
        that subject ("applicants from China"), when no organisation is named before the figure
        ("Germany accounted for 9,800 filings")."""
        for child in token.children:
            if child.dep_ not in _SUBJECT_DEPS:
                continue
            if child.ent_type_ == "GPE":
                return normalise.place_name(entity_of(child).text, self.rules)
            for prep in (c for c in child.children if c.lower_ in {"from", "in"}):
                # "Applicants from China increased 18.7 per cent to 25,539"
                place = next((g for g in prep.children if g.ent_type_ == "GPE"), None)
                if place is not None:
                    return normalise.place_name(entity_of(place).text, self.rules)
            group = self._group_place(child)
            if group is not None:
                return group
        return None

    def _group_place(self, noun: Token) -> str | None:
        """The country of a group of its organisations ("Chinese companies", "US-based firms",
        "Japanese companies' patents")."""
        geo = self.rules.geo
        for group in (noun, *(c for c in noun.children if c.dep_ == "poss")):
            if group.lemma_.lower() not in geo.group_nouns:
                continue
            for modifier in group.children:
                if modifier.dep_ not in {"amod", "compound", "nmod"}:
                    continue
                words = [modifier.lower_]
                if modifier.lower_ == "based":  # "US-based": the place before the hyphen
                    words = [c.lower_ for c in modifier.children if c.dep_ == "npadvmod"]
                place = next((geo.demonyms[w] for w in words if w in geo.demonyms), None)
                if place is not None:
                    return place
        return None

    def _subject_of(self, token: Token) -> str | None:
        for child in token.children:
            if child.dep_ in _SUBJECT_DEPS:
                found = self._mention_in(child)
                if found is not None:
                    return found
        return None

    def _mention_in(self, subject: Token) -> str | None:
        """An organisation among the subject phrase's head, compounds and possessors."""
        candidates = [
            subject,
            *(c for c in subject.children if c.dep_ in {"poss", "compound", "conj", "appos"}),
        ]
        for candidate in candidates:
            found = self._mention_at(candidate)
            if found is not None:
                return found
        return None

    def name_at(self, token: Token) -> str | None:
        """The organisation a token is part of the mention of, resolved."""
        return self._mention_at(token)

    def _mention_at(self, token: Token) -> str | None:
        mention = self._by_token.get(token.i)
        return self.resolve(mention) if mention is not None else None

    def _is_counterparty(self, mention: Span) -> bool:
        """True for "with Ericsson", "against Sisvel": the other party, not the subject."""
        head = mention.root.head
        if is_addressee(mention.root, self.rules.events.statement_verbs):
            return True  # "Nokia confirmed to Tech Daily that it ...": "it" is Nokia
        return head.dep_ == "prep" and head.lower_ in self.rules.events.counterparty_preps
