"""Sentences: one pass over `doc.sents`, cached on the Doc, so that finding the sentence of a
span is a lookup (spaCy's `span.sent` walks the tokens every time it is asked)."""

from __future__ import annotations

from spacy.matcher import Matcher
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


def content_end(sentence: Span) -> int:
    """Character end of a sentence's last non-space token (masked text is spaces)."""
    for token in reversed(sentence):
        if not token.is_space:
            return token.idx + len(token.text)
    return sentence.start_char


def spans_in(sentence: Span, key: str) -> list[Span]:
    """The spans of `doc.spans[key]` that start in a sentence (indexed once per Doc and key)."""
    doc = sentence.doc
    cache_key = f"ipclaims_by_sentence:{key}"
    index = doc.user_data.get(cache_key)
    if index is None:
        index = {}
        for span in doc.spans.get(key, []):
            index.setdefault(sentence_of(span).start, []).append(span)
        doc.user_data[cache_key] = index
    return list(index.get(sentence.start, []))


def ents_in(sentence: Span, labels: frozenset[str] | None = None) -> list[Span]:
    """The entities of a sentence, optionally of some labels only (indexed once per Doc; spaCy's
    `Span.ents` rebuilds all of the Doc's entities on every call)."""
    doc = sentence.doc
    index = doc.user_data.get("ipclaims_ents_by_sentence")
    if index is None:
        index = {}
        for ent in doc.ents:
            index.setdefault((sentence_of(ent).start, ent.label_), []).append(ent)
        doc.user_data["ipclaims_ents_by_sentence"] = index
    wanted = labels if labels is not None else {label for _, label in index}
    found = [ent for label in wanted for ent in index.get((sentence.start, label), [])]
    return sorted(found, key=lambda ent: ent.start)


TEXT_KEY = "ipclaims_text"


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once (spaCy's `doc.text` joins every token's text on each call;
    `Extractor` stores the text it made the Doc from)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    found: str = text
    return found


def text_of(sentence: Span) -> str:
    """A sentence's text, built once."""
    cache = sentence.doc.user_data.setdefault("ipclaims_sentence_text", {})
    if sentence.start not in cache:
        cache[sentence.start] = sentence.text
    text: str = cache[sentence.start]
    return text


def matches_near(
    matcher: Matcher, doc: Doc, anchors: list[int], before: int, after: int
) -> list[tuple[int, int, int]]:
    """(match_id, start, end) of the matcher's patterns, looked for only in windows of
    [anchor - before, anchor + after) around tokens a pattern must hold (a number, a date
    word): the Matcher costs per token, and most of a page holds no figure and no date.
    Windows that overlap or touch are matched as one."""
    found: list[tuple[int, int, int]] = []
    window_start = window_end = -1
    for i in [*anchors, None]:
        if i is not None and window_end >= 0 and i - before <= window_end:
            window_end = min(len(doc), i + after)
            continue
        if window_end >= 0:
            found += [
                (match_id, window_start + a, window_start + b)
                for match_id, a, b in matcher(doc[window_start:window_end])
            ]
        if i is not None:
            window_start, window_end = max(0, i - before), min(len(doc), i + after)
    return found
