"""Events: dated IP events (litigation, settlement, ruling, licence, ...) with their parties.

A spaCy component tags trigger words (`doc.spans["ipclaims_event_triggers"]`, label = type);
`build_events` turns each triggering sentence into an Event: parties are the organisations of
the sentence (the subject first), the date is the nearest date phrase. Follow-ups ("BlueSpike
withdrew it", "the two companies settled") take their parties from the last earlier event.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import cast

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from models import Event
from models.ids import event_id
from models.vocab import EventType
from pipeline.extraction.dates import SPANS_KEY as DATES_KEY
from pipeline.extraction.dates import PartialDate
from pipeline.extraction.event_mentions import merge_mentions, stated_roles, with_roles
from pipeline.extraction.orgs import PRONOUN
from pipeline.extraction.subjects import SubjectResolver
from pipeline.extraction.syntax import (
    clause_tokens,
    clause_verb,
    is_addressee,
    is_purpose,
    own_words,
    purpose_parties,
    understood_subject,
)
from pipeline.nlp.sentences import content_end, sentence_of, sentences, spans_in
from pipeline.rules.loading import Rules, load_rules
from pipeline.rules.tables import EventsTable

SPANS_KEY = "ipclaims_event_triggers"
ALLEGED_KEY = "ipclaims_alleged_triggers"  # doc.user_data: starts of allegation triggers
RETOLD_KEY = "ipclaims_retold_triggers"  # doc.user_data: starts of triggers that retell
FOLLOW_UPS = {"settlement", "withdrawal", "ruling"}


def offset_pattern(table: EventsTable) -> re.Pattern[str]:
    """ "five months after July 2014": a count of months or years after a date."""
    words = "|".join(re.escape(w) for w in table.offset_numbers)
    return re.compile(
        rf"\b(\d+|{words})\s+(months?|years?)\s+(?:after|later than)\b", re.IGNORECASE
    )


def trigger_words(table: EventsTable) -> dict[str, list[str]]:
    """One-word triggers by type, matched by lemma ("sued" -> sue)."""
    return {
        event_type.value: [p for p in phrases if " " not in p and "-" not in p]
        for event_type, phrases in table.triggers.items()
    }


def trigger_phrases(table: EventsTable) -> dict[str, list[str]]:
    """Multi-word triggers by type, with plural forms ("court decisions", "cross-licences")."""
    phrases: dict[str, list[str]] = {}
    for event_type, entries in table.triggers.items():
        multi = [p for p in entries if " " in p or "-" in p]
        phrases[event_type.value] = [form for p in multi for form in (p, p + "s", p + "es")]
    return phrases


class EventTagger:
    """Tag event trigger words; skip generic lists ("strategies including acquisition, licensing")."""

    def __init__(self, nlp: Language, name: str, rules: Rules) -> None:
        self.name = name
        self.table = rules.events
        self.currencies = frozenset([*rules.numbers.currencies, "$"])
        self.ip_words = frozenset(self.table.ip_words)
        self.damage_words = frozenset(self.table.damage_words)
        self.request_words = frozenset(self.table.request_words)
        self.court_words = frozenset(self.table.court_words)
        # by lemma and by written form: the lemmatizer misreads some ("fined" -> "fin")
        passive = self.table.passive_rulings
        forms = [f for v in passive for f in self.table.irregular_forms.get(v, [])]
        self.passive_rulings = frozenset([*passive, *forms])
        # Trigger words by lemma and phrases by lower case: two PhraseMatchers, native hash
        # look-ups (a Matcher with lemma sets evaluates every set in Python for every token).
        self.lemmas = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for event_type, words in trigger_words(self.table).items():
            forms = [*words, *(w.capitalize() for w in words)]
            self.lemmas.add(event_type, [Doc(nlp.vocab, words=[w], lemmas=[w]) for w in forms])
        # "the jury found ...", "the court granted ...": a ruling when a court is the subject.
        verbs = self.table.court_verbs
        self.lemmas.add("court_ruling", [Doc(nlp.vocab, words=[w], lemmas=[w]) for w in verbs])
        # "the ITC made a decision", "the court's final determination": a ruling, when a court
        # makes or owns the noun
        nouns = self.table.court_nouns
        self.lemmas.add("court_noun", [Doc(nlp.vocab, words=[w], lemmas=[w]) for w in nouns])
        # "a deal to use the patents", "the right to use its patents": a licence
        uses = self.table.licensed_uses
        self.lemmas.add("licensed_use", [Doc(nlp.vocab, words=[w], lemmas=[w]) for w in uses])
        # "Nokia alleged that Apple infringed two patents": a lawsuit, when what is alleged is
        # infringement
        claims = self.table.allegation_verbs
        self.lemmas.add("allegation", [Doc(nlp.vocab, words=[w], lemmas=[w]) for w in claims])
        self.infringing = frozenset(self.table.infringing_verbs)
        self.uses = frozenset(self.table.licensed_uses)
        labels = [
            *trigger_words(self.table), "court_ruling", "court_noun", "licensed_use", "allegation",
            "agreement_reached", "patent_agreement",
        ]  # fmt: skip
        self.order = {nlp.vocab.strings.add(label): i for i, label in enumerate(labels)}
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        tokenizer = cast(Tokenizer, nlp.tokenizer)
        for event_type, forms in trigger_phrases(self.table).items():
            self.phrases.add(event_type, list(tokenizer.pipe(forms)))
        # "the companies reached an agreement": a settlement when the sentence tells a dispute
        self.phrases.add("agreement_reached", list(tokenizer.pipe(self.table.agreement_phrases)))
        # "secured patent agreements with Acer and Onkyo": licences, when nothing else happens
        agreements = [f for p in self.table.patent_agreements for f in (p, p + "s")]
        self.phrases.add("patent_agreement", list(tokenizer.pipe(agreements)))
        # court verbs by their written forms too: the lemmatizer misreads some ("fined" -> "fin")
        written = [f for v in verbs for f in self.table.irregular_forms.get(v, [])]
        self.phrases.add("court_ruling", list(tokenizer.pipe(written)))

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        retold: list[int] = []  # starts of triggers that retell the event told before
        alleged: list[int] = []  # starts of "alleged that ... infringed" triggers
        agreements: list[Span] = []  # "patent agreement": a licence if nothing else happens
        words = sorted(self.lemmas(doc), key=lambda m: (m[1], m[2], self.order[m[0]]))
        for match_id, start, end in [*words, *self.phrases(doc)]:
            label = doc.vocab.strings[match_id]
            if label == "court_ruling":
                verb = doc[start]
                if (
                    verb.pos_ != "VERB"
                    or not (self.court_is_subject(verb) or self.ruled_against(verb))
                    or any(
                        c.dep_ in {"aux", "auxpass"} and c.lower_ in self.table.future_marks
                        for c in verb.children
                    )  # "will be determined by the court": not yet a ruling
                ):
                    continue
                label = "ruling"
            elif label == "court_noun":
                if doc[start].pos_ != "NOUN" or not self.court_owns(doc[start]):
                    continue
                label = "ruling"
            elif label == "licensed_use":
                if not self.use_is_granted(doc[start]):
                    continue
                label = "license"
            elif label == "allegation":
                if not self.alleges_infringement(doc[start]):
                    continue
                label = "litigation"
                alleged.append(start)
            elif label == "agreement_reached":
                sentence = sentence_of(doc[start])
                if not any(t.lower_ in self.table.dispute_words for t in sentence):
                    continue
                label = "settlement"
            elif label == "litigation":
                label = self.litigation_outcome(doc[start:end])
            if label == "ruling" and self.requested(doc[start:end].root):
                label = "litigation"  # "added requests for permanent injunctions"
            span = Span(doc, start, end, label="license" if label == "patent_agreement" else label)
            kept = agreements if label == "patent_agreement" else spans
            if label == "acquisition" and not self.about_ip(span):
                continue
            if self.lacks_object(span) or self.in_generic_list(span):
                continue
            if span.root.ent_type_ == "ORG" or self.in_a_name(span):
                continue
            if self.retells(span):
                if kept is spans:
                    retold.append(start)
                    spans.append(span)
            elif not self.is_background(span):
                kept.append(span)
        told = {sentence_of(s.root).start for s in spans}
        spans += [a for a in agreements if sentence_of(a.root).start not in told]
        doc.spans[SPANS_KEY] = filter_spans(spans)
        doc.user_data[RETOLD_KEY] = retold
        doc.user_data[ALLEGED_KEY] = alleged
        return doc

    @staticmethod
    def in_a_name(span: Span) -> bool:
        """A trigger word capitalised inside a sentence that is not a headline is part of a
        name ("Industry and Academic Cooperation at Yonsei University"), not an event."""
        sentence = sentence_of(span.root)
        words = [t for t in sentence if t.is_alpha]
        titled = sum(t.is_title for t in words)
        return (
            span[0].is_title
            and span.start > sentence.start
            and titled * 2 < len(words)  # a headline capitalises most of its words
        )

    def requested(self, root: Token) -> bool:
        """A ruling word that a party seeks or asks for: "the suit seeks an injunction",
        "requests for permanent injunctions", "asked the court for an injunction"."""
        head = root.head
        if root.dep_ == "pobj" and head.lower_ == "for":
            head = head.head
        elif root.dep_ != "dobj":
            return False
        return head.lemma_.lower() in self.request_words

    def retells(self, span: Span) -> bool:
        """A definite trigger noun that is the subject and names no one ("The cross-licensing
        agreement covers ...", "the settlement removes ..."): the event told before, again."""
        root = span.root
        if root.dep_ in {"compound", "amod"} and (
            root.head.lemma_.lower() in self.table.agreement_heads
        ):
            root = root.head  # "the cross-license agreement"
        return (
            root.pos_ == "NOUN"
            and root.dep_ in {"nsubj", "nsubjpass"}
            and any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in root.children)
            and not any(t.ent_type_ == "ORG" for t in root.subtree)
        )

    def about_ip(self, span: Span) -> bool:
        """Whether the trigger's sentence speaks of patents, IP assets or a stake."""
        words = self.ip_words
        return any(t.lemma_.lower() in words or t.lower_ in words for t in sentence_of(span.root))

    def court_is_subject(self, verb: Token) -> bool:
        """True when the verb's subject is a court, jury, judge or commission, or its agent
        ("Intel was told to pay $2.18 billion by a federal jury")."""
        words = self.court_words
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        nearby = [
            *verb.children,
            *(g for c in verb.children if c.dep_ == "xcomp" for g in c.children),
        ]
        actors = [
            c for c in nearby
            if c.dep_ in {"nsubj", "agent"} or (passive and c.lower_ == "by" and c.dep_ == "prep")
        ]  # fmt: skip
        return any(t.lower_ in words for actor in actors for t in actor.subtree)

    def ruled_against(self, verb: Token) -> bool:
        """ "In 2022, Oppo was fined for violating Nokia's intellectual property": a company
        fined, ordered or enjoined, with no one named who did it, in a sentence about IP or
        damages."""
        children = list(verb.children)
        return (
            (verb.lemma_.lower() in self.passive_rulings or verb.lower_ in self.passive_rulings)
            and any(c.dep_ == "auxpass" for c in children)
            and not any(c.dep_ == "agent" for c in children)
            and any(c.dep_ == "nsubjpass" and c.ent_type_ == "ORG" for c in children)
            and (
                self.about_ip(verb.doc[verb.i : verb.i + 1])
                or any(t.lower_ in self.damage_words for t in sentence_of(verb))
            )
        )

    def court_owns(self, noun: Token) -> bool:
        """ "The ITC's final determination found ...", "the ITC made a decision": the noun is
        a court's (its owner, when the noun is a subject, or the subject of the verb that takes
        it)."""
        words = self.court_words
        if noun.dep_ in {"nsubj", "nsubjpass", "ROOT"} and any(
            c.dep_ in {"poss", "compound"} and any(t.lower_ in words for t in c.subtree)
            for c in noun.children
        ):
            return True  # not "Apple appealed the ITC decision": a ruling told before
        verb = noun.head
        return (
            noun.dep_ in {"dobj", "nsubjpass"}
            and verb.pos_ == "VERB"
            and self.court_is_subject(verb)
        )

    def use_is_granted(self, verb: Token) -> bool:
        """ "a deal to legally use the patents", "the right to use Nokia's patents": the use of
        IP that a deal or a right grants (not "Apple uses Qualcomm chips")."""
        grant = verb.head
        return (
            verb.pos_ == "VERB"
            and verb.dep_ in {"acl", "xcomp", "relcl"}
            and grant.lemma_.lower() in self.table.use_grants
            and any(c.dep_ == "dobj" and c.lemma_.lower() in self.ip_words for c in verb.children)
        )

    def alleges_infringement(self, verb: Token) -> bool:
        """ "VLSI alleged that Intel used inventions claimed in two patents": what an organisation
        alleges is that another infringed, copied or used IP."""
        if verb.pos_ != "VERB" or not any(
            c.dep_ == "nsubj" and c.ent_type_ == "ORG" for c in verb.children
        ):
            return False
        for clause in verb.children:
            if clause.dep_ != "ccomp" or clause.pos_ != "VERB":
                continue
            lemma = clause.lemma_.lower()
            subject = any(c.dep_ == "nsubj" and c.ent_type_ == "ORG" for c in clause.children)
            ip_object = any(
                c.dep_ == "dobj"
                and (c.lemma_.lower() in self.ip_words or c.lower_ in self.ip_words)
                for c in clause.children
            )
            if subject and (lemma in self.infringing or (lemma in self.uses and ip_object)):
                return True
        return False

    def litigation_outcome(self, trigger: Span) -> str:
        """A dispute word that a verb ends ("resolved a prolonged legal dispute with Huawei")
        is a settlement; one a court issues ("the ITC issued a limited exclusion order") is a
        ruling; else litigation."""
        root = trigger.root
        if root.pos_ not in {"NOUN", "PROPN"} or root.dep_ not in {"dobj", "nsubjpass"}:
            return "litigation"
        verb = root.head
        lemma, owner = verb.lemma_.lower(), verb.head.lemma_.lower()
        done = verb.tag_ in {"VBD", "VBN", "VBP", "VBZ"} or verb.dep_ == "advcl"
        # "agreed to end all pending legal proceedings", "an agreement to dismiss all litigation"
        agreed = (verb.dep_ == "xcomp" and owner in self.table.agreeing_verbs) or (
            verb.dep_ == "acl" and owner in self.table.agreement_heads
        )
        if (lemma in self.table.ending_verbs and (done or agreed)) or (
            lemma in self.table.agreed_endings and agreed
        ):
            # "resolved a legal dispute", "signed an agreement, resolving all litigation"; not
            # "said that resolving the remaining disputes is a priority" (a plan)
            return "settlement"
        if verb.pos_ == "VERB" and self.court_is_subject(verb):
            return "ruling"
        return "litigation"

    def is_background(self, span: Span) -> bool:
        """ "after the settlement", "licence negotiations": a mention, not a new event."""
        root = span.root
        indefinite = any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in root.children)
        if root.dep_ == "pobj" and root.head.lower_ == "under" and indefinite:
            return False  # "began paying royalties under a licensing agreement": a new one
        if root.dep_ == "pobj" and root.head.lower_ in self.table.background_preps:
            return True
        noun = root.head if root.dep_ == "compound" else root  # "after the purchase agreement"
        if noun.dep_ == "pobj" and noun.head.lower_ in self.table.background_preps:
            return True
        names_parties = any(t.ent_type_ == "ORG" for t in root.subtree)
        owner = root.head.head if root.dep_ == "pobj" else None  # "the period of dispute"
        if (
            owner is not None
            and owner.lemma_.lower() in self.table.background_owners
            and not names_parties
        ):
            return True  # "covering the period of dispute", "the threat of litigation"
        return root.dep_ in {"compound", "amod", "nmod"} and (
            root.head.lemma_.lower() not in self.table.agreement_heads
        )

    def lacks_object(self, span: Span) -> bool:
        """ "vivo sells its phones": a verb that is an IP event only with an asset as object."""
        assets = self.table.needs_object.get(span.root.lemma_.lower())
        if assets is None or span.root.pos_ != "VERB":
            return False  # "the arbitration award", "the sale" need no object
        objects = [c for c in span.root.children if c.dep_ in {"dobj", "nsubjpass"}]
        objects += [  # "awarded Apple about USD 539 million", "about" parsed as a preposition
            g
            for c in span.root.children
            if c.dep_ == "prep" and c.lower_ not in self.table.background_preps
            for g in c.children
            if g.dep_ == "pobj"
        ]
        money = self.currencies  # an amount is an asset
        return not any(
            o.lemma_.lower() in assets
            or any(t.lower_ in money for t in o.subtree)
            or any(  # "assigned hundreds of US patent assets": the counted noun is the asset
                t.lemma_.lower() in assets for t in o.subtree if t.head.dep_ == "prep"
            )
            for o in objects
        )

    def in_generic_list(self, span: Span) -> bool:
        """ "through strategies, including acquisition and cross-licensing": not an event."""
        window = span.doc[max(sentence_of(span).start, span.start - 8) : span.start].text.lower()
        # "including a 2015 jury verdict that ...": one event, not a kind of them
        one = any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in span.root.children)
        return (
            any(f"{prep} " in window + " " for prep in self.table.generic_list_preps)
            and span.root.pos_ == "NOUN"
            and not one
        )


@Language.factory("ipclaims_events", assigns=["doc.spans"], default_config={})
def make_event_tagger(nlp: Language, name: str) -> EventTagger:
    """Factory: triggers come from patterns/events.json."""
    return EventTagger(nlp, name, load_rules())


@dataclass
class EventBuilder:
    """Assembles Events sentence by sentence for one document."""

    rules: Rules
    table: EventsTable

    @classmethod
    def from_rules(cls, rules: Rules) -> EventBuilder:
        return cls(rules, rules.events)

    @cached_property
    def priority(self) -> dict[str, int]:
        """Event type -> rank: of several triggers in one clause, the first type wins."""
        return {event_type.value: i for i, event_type in enumerate(self.table.priority)}

    @cached_property
    def verbs(self) -> dict[str, frozenset[str]]:
        """Event type -> its one-word triggers ("sue", "license")."""
        return {t: frozenset(words) for t, words in trigger_words(self.table).items()}

    @cached_property
    def offset(self) -> re.Pattern[str]:
        return offset_pattern(self.table)

    def build(
        self, doc: Doc, doc_id: str, text: str, subjects: SubjectResolver, title_end: int = 0
    ) -> list[Event]:
        """Events of a document; `title_end` ends its headline (headline mentions merge into
        the body's account of the same event)."""
        triggers = list(doc.spans.get(SPANS_KEY, []))
        by_sentence: dict[int, list[Span]] = {}
        for trigger in triggers:
            by_sentence.setdefault(sentence_of(trigger).start, []).append(trigger)
        events: list[Event] = []
        last: Event | None = None
        subjects.reset()
        last_date: PartialDate | None = None
        for sentence in sentences(doc):
            found = by_sentence.get(sentence.start, [])
            subjects.catch_up(sentence)
            subjects.observe(sentence)
            clauses: dict[int, list[Span]] = {}
            for trigger in found:
                clauses.setdefault(clause_verb(trigger.root, skip_modifiers=True).i, []).append(
                    trigger
                )
            event_verbs = set(clauses)
            for clause_triggers in clauses.values():
                event_type = min((t.label_ for t in clause_triggers), key=self.priority.__getitem__)
                trigger = next(t for t in clause_triggers if t.label_ == event_type)
                event = self.event(
                    sentence, trigger, doc_id, text, subjects, last, last_date, event_verbs
                )
                if event is not None:
                    events.extend(self.per_counterparty(event, sentence, trigger, subjects))
                    last = event
            dated = [d._.ipclaims_date.start for d in spans_in(sentence, DATES_KEY)]
            last_date = next((d for d in reversed(dated) if d is not None), last_date)
        return merge_mentions(events, title_end)

    def event(
        self,
        sentence: Span,
        trigger: Span,
        doc_id: str,
        text: str,
        subjects: SubjectResolver,
        last: Event | None,
        last_date: PartialDate | None,
        event_verbs: set[int],
    ) -> Event | None:
        """One event for a trigger's clause, or None when it has fewer than two parties;
        `event_verbs` are the token indices of the sentence's verbs that tell an event."""
        event_type = trigger.label_
        retelling = trigger.start in sentence.doc.user_data.get(RETOLD_KEY, ())
        if retelling and (last is None or last.type != event_type):
            return None  # "the settlement removes ..." after another kind of event: background
        head = clause_verb(trigger.root, skip_modifiers=True)
        if any(
            c.dep_ == "mark" and c.lower_ in self.table.hypothetical_marks for c in head.children
        ):
            return None  # "unless it is reversed", "if Apple sues": a condition, not an event
        if trigger.root.i in {head.i, *(c.i for c in head.children)} and any(
            c.dep_ == "neg" for c in head.children
        ):
            # "Apple had never signed a licence with Qualcomm"; but "did not disclose the terms
            # of their licensing agreement" tells of one
            return None
        owner_clause: set[int] = set()
        if head.dep_ == "relcl" and not any(c.lower_ == "when" for c in head.children):
            # "a fight that had produced an injunction": background of a noun (but "began on
            # October 31, 2023, when Nokia filed suits" tells when it happened)
            owner = head.head
            # "sold patents to HTC, which later sued Apple": HTC's own event (but "OPPO, which
            # also has a dispute with Nokia" is background)
            own_event = owner.ent_type_ == "ORG" and trigger.root.pos_ == "VERB"
            if not own_event:
                if not any(
                    t.root.i == owner.i and t.label_ != event_type
                    for t in spans_in(sentence, SPANS_KEY)
                ):
                    return None
                # "a settlement under which Xiaomi licenses Nokia's patents", "a partial
                # settlement, wherein patents were licensed": a second event, between the
                # settlement's parties
                owner_clause = clause_tokens(clause_verb(owner, skip_modifiers=True))
        terms = any(c.lower_ in self.table.terms_adverbs for c in head.children)
        if (
            head.dep_ in {"ccomp", "advcl"}
            and head.head.lemma_.lower() in self.table.reporting_verbs
            and not terms
        ):
            return None  # "..., finding that a licence should cost ...": content, not an event
        if (
            head.dep_ == "advcl"
            and head.head.i in event_verbs
            and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in head.children)
        ):
            return None  # "sued Samsung, accusing it of infringing ...": the same event, told on
        clause = clause_tokens(head) - told_of_names(head, event_verbs)
        relative = relative_clause(head) if trigger.root.pos_ == "VERB" else None
        if relative is None:
            parties = self.parties(sentence, subjects, clause, bodies=event_type == "ruling")
        else:  # "HTC, which used those patents to sue Apple": HTC sued; "its" in the relative
            # clause is HTC's too
            named = self.parties(sentence, subjects, clause, event_type == "ruling", pronouns=False)
            own = self.parties(sentence, subjects, {relative.head.i}, bodies=False)
            parties = list(dict.fromkeys([*own, *named]))
        if len(parties) < 2 and owner_clause:
            found = self.parties(sentence, subjects, owner_clause, bodies=False)
            parties = list(dict.fromkeys([*found, *parties]))
        if len(parties) < 2 and self.they_of_outer_clause(head):
            # "Apple and Samsung told the court that they had settled": "they" are the
            # subject of the clause above.
            outer = {
                t.i
                for subject in head.head.lefts
                if subject.dep_ in {"nsubj", "nsubjpass"}
                for t in subject.subtree
            }
            found = self.parties(sentence, subjects, outer, bodies=event_type == "ruling")
            parties = list(dict.fromkeys([*parties, *found]))
        own_subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        governing = (
            understood_subject(head)
            if not own_subjects and head.head.i not in event_verbs
            else None
        )  # ("..., accusing it of infringing" after "sued Samsung" is that suit, told on)
        if len(parties) < 2 and governing is not None:
            # "After losing a patent case to Nokia, Oppo halted sales": the one who lost is
            # the subject of the clause the gerund hangs on
            found = self.parties(sentence, subjects, governing, bodies=False)
            parties = list(dict.fromkeys([*found, *parties]))
        if (
            len(parties) < 2
            and not own_subjects
            and is_purpose(head)
            and not any(  # "how much Samsung would pay Ericsson to license its patents"
                c.dep_ == "aux" and c.lower_ in self.table.hypothetical_modals
                for c in head.head.children
            )
        ):
            # "Merck agreed to pay BMS and Ono $625 million to settle a patent battle": the
            # settlement is between the payer and the payees
            found = self.parties(sentence, subjects, purpose_parties(head), bodies=False)
            parties = list(dict.fromkeys([*found, *parties]))
        if (
            len(parties) < 2
            and head.head.i in event_verbs
            and (
                (head.dep_ == "conj" and not own_subjects)
                or (head.dep_ == "advcl" and own_subjects and not parties)
                or (terms and not parties)  # "..., wherein patents were licensed"
            )
        ):
            # "Qualcomm resolved a dispute with Huawei and signed a licence": a second verb
            # without a subject of its own shares the parties of the first, when that one
            # tells an event too; so does a clause about their assets ("announced a
            # settlement, wherein patents were licensed")
            first = clause_tokens(head.head)
            found = self.parties(sentence, subjects, first, bodies=event_type == "ruling")
            parties = list(dict.fromkeys([*found, *parties]))
        if (
            len(parties) < 2
            and event_type == "ruling"
            and head.dep_ == "conj"
            and head.lemma_.lower() in self.table.court_verbs
        ):
            # "Intel infringed two patents owned by VLSI, the jury found": what a court found,
            # parsed as the clause before its verb, names the parties
            first = clause_tokens(head.head)
            found = self.parties(sentence, subjects, first, bodies=True)
            parties = list(dict.fromkeys([*found, *parties]))
        lowered = sentence.text.lower()
        clause_text = " ".join(sentence.doc[i].lower_ for i in sorted(clause))
        group_reference = any(ref in clause_text for ref in self.table.group_references)
        lemma = trigger.lemma_.lower()
        follow_up = (
            event_type in FOLLOW_UPS
            or lemma.startswith("countersu")
            or (lemma == "appeal" and trigger.root.tag_ in {"VBD", "VBN"})
        )  # "Apple appealed the ITC decision": the parties of the dispute told before (not
        # "it would seek permission to appeal")
        last_parties = list(last.parties) if last is not None else []
        continues = (  # "Huawei sued Samsung ... Huawei filed the lawsuits in May 2016"
            last is not None
            and last.type == event_type
            and len(parties) == 1
            and parties[0] in last_parties
        )
        # "Huawei filed the lawsuits in May 2016", "The cross-licensing agreement covers ...":
        # the event told before, when the sentence tells no other and the noun is no plan's
        # object ("resolving the remaining disputes is a priority")
        definite = (
            trigger.root.pos_ == "NOUN"
            and len(event_verbs) == 1
            and trigger.root.head.tag_ not in {"VB", "VBG"}
            and any(
                c.dep_ == "det" and c.lower_ in self.table.definite_determiners
                for c in trigger.root.children
            )
        )
        reached = trigger.text.lower() in self.table.agreement_phrases
        if len(parties) < 2 and group_reference and reached:
            # "Ericsson was embroiled in a battle with Apple ... before the companies reached an
            # agreement": the companies are the sentence's
            whole = set(range(sentence.start, sentence.end))
            found = self.parties(sentence, subjects, whole, bodies=False)
            parties = list(dict.fromkeys([*parties, *found]))
        if (
            len(parties) < 2
            and last_parties
            and (group_reference or follow_up or continues or definite)
        ):
            parties = list(dict.fromkeys([*parties, *last_parties]))
        if retelling and last is not None:
            parties = list(last.parties)  # the event told before, whoever else the clause names
        if len(parties) < 2:
            return None
        start = sentence.start_char + (len(sentence.text) - len(sentence.text.lstrip()))
        evidence = text[start : content_end(sentence)].rstrip()
        # a retelling takes its event's date, not its sentence's ("In January 2024, ... while
        # the appeal was pending")
        # what is alleged ("infringed its technology after a 2015 agreement expired") is not
        # when the lawsuit was: the allegation joins the dated account of its lawsuit
        alleged = trigger.start in sentence.doc.user_data.get(ALLEGED_KEY, ())
        date = None if retelling or alleged else self.date(sentence, trigger, clause)
        if (
            date is None
            and last_date is not None
            and any(r in lowered for r in self.table.earlier_date_refs)
        ):
            date = str(PartialDate(last_date.year, last_date.month))  # "Earlier that month, ..."
        event = Event(
            event_id=event_id(doc_id, start, start + len(evidence), event_type),
            doc_id=doc_id,
            type=EventType(event_type),
            parties=self.order(parties, subjects.main),
            date=date,
            text=evidence,
            start=start,
            end=start + len(evidence),
        )
        words = [head] if head.i == trigger.root.i else [head, trigger.root]
        roles = stated_roles(words, event.type, self.table, subjects.name_at)
        return with_roles(event, roles)

    def per_counterparty(
        self, event: Event, sentence: Span, trigger: Span, subjects: SubjectResolver
    ) -> list[Event]:
        """ "Nokia sued BlackBerry, HTC and ViewSonic", "licence deals with Xiaomi, OPPO and
        vivo": one party, the clause's subject, acting on several others is one event per
        counterparty (the same evidence, one id each); a pool or a consortium is one event."""
        if event.type not in self.table.one_per_counterparty or len(event.parties) < 3:
            return [event]
        noun = trigger.root.head if trigger.root.dep_ == "compound" else trigger.root
        head = clause_verb(trigger.root, skip_modifiers=True)
        if noun.tag_ == "NN":
            # "in its lawsuit, Amgen sought to stop Sanofi and Regeneron": one; but "litigation
            # in which Google is sued by Apple, Nokia and Oracle" tells them in its own clause
            told = next((c for c in noun.children if c.dep_ == "relcl"), None)
            if told is None or told.lemma_.lower() not in self.verbs[event.type.value]:
                return [event]  # "The lawsuit, which Nokia filed against A, B and C": one
            head = told
        clause = clause_tokens(head)
        doc = sentence.doc
        if any(doc[i].lower_ in self.table.joint_words for i in clause):
            return [event]
        if any(self.own_affiliate(doc[i]) for i in clause):
            return [event]  # "lawsuits against Lenovo and its subsidiary Motorola": one dispute
        # the subject's own words, not a name inside it ("filings in lawsuits between X and Y
        # revealed ...": X is no actor)
        subject = {
            i for c in head.children if c.dep_ in {"nsubj", "nsubjpass"} for i in own_words(c)
        }
        actors = self.parties(sentence, subjects, subject, bodies=False)
        if len(actors) != 1 or actors[0] not in event.parties:
            return [event]
        (actor,) = actors
        others = [p for p in event.parties if p != actor]
        if not self.coordinated(others, sentence, clause, subjects):
            # "sued A, B and C, accusing them of infringing patents X acquired from Y": the
            # listed counterparties are those the verb gives a role; the rest is background
            with_role = {r.party for r in event.roles}
            others = [p for p in others if p in with_role]
            if len(others) < 2 or not self.coordinated(others, sentence, clause, subjects):
                return [event]  # "rivals BMW (Avanci) and Mercedes-Benz (Nokia)", products
        split = []
        for other in others:
            pair = [p for p in event.parties if p in {actor, other}]
            roles = [r for r in event.roles if r.party in pair]
            split.append(
                event.model_copy(
                    update={
                        "event_id": event_id(
                            event.doc_id, event.start, event.end, f"{event.type}:{other}"
                        ),
                        "parties": pair,
                        "roles": roles,
                        "mentions": [
                            m.model_copy(update={"parties": pair}) for m in event.mentions
                        ],
                    }
                )
            )
        return split

    def own_affiliate(self, word: Token) -> bool:
        """Whether a word names a company's own affiliate ("its subsidiary Motorola", "their
        parent"): the possessive sits on the word or on the name it modifies."""
        return word.lower_ in self.table.affiliate_words and any(
            c.dep_ == "poss" and c.lower_ in {"its", "their"}
            for holder in (word, word.head)
            for c in holder.children
        )

    @staticmethod
    def coordinated(
        names: list[str], sentence: Span, clause: set[int], subjects: SubjectResolver
    ) -> bool:
        """Whether the named parties form one list ("BlackBerry, HTC and ViewSonic"): their
        mentions in the clause are conjuncts of the same first item."""
        firsts: set[int] = set()
        found: set[str] = set()
        for mention, name in clause_mentions(sentence, subjects, clause):
            if name not in names or mention.root.pos_ == "PRON":
                continue  # "... against BlackBerry, HTC and ViewSonic for infringing its patents"
            token = mention.root
            while token.dep_ in {"conj", "appos", "compound"} and token.head.i != token.i:
                # "BlackBerry, HTC, and ViewSonic" (HTC parsed as appos); "ZTE and Huizhou TCL
                # Mobile Communications" (the known name TCL inside a longer one)
                token = token.head
            firsts.add(token.i)
            found.add(name)
        return len(firsts) == 1 and found == set(names)

    @staticmethod
    def they_of_outer_clause(head: Token) -> bool:
        """The clause is embedded ("told the court that ...") and its subject is "they"."""
        actor = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        return (
            head.dep_ in {"ccomp", "advcl", "xcomp"}
            and actor is not None
            and actor.lower_ == "they"
        )

    def parties(
        self,
        sentence: Span,
        subjects: SubjectResolver,
        clause: set[int],
        bodies: bool,
        pronouns: bool = True,
    ) -> list[str]:
        """Organisations of the trigger's clause; regulators count only for rulings."""
        mentions = [
            (mention, name)
            for mention, name in clause_mentions(sentence, subjects, clause)
            if pronouns or mention.kb_id_ != PRONOUN
        ]
        named = {t.i for mention, _ in mentions for t in mention}
        names = [
            name
            for mention, name in mentions
            if (bodies or self.rules.org_kind(mention.kb_id_) != "body")
            # "Acacia's R2 Solutions LLC sued ...": the subsidiary named acts, not its parent
            and not (mention.root.dep_ == "poss" and mention.root.head.i in named)
            and not any(word in name.split() for word in self.table.not_parties)
            and not any(t.lower_ in self.table.attribution_words for t in mention.root.ancestors)
            and not is_addressee(mention.root, self.table.statement_verbs)
        ]
        return list(dict.fromkeys(names))

    @staticmethod
    def order(parties: list[str], main: str | None) -> list[str]:
        """The document's subject first when it is a party, then in order of mention."""
        return sorted(parties, key=lambda name: 0 if name == main else 1)

    def date(self, sentence: Span, trigger: Span, clause: set[int]) -> str | None:
        """The date of the trigger's clause (else the nearest); "five months after July 2014"
        -> 2014-12. A date inside a relative clause ("a licence that runs through 2029") is not
        the event's date."""
        dates = spans_in(sentence, DATES_KEY)
        if not dates:
            return None
        head = clause_verb(trigger.root, skip_modifiers=True)
        own = [
            d
            for d in dates
            if clause_verb(d.root, skip_modifiers=True) == head or d.start == sentence.start
        ]
        nearest = min(own or dates, key=lambda d: abs(d.start - trigger.start))
        value = nearest._.ipclaims_date.start
        if value is None:
            return None
        offset = self.offset.search(sentence.doc[sentence.start : nearest.start].text)
        if offset:
            amount = (
                int(offset.group(1))
                if offset.group(1).isdigit()
                else self.table.offset_numbers[offset.group(1).lower()]
            )
            value = shift(value, amount, offset.group(2).lower().rstrip("s"))
        return str(value)


def relative_clause(verb: Token) -> Token | None:
    """The relative clause of an organisation that a verb tells (through "to" clauses): "HTC,
    which later sued Apple", "HTC, which used those patents to sue Apple"."""
    node = verb
    while node.dep_ in {"xcomp", "advcl"} and node.head.i != node.i:
        node = node.head
    return node if node.dep_ == "relcl" and node.head.ent_type_ == "ORG" else None


def told_of_names(head: Token, event_verbs: set[int]) -> set[int]:
    """Tokens of the relative clauses in a clause that tell an event of the organisation they
    follow ("sold five patents to HTC, which later sued Apple"): that event's, not this one's."""
    doc = head.doc
    excluded: set[int] = set()
    for v in event_verbs:
        clause = relative_clause(doc[v]) if v != head.i else None
        if clause is not None and clause.i != head.i and head in clause.ancestors:
            excluded |= {t.i for t in clause.subtree}
    return excluded


def shift(date: PartialDate, amount: int, unit: str) -> PartialDate:
    """Move a partial date forward by months or years, keeping its precision."""
    if unit == "year" or date.month is None:
        return PartialDate(date.year + amount, date.month, date.day)
    months = date.year * 12 + (date.month - 1) + amount
    year, month = divmod(months, 12)
    day = min(date.day, calendar.monthrange(year, month + 1)[1]) if date.day else None
    return PartialDate(year, month + 1, day)


def clause_mentions(
    sentence: Span, subjects: SubjectResolver, clause: set[int]
) -> Iterator[tuple[Span, str]]:
    """The organisation mentions of a clause with the name each stands for ("it" and "the
    company" resolved); mentions that resolve to nobody are left out."""
    for mention in subjects.mentions_in(sentence):
        if mention.root.i not in clause:
            continue
        name = mention.kb_id_
        if name.startswith("@"):
            name = subjects.resolve(mention) or ""
        if name:
            yield mention, name
