"""Rows flattened onto one line by a scraper: "Rank Grants Assignee 1 8120 Acme Corp 2 ..."."""

from __future__ import annotations

import re

from pipeline.grids.cells import YEAR, Cell, Column, Grid, Role, Row, header_role, number_of
from pipeline.rules.grid_table import GridRules

_WORD = re.compile(r"\S+")
_DIGIT_RUN = re.compile(r"\d+")
EMPTY_CELLS = frozenset({"-", "–", "—", "n/a", "N/A"})  # a cell with no figure in a row of figures


def flattened_rows(
    text: str, start: int, end: int, rules: GridRules, following_end: int | None = None
) -> Grid | None:
    """ "Rank Grants Assignee 1 8120 Acme Corp 2 5307 Borealis Electronics Co Ltd ...": a header
    of known column words, then rows read column by column; at least three rows. When the
    line is a header and nothing else ("Rank Company No. Patents"), its rows are the lines
    that follow, up to `following_end` ("1 IBM (U.S.) 7,534", one row a line, single spaces)."""
    first = _WORD.search(text, start, end)
    starts_header = (
        first is not None and first.group().lower().strip(":") in rules.header_first_words
    )
    if not starts_header and len(_DIGIT_RUN.findall(text, start, end)) < 3:
        return None  # three rows need a figure each (checked before the line is split)
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]
    if following_end is not None and starts_header:
        one_a_line = rows_below(text, words, end, following_end, rules)
        if one_a_line is not None:
            return one_a_line
    if following_end is not None:
        by_year = year_rows_below(text, words, end, following_end, rules)
        if by_year is not None:
            return by_year
    if following_end is not None and starts_header and header_at(words, 0, rules, whole=True):
        below = list(_WORD.finditer(text, end, following_end))
        words += [(m.start(), m.end(), m.group()) for m in below]
    if len(_DIGIT_RUN.findall(text, start, words[-1][1] if words else end)) < 3:
        return None  # three rows need a figure each
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
    words: list[tuple[int, int, str]],
    index: int,
    rules: GridRules,
    whole: bool = False,
    label_tail: bool = False,
) -> tuple[list[Cell], int] | None:
    """Header cells starting at words[index] and the index of the first row, if a header of two
    or more known column phrases (one of them a name column) starts there. With `label_tail`
    (and `whole`), the words after the known phrases are one more column whose header we do not
    know ("Company Patents Issued Average OTR5")."""
    cells: list[Cell] = []
    position = index
    while position < len(words):
        _, end, word = words[position]
        if number_of(word, rules) is not None:
            following = words[position + 1][2] if position + 1 < len(words) else ""
            if (
                YEAR.match(word)
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
        if not size and label_tail and whole and len(cells) >= 2:
            size = len(words) - position  # the rest of the line: one column not known
        if not size:
            return None
        chunk = words[position : position + size]
        cells.append(Cell(chunk[0][0], chunk[-1][1], " ".join(w[2] for w in chunk)))
        position += size
        if len(cells) > 6:
            return None
    roles = [header_role(c.text, rules) for c in cells]
    if len(cells) < 2 or Role.name not in roles or (position >= len(words)) != whole:
        return None  # `whole`: the header is the whole line, its rows follow
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


def rows_below(
    text: str,
    header_words: list[tuple[int, int, str]],
    header_end: int,
    following_end: int,
    rules: GridRules,
) -> Grid | None:
    """A header line that starts with its name column ("Company Patents Issued Average OTR5"),
    then one row a line, single spaces: the name, then one figure for each other column
    ("Acme Display Co., Ltd. 512 98.4"). At least three rows; the first line that does not fit
    ends them."""
    parsed = header_at(header_words, 0, rules, whole=True, label_tail=True)
    if parsed is None:
        return None
    header, _ = parsed
    roles = [header_role(h.text, rules) for h in header]
    if roles[0] is not Role.name or Role.name in roles[1:] or Role.rank in roles:
        return None
    return table_of_lines(text, header, roles, header_end, following_end, 3, rules)


def table_of_lines(
    text: str,
    header: list[Cell],
    roles: list[Role | None],
    header_end: int,
    following_end: int,
    least: int,
    rules: GridRules,
    ranked: bool = False,
) -> Grid | None:
    """The table of a header line and the rows one a line below it, if at least `least` rows
    fit (a column whose role the header does not tell is a label); `ranked` rows start with
    their rank."""
    figures = len(header) - (2 if ranked else 1)
    rows = lines_of_rows(text, header_end, following_end, figures, rules, ranked)
    if len(rows) < least:
        return None
    columns = tuple(Column(role or Role.label, h) for role, h in zip(roles, header, strict=True))
    return Grid(
        kind="table", form="flat", start=header[0].start, end=rows[-1].end,
        columns=columns, rows=tuple(rows),
    )  # fmt: skip


def span_cell(text: str, words: list[tuple[int, int, str]]) -> Cell:
    """One cell of a run of words, as written between them."""
    return Cell(words[0][0], words[-1][1], text[words[0][0] : words[-1][1]])


def lines_of_rows(
    text: str,
    header_end: int,
    following_end: int,
    figures: int,
    rules: GridRules,
    ranked: bool = False,
) -> list[Row]:
    """The rows one a line after a header line: a name (capitalised), then `figures` figures
    (a dash for an empty cell); with `ranked`, the row's rank before its name ("14 Cisco - 13
    6 7 10 36", ties repeating a rank). The first line that does not fit ends them."""
    rows: list[Row] = []
    line_start = header_end + 1
    while line_start < following_end:
        line_end = text.find("\n", line_start, following_end)
        line_end = following_end if line_end < 0 else line_end
        words = [
            (m.start(), m.end(), m.group()) for m in _WORD.finditer(text, line_start, line_end)
        ]
        line_start = line_end + 1
        lead = 1 if ranked else 0
        if len(words) <= figures + lead or any(
            number_of(word, rules) is None and word not in EMPTY_CELLS
            for _, _, word in words[-figures:]
        ):
            break
        if ranked and number_of(words[0][2], rules) is None:
            break
        name_words = words[lead:-figures]
        if number_of(name_words[0][2], rules) is not None or not name_words[0][2][:1].isupper():
            break
        name = span_cell(text, name_words)
        rank = (Cell(*words[0]),) if ranked else ()
        cells = (*rank, name, *(Cell(s, e, w) for s, e, w in words[-figures:]))
        rows.append(Row(cells, words[0][0], words[-1][1]))
    return rows


def year_rows_below(
    text: str,
    header_words: list[tuple[int, int, str]],
    header_end: int,
    following_end: int,
    rules: GridRules,
) -> Grid | None:
    """A header line of a label and years, maybe a change column after them ("Intellectual
    Property Right 2017 2018 ... 2022 Change 2021 to 2022 (%)"), then one row a line of a label
    and its figures ("Patents grants 6,311 5,982 ... 10,578 -2.9%"): IP offices' statistics
    flattened with single spaces."""
    first_year = next((i for i, w in enumerate(header_words) if YEAR.match(w[2])), None)
    if not first_year or any(number_of(w[2], rules) is not None for w in header_words[:first_year]):
        return None
    last_year = first_year
    while last_year + 1 < len(header_words) and YEAR.match(header_words[last_year + 1][2]):
        last_year += 1
    years = header_words[first_year : last_year + 1]
    if len(years) < 2:
        return None
    label = header_words[:first_year]
    ranked = len(label) > 1 and header_role(label[0][2], rules) is Role.rank
    if ranked:  # "No. Company Name 2006 ... 2010 Total" over "1 HP 8 13 20 17 17 75"
        header = [Cell(*label[0]), span_cell(text, label[1:])]
        roles: list[Role | None] = [Role.rank, Role.name]
    else:
        header, roles = [span_cell(text, label)], [Role.name]
    header += [Cell(s, e, w) for s, e, w in years]
    roles += [Role.count for _ in years]
    tail = header_words[last_year + 1 :]
    if tail:  # "Change 2021 to 2022 (%)", "Total": one more column
        header.append(span_cell(text, tail))
        roles.append(header_role(header[-1].text, rules) or Role.count)
    return table_of_lines(text, header, roles, header_end, following_end, 2, rules, ranked)
