"""Cells, columns, rows and grids, and what a single cell or header says on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from models.vocab import Qualifier
from pipeline.rules.grid_table import FOOTNOTE_MARKS, GridRules

YEAR = re.compile(r"^(?:19|20)\d{2}$")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


class Role(StrEnum):
    """What a column holds."""

    rank = "rank"
    name = "name"
    count = "count"  # type: ignore[assignment]  # a member named like str.count: data, not the method
    share = "share"
    change = "change"
    label = "label"
    year = "year"  # the rows are one organisation's years ("Year | Overall ranking | Patents")


@dataclass(frozen=True)
class Cell:
    """One cell: its characters in the text and the text itself (stripped)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Column:
    """A column's role, its header as written (if any) and the meaning of its figures."""

    role: Role
    header: Cell | None = None


@dataclass(frozen=True)
class Row:
    """One row (or list item): cells aligned with the grid's columns, and the row's extent."""

    cells: tuple[Cell | None, ...]
    start: int
    end: int
    tail: Cell | None = None  # words after a list item's figure ("EPO applications (2023)")
    # what the sentence parser still reads of an item with no figure of its own: all but its
    # list number ("ZTE Corporation (up by 40% since 2015)" has its own figures)
    prose: Cell | None = None

    def masked(self) -> list[tuple[int, int]]:
        """Characters the sentence parser must not see: the whole row, except a list item's
        tail, whose dates and places the taggers still read ("EPO applications (2023)")."""
        seen = self.prose or self.tail
        if seen is None:
            return [(self.start, self.end)]
        return [(self.start, seen.start), (seen.end, self.end)]


@dataclass(frozen=True)
class Grid:
    """A table or list: its columns, rows, caption and the characters it covers."""

    kind: Literal["table", "list"]
    form: Literal["pipe", "tab", "spaces", "flat", "list"]
    start: int
    end: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    caption: Cell | None = None

    def cells_of(self, role: Role) -> list[int]:
        """Indexes of the columns with this role."""
        return [i for i, column in enumerate(self.columns) if column.role is role]


def figure_match(cell_text: str, rules: GridRules) -> re.Match[str] | None:
    """The parts of a cell that holds one figure (`GridRules.cell_value`), note marks aside."""
    return rules.cell_value.match(cell_text.strip().rstrip(FOOTNOTE_MARKS).rstrip())


def number_of(cell_text: str, rules: GridRules) -> tuple[float, Qualifier, bool] | None:
    """(value, qualifier, is_percent) of a cell that holds one figure, else None."""
    match = figure_match(cell_text, rules)
    if match is None:
        return None
    qualifier = match.group("qualifier")
    value = float(match.group("number").replace(",", "").replace("\u2212", "-"))
    return (
        value,
        rules.cell_qualifiers[qualifier.lower()] if qualifier else Qualifier.exact,
        match.group("percent") is not None,
    )


def currency_of(cell_text: str, rules: GridRules) -> str | None:
    """The currency sign a figure cell opens with ("$13,829,000,000"), else None."""
    match = figure_match(cell_text, rules)
    return match.group("currency") if match is not None else None


def is_ordinal(cell_text: str, rules: GridRules) -> bool:
    """A cell that holds an ordinal ("5th", "1st"): a place in a ranking."""
    match = figure_match(cell_text, rules)
    return match is not None and match.group("ordinal") is not None


def figure_of(cell: Cell) -> Cell:
    """The figure of a cell without the footnote marks after it ("2,505¹" -> "2,505")."""
    text = cell.text.rstrip(FOOTNOTE_MARKS).rstrip()
    return Cell(cell.start, cell.start + len(text), text)


def header_key(text: str) -> str:
    """A header reduced for look-up: lower case, no brackets, years or edge punctuation."""
    text = _BRACKETS.sub(" ", text.lower())
    words = [w for w in text.replace("*", " ").split() if not YEAR.match(w)]
    return " ".join(words).strip(" :.-|")


def header_year(text: str) -> str | None:
    """A year written in a header ("Grants 2023"): it dates that column only."""
    years = [w for w in re.split(r"[\s()]+", text) if YEAR.match(w)]
    return years[0] if len(years) == 1 else None


def header_role(text: str, rules: GridRules) -> Role | None:
    """Role of a column from its header alone; None when the header does not tell."""
    key = header_key(text)
    raw = text.strip().lower()
    if key in rules.rank_headers or raw in rules.rank_headers or key.startswith("ranking "):
        return Role.rank  # "Ranking amongst Japanese companies" too
    if key in rules.year_headers:
        return Role.year
    if key in rules.name_headers:
        return Role.name
    if key in rules.place_headers:
        return Role.name  # a country league table; `assign_roles` prefers a company column
    if key in rules.label_headers:
        return Role.label
    if (
        key in rules.change_headers
        or raw in rules.change_headers
        or any(key.startswith(w + " ") for w in rules.change_headers)
    ):
        return Role.change
    if key in rules.share_headers or key.startswith("share ") or (not key and "%" in raw):
        return Role.share
    if not key and YEAR.match(raw):
        return Role.count  # a year column ("2022", "2023") of counts
    if key:
        return Role.count if looks_counted(key, rules) else None
    return None


def looks_counted(key: str, rules: GridRules) -> bool:
    """A header that names counted things ("Grants", "PCT applications", "Count")."""
    return (
        key in rules.count_headers
        or key.split()[-1] in rules.generic_count_headers
        or any(key.endswith(" " + phrase) or key == phrase for phrase in rules.count_headers)
    )


def cell_at(text: str, start: int, end: int) -> Cell:
    """A cell with its edge spaces trimmed (offsets follow)."""
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    return Cell(start + left, start + max(left, right), piece.strip())
