"""Enumerations: figures listed in one sentence, each with its own organisation.

"Huawei led with 3,410 declarations, followed by ZTE with 2,905, LG (2,640) and Ericsson
2,210": the parser hangs every later figure on the first verb, so the subject stays Huawei
and the next name becomes the counted thing ("2,640) and Ericsson"). Here a figure right
after an organisation ("ZTE with 2,905", "LG (2,640)", "Ericsson 2,210") belongs to it, and
counts what the first figure counts. "Samsung and Qualcomm filed 3,610 and 2,270 applications
respectively" pairs names and figures in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span

from pipeline.rules.grid_table import GridRules


@dataclass(frozen=True)
class Item:
    """One figure of an enumeration: its organisation and whether it borrows the unit of the
    enumeration's counted figure (it names no counted noun of its own)."""

    subject: str | None
    borrows_unit: bool


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
    if any(t.lower_ == "respectively" for t in sentence):
        return respectively(quantities, mentions, resolve)
    doc = sentence.doc
    items: dict[int, Item] = {}
    cued = False
    for quantity in quantities[1:]:
        owner = next(
            (
                m
                for m in reversed(mentions)
                if m.end <= quantity.start
                and quantity.start - m.end <= 2
                and all(t.lower_ in rules.enumeration_links for t in doc[m.end : quantity.start])
            ),
            None,
        )
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
            or after.ent_type_ == "ORG"
            or after.lower_ in {"and", "or"}
        )
        items[quantity.start] = Item(name, borrows)
    if not items or (len(items) < 2 and not cued):
        return {}  # one "X with N" is an ordinary sentence, not an enumeration
    first = quantities[0]
    if first.start < min(items):
        items[first.start] = Item(None, borrows_unit=False)
    return items


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
