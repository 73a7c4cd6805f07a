"""Numbered and bulleted lists whose items pair a name with a figure ("1. Huawei - 3,410",
"- ZTE: 2,905 families (9.1%)")."""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.grids.cells import Cell, Column, Grid, Role, Row, cell_at, number_of
from pipeline.rules.grid_table import GridRules

_LIST_ITEM = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?P<rank>\d{1,3})[.)]|#(?P<hash>\d{1,3})|(?P<bullet>[-*•·▪●]))[ \t]+(?P<body>\S.*?)\s*$"
)
# A line of a name and its figure with no list mark ("Tencent 2,074" under "Number of patents"):
# an item only in a run of UNMARKED_RUN such lines, as scrapers write a two-column table.
_UNMARKED_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<body>[^\W\d_].*?)\s*$")
UNMARKED_RUN = 3
_SEPARATOR = re.compile(r"\s*(?::|\s[-–—]\s|,|\(|\s)\s*")  # between an item's name and figure
_DIGIT = re.compile(r"\d")
_BRACKETED_SHARE = re.compile(r"\(\s*(\d{1,3}(?:\.\d+)?\s*%)\s*\)")  # "2,905 families (9.1%)"
_TRAILING_BRACKET = re.compile(r"\s*\([^()]*\)$")


def lists(text: str, lines: list[tuple[int, int]], rules: GridRules) -> list[Grid]:
    """Runs of two or more list items that each pair a name with a figure."""
    items = [row for start, end in lines if (row := list_item(text, start, end, rules))]
    grids = runs_of(text, items, 2)
    taken = [(g.start, g.end) for g in grids]
    unmarked = [
        row
        for start, end in lines
        if not any(s <= start < e for s, e in taken)
        and (row := list_item(text, start, end, rules, marked=False))
    ]
    return sorted([*grids, *runs_of(text, unmarked, UNMARKED_RUN)], key=lambda g: g.start)


def runs_of(text: str, items: list[Row], least: int) -> list[Grid]:
    """Lists of at least `least` adjacent items."""
    grids = []
    run: list[Row] = []
    for item in [*items, None]:
        if item is not None and (not run or adjacent(text, run[-1].end, item.start)):
            run.append(item)
            continue
        if len(run) >= least:
            grids.append(list_grid(run))
        run = [item] if item is not None else []
    return grids


def adjacent(text: str, end: int, start: int) -> bool:
    """Two items with only white space (at most one blank line) between them."""
    between = text[end:start]
    return not between.strip() and between.count("\n") <= 2


def list_item(text: str, start: int, end: int, rules: GridRules, marked: bool = True) -> Row | None:
    """A list item "1. Huawei - 3,410", "- ZTE: 2,905 families", "• Kestrel Inc., +412%"; with
    `marked` False, a line of a name and its figure alone ("Tencent 2,074")."""
    line = text[start:end]
    match = (_LIST_ITEM if marked else _UNMARKED_ITEM).match(line)
    if match is None:
        return None
    body_start = start + match.start("body")
    body = match.group("body")
    groups = match.groupdict()
    rank_group = "rank" if groups.get("rank") else "hash" if groups.get("hash") else None
    if not marked and _DIGIT.search(body) is None:
        return None  # no figure: most lines of prose
    for separator in _SEPARATOR.finditer(body):
        name = body[: separator.start()].strip()
        rest = body[separator.end() :]
        value = rules.item_value.match(rest)
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
        if not marked and (tail or not plausible_name(name, rules)):
            return None  # without a mark, a line is an item only if it is a name and a figure
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
