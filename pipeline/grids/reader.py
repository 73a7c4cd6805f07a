"""Grids: find the tables and lists of a text and work out what each column holds.

Rankings put their figures in rows, not sentences, and the parser reads a row as nonsense
("1 IBM 9,043 2 Samsung ..."). This stage reads them as rows and columns instead, from the
text with line breaks kept, in four forms:

- text tables: a header row, then one row a line, cells split by `|`, tabs or runs of spaces
  (markdown tables, and HTML tables, which `inputs.html_to_text` writes as pipe rows);
- tables scraped one cell a line, or one cell a paragraph;
- rows flattened onto one line by a scraper ("Rank Grants Assignee 1 8120 Acme Corp 2 ...");
- numbered and bulleted lists whose items are a name and a figure ("1. Huawei - 3,410").

A Grid keeps the character offsets of every cell, so each claim made from it stays traceable.
Prose enumerations ("followed by ZTE with 2,905") are sentences: see `pipeline/extraction/enumerations.py`.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.grids.cells import (
    YEAR,
    Cell,
    Column,
    Grid,
    Role,
    Row,
    cell_at,
    figure_match,
    header_key,
    header_role,
    is_ordinal,
    number_of,
)
from pipeline.grids.flat import flattened_rows
from pipeline.grids.lists import inline_lists, lists, merge_lists
from pipeline.reading.clean import Block, BlockKind
from pipeline.rules.grid_table import GridRules

_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_SPACE_RUN = re.compile(r"\S+(?: \S+)*")  # cells of a row aligned by runs of 2+ spaces
_TAB_CELL = re.compile(r"[^\t]+")
MIN_RUN = 8  # cells, one a line or a paragraph, that can make a table


def find_grids(text: str, blocks: tuple[Block, ...], rules: GridRules) -> list[Grid]:
    """Every table and list in the non-boilerplate blocks of `text` (line breaks kept)."""
    grids: list[Grid] = []
    for block in blocks:
        if block.kind is BlockKind.boilerplate:
            continue
        lines = list(lines_of(text, block.start, block.end))
        grids += text_tables(text, lines, rules)
        grids += one_cell_a_line(text, lines, rules)
        taken = [(g.start, g.end) for g in grids]
        grids += [g for g in lists(text, lines, rules) if not overlaps(g, taken)]
        taken = [(g.start, g.end) for g in grids]
        grids += [g for g in inline_lists(text, lines, rules) if not overlaps(g, taken)]
        taken = [(g.start, g.end) for g in grids]
        for start, end in lines:
            if any(s <= start < e for s, e in taken):
                continue
            grid = flattened_rows(text, start, end, rules, following_end=block.end)
            if grid is not None:
                grids.append(grid)
                taken.append((grid.start, grid.end))
        grids += [g for g in cell_lines(text, lines, rules) if not overlaps(g, taken)]
    taken = [(g.start, g.end) for g in grids]
    grids += [g for g in cell_paragraphs(text, blocks, rules) if not overlaps(g, taken)]
    # A list item split over blocks (items separated by blank lines) joins its neighbours.
    return merge_lists(sorted(grids, key=lambda g: g.start), text)


def one_cell_a_line(text: str, lines: list[tuple[int, int]], rules: GridRules) -> list[Grid]:
    """A table scraped one cell a line, the bar before each cell ("|Company", "|2021 Patents",
    "|IBM", "|8,540", ...) or after it ("Company |"), read by `grid_of_cells`."""

    def cell(start: int, end: int) -> Cell | None:
        line = text[start:end]
        stripped = line.strip()
        if line.count("|") != 1 or stripped == "|":
            return None
        if stripped.startswith("|"):
            return cell_at(text, start + line.index("|") + 1, end)
        if stripped.endswith("|"):  # "Assignee entity |", "205 |": the bar after the cell
            return cell_at(text, start, start + line.index("|"))
        return None

    return tables_of_runs([cell(start, end) for start, end in lines], rules)


def tables_of_runs(cells: list[Cell | None], rules: GridRules) -> list[Grid]:
    """The tables of the runs of at least MIN_RUN cells in `cells` (None ends a run)."""
    grids = []
    run: list[Cell] = []
    for found in [*cells, None]:
        if found is not None:
            run.append(found)
            continue
        grid = grid_of_cells(run, rules) if len(run) >= MIN_RUN else None
        if grid is not None:
            grids.append(grid)
        run = []
    return grids


def grid_of_cells(cells: list[Cell], rules: GridRules) -> Grid | None:
    """The table of a run of cells, one a line, when a width makes regular rows of it. The
    header is a row of words ("Company", "2021 Patents"), or of years alone when the corner cell
    above the names was empty and the scraper dropped it ("2021", "2022", "2023", "IBM", ...),
    maybe after a caption cell ("Applications by applicant"). Of the widths that make regular
    rows, the one that reads the most cells wins ("#", "Assignee", "Transactions" is three
    columns, though two also make two rows)."""
    # a cell's kind: "" for words, "n" for a figure, "o" for an ordinal ("5th"); rows repeat
    # the kinds of the first row
    matches = [figure_match(c.text, rules) for c in cells]
    numeric = [("" if m is None else "o" if m.group("ordinal") else "n") for m in matches]
    years = [bool(YEAR.match(c.text)) for c in cells]
    best: tuple[int, Grid] | None = None
    for skip in (0, 1):
        if skip and numeric[0]:
            break
        caption = [("pipe", cells[:1], cells[0].start, cells[0].end)] if skip else []
        for width in range(2, 9):
            for cornerless in (False, True):
                size = width - 1 if cornerless else width
                first = skip + size  # where the rows begin
                header = cells[skip:first]
                shape = numeric[first : first + width]
                if len(header) < size or not any(shape) or (cornerless and shape[0]):
                    continue
                if cornerless:
                    if not all(years[skip:first]):
                        continue
                    header = [Cell(header[0].start, header[0].start, ""), *header]
                elif any(numeric[skip:first]):
                    continue
                body = cells[first:]
                chunks = []
                for i in range(0, len(body) - width + 1, width):
                    if numeric[first + i : first + i + width] != shape:
                        break  # a note under the table ("Source: ...") ends its rows
                    chunks.append(body[i : i + width])
                if any(all(years[first + i + k] for k in range(width) if shape[k])
                       for i in range(0, len(chunks) * width, width)):  # fmt: skip
                    continue  # a row of years is a header: the rows were read out of step
                if len(chunks) < 2:
                    continue
                covered = len(chunks) * width
                if best is not None and covered <= best[0]:
                    continue  # the width that reads the most cells as rows wins
                run = [*caption, ("pipe", header, header[0].start, header[-1].end)]
                run += [("pipe", chunk, chunk[0].start, chunk[-1].end) for chunk in chunks]
                grid = table_from_rows(run, rules)
                if grid is not None:
                    best = (covered, grid)
    return best[1] if best is not None else None


def cell_paragraphs(text: str, blocks: tuple[Block, ...], rules: GridRules) -> list[Grid]:
    """A table scraped one cell a paragraph (every cell a block of its own, "2021", blank line,
    "2022", blank line, ..., "Samsung Electronics", "6,204", ...): runs of one-line blocks short
    enough to be cells, read as a table scraped one cell a line is read."""

    def cell(block: Block) -> Cell | None:
        if block.kind is BlockKind.boilerplate:
            return None
        return short_cell(text, block.start, block.end, rules)

    return tables_of_runs([cell(block) for block in blocks], rules)


def cell_lines(text: str, lines: list[tuple[int, int]], rules: GridRules) -> list[Grid]:
    """A table scraped one cell a line without marks, inside one paragraph ("2018", "2019",
    ..., "Decision to Grant Patent", "205,711", ...): read as `cell_paragraphs` reads blocks."""
    return tables_of_runs([short_cell(text, start, end, rules) for start, end in lines], rules)


def short_cell(text: str, start: int, end: int, rules: GridRules) -> Cell | None:
    """text[start:end] as a table cell, if it is one line short enough and not a sentence."""
    line = text[start:end].strip()
    sentence = line.endswith((".", "!", "?")) and number_of(line, rules) is None
    if not line or "\n" in line or len(line) > rules.paragraph_cell_length or sentence:
        return None
    return cell_at(text, start, end)


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
    is_header = all(
        number_of(c.text, rules) is None or YEAR.match(c.text) for c in header_cells
    ) and (
        any(c.text and number_of(c.text, rules) is None for c in header_cells)
        or (not header_cells[0].text and all(YEAR.match(c.text) for c in header_cells[1:]))
    )  # words, or years over the columns beside an empty corner ("| | 2022 | 2023 |")
    data = rows[1:] if is_header else rows
    numeric_rows = [r for r in data if any(number_of(c.text, rules) for c in r[0])]
    if len(numeric_rows) < 2:
        return None
    columns = assign_roles(header_cells if is_header else None, [r[0] for r in data], rules)
    if not any(c.role in {Role.name, Role.year} for c in columns):
        return None
    body = tuple(Row(tuple(cells), start, end) for cells, start, end in data)
    return Grid(
        kind="table",
        form=form,  # type: ignore[arg-type]  # one of split_cells' three forms
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
            if all(is_ordinal(c, rules) for c in cells):
                roles[i] = Role.rank  # "5th", "3rd": places in a ranking
            elif i == 0 and all(YEAR.match(c) for c in cells) and len(set(cells)) == len(cells) > 1:
                roles[i] = Role.year  # "2023", "2022", ...: one organisation's years
            elif values == list(range(1, len(values) + 1)) or (
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
    if not names and Role.year in roles:
        return tuple(  # one organisation's figures by year: no column names an organisation
            Column(
                Role.label if r is Role.name else (r or Role.label), header[i] if header else None
            )
            for i, r in enumerate(roles)
        )
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
