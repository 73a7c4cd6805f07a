"""Prefilter: only sentences that can hold a claim, an event or a role go through the model.

The statistical model is the cost of ipclaims. A sentence without a digit, a number word, an
event trigger or a person's title cannot yield anything, so it is overwritten with spaces
before spaCy sees the text (offsets stay true, as in clean.py). The title is always kept: it
names the document's main organisation. The cue words come from the rule tables.
"""

from __future__ import annotations

import re

from pipeline.reading.clean import Block, BlockKind, mask
from pipeline.rules.loading import Rules

# A rough sentence end for prefiltering only (the parser decides the real sentences later).
# A full stop before a digit does not end one ("Nov. 14, 2023"); nor does an abbreviation's.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z])|\n")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def word_forms(word: str, irregular: dict[str, list[str]]) -> set[str]:
    """A trigger word with its regular inflections ("license" -> licenses, licensed, licensing)."""
    stem = word[:-1] if word.endswith("e") else word
    return {word, word + "s", word + "es", stem + "ed", stem + "ing", *irregular.get(word, [])}


def cue_pattern(rules: Rules) -> re.Pattern[str]:
    """One regex for "this sentence may matter": digits, number words, event triggers, titles."""
    numbers = rules.numbers
    words = {w for w in [*numbers.units, *numbers.scales, *numbers.ordinals] if len(w) > 1}
    words |= {w for phrase in numbers.fractions for w in phrase.replace("-", " ").split()}
    # "one of the ...": a figure written with "one" always has a scale or fraction word too.
    words -= {"one", "a"}
    events = rules.events
    for phrases in events.triggers.values():
        for phrase in phrases:  # words by their forms, phrases as written (plural allowed)
            if " " not in phrase and "-" not in phrase:
                words |= word_forms(phrase.lower(), events.irregular_forms)
            else:
                words |= {phrase.lower(), phrase.lower() + "s"}
    for verb in [*events.court_verbs, *events.court_nouns]:
        words |= word_forms(verb, events.irregular_forms)
    words |= set(rules.sentences.prefilter_titles)
    alternatives = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return re.compile(r"\d|\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def rough_sentences(
    text: str, start: int, end: int, abbreviations: frozenset[str] = frozenset()
) -> list[tuple[int, int]]:
    """Sentence-like spans of text[start:end], split after . ! ? (not after an abbreviation
    such as "Co." or "Jan.") and at line breaks. Too few splits only keep more text."""
    spans = []
    position = start
    for match in _SENTENCE_END.finditer(text, start, end):
        word = _LAST_WORD.search(text, max(position, match.start() - 12), match.start())
        if word and word.group(1).lower() in abbreviations:
            continue
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, end))
    return [(s, e) for s, e in spans if e > s]


def mask_non_candidates(
    text: str,
    blocks: tuple[Block, ...],
    cue: re.Pattern[str],
    abbreviations: frozenset[str] = frozenset(),
    keep: tuple[tuple[int, int], ...] = (),
) -> tuple[str, list[tuple[int, int]]]:
    """Text with non-candidate sentences blanked, and the blanked (start, end) ranges. Sentences
    touching a `keep` range (the caption and introduction of a table) are never blanked."""
    blanked: list[tuple[int, int]] = []
    first_content = next((b for b in blocks if b.kind is not BlockKind.boilerplate), None)
    for block in blocks:
        if block.kind is BlockKind.boilerplate:
            continue
        for start, end in rough_sentences(text, block.start, block.end, abbreviations):
            if block is first_content or cue.search(text, start, end):
                continue
            if any(s < end and start < e for s, e in keep):
                continue
            blanked.append((start, end))
    return mask(text, blanked), blanked


def focus_hints(
    text: str, blanked: list[tuple[int, int]], names: re.Pattern[str], canonical: dict[str, str]
) -> list[tuple[int, str]]:
    """The first known company named in each blanked sentence: it still moves the focus of
    "it" and "the company" ("In standards, Huawei remains the leader. It ranked first ...")."""
    hints = []
    for start, end in blanked:
        match = names.search(text, start, end)
        if match:
            hints.append((match.start(), canonical[match.group()]))
    return hints
