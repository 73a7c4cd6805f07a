"""The typed `grids.json` table: what a column header means, which row names are not
organisations, the cell qualifiers and the caption words of a ranking."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Literal

from models.vocab import Metric, Qualifier
from pipeline.rules.tables import Table

NUMBER = r"[+\-\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"  # U+2212: a typeset minus
FOOTNOTE_MARKS = "*¹²³⁴⁵⁶⁷⁸⁹⁰†‡§"  # "2,505¹", "IBM*": marks that refer to a note below


class GridRules(Table):
    """The typed `grids.json` table: header words, cell qualifiers, row names that are not
    organisations and the caption words that make a ranking."""

    rank_headers: frozenset[str]
    year_headers: frozenset[str]
    name_headers: frozenset[str]
    place_headers: frozenset[str]
    label_headers: frozenset[str]
    share_headers: frozenset[str]
    change_headers: frozenset[str]
    total_headers: frozenset[str]
    """ "Total" after year columns: the sum of those years, as the ranking beside it."""
    count_headers: dict[str, tuple[str, Metric, Literal["granted", "active", "in_force"] | None]]
    generic_count_headers: frozenset[str]
    cell_qualifiers: dict[str, Qualifier]
    not_names: frozenset[str]
    not_name_prefixes: tuple[str, ...]
    intro_cues: tuple[str, ...]
    ranked_cues: tuple[str, ...]
    ranked_by_heads: tuple[str, ...]
    owner_links: tuple[
        str, ...
    ]  # "3415 patents to IBM": the words between a count and its owner  # "Top Companies by Patents Issued": a heading that ranks
    name_joiners: frozenset[str]
    magnitudes: frozenset[str]
    legal_suffixes: tuple[str, ...]
    lowercase_brands: frozenset[str]
    office_names: dict[str, str]
    place_adjectives: dict[str, str]
    place_adjective_heads: frozenset[str]
    enumeration_links: frozenset[str]
    enumeration_cues: tuple[str, ...]
    paragraph_cell_length: int  # the longest one-line block read as a table cell
    scale_marks: dict[str, int]  # "(thousands)" in a caption or label: the cells count thousands

    def scale_in(self, *texts: str) -> int:
        """The multiplier that a caption, header or row label states for its figures: 1000 for
        "Registrations (thousands)", 1 when none says one."""
        for text in texts:
            lower = " ".join(text.lower().split())
            for mark, scale in self.scale_marks.items():
                if mark in lower:
                    return scale
        return 1

    def is_not_name(self, name: str) -> bool:
        """A row label that names no organisation: "Total", "All other applicants"."""
        lower = " ".join(name.strip(" *_:" + FOOTNOTE_MARKS).lower().split())
        return (
            lower in self.not_names
            or lower.split(",")[0] in self.not_names  # "Total, all origins"
            or lower.startswith(self.not_name_prefixes)
        )

    @cached_property
    def header_phrases(self) -> frozenset[str]:
        """Every known column header, for flattened rows."""
        return frozenset(
            self.rank_headers
            | self.name_headers
            | self.place_headers
            | self.share_headers
            | self.change_headers
            | set(self.count_headers)
        )

    @cached_property
    def header_first_words(self) -> frozenset[str]:
        """First words of the known headers: where a flattened header can start."""
        return frozenset(phrase.split()[0] for phrase in self.header_phrases if phrase.split())

    @cached_property
    def item_value(self) -> re.Pattern[str]:
        """The figure that opens the rest of a list item ("more than 3,410", "9.1 %"), compiled
        once: a list is looked for on every line of every page."""
        qualifier = "|".join(re.escape(q) for q in self.cell_qualifiers)
        return re.compile(rf"(?:(?:{qualifier})\s*)?{NUMBER}(?:\s*%)?", re.IGNORECASE)

    @cached_property
    def figure_first(self) -> re.Pattern[str]:
        """After a list item's opening figure: what it counts, then whose it is ("patents to
        IBM, headquartered in ...")."""
        links = "|".join(re.escape(w) for w in self.owner_links)
        return re.compile(
            rf"\s+(?P<unit>[a-z][a-z -]{{0,40}}?)\s+(?:{links})\s+(?P<name>[^,;()]+?)\s*(?:[,;(]|$)"
        )

    @cached_property
    def cell_value(self) -> re.Pattern[str]:
        """A whole cell holding one figure: optional qualifier, currency sign ("$13,829,000,000"),
        sign, number (an ordinal too, "5th"), percent sign."""
        words = sorted(self.cell_qualifiers, key=len, reverse=True)
        qualifier = "|".join(re.escape(w) for w in words)
        return re.compile(
            rf"^(?:(?P<qualifier>{qualifier})\s*)?(?P<currency>US\$|\$|€|£|¥)?\s*"
            rf"(?P<number>{NUMBER})(?P<ordinal>st|nd|rd|th)?\s*(?P<percent>%|percent|pct)?$",
            re.IGNORECASE,
        )
