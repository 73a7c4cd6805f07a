"""Prefilter: only sentences that can hold a claim, an event or a role go through the model.

The statistical model is the cost of ipclaims. A sentence without a digit, a number word, an
event trigger or a person's title cannot yield anything, so it is overwritten with spaces
before spaCy sees the text (offsets stay true, as in clean.py). The title is always kept: it
names the document's main organisation. The cue words come from the rule tables.
"""

from __future__ import annotations

import re

from pipeline.clean import Block, BlockKind
from pipeline.rules import Rules, read_table

# A rough sentence end for prefiltering only (the parser decides the real sentences later).
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n")


def cue_pattern(rules: Rules) -> re.Pattern[str]:
    """One regex for "this sentence may matter": digits, number words, triggers, titles."""
    numbers = rules.numbers
    words = {w for w in [*numbers["units"], *numbers["scales"], *numbers["ordinals"]] if len(w) > 1}
    words |= {
        w for phrase in numbers["fractions"] for w in phrase.replace("-", " ").split() if len(w) > 2
    }
    events = read_table("events.json")
    stems = {
        phrase.split()[0].rstrip("e")
        for phrases in events["triggers"].values()
        for phrase in phrases
    }
    stems |= set(rules.cues["person_titles"]) | set(rules.dates["relative"])
    alternatives = sorted(
        {re.escape(w) for w in words} | {re.escape(s) for s in stems}, key=len, reverse=True
    )
    return re.compile(r"\d|\b(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


def rough_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence-like spans of text[start:end], split after . ! ? and at line breaks."""
    spans = []
    position = start
    for match in _SENTENCE_END.finditer(text, start, end):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, end))
    return [(s, e) for s, e in spans if e > s]


def mask_non_candidates(
    text: str, blocks: tuple[Block, ...], cue: re.Pattern[str]
) -> tuple[str, float]:
    """Text with non-candidate sentences blanked, and the share of characters kept."""
    chars = list(text)
    kept = total = 0
    first_content = next((b for b in blocks if b.kind is not BlockKind.boilerplate), None)
    for block in blocks:
        if block.kind is BlockKind.boilerplate:
            continue
        for start, end in rough_sentences(text, block.start, block.end):
            total += end - start
            if block is first_content or cue.search(text, start, end):
                kept += end - start
                continue
            for position in range(start, end):
                if chars[position] != "\n":
                    chars[position] = " "
    return "".join(chars), (kept / total if total else 1.0)
