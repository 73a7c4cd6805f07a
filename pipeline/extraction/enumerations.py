"""Enumerations: figures listed in one sentence, each with its own organisation.

"Huawei led with 3,410 declarations, followed by ZTE with 2,905, LG (2,640) and Ericsson
2,210": the parser hangs every later figure on the first verb, so the subject stays Huawei
and the next name becomes the counted thing ("2,640) and Ericsson"). Here a figure right
after an organisation ("ZTE with 2,905", "LG (2,640)", "Ericsson 2,210") belongs to it, and
counts what the first figure counts. "Samsung and Qualcomm filed 3,610 and 2,270 applications
respectively" pairs names and figures in order.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span

from pipeline.rules.grid_table import GridRules

# How far after an organisation a figure can still be its list item: two link words, or a
# place between ("Panasonic of Japan with 17,200", "Hon Hai Precision of New Taipei City with").
OWNER_REACH = 12


@dataclass(frozen=True)
class Item:
    """One figure of an enumeration: its organisation and whether it borrows the unit of the
    enumeration's counted figure (it names no counted noun of its own); `listed` is false for
    a second figure in an item's brackets ("Hitachi (11th, 169)"), which the sentence states."""

    subject: str | None
    borrows_unit: bool
    listed: bool = True


def enumeration_items(
    sentence: Span,
    quantities: list[Span],
    mentions: list[Span],
    resolve: Callable[[Span], str | None],
    rules: GridRules,
) -> dict[int, Item]:
    """quantity.start -> Item for the figures of a sentence that enumerates organisations. The
    first figure keeps the subject the parser gives it (Item.subject None) but is a list item too."""
    if len(quantities) < 2 or len(mentions) < 2:
        return {}
    doc = sentence.doc
    first, second = quantities[0], quantities[1]
    paired = (  # "Samsung and LG hold 1,020 and 870 of the patents": "respectively" unsaid
        len(quantities) == 2 and second.start == first.end + 1 and doc[first.end].lower_ == "and"
    )
    if paired or any(t.lower_ == "respectively" for t in sentence):
        return respectively(quantities, mentions, resolve)
    items: dict[int, Item] = {}
    cued = False
    # Only a mention that ends shortly before a figure can own it: look those up by their end,
    # so a sentence of thousands of names and figures costs no more than its length.
    by_end = sorted(mentions, key=lambda m: (m.end, m.start))
    ends = [m.end for m in by_end]
    for index, quantity in enumerate(quantities):
        near = by_end[
            bisect.bisect_left(ends, quantity.start - OWNER_REACH) : bisect.bisect_right(
                ends, quantity.start
            )
        ]
        owner = next((m for m in reversed(near) if owns(m, quantity, rules)), None)
        if owner is None:
            continue
        name = resolve(owner)
        if name is None:
            continue
        before = doc[max(sentence.start, owner.start - 2) : owner.start].text.lower()
        bracketed = quantity.start > 0 and doc[quantity.start - 1].text == "("
        cued = cued or bracketed or any(before.endswith(c) for c in rules.enumeration_cues)
        after = doc[quantity.end] if quantity.end < sentence.end else None
        borrows = (
            after is None
            or not after.is_alpha
            or after.ent_type_ in {"ORG", "GPE", "NORP"}
            or after.lower_ in {"and", "or"}
        )
        if index == 0 and not cued:
            continue  # "Huawei with 3,410 declarations ..." opens an ordinary sentence
        # "Huawei, 32", "Samsung, with 8,513 patents,": a clause of the sentence, not a list
        comma = any(t.text == "," for t in doc[owner.end : quantity.start])
        items[quantity.start] = Item(name, borrows, listed=not comma)
    if not items or (len(items) < 2 and not cued):
        return {}  # one "X with N" is an ordinary sentence, not an enumeration
    first = quantities[0]
    if first.start < min(items):
        listed = any(item.listed for item in items.values())
        items[first.start] = Item(None, borrows_unit=False, listed=listed)
    return items


def owns(mention: Span, quantity: Span, rules: GridRules) -> bool:
    """Whether a figure right after an organisation is its list item: "ZTE with 2,905",
    "LG (2,640)", "Ericsson 2,210", "Huawei, 32", also with a place or a stock ticker between
    ("Panasonic of Japan with 17,200", "Verizon (VZ), 42")."""
    if mention.end > quantity.start or quantity.start - mention.end > OWNER_REACH:
        return False
    doc = quantity.doc
    between = list(doc[mention.end : quantity.start])
    while len(between) >= 2 and between[0].lower_ in {"of", "from"}:
        place = 1
        while place < len(between) and between[place].ent_type_ in {"GPE", "NORP", "LOC"}:
            place += 1
        if place == 1:
            break
        between = between[place:]  # "of Japan", "from South Korea"
    ticker = len(between) >= 3 and between[0].text == "(" and between[2].text == ")"
    if ticker and between[1].is_upper and between[1].is_alpha:
        between = between[3:]  # a stock ticker: "Verizon (VZ), 42"
    return len(between) <= 2 and all(t.lower_ in rules.enumeration_links for t in between)


def respectively(
    quantities: list[Span], mentions: list[Span], resolve: Callable[[Span], str | None]
) -> dict[int, Item]:
    """ "A and B filed N and M applications respectively": names before the first figure and
    figures pair in order; all but the last figure borrow the last one's counted noun."""
    first = quantities[0].start
    names = [n for m in mentions if m.end <= first and (n := resolve(m)) is not None]
    names = list(dict.fromkeys(names))
    if len(names) < 2 or len(names) != len(quantities):
        return {}
    return {
        q.start: Item(name, borrows_unit=index < len(quantities) - 1)
        for index, (q, name) in enumerate(zip(quantities, names, strict=True))
    }
