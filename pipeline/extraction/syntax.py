"""Syntax helpers shared by the claims and events stages: noun phrases, clauses and
attachments read from the dependency parse, bounded so that long coordinations stay cheap."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from itertools import chain, islice

from spacy.tokens import Span, Token

from pipeline.extraction import normalise
from pipeline.nlp.sentences import sentence_of, text_of
from pipeline.rules.tables import CountingTable

_PHRASE_POS = {"ADJ", "NOUN", "PROPN"}
_PHRASE_GLUE = {"-", ",", "and", "&", "/", "or"}
_PHRASE_MAX = 12
BULLETS = {"-", "*", "•", "–", "—"}


def entity_of(token: Token) -> Span:
    """The named entity a token is part of ("Republic of Korea" for "Korea"), or the token."""
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


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


def object_of(noun: Token | None) -> Token | None:
    """What a noun's "of" governs ("the number of patent applications": applications)."""
    if noun is None:
        return None
    return next(
        (g for c in noun.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"),
        None,
    )


def counted_by_copula(quantity: Span, words: CountingTable) -> list[Token]:
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
        if token.lemma_.lower() in words.aggregates and token.pos_ == "NOUN":
            counted = object_of(token)
            if counted is not None:
                return noun_phrase(counted)
        if token.lemma_.lower() not in words.copulas:
            continue
        for child in token.children:
            if child.dep_ not in {"nsubj", "nsubjpass"}:
                continue
            head = object_of(child) if child.lemma_.lower() in words.aggregates else child
            if head is not None and head.pos_ == "PRON":
                # "it was the largest filer of international patent applications, with 5,464":
                # "it" counts nothing; what the filer files does
                head = object_of(next((c for c in token.children if c.dep_ == "attr"), None))
            return noun_phrase(head) if head is not None else []
    return []


def counted_by_container(quantity: Span, words: CountingTable) -> list[Token]:
    """ "a patent portfolio of 30,000": a figure that is the size of a container noun counts what
    the container's modifiers name ("patent"); a bare "portfolio of 30,000" counts nothing."""
    root = quantity.root
    preposition = root.head
    if root.dep_ != "pobj" or preposition.lower_ != "of":
        return []
    container = preposition.head
    if container.pos_ != "NOUN" or container.lemma_.lower() not in words.containers:
        return []
    return noun_phrase(container)[:-1]


def attached_to(
    token: Token, heads: set[int], verbs: set[int], sentence: Span, words: CountingTable
) -> bool:
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
    if node.dep_ != "prep" or node.lower_ in words.example_preps:
        return False  # "12 fields, including AI and 5G": examples, not a limit
    governor = node.head
    if governor.i in heads:
        return True
    opening = node.i == sentence.start or (node.i == sentence.start + 1 and sentence[0].is_space)
    if governor.i in verbs and (opening or governor.lemma_.lower() in words.scope_verbs):
        return True
    # "declared 5,500 families as essential to 5G", "families that it considers essential to 5G"
    if governor.lemma_.lower() not in words.scope_verbs or governor.dep_ == "conj":
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


def clause_verb(token: Token, *, skip_modifiers: bool = False) -> Token:
    """The verb of the clause a word belongs to (the sentence root for verbless lines);
    with `skip_modifiers`, a participle that modifies a noun ("the patents involved") is not a
    clause of its own (event triggers)."""
    for candidate in chain((token,), token.ancestors):
        if candidate.pos_ in {"VERB", "AUX"} and not (
            skip_modifiers and candidate.dep_ in {"amod", "acl"}
        ):
            return candidate
    return sentence_of(token).root


def is_purpose(verb: Token) -> bool:
    """An infinitive of purpose: "(agreed to pay X $625 million) to settle a patent battle"."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ == "VB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def purpose_parties(verb: Token) -> set[int]:
    """The words of the clause an infinitive of purpose serves, with the subjects of the verbs
    that clause is the complement of ("Moderna agreed to pay Arbutus ...": Moderna, Arbutus)."""
    outer = verb.head
    tokens = clause_tokens(outer)
    while outer.dep_ == "xcomp" and not any(
        c.dep_ in {"nsubj", "nsubjpass"} for c in outer.children
    ):
        outer = outer.head
        for subject in (c for c in outer.children if c.dep_ in {"nsubj", "nsubjpass"}):
            tokens |= {t.i for t in subject.subtree}
    return tokens


def understood_subject(verb: Token) -> set[int] | None:
    """The tokens of the subject that a gerund clause without a subject of its own shares with
    the clause it hangs on ("After losing a case to Nokia, Oppo halted sales": Oppo lost); None
    when the verb is no such gerund or that clause has no subject either. After a preposition,
    a gerund's sister gerunds tell on the same act ("responded by filing complaints, accusing
    BOE of ...": against BOE), so their words come too."""
    if verb.tag_ != "VBG" or verb.dep_ not in {"pcomp", "advcl"}:
        return None
    outer = clause_verb(verb.head) if verb.dep_ == "pcomp" else verb.head
    if outer.i == verb.i:
        return None
    subject = next((c for c in outer.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None:
        return None
    sisters = [
        c
        for c in outer.children
        if verb.dep_ == "pcomp" and c.dep_ == "advcl" and c.tag_ == "VBG"
        if not any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children)
    ]
    return {t.i for node in (subject, *sisters) for t in node.subtree}


def is_independent(verb: Token) -> bool:
    """A coordinated clause with its own subject ("..., and the company says ...")."""
    return verb.dep_ == "conj" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)


def declared_essential(head: Token) -> bool:
    """ "declared about 120 patents as essential to ... standards", "870 of the patents declared
    essential to H.266": standard essential patents."""
    doc = head.doc
    after = doc[head.i + 1 : head.i + 4]
    if (
        len(after)
        and after[0].lemma_.lower() == "declare"
        and any(t.lower_ == "essential" for t in after[1:])
    ):  # right after the noun, whatever the parser attached it to
        return True
    verbs = [c for c in head.children if c.dep_ == "acl"]
    if head.dep_ in {"dobj", "nsubjpass"}:
        verbs.append(head.head)
    return any(
        verb.lemma_.lower() == "declare" and any(t.lower_ == "essential" for t in verb.subtree)
        for verb in verbs
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


def opens_sentence(date: Span, sentence: Span) -> bool:
    """A date that opens the sentence, alone or at the end of a fronted phrase without a verb
    ("By June 30, 2023, ...", "Among PCT applicants in 2023, ..."): it dates every clause."""
    if date.start == sentence.start or (
        date.start == sentence.start + 1 and (sentence[0].is_space or sentence[0].text in BULLETS)
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


def noun_phrase(head: Token) -> list[Token]:
    """A head noun with the modifiers to its left ("global patent applications")."""
    modifiers = [c for c in head.lefts if c.dep_ in {"compound", "amod", "nmod"}]
    first = modifiers[0].left_edge.i if modifiers else head.i
    return list(head.doc[first : head.i + 1])


def clause_tokens(verb: Token) -> set[int]:
    """Token indices of a clause: the verb's subtree without coordinated clauses, plus the
    shared subject of a coordinated verb ("LG signed a licence with Qualcomm and settled with
    Arvion": each verb gets its own object and the shared subject)."""
    excluded = {
        t.i
        for child in verb.children
        if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}
        for t in child.subtree
    }
    tokens = {t.i for t in verb.subtree} - excluded
    node = verb
    while node.dep_ in {"conj", "xcomp"} and not any(
        c.dep_ in {"nsubj", "nsubjpass"} for c in node.children
    ):
        node = node.head
        tokens |= {
            t.i for c in node.children if c.dep_ in {"nsubj", "nsubjpass"} for t in c.subtree
        }
    return tokens


def is_addressee(token: Token, statement_verbs: Collection[str]) -> bool:
    """Whether a name is whom a statement is made to ("confirmed to Light Reading that it ...",
    "told Reuters"): neither a party of what is stated nor what "it" refers to."""
    if token.dep_ == "pobj" and token.head.lower_ == "to":
        return token.head.head.lemma_.lower() in statement_verbs
    return token.dep_ in {"dobj", "dative"} and token.head.lemma_.lower() == "tell"


def own_words(token: Token) -> Iterator[int]:
    """Indices of a phrase's own words: its subtree without its prepositional phrases
    ("filings in lawsuits between X and Y": "filings", not X or Y)."""
    yield token.i
    for child in token.children:
        if child.dep_ != "prep":
            yield from own_words(child)
