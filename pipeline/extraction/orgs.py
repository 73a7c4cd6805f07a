"""Organisations: fix the small model's labels for this genre and name every organisation mention.

The small English model tags "Xiaomi" as PERSON and "IP" as ORG; a known-name ruler before `ner`
and this fixer after it correct that. Mentions land in `doc.spans["ipclaims_orgs"]` with
`span.kb_id_` set to the canonical name, or to a reference marker resolved later in context:
`@main` ("the Group", "the Company"), `@ref` ("the company", "the Korean firm"), `@pron` ("its").
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import DEP, LOWER, ORTH, POS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.grids.cells import YEAR
from pipeline.nlp.sentences import doc_text, matches_near
from pipeline.rules.loading import Rules

SPANS_KEY = "ipclaims_orgs"
GRID_NAMES = "ipclaims_grid_names"  # doc.user_data: {name as written in a table row: subject}
MAIN, REFERENCE, PRONOUN = "@main", "@ref", "@pron"
REFERENCE_LENGTH = 8  # "the world 's" + four modifiers + the head word
_RELABEL = {"PERSON", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "LOC", "FAC"}


def replace_entities(doc: Doc, found: list[Span]) -> None:
    """Make `found` the document's entities where they overlap the model's."""
    if found:
        covered = {t.i for span in found for t in span}
        doc.ents = [e for e in doc.ents if not any(t.i in covered for t in e)] + found


def quoted(token: Token) -> bool:
    """Whether a word stands inside a quotation of its sentence (an odd number of quotation
    marks before it)."""
    sentence = token.sent
    before = token.doc[sentence.start : token.i].text  # doc.text would rebuild the whole text
    return before.count('"') % 2 == 1 or before.count("\u201c") > before.count("\u201d")


FOOTNOTE_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰*†‡"  # "Ericsson¹" in a table row
_AMOUNT_WORD = re.compile(r"(?:^|\s)[\d.,]*\d[\d.,]*(?:\s|$)")  # a word of digits: "47.0", "2023"


def is_name_word(token: Token) -> bool:
    """A capitalised proper noun ("Kestrel", "IP") that can stand in a company's name."""
    return token.pos_ == "PROPN" and (token.is_title or token.is_upper)


def canonical_name(text: str, rules: Rules) -> str | None:
    """Canonical organisation for a surface name; strips possessives and legal suffixes."""
    name = text.strip().rstrip(FOOTNOTE_MARKS).removesuffix("'s").removesuffix("'").strip()
    if name.lower().startswith("the "):
        name = name[4:]
    for mark in ("'s ", "’s "):  # "Acacia's R2 Solutions LLC": the subsidiary named
        _, found, rest = name.rpartition(mark)
        if found and any(
            w not in rules.legal_suffixes and w not in rules.name_words for w in rest.split()
        ):
            name = rest
    name = without_document_words(name, rules)
    by_alias = alias_index(rules)
    if name in by_alias:
        return by_alias[name]
    legal = False  # a legal suffix (Inc, LLC, Ltd) was written: a company, digits or not
    changed = True
    while changed:
        changed = False
        for suffix in rules.legal_suffixes:
            if name.endswith(" " + suffix) or name.endswith("," + suffix):
                shorter = name[: -len(suffix)].rstrip(" ,")
                if shorter.endswith("&"):
                    continue  # "Merck & Co.": the form is part of the name
                if suffix in rules.name_words and shorter not in by_alias and " " in shorter:
                    # "Kestrel Display Technologies", "Massachusetts Institute of Technology"
                    # keep their word; a brand alone does not ("Arvion Technologies": Arvion)
                    continue
                name = shorter
                changed = True
                legal = legal or suffix not in rules.name_words
    if len(name) < 2 or name in rules.not_organisations or not name[0].isupper():
        return None  # "Q:" of a FAQ is not an organisation
    if (
        "\n" in name
        or name.lower() in rules.numbers.currencies
        or name in rules.name_words
        or name in rules.legal_suffixes
    ):
        return None  # "KRW" tagged ORG by the model; "Technologies Inc" or "LLC" names no one
    if any(ch.isdigit() for ch in name) and (not legal or _AMOUNT_WORD.search(name)):
        return None  # "SEK 47.0 billion", "Snapdragon X70"; but "R2 Solutions LLC" is a company
    return by_alias.get(name, name)


def without_document_words(name: str, rules: Rules) -> str:
    """A name without the document it was written in front of: "JPO Annual Report 2024" -> JPO
    (a year after the document's name goes with it)."""
    words = name.split()
    if len(words) > 2 and YEAR.match(words[-1]):
        words = words[:-1]
    text = " ".join(words)
    for document in rules.document_words:
        if text.endswith(" " + document) and len(text) > len(document) + 1:
            return text[: -len(document) - 1].rstrip(" ,:-")
    return name


def company_names(rules: Rules) -> re.Pattern[str]:
    """Every alias of a known company, as whole words (case as written)."""
    aliases = sorted(
        (a for org in rules.organisations if org.kind == "company" for a in org.aliases),
        key=len,
        reverse=True,
    )
    return re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(a) for a in aliases) + r")(?![\w&])")


def alias_index(rules: Rules) -> dict[str, str]:
    """alias -> canonical name (built once, when the rules are loaded)."""
    return rules.aliases


class OrgTagger:
    """Correct entity labels and collect organisation mentions with canonical names."""

    def __init__(self, nlp: Language, name: str, rules: Rules) -> None:
        self.name = name
        self.rules = rules
        self.aliases = alias_index(rules)
        self.person_titles = frozenset(rules.people.person_titles)
        self.known_names = frozenset(self.aliases.values())
        self.references = Matcher(nlp.vocab, validate=True)
        self.references.add(
            MAIN, [[{"LOWER": "the"}, {"ORTH": {"IN": list(rules.main_subject_refs)}}]]
        )
        # "Kestrel Display Technologies", "Norvane Holdings Inc": capitalised proper nouns that
        # end in a company word are a company, whether or not the model tagged them.
        self.suffixes = frozenset(
            nlp.vocab.strings.add(w)
            for w in [
                *(w for w in rules.legal_suffixes if " " not in w and len(w.strip(".")) >= 3),
                *rules.name_words,
            ]
        )
        self.modifier_suffixes = frozenset(nlp.vocab.strings.add(w) for w in rules.name_words_alone)
        # Universities and research foundations, which the small model splits ("the
        # University of" + California): patterns from orgs.json, matched only in documents
        # that hold one of their key words.
        self.institutions = Matcher(nlp.vocab, validate=True)
        self.institutions.add("INSTITUTION", list(rules.institution_patterns), greedy="LONGEST")
        # a document can hold an institution only if it holds each pattern's first fixed word
        firsts = {
            next(t["LOWER"] for t in pattern if isinstance(t.get("LOWER"), str))
            for pattern in rules.institution_patterns
        }
        self.institution_words = numpy.array(
            sorted(nlp.vocab.strings.add(w) for w in firsts), dtype=numpy.uint64
        )
        heads = [h for h in rules.descriptor_heads if " " not in h]
        # Every reference ends in a head word or a main-subject word: the matcher runs only
        # in windows before those (a Matcher builds a Python Token for every token it reads).
        self.reference_ends = numpy.array(
            sorted(
                {nlp.vocab.strings.add(h) for h in heads}
                | {nlp.vocab.strings.add(w.lower()) for w in rules.main_subject_refs}
            ),
            dtype=numpy.uint64,
        )
        self.references.add(
            REFERENCE,
            [
                [
                    {"LOWER": "the"},
                    {"POS": {"IN": ["ADJ", "PROPN", "NOUN"]}, "OP": "{0,4}"},
                    {"LOWER": {"IN": heads}},
                ],
                [  # "the world's largest smartphone maker"
                    {"LOWER": "the"},
                    {"LOWER": "world"},
                    {"LOWER": {"IN": ["'s", "’s"]}},
                    {"POS": {"IN": ["ADJ", "PROPN", "NOUN"]}, "OP": "{0,4}"},
                    {"LOWER": {"IN": heads}},
                ],
            ],
            greedy="LONGEST",
        )

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = self.fix_entities(doc)
        mentions: list[Span] = self.grid_names(doc)
        mentions += self.institution_names(doc, {t.i for span in mentions for t in span})
        named = {t.i for span in mentions for t in span}
        for ent in doc.ents:
            if any(i in named for i in range(ent.start, ent.end)):
                continue
            if ent.label_ != "ORG":
                continue
            canonical = ent.ent_id_ or canonical_name(ent.text, self.rules)
            if canonical:
                mentions.append(Span(doc, ent.start, ent.end, label="ORG", kb_id=canonical))
        mentions.extend(self.suffixed_names(doc, {t.i for span in mentions for t in span}))
        mentions.extend(self.unlisted_subjects(doc, {t.i for span in mentions for t in span}))
        mentions.extend(self.repeated_names(doc, mentions))
        taken = {t.i for span in mentions for t in span}
        for match_id, start, end in self.reference_matches(doc):
            if not any(i in taken for i in range(start, end)):
                marker = doc.vocab.strings[match_id]
                mentions.append(Span(doc, start, end, label="ORG", kb_id=marker))
        pronouns = {doc.vocab.strings.add(word) for word in self.rules.pronouns}
        first_person = {doc.vocab.strings.add(word) for word in self.rules.first_person}
        pron = doc.vocab.strings.add("PRON")
        for i, (lower, pos) in enumerate(doc.to_array([LOWER, POS]).tolist()):
            if lower in pronouns and pos == pron and i not in taken:
                # "We invest ..." in a company's own page is that company; "we" in a quotation
                # is the speaker, found like "it" (the organisation in focus).
                writer = lower in first_person and not quoted(doc[i])
                mentions.append(Span(doc, i, i + 1, label="ORG", kb_id=MAIN if writer else PRONOUN))
        mentions = self.full_names(mentions)
        doc.spans[SPANS_KEY] = sorted(filter_spans(mentions), key=lambda s: s.start)
        return doc

    def reference_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """ "the Group", "the company", "the world's largest smartphone maker": at most 8 tokens
        ending in a head word, looked for only before those words."""
        if not len(doc):
            return []
        ends = numpy.flatnonzero(numpy.isin(doc.to_array([LOWER]), self.reference_ends))
        return matches_near(self.references, doc, ends.tolist(), REFERENCE_LENGTH - 1, 1)

    @staticmethod
    def grid_names(doc: Doc) -> list[Span]:
        """Mentions in the prose of the organisations a table or list of the document names
        ("Massachusetts Institute of Technology" in a row makes it one in a sentence too)."""
        names: dict[str, str] = doc.user_data.get(GRID_NAMES, {})
        found: list[Span] = []
        if not names:
            return found
        text = doc_text(doc)
        for written, subject in sorted(names.items(), key=lambda item: -len(item[0])):
            for match in re.finditer(r"(?<![\w&])" + re.escape(written) + r"(?![\w&])", text):
                span = doc.char_span(match.start(), match.end(), alignment_mode="contract")
                if span is not None and len(span):
                    found.append(Span(doc, span.start, span.end, label="ORG", kb_id=subject))
        return filter_spans(found)

    def full_names(self, mentions: list[Span]) -> list[Span]:
        """ "Norvane" after "Norvane Networks" is Norvane Networks: an unknown company's short
        name takes the full name the article introduced it with (when only one fits)."""
        known = self.known_names
        full: dict[str, set[str]] = {}
        for mention in mentions:
            name = mention.kb_id_
            if " " in name and name not in known and not name.startswith("@"):
                full.setdefault(name.split()[0], set()).add(name)
        expanded = []
        for mention in mentions:
            longer = full.get(mention.kb_id_, set())
            if len(longer) == 1 and mention.kb_id_ not in known:
                (name,) = longer
                mention = Span(mention.doc, mention.start, mention.end, label="ORG", kb_id=name)
            expanded.append(mention)
        return expanded

    def repeated_names(self, doc: Doc, mentions: list[Span]) -> list[Span]:
        """Every other occurrence of an organisation name found once in the document ("Masimo"
        tagged ORG in the title is Masimo in "Masimo sued Apple" too: one sense per article).
        Names from our tables are found everywhere already; this is for unknown ones."""
        names = {
            tuple(t.orth for t in mention): mention.kb_id_
            for mention in mentions
            if mention.text not in self.aliases
            and mention.text[:1].isupper()
            and len(mention.text) >= 4  # not "CT", "EU": short capitals are too often not names
        }
        if not names:
            return []
        # The model's other readings of the same name give way ("Masimo" as PERSON); our own
        # tables' entities (places, technologies, numbers) do not.
        kept_ents = [e for e in doc.ents if e.label_ not in _RELABEL or e.ent_id_]
        taken = {t.i for span in mentions for t in span} | {t.i for e in kept_ents for t in e}
        orths = doc.to_array([ORTH]).tolist()
        firsts = {words[0] for words in names}
        positions: dict[int, list[int]] = {}
        for i, orth in enumerate(orths):  # one pass, however many names
            if orth in firsts:
                positions.setdefault(orth, []).append(i)
        found = []
        for words, canonical in sorted(names.items(), key=lambda item: -len(item[0])):
            size = len(words)
            for start in positions.get(words[0], []):
                end = start + size
                span_taken = any(i in taken for i in range(start, end))
                if tuple(orths[start:end]) == words and not span_taken:
                    found.append(Span(doc, start, end, label="ORG", kb_id=canonical))
                    taken.update(range(start, end))
        replace_entities(doc, found)
        return found

    def institution_names(self, doc: Doc, taken: set[int]) -> list[Span]:
        """ "University of Michigan", "Stanford University", "California Institute of
        Technology", "Purdue Research Foundation", by the patterns of orgs.json."""
        if not len(doc) or not numpy.isin(doc.to_array([LOWER]), self.institution_words).any():
            return []
        found = []
        for _, start, end in self.institutions(doc):
            if any(i in taken for i in range(start, end)):
                continue
            name = canonical_name(doc[start:end].text, self.rules)
            if name:
                found.append(Span(doc, start, end, label="ORG", kb_id=name))
                taken.update(range(start, end))
        replace_entities(doc, found)  # so that a name is never read as the counted thing
        return found

    def suffixed_names(self, doc: Doc, taken: set[int]) -> list[Span]:
        """Names that end in a company word ("Kestrel Display Technologies", "Acme Corp")
        that the model did not tag as an organisation: the capitalised proper nouns before it."""
        found = []
        orths = doc.to_array([ORTH]).tolist()
        for end, orth in enumerate(orths, start=1):  # a hash look-up per token, no Matcher
            if orth not in self.suffixes or end - 1 in taken:
                continue
            if end < len(orths) and orths[end] in self.suffixes:
                continue  # "Norvane Holdings Inc": the name ends at the last company word
            if orth in self.modifier_suffixes and doc[end - 1].dep_ == "compound":
                continue  # "Acme Widgets IP update": "IP" modifies the noun after it
            start = end - 1
            # capitalised proper nouns before it, "IP" too: "Stingray IP Solutions"
            while start > 0 and is_name_word(doc[start - 1]):
                start -= 1
            if start == end - 1 or any(i in taken for i in range(start, end)):
                continue
            placed = any(
                doc[i].ent_type_ in {"GPE", "LOC", "PERSON"} for i in range(start, end - 1)
            )
            if placed and doc[start].ent_type_ != "ORG":
                continue  # "China Technology" is no company name
            name = canonical_name(doc[start:end].text, self.rules)
            if name:
                found.append(Span(doc, start, end, label="ORG", kb_id=name))
                taken.update(range(start, end))
        return found

    def unlisted_subjects(self, doc: Doc, taken: set[int]) -> list[Span]:
        """Organisations the model missed: a proper noun that holds, files or ranks ("Acme Widgets
        had 1,500 patents", often tagged PERSON). People rarely do that in this genre (they say,
        introduce, lead); places never do."""
        verbs = set(self.rules.people.org_verbs)
        found = []
        nsubj, propn = doc.vocab.strings.add("nsubj"), doc.vocab.strings.add("PROPN")
        rows = doc.to_array([DEP, POS]).tolist()
        for i, (dep, pos) in enumerate(rows):
            if dep != nsubj or pos != propn or i in taken:
                continue
            token = doc[i]
            if token.head.lemma_.lower() not in verbs:
                continue
            if token.ent_type_ in {
                "GPE",
                "LOC",
                "NORP",
                "DATE",
                "TECH",
                "IPTERM",
                "MONEY",
                "CARDINAL",
            }:
                continue
            left = token.i
            while left > 0 and doc[left - 1].dep_ == "compound" and doc[left - 1].pos_ == "PROPN":
                left -= 1
            span = doc[left : token.i + 1]
            name = canonical_name(span.text, self.rules)
            if name:
                found.append(Span(doc, left, token.i + 1, label="ORG", kb_id=name))
        return found

    def introduces_person(self, ent: Span) -> bool:
        """ "Helena Marsh, Chief IP Officer of ...", "Helena Marsh, who ...": a person the small
        model tagged ORG (an organisation is followed by "which", and has no job title)."""
        doc = ent.doc
        if ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
            return False
        following = doc[ent.end + 1].lower_
        return following == "who" or following in self.person_titles

    def fix_entities(self, doc: Doc) -> list[Span]:
        """Drop IP vocabulary tagged as ORG; relabel known organisation names tagged otherwise."""
        fixed: list[Span] = []
        for ent in doc.ents:
            text = ent.text.removesuffix("'s").strip()
            if (
                ent.start > 0
                and doc[ent.start - 1].text == ":"
                and text.isupper()
                and len(text) <= 5
            ):
                continue  # a stock ticker: "(NYSE: PHG, AEX: PHIA)"
            if ent.label_ == "ORG" and (
                text in self.rules.not_organisations or "\n" in ent.text.strip()
            ):
                continue
            if ent.label_ == "ORG" and text not in self.aliases and self.introduces_person(ent):
                fixed.append(Span(doc, ent.start, ent.end, label="PERSON"))
                continue
            if ent.label_ in _RELABEL:
                words = text.split()
                known = next(
                    (w for w in (text, words[0] if words else "") if w in self.aliases), None
                )
                if known:
                    end = (
                        ent.start + len(doc[ent.start : ent.end].text.split(" "))
                        if known == text
                        else ent.start + 1
                    )
                    span = Span(
                        doc, ent.start, min(end, ent.end), label="ORG", kb_id=self.aliases[known]
                    )
                    span.ent_id_ = self.aliases[known]
                    fixed.append(span)
                    continue
            fixed.append(ent)
        return filter_spans(fixed)


@Language.factory(
    "ipclaims_orgs",
    assigns=["doc.spans", "doc.ents"],
    requires=["doc.ents"],
    default_config={"aliases": None},
)
def make_org_tagger(nlp: Language, name: str, aliases: str | None) -> OrgTagger:
    """Factory: package tables plus an optional user alias file."""
    from pathlib import Path

    from pipeline.rules.loading import load_rules

    return OrgTagger(nlp, name, load_rules(Path(aliases) if aliases else None))
