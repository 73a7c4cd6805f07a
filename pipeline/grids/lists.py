"""Numbered and bulleted lists whose items pair a name with a figure ("1. Huawei - 3,410",
"- ZTE: 2,905 families (9.1%)", "- 3415 patents to IBM, headquartered in Armonk"), and lists of
names alone under an introduction that ranks them ("the top ten recipients were:")."""

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
_INNER_BRACKET = re.compile(r"\s*\([^()]*\)")  # a place or ticker inside a name
# A name ends an item's description ("Chinese technology company ZTE Corporation"): the last
# run of capitalised words before a bracket.
_CAPITALISED_RUN = re.compile(r"[A-Z][\w&.'-]*(?:\s+(?:[A-Z][\w&.'-]*|of|and|&|de))*")
_NAME_END = re.compile(r",|\s\(|\s[-–—]\s")
INTRO_CHARS = 400  # how far before a list of names its introduction may start
COUNT_CELL = 2  # a list row's cells: rank, name, count, share (`list_grid`)


def lists(text: str, lines: list[tuple[int, int]], rules: GridRules) -> list[Grid]:
    """Runs of two or more list items that each pair a name with a figure, and of three or more
    names alone when the text before them says they are ranked."""
    items = [row for start, end in lines if (row := list_item(text, start, end, rules))]
    grids = runs_of(text, [row for row in items if has_figure(row)], 2)
    taken = [(g.start, g.end) for g in grids]
    names = [r for r in items if not has_figure(r) and not any(s <= r.start < e for s, e in taken)]
    grids += [
        grid
        for grid in runs_of(text, names, 3)
        if ranks_its_rows(introduction(text, grid.start), rules)
    ]
    taken = [(g.start, g.end) for g in grids]
    unmarked = [
        row
        for start, end in lines
        if not any(s <= start < e for s, e in taken)
        and (row := list_item(text, start, end, rules, marked=False))
    ]
    return sorted([*grids, *runs_of(text, unmarked, UNMARKED_RUN)], key=lambda g: g.start)


# A number and a bracket that open an item inside a paragraph: "1) MIT: 278; 2) Stanford: 244"
_INLINE_MARK = re.compile(r"(?:(?<=[:;.])|^)\s*(?:and\s+)?(?P<rank>\d{1,3})\)\s+")
INLINE_RUN = 3  # items of a list inside a paragraph, at least


def inline_lists(text: str, lines: list[tuple[int, int]], rules: GridRules) -> list[Grid]:
    """Numbered lists written inside a paragraph, items parted by semicolons: "The top 10 ...
    includes: 1) The Regents of the University of California: 505 patents; 2) MIT: 278; ...
    and 10) Columbia University: 118." The numbers must run on (1, 2, 3, ...); items with
    figures make a list of their own, names alone one whose introduction ranks them."""
    grids = []
    for start, end in lines:
        marks = list(_INLINE_MARK.finditer(text, start, end))
        runs: list[list[re.Match[str]]] = []
        for mark in marks:
            number = int(mark.group("rank"))
            if runs and int(runs[-1][-1].group("rank")) + 1 == number:
                runs[-1].append(mark)
            else:
                runs.append([mark])
        for run in (r for r in runs if len(r) >= INLINE_RUN):
            rows = []
            for i, mark in enumerate(run):
                last = i + 1 == len(run)
                item_start = mark.start("rank")
                piece = text[item_start : end if last else run[i + 1].start()]
                # an item ends at its semicolon; the last one at the sentence's full stop
                item = piece.split(". " if last else ";", 1)[0].rstrip(" .")
                row = list_item(text, item_start, item_start + len(item), rules)
                if row is not None:
                    rows.append(row)
            figures = [r for r in rows if has_figure(r)]
            counted = len(figures) == len(rows) >= INLINE_RUN - 1
            names = not figures and len(rows) >= INLINE_RUN
            if counted or (names and ranks_its_rows(lead_in(text, start, rows[0].start), rules)):
                grids.append(list_grid(rows))
    return grids


def lead_in(text: str, start: int, end: int) -> str:
    """The sentence that introduces a list inside a paragraph ("The top 10 non-US universities
    include:"): from the last full stop before the list."""
    before = text[start:end]
    return before[before.rfind(". ") + 1 :].strip()  # the whole of it when no stop is found


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
    rank_cell = None
    if rank_group:
        rank_cell = Cell(
            start + match.start(rank_group), start + match.end(rank_group), match.group(rank_group)
        )
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
        bare = _INNER_BRACKET.sub("", name)  # "Tencent Technology (Shenzhen) Co., Ltd."
        if not plausible_name(bare, rules) and not rules.is_not_name(name):
            break  # "All others: 10,132" stays a row of the list, without claims
        after_start = body_start + separator.end() + value.end()
        share_cell = None
        share = _BRACKETED_SHARE.search(after)
        if share is not None and number_of(value.group(), rules) is not None:
            share_cell = cell_at(text, after_start + share.start(1), after_start + share.end(1))
            after = after[: share.start()] + " " * len(share.group()) + after[share.end() :]
        tail = after.strip(" )].;")
        if tail.split(" ", 1)[0].lower() in rules.magnitudes:
            break  # "RMB 21.6 billion invested": money in a sentence, not an item
        if len(tail) > 60 or len(name) > 80:
            break  # a sentence in a bullet: the sentence reader takes it
        if not marked and (tail or not plausible_name(name, rules)):
            break  # without a mark, a line is an item only if it is a name and a figure
        name_start = body_start
        value_start = body_start + separator.end() + value.start()
        value_cell = cell_at(text, value_start, value_start + len(value.group()))
        name_cell = Cell(name_start, name_start + len(name), name)
        cells = (rank_cell, name_cell, value_cell, share_cell)
        tail_start = value_cell.end + after.find(tail) if tail else value_cell.end
        tail_cell = Cell(tail_start, tail_start + len(tail), tail) if tail else None
        return Row(cells, start, end, tail=tail_cell)
    if not marked:
        return None
    return figure_first(text, body, body_start, rank_cell, start, end, rules) or name_only(
        body, body_start, rank_cell, start, end, rules
    )


def figure_first(
    text: str,
    body: str,
    body_start: int,
    rank_cell: Cell | None,
    start: int,
    end: int,
    rules: GridRules,
) -> Row | None:
    """An item that opens with its figure and names its owner after what it counts:
    "3415 patents to IBM, headquartered in Armonk" (what it counts is the row's tail)."""
    value = rules.item_value.match(body)
    if value is None:
        return None
    found = rules.figure_first.match(body, value.end())
    if found is None or not plausible_name(found.group("name"), rules):
        return None
    value_cell = cell_at(text, body_start + value.start(), body_start + value.end())
    name_cell = Cell(
        body_start + found.start("name"), body_start + found.end("name"), found.group("name")
    )
    tail = Cell(
        body_start + found.start("unit"), body_start + found.end("unit"), found.group("unit")
    )
    return Row((rank_cell, name_cell, value_cell, None), start, end, tail=tail)


def name_only(
    body: str, body_start: int, rank_cell: Cell | None, start: int, end: int, rules: GridRules
) -> Row | None:
    """An item that is a name and nothing else to count: "IBM", "NEC Corporation, headquartered
    in Tokyo"; numbered, also a description that ends with the name ("Chinese technology
    company ZTE Corporation (up 91% on 2015)"). Such items make a list only under an
    introduction that ranks them (`lists`)."""
    name = _NAME_END.split(body, 1)[0].strip()
    offset = body.find(name)
    if not plausible_name(name, rules) and rank_cell is not None:
        described = body.split(" (", 1)[0]
        runs = list(_CAPITALISED_RUN.finditer(described))
        if not runs or _DIGIT.search(described):
            return None
        name, offset = runs[-1].group(), runs[-1].start()
    if not name or _DIGIT.search(name) or not plausible_name(name, rules):
        return None
    name_cell = Cell(body_start + offset, body_start + offset + len(name), name)
    prose = Cell(body_start, body_start + len(body), body)
    return Row((rank_cell, name_cell, None, None), start, end, prose=prose)


def has_figure(row: Row) -> bool:
    """Whether a list item holds a figure of its own (not only its name and list number)."""
    return row.cells[COUNT_CELL] is not None


def introduction(text: str, start: int) -> str:
    """The paragraph before a list, up to INTRO_CHARS: where it says what its rows are."""
    before = text[max(0, start - INTRO_CHARS) : start]
    cut = before.rstrip().rfind("\n\n")
    return before[cut + 2 :] if cut >= 0 else before


def ranks_its_rows(context_text: str, rules: GridRules) -> bool:
    """Whether a caption or introduction says its rows are in rank order ("ranked by
    grants", "in descending order", "Top 10 ...", "Top Companies by Patents Issued")."""
    lower = f" {' '.join(re.sub(r'[:;,.()]', ' ', context_text.lower()).split())} "
    # "Top 10 ..." only in a caption or heading, not in a long sentence that mentions a top
    # ten ("the sole health care company to make the top 25 list")
    headings = [line for line in context_text.lower().splitlines() if len(line.strip()) <= 90]
    heads = "|".join(map(re.escape, rules.ranked_by_heads))
    if any(re.search(rf"\b(?:{heads})\b.*\sby\s", h) for h in headings):
        return True  # "Top Display Companies by Patents Issued"
    for cue in rules.ranked_cues:
        if cue == "top":
            if any(re.search(r"\btop\s+(?:\d+|ten|five|twenty)\b", h) for h in headings):
                return True
        elif f" {cue} " in lower:
            return True
    return False


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
