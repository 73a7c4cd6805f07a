"""Sentences: one pass over `doc.sents`, cached on the Doc, so that finding the sentence of a
span is a lookup (spaCy's `span.sent` walks the tokens every time it is asked)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

_KEY = "ipclaims_sentences"


def _index(doc: Doc) -> tuple[list[Span], list[int]]:
    cached = doc.user_data.get(_KEY)
    if cached is None or len(cached[1]) != len(doc):
        sentences = list(doc.sents)
        owner = [0] * len(doc)
        for number, sentence in enumerate(sentences):
            for i in range(sentence.start, sentence.end):
                owner[i] = number
        cached = (sentences, owner)
        doc.user_data[_KEY] = cached
    return cached


def sentences(doc: Doc) -> list[Span]:
    """The sentences of a parsed Doc, in order."""
    return _index(doc)[0]


def sentence_of(item: Span | Token) -> Span:
    """The sentence a token or span (by its first token) belongs to."""
    doc = item.doc
    first = item.i if isinstance(item, Token) else item.start
    sents, owner = _index(doc)
    return sents[owner[first]]
