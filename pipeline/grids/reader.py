"""Grids: find the tables and lists of a text and work out what each column holds.

Rankings put their figures in rows, not sentences, and the parser reads a row as nonsense
("1 IBM 9,043 2 Samsung ..."). This stage reads them as rows and columns instead, from the
text with line breaks kept, in four forms:

- text tables: a header row, then one row a line, cells split by `|`, tabs or runs of spaces
  (markdown tables, and HTML tables, which `inputs.html_to_text` writes as pipe rows);
- rows flattened onto one line by a scraper ("Rank Grants Assignee 1 8120 Acme Corp 2 ...");
- numbered and bulleted lists whose items are a name and a figure ("1. Huawei - 3,410").

A Grid keeps the character offsets of every cell, so each claim made from it stays traceable.
Prose enumerations ("followed by ZTE with 2,905") are sentences: see `pipeline/extraction/enumerations.py`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict

from models.vocab import Metric, Qualifier
from pipeline.reading.clean import Block, BlockKind
from pipeline.rules.loading import read_table

_NUMBER = r"[+\-\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"  # U+2212: a typeset minus
_FOOTNOTE_MARKS = "*¹²³⁴⁵⁶⁷⁸⁹⁰†‡§"  # "2,505¹", "IBM*": marks that refer to a note below
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_SPACE_RUN = re.compile(r"\S+(?: \S+)*")  # cells of a row aligned by runs of 2+ spaces
_TAB_CELL = re.compile(r"[^\t]+")
_WORD = re.compile(r"\S+")
_DIGIT_RUN = re.compile(r"\d+")
_LIST_ITEM = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?P<rank>\d{1,3})[.)]|#(?P<hash>\d{1,3})|(?P<bullet>[-*•·▪●]))[ \t]+(?P<body>\S.*?)\s*$"
)
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_BRACKETED_SHARE = re.compile(r"\(\s*(\d{1,3}(?:\.\d+)?\s*%)\s*\)")  # "2,905 families (9.1%)"
_TRAILING_BRACKET = re.compile(r"\s*\([^()]*\)$")


class GridRules(BaseModel):
    """The typed `grids.json` table: header words, cell qualifiers, row names that are not
    organisations and the caption words that make a ranking."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rank_headers: frozenset[str]
    name_headers: frozenset[str]
    place_headers: frozenset[str]
    label_headers: frozenset[str]
    share_headers: frozenset[str]
    change_headers: frozenset[str]
    count_headers: dict[str, tuple[str, Metric, Literal["granted", "active", "in_force"] | None]]
    generic_count_headers: frozenset[str]
    cell_qualifiers: dict[str, Qualifier]
    not_names: frozenset[str]
    not_name_prefixes: tuple[str, ...]
    intro_cues: tuple[str, ...]
    ranked_cues: tuple[str, ...]
    name_joiners: frozenset[str]
    magnitudes: frozenset[str]
    legal_suffixes: tuple[str, ...]
    lowercase_brands: frozenset[str]
    office_names: dict[str, str]
    place_adjectives: dict[str, str]
    place_adjective_heads: frozenset[str]
    enumeration_links: frozenset[str]
    enumeration_cues: tuple[str, ...]

    def is_not_name(self, name: str) -> bool:
        """A row label that names no organisation: "Total", "All other applicants"."""
        lower = " ".join(name.strip(" *_:" + _FOOTNOTE_MARKS).lower().split())
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
    def cell_value(self) -> re.Pattern[str]:
        """A whole cell holding one figure: optional qualifier, sign, number, percent sign."""
        words = sorted(self.cell_qualifiers, key=len, reverse=True)
        qualifier = "|".join(re.escape(w) for w in words)
        return re.compile(
            rf"^(?:(?P<qualifier>{qualifier})\s*)?(?P<number>{_NUMBER})\s*(?P<percent>%|percent|pct)?$",
            re.IGNORECASE,
        )


def load_grid_rules() -> GridRules:
    """Read and validate `grids.json`; a bad entry fails here, at start-up."""
    table = {k: v for k, v in read_table("grids.json").items() if not k.startswith("_")}
    return GridRules.model_validate(table)


class Role(StrEnum):
    """What a column holds."""

    rank = "rank"
    name = "name"
    count = "count"
    share = "share"
    change = "change"
    label = "label"


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

    def masked(self) -> list[tuple[int, int]]:
        """Characters the sentence parser must not see: the whole row, except a list item's
        tail, whose dates and places the taggers still read ("EPO applications (2023)")."""
        if self.tail is None:
            return [(self.start, self.end)]
        return [(self.start, self.tail.start), (self.tail.end, self.end)]


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


def number_of(cell_text: str, rules: GridRules) -> tuple[float, Qualifier, bool] | None:
    """(value, qualifier, is_percent) of a cell that holds one figure, else None."""
    match = rules.cell_value.match(cell_text.strip().rstrip(_FOOTNOTE_MARKS).rstrip())
    if match is None:
        return None
    qualifier = match.group("qualifier")
    value = float(match.group("number").replace(",", "").replace("\u2212", "-"))
    return (
        value,
        rules.cell_qualifiers[qualifier.lower()] if qualifier else Qualifier.exact,
        match.group("percent") is not None,
    )


def figure_of(cell: Cell) -> Cell:
    """The figure of a cell without the footnote marks after it ("2,505¹" -> "2,505")."""
    text = cell.text.rstrip(_FOOTNOTE_MARKS).rstrip()
    return Cell(cell.start, cell.start + len(text), text)


def header_key(text: str) -> str:
    """A header reduced for look-up: lower case, no brackets, years or edge punctuation."""
    text = _BRACKETS.sub(" ", text.lower())
    words = [w for w in text.replace("*", " ").split() if not _YEAR.match(w)]
    return " ".join(words).strip(" :.-|")


def header_year(text: str) -> str | None:
    """A year written in a header ("Grants 2023"): it dates that column only."""
    years = [w for w in re.split(r"[\s()]+", text) if _YEAR.match(w)]
    return years[0] if len(years) == 1 else None


def header_role(text: str, rules: GridRules) -> Role | None:
    """Role of a column from its header alone; None when the header does not tell."""
    key = header_key(text)
    raw = text.strip().lower()
    if key in rules.rank_headers or raw in rules.rank_headers:
        return Role.rank
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
    if not key and _YEAR.match(raw):
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


# -- finding the grids -------------------------------------------------------------------------
def find_grids(text: str, blocks: tuple[Block, ...], rules: GridRules) -> list[Grid]:
    """Every table and list in the non-boilerplate blocks of `text` (line breaks kept)."""
    grids: list[Grid] = []
    for block in blocks:
        if block.kind is BlockKind.boilerplate:
            continue
        lines = list(lines_of(text, block.start, block.end))
        grids += text_tables(text, lines, rules)
        taken = [(g.start, g.end) for g in grids]
        grids += [g for g in lists(text, lines, rules) if not overlaps(g, taken)]
        taken = [(g.start, g.end) for g in grids]
        for start, end in lines:
            if any(s <= start < e for s, e in taken):
                continue
            grid = flattened_rows(text, start, end, rules)
            if grid is not None:
                grids.append(grid)
    # A list item split over blocks (items separated by blank lines) joins its neighbours.
    return merge_lists(sorted(grids, key=lambda g: g.start), text)


def lines_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of every line of text[start:end]."""
    spans = []
    position = start
    for line in text[start:end].split("\n"):
        spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def overlaps(grid: Grid, taken: list[tuple[int, int]]) -> bool:
    """Whether a grid overlaps any taken range."""
    return any(grid.start < end and start < grid.end for start, end in taken)


def split_cells(text: str, start: int, end: int) -> tuple[str, list[Cell]] | None:
    """The separator kind and cells of one line, or None when it is not a row."""
    line = text[start:end]
    if line.count("|") >= 2 or (line.strip().startswith("|") and line.count("|") >= 1):
        cells = []
        position = start
        for piece in line.split("|"):
            cells.append(cell_at(text, position, position + len(piece)))
            position += len(piece) + 1
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = cells[1:]
        if stripped.endswith("|"):
            cells = cells[:-1]
        return "pipe", cells
    if "\t" in line.strip():
        return "tab", [
            cell_at(text, start + m.start(), start + m.end()) for m in _TAB_CELL.finditer(line)
        ]
    if "  " in line.strip():
        pieces = list(_SPACE_RUN.finditer(line.replace("\t", " ")))
        if len(pieces) >= 2:
            return "spaces", [cell_at(text, start + m.start(), start + m.end()) for m in pieces]
    return None


def cell_at(text: str, start: int, end: int) -> Cell:
    """A cell with its edge spaces trimmed (offsets follow)."""
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    return Cell(start + left, start + max(left, right), piece.strip())


def text_tables(text: str, lines: list[tuple[int, int]], rules: GridRules) -> list[Grid]:
    """Runs of consecutive lines split the same way, with a header row or numbered rows."""
    grids = []
    run: list[tuple[str, list[Cell], int, int]] = []
    for start, end in [*lines, (-1, -1)]:
        split = None
        if start >= 0:
            if _SEPARATOR_ROW.match(text[start:end]) and run:
                continue  # markdown |---| line: part of the table
            split = split_cells(text, start, end)
        if split is not None and (not run or run[0][0] == split[0]):
            run.append((split[0], split[1], start, end))
            continue
        if len(run) >= 3 or (len(run) >= 2 and run[0][0] == "pipe"):
            grid = table_from_rows(run, rules)
            if grid is not None:
                grids.append(grid)
        run = [(split[0], split[1], start, end)] if split is not None else []
    return grids


def table_from_rows(run: list[tuple[str, list[Cell], int, int]], rules: GridRules) -> Grid | None:
    """A Grid from consecutive rows: caption, header, columns and data rows."""
    form = run[0][0]
    rows = [(cells, start, end) for _, cells, start, end in run]
    caption = None
    if len([c for c in rows[0][0] if c.text]) == 1 and len(rows) > 2:
        only = next(c for c in rows[0][0] if c.text)
        if number_of(only.text, rules) is None:
            caption, rows = only, rows[1:]
    width = Counter(len(cells) for cells, _, _ in rows).most_common(1)[0][0]
    if width < 2:
        return None
    rows = [r for r in rows if len(r[0]) == width]
    header_cells = rows[0][0]
    is_header = any(c.text and number_of(c.text, rules) is None for c in header_cells) and all(
        number_of(c.text, rules) is None or _YEAR.match(c.text) for c in header_cells
    )
    data = rows[1:] if is_header else rows
    numeric_rows = [r for r in data if any(number_of(c.text, rules) for c in r[0])]
    if len(numeric_rows) < 2:
        return None
    columns = assign_roles(header_cells if is_header else None, [r[0] for r in data], rules)
    if not any(c.role is Role.name for c in columns):
        return None
    body = tuple(Row(tuple(cells), start, end) for cells, start, end in data)
    return Grid(
        kind="table",
        form=form,  # type: ignore[arg-type]
        start=run[0][2],
        end=run[-1][3],
        columns=columns,
        rows=body,
        caption=caption,
    )


def assign_roles(
    header: list[Cell] | None, rows: list[list[Cell]], rules: GridRules
) -> tuple[Column, ...]:
    """Each column's role: from its header, else from its cells."""
    width = len(rows[0])
    roles: list[Role | None] = [
        header_role(header[i].text, rules) if header is not None else None for i in range(width)
    ]
    for i in range(width):
        if roles[i] is not None:
            continue
        cells = [row[i].text for row in rows if row[i].text]
        numbers = [number_of(c, rules) for c in cells]
        if cells and all(n is not None for n in numbers):
            values = [n[0] for n in numbers if n is not None]
            if values == list(range(1, len(values) + 1)) or (
                i == 0
                and all(v == int(v) and 0 < v <= 1000 for v in values)
                and values == sorted(values)
            ):
                roles[i] = Role.rank
            elif all(n[2] for n in numbers if n is not None):
                signed = all(c.lstrip()[:1] in "+-" for c in cells)
                roles[i] = Role.change if signed else Role.share
            else:
                roles[i] = Role.count
        elif cells and sum(n is None for n in numbers) > len(cells) / 2:
            roles[i] = Role.name
        else:
            roles[i] = Role.label
    names = [i for i, r in enumerate(roles) if r is Role.name]
    if not names:  # "Country of origin" alone: the label column of words names the rows
        names = [
            i
            for i, r in enumerate(roles)
            if r is Role.label
            and sum(number_of(row[i].text, rules) is None for row in rows) > len(rows) / 2
        ][:1]
        roles = [Role.name if i in names else r for i, r in enumerate(roles)]
    if len(names) > 1:  # "Company | Country": the company is the row's organisation
        keep = next(
            (
                i
                for i in names
                if header is None or header_key(header[i].text) not in rules.place_headers
            ),
            names[0],
        )
        roles = [Role.label if (r is Role.name and i != keep) else r for i, r in enumerate(roles)]
    return tuple(
        Column(role or Role.label, header[i] if header is not None else None)
        for i, role in enumerate(roles)
    )


def lists(text: str, lines: list[tuple[int, int]], rules: GridRules) -> list[Grid]:
    """Runs of two or more list items that each pair a name with a figure."""
    items = [row for start, end in lines if (row := list_item(text, start, end, rules))]
    grids = []
    run: list[Row] = []
    for item in [*items, None]:
        if item is not None and (not run or adjacent(text, run[-1].end, item.start)):
            run.append(item)
            continue
        if len(run) >= 2:
            grids.append(list_grid(run))
        run = [item] if item is not None else []
    return grids


def adjacent(text: str, end: int, start: int) -> bool:
    """Two items with only white space (at most one blank line) between them."""
    between = text[end:start]
    return not between.strip() and between.count("\n") <= 2


def list_item(text: str, start: int, end: int, rules: GridRules) -> Row | None:
    """A list item "1. Huawei - 3,410", "- ZTE: 2,905 families", "• Kestrel Inc., +412%"."""
    line = text[start:end]
    match = _LIST_ITEM.match(line)
    if match is None:
        return None
    body_start = start + match.start("body")
    body = match.group("body")
    rank_group = "rank" if match.group("rank") else "hash" if match.group("hash") else None
    for separator in re.finditer(r"\s*(?::|\s[-–—]\s|,|\(|\s)\s*", body):
        name = body[: separator.start()].strip()
        rest = body[separator.end() :]
        value = re.match(
            rf"(?:(?:{'|'.join(re.escape(q) for q in rules.cell_qualifiers)})\s*)?{_NUMBER}(?:\s*%)?",
            rest,
            re.IGNORECASE,
        )
        if not name or value is None:
            continue
        name = _TRAILING_BRACKET.sub("", name)  # "Huawei Technologies (China)": a label
        after = rest[value.end() :]
        if after[:1].isalnum() and not after[:1].isspace() and not after.startswith(("%",)):
            continue  # "3,410x" or a number glued to a word
        if not plausible_name(name, rules) and not rules.is_not_name(name):
            return None  # "All others: 10,132" stays a row of the list, without claims
        after_start = body_start + separator.end() + value.end()
        share_cell = None
        share = _BRACKETED_SHARE.search(after)
        if share is not None and number_of(value.group(), rules) is not None:
            share_cell = cell_at(text, after_start + share.start(1), after_start + share.end(1))
            after = after[: share.start()] + " " * len(share.group()) + after[share.end() :]
        tail = after.strip(" )].;")
        if tail.split(" ", 1)[0].lower() in rules.magnitudes:
            return None  # "RMB 21.6 billion invested": money in a sentence, not an item
        if len(tail) > 60 or len(name) > 80:
            return None  # a sentence in a bullet: the sentence reader takes it
        name_start = body_start
        value_start = body_start + separator.end() + value.start()
        value_cell = cell_at(text, value_start, value_start + len(value.group()))
        rank_cell = None
        if rank_group:
            rank_cell = Cell(
                start + match.start(rank_group),
                start + match.end(rank_group),
                match.group(rank_group),
            )
        name_cell = Cell(name_start, name_start + len(name), name)
        cells = (rank_cell, name_cell, value_cell, share_cell)
        tail_start = value_cell.end + after.find(tail) if tail else value_cell.end
        tail_cell = Cell(tail_start, tail_start + len(tail), tail) if tail else None
        return Row(cells, start, end, tail=tail_cell)
    return None


def plausible_name(name: str, rules: GridRules) -> bool:
    """A row name that can be an organisation: capitalised words (joined by "of", "and", ...),
    no leading digits, not "Total" or a currency ("RMB 21.6 billion" is money, not a row)."""
    stripped = name.strip(" *_:")
    words = stripped.split()
    if stripped.lower() in rules.lowercase_brands:
        return True  # "vivo"
    return (
        bool(words)
        and len(words) <= 10
        and stripped[0].isupper()
        and not any(ch.isdigit() for ch in stripped[:2])
        and not rules.is_not_name(stripped)
        and all(
            w[:1].isupper() or w[:1].isdigit() or w.lower() in rules.name_joiners for w in words
        )
    )


def list_grid(rows: list[Row]) -> Grid:
    """A list as a grid: rank (numbered lists only), name, figure, share in brackets."""
    columns = (Column(Role.rank), Column(Role.name), Column(Role.count), Column(Role.share))
    return Grid(
        kind="list",
        form="list",
        start=rows[0].start,
        end=rows[-1].end,
        columns=columns,
        rows=tuple(rows),
    )


def merge_lists(grids: list[Grid], text: str) -> list[Grid]:
    """Lists of the same shape separated only by a blank line are one list."""
    merged: list[Grid] = []
    for grid in grids:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.kind == grid.kind == "list"
            and adjacent(text, previous.end, grid.start)
        ):
            merged[-1] = replace(previous, end=grid.end, rows=previous.rows + grid.rows)
        else:
            merged.append(grid)
    return merged


# -- flattened rows ------------------------------------------------------------------------------
def flattened_rows(text: str, start: int, end: int, rules: GridRules) -> Grid | None:
    """ "Rank Grants Assignee 1 8120 Acme Corp 2 5307 Borealis Electronics Co Ltd ...": a header
    of known column words, then rows read column by column; at least three rows."""
    if len(_DIGIT_RUN.findall(text, start, end)) < 3:
        return None  # three rows need a figure each
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]
    firsts = rules.header_first_words
    for index in range(len(words)):
        if words[index][2].lower().strip(":") not in firsts:
            continue
        parsed = header_at(words, index, rules)
        if parsed is None:
            continue
        header, first_row = parsed
        rows = read_flat_rows(text, words, first_row, header, rules)
        if len(rows) >= 3:
            columns = tuple(Column(header_role(h.text, rules) or Role.label, h) for h in header)
            return Grid(
                kind="table",
                form="flat",
                start=header[0].start,
                end=rows[-1].end,
                columns=columns,
                rows=tuple(rows),
            )
    return None


def header_at(
    words: list[tuple[int, int, str]], index: int, rules: GridRules
) -> tuple[list[Cell], int] | None:
    """Header cells starting at words[index] and the index of the first row, if a header of two
    or more known column phrases (one of them a name column) starts there."""
    cells: list[Cell] = []
    position = index
    while position < len(words):
        _, end, word = words[position]
        if number_of(word, rules) is not None:
            following = words[position + 1][2] if position + 1 < len(words) else ""
            if (
                _YEAR.match(word)
                and cells
                and (
                    number_of(following, rules) is not None or phrase_at(words, position + 1, rules)
                )
            ):  # "Grants 2023 1 IBM ...", "Patents 2023 Patents 2022 1 ...": a header's year
                last = cells[-1]
                cells[-1] = Cell(last.start, end, f"{last.text} {word}")
                position += 1
                continue
            break
        size = phrase_at(words, position, rules)
        if not size:
            return None
        chunk = words[position : position + size]
        cells.append(Cell(chunk[0][0], chunk[-1][1], " ".join(w[2] for w in chunk)))
        position += size
        if len(cells) > 6:
            return None
    roles = [header_role(c.text, rules) for c in cells]
    if len(cells) < 2 or Role.name not in roles or position >= len(words):
        return None
    if not (Role.rank in roles or Role.count in roles or Role.share in roles):
        return None
    return cells, position


def phrase_at(words: list[tuple[int, int, str]], position: int, rules: GridRules) -> int:
    """Length in words of the known header phrase at `position` (longest first), else 0."""
    for size in (3, 2, 1):  # "PCT applications" before "applications"
        chunk = words[position : position + size]
        if (
            len(chunk) == size
            and " ".join(w[2] for w in chunk).lower().strip(":") in rules.header_phrases
        ):
            return size
    return 0


def name_end(
    words: list[tuple[int, int, str]], position: int, rules: GridRules
) -> tuple[int, bool]:
    """Index of the last word of a name cell starting at `position`: the word before the next
    figure; at the end of the rows (no figure follows soon), the word that ends with punctuation
    or the sixth word, so that the sentence after a flattened table is not taken as a name."""
    for ahead in range(position, min(len(words), position + 9)):
        if number_of(words[ahead][2], rules) is not None:
            return ahead - 1, False
    for ahead in range(position, min(len(words), position + 6)):
        if words[ahead][2].endswith((".", ",", ";", ":")):
            return ahead, True
    return min(len(words), position + 6) - 1, False


def read_flat_rows(
    text: str,
    words: list[tuple[int, int, str]],
    position: int,
    header: list[Cell],
    rules: GridRules,
) -> list[Row]:
    """Rows read column by column; stops at the first word that does not fit."""
    roles = [header_role(h.text, rules) for h in header]
    rows: list[Row] = []
    expected_rank = 1
    while position < len(words):
        cells: list[Cell] = []
        cursor = position
        for role in roles:
            if cursor >= len(words):
                break
            start, end, word = words[cursor]
            number = number_of(word, rules)
            if role is Role.name:
                if number is not None:
                    break
                last, ends_sentence = name_end(words, cursor, rules)
                name = text[start : words[last][1]]
                if ends_sentence:  # "... 3 4411 Kestrel KK. The list shows ..."
                    name = name.rstrip(".,;:")
                cells.append(Cell(start, start + len(name), name))
                cursor = last + 1
            else:
                if number is None or (role is Role.rank and number[0] != expected_rank):
                    break
                cells.append(Cell(start, end, word))
                cursor += 1
        if len(cells) != len(roles):
            break
        rows.append(Row(tuple(cells), cells[0].start, cells[-1].end))
        expected_rank += 1
        position = cursor
    return rows
