"""Cleaning: split text into blocks and mask page furniture, keeping every offset true.

Nothing is deleted. Boilerplate is overwritten with spaces (newlines kept) and typographic
characters are mapped one-to-one, so `len(clean) == len(raw)` and any offset found in the clean
text indexes the same characters of the raw text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from enum import StrEnum

from pipeline.rules.loading import Rules
from pipeline.rules.tables import BoilerplateTable

# One character in, one character out: offsets never move.
_NORMALISE = str.maketrans(
    {
        "\u2019": "'", "\u2018": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
        "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
        "\u200b": " ", "\u200c": " ", "\u200d": " ", "\u2060": " ", "\ufeff": " ", "\u00ad": " ",
        "\u200e": " ", "\u200f": " ", "\u202a": " ", "\u202b": " ", "\u202c": " ", "\u202d": " ",
        "\u202e": " ", "\u2066": " ", "\u2067": " ", "\u2068": " ", "\u2069": " ",
        "\u2026": ".", "\uff0c": ",", "\uff05": "%", "\u2028": "\n", "\u2029": "\n",
    }
)  # fmt: skip
_LONE_CR = re.compile(r"\r(?!\n)")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_COUNT_SEPARATORS = re.compile(r"\s*[·|•]\s*")
_BULLET = re.compile(r"^\s*(?:[-*•·▪●]|\d{1,2}[.)])\s+")
# A line that ends so is text, not a heading or a menu item.
SENTENCE_ENDS = (".", "!", "?", ":", ";", ",")
_EDGE_PUNCT = " \t\r\"'«»:|>–—-•·*#[]()"


class BlockKind(StrEnum):
    """Role of a block of text."""

    heading = "heading"
    paragraph = "paragraph"
    boilerplate = "boilerplate"


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines: a heading, a paragraph or page furniture."""

    start: int
    end: int
    kind: BlockKind


@dataclass(frozen=True)
class CleanText:
    """The text given to spaCy (same length as the input) and the blocks it was split into."""

    text: str
    blocks: tuple[Block, ...]
    lines: str = ""
    """The same text before soft line wraps were joined: tables and lists are read from it."""

    @property
    def excluded(self) -> list[tuple[int, int]]:
        """Character ranges masked as boilerplate."""
        return [(b.start, b.end) for b in self.blocks if b.kind is BlockKind.boilerplate]


def normalise(text: str) -> str:
    """Map typographic quotes, dashes, odd spaces, invisible characters and old Mac line ends
    one-to-one."""
    text = _LONE_CR.sub("\n", text.translate(_NORMALISE))
    return text.replace("\r", " ")  # the CR of a CRLF pair


def soft_wraps(text: str, block: Block) -> list[int]:
    """Newlines inside a paragraph that only wrap a line ("more than\n29,000 patents")."""
    positions = []
    lines = text[block.start : block.end].split("\n")
    offset = block.start
    for line, following in itertools.pairwise(lines):
        offset += len(line)
        ended = line.rstrip().endswith((".", "!", "?", ":", ";", '"', "'"))
        bullet = bool(_BULLET.match(following))
        continues = following[:1].islower() or following[:1].isdigit() or len(line.strip()) > 50
        if not ended and not bullet and continues and line.strip():
            positions.append(offset)
        offset += 1
    return positions


def split_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of non-blank lines, in order."""
    spans: list[tuple[int, int]] = []
    position = 0
    for separator in [*_BLANK_LINE.finditer(text), None]:
        stop = separator.start() if separator else len(text)
        chunk = text[position:stop]
        if chunk.strip():
            left = position + len(chunk) - len(chunk.lstrip())
            right = position + len(chunk.rstrip())
            spans.append((left, right))
        if separator is None:
            break
        position = separator.end() - 1  # keep the newline that starts the next block's line
    return spans


def line_key(line: str) -> str:
    """A line reduced for table lookup: lower case, no edge punctuation or spaces."""
    return line.strip().strip(_EDGE_PUNCT).strip().lower()


def is_furniture_line(line: str, rules: Rules) -> bool:
    """True for share/subscribe/navigation lines and the like."""
    key = line_key(line)
    if not key:
        return False
    table = rules.boilerplate
    if key in table.whole_lines:
        return True
    parts = [part.strip() for part in _COUNT_SEPARATORS.split(key)]
    counts = table.furniture_counts
    if all(is_count(part, counts) for part in parts) and any(" " in part for part in parts):
        return True  # "12 comments", "5 min read", "214 · 31 comments · 9 reposts"
    return key.startswith(table.line_prefixes)


def is_menu(line: str, table: BoilerplateTable) -> bool:
    """ "Home | News | Patents | Contact", "Home > Tech > Patents": a navigation line of short
    items without figures; only a block of its own is one (a table's header has rows below)."""
    if line.strip().startswith("|") or line.strip().endswith("|"):
        return False  # a markdown table's row
    items = [line]
    for separator in table.menu_separators:
        items = [piece for item in items for piece in item.split(separator)]
    items = [item.strip() for item in items if item.strip()]
    return len(items) >= table.menu_min_items and all(
        len(item.split()) <= table.menu_max_words
        and not any(ch.isdigit() for ch in item)
        and any(ch.isalpha() for ch in item)
        and not item.endswith(SENTENCE_ENDS)
        for item in items
    )


def is_count(part: str, counts: list[str]) -> bool:
    """ "31 comments" or a bare number between separators of a social counter line."""
    number, _, rest = part.partition(" ")
    digits = number.replace(",", "").replace(".", "").removesuffix("k").removesuffix("m")
    return digits.isdigit() and (not rest or rest in counts)  # "31", "2.1k followers"


def is_heading(block_text: str) -> bool:
    """A one-line block without closing punctuation, or a markdown heading."""
    stripped = block_text.strip()
    if stripped.startswith("#"):
        return True
    return "\n" not in stripped and len(stripped) < 140 and not stripped.endswith(SENTENCE_ENDS)


def classify_blocks(text: str, rules: Rules) -> list[Block]:
    """Label every block; everything after a teaser block or a tail heading is boilerplate."""
    markers = set(rules.boilerplate.teaser_markers)
    tails = set(rules.boilerplate.tail_headings)
    blocks: list[Block] = []
    in_tail = False
    spans = split_blocks(text)
    for index, (start, end) in enumerate(spans):
        chunk = text[start:end]
        lines = [line for line in chunk.split("\n") if line.strip()]
        keys = [line_key(line) for line in lines]
        has_marker = any(key in markers for key in keys)
        # A tail heading or teaser marker late in the text starts the page's tail.
        late = index >= len(spans) // 2
        if (has_marker or (keys and keys[0] in tails)) and late:
            in_tail = True
        menu = len(lines) == 1 and is_menu(lines[0], rules.boilerplate)
        if in_tail or has_marker or menu or all(is_furniture_line(line, rules) for line in lines):
            kind = BlockKind.boilerplate
        elif is_heading(chunk):
            kind = BlockKind.heading
        else:
            kind = BlockKind.paragraph
        blocks.append(Block(start, end, kind))
    return blocks


def blank(piece: str) -> str:
    """Spaces in place of every character but newlines."""
    return "\n".join(" " * len(line) for line in piece.split("\n"))


def mask(text: str, ranges: list[tuple[int, int]]) -> str:
    """Overwrite ranges with spaces, keeping newlines, so that offsets do not move."""
    pieces = []
    position = 0
    for start, end in sorted(ranges):
        start = max(start, position)
        if start >= end:
            continue
        pieces += [text[position:start], blank(text[start:end])]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def keep_only(text: str, kept: list[tuple[int, int]]) -> str:
    """Blank everything outside the sorted, non-overlapping `kept` ranges (newlines stay)."""
    gaps = []
    position = 0
    for start, end in kept:
        gaps.append((position, start))
        position = end
    gaps.append((position, len(text)))
    return mask(text, gaps)


def furniture_lines_in(text: str, block: Block, rules: Rules) -> list[tuple[int, int]]:
    """Ranges of furniture lines inside a paragraph block (a "Share this" line under a paragraph)."""
    ranges = []
    position = block.start
    for line in text[block.start : block.end].split("\n"):
        if is_furniture_line(line, rules):
            ranges.append((position, position + len(line)))
        position += len(line) + 1
    return ranges


def clean(text: str, rules: Rules) -> CleanText:
    """Normalise one-to-one and mask boilerplate; the result has the input's length."""
    normalised = normalise(text)
    blocks = classify_blocks(normalised, rules)
    ranges = [(b.start, b.end) for b in blocks if b.kind is BlockKind.boilerplate]
    for block in blocks:
        if block.kind is not BlockKind.boilerplate:
            ranges.extend(furniture_lines_in(normalised, block, rules))
    masked = unwrapped = mask(normalised, ranges)
    wraps = [p for b in blocks if b.kind is BlockKind.paragraph for p in soft_wraps(normalised, b)]
    if wraps:
        chars = list(masked)
        for position in wraps:
            chars[position] = " "
        masked = "".join(chars)
    assert len(masked) == len(text)
    return CleanText(text=masked, blocks=tuple(blocks), lines=unwrapped)


def segment_starts(text: str) -> list[int]:
    """Offsets where a sentence must start: every block, and lines that cannot continue the last.

    A heading followed by a paragraph, a bullet list, or a line after one that ended a sentence
    never runs into the next line.
    """
    starts: list[int] = []
    for start, end in split_blocks(text):
        starts.append(start)
        previous = ""
        position = start
        for line in text[start:end].split("\n"):
            if previous.strip() and line.strip():
                ends_sentence = previous.rstrip().endswith((".", "!", "?", ":", ";"))
                short = len(previous.strip()) < 100
                if ends_sentence or short or _BULLET.match(line):
                    starts.append(position + len(line) - len(line.lstrip()))
            previous = line
            position += len(line) + 1
    return starts
