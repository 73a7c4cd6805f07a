"""PDF: the text layer of a white paper as the text we expose, page by page, in reading order.

pypdfium2 (PDFium, Apache/BSD) gives the text of each page as positioned pieces (one a line, or
one a table cell). Here they become text a reader would write down:

- running headers, footers and page numbers (lines in the top or bottom margin that repeat on
  most pages, digits aside) are left out;
- one to three columns are read column by column; a heading across the columns ends a band;
- the lines of a paragraph are joined with spaces, a hyphen at a line end is joined
  ("tech-" + "nology"), ligatures are mapped (pdf.json);
- the cells of a table row are kept apart as "a | b | c" rows, which the table reader reads.

The text of page n starts at `page_starts[n - 1]`; offsets of claims are into this text. Only the
text layer is read: no JavaScript, forms or embedded files are run or opened.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import math
import re
import statistics
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium  # small (a C library and ctypes bindings); PDF inputs only

from pipeline.errors import Errors
from pipeline.reading.inputs import InputError  # inputs imports this module lazily: no cycle
from pipeline.rules.loading import load_table
from pipeline.rules.tables import PdfTable

PAGE_BREAK = "\n\n"


@dataclass(frozen=True)
class Box:
    """A box on a page: PDF points, y growing upwards (top > bottom)."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)


@dataclass(frozen=True)
class Piece(Box):
    """A run of text on a page."""

    text: str


@dataclass(frozen=True)
class Line(Box):
    """Pieces that share a baseline; the box is theirs, computed once (`Line.of`)."""

    pieces: tuple[Piece, ...]

    @classmethod
    def of(cls, pieces: Sequence[Piece]) -> Line:
        return cls(
            left=min(p.left for p in pieces),
            bottom=min(p.bottom for p in pieces),
            right=max(p.right for p in pieces),
            top=max(p.top for p in pieces),
            pieces=tuple(pieces),
        )


@dataclass(frozen=True)
class PdfText:
    """The text of a PDF and where each page starts in it."""

    text: str
    page_starts: tuple[int, ...]


@lru_cache(maxsize=1)
def pdf_table() -> PdfTable:
    """The shipped pdf.json, read once."""
    return load_table("pdf.json", PdfTable)


def read_pdf(data: bytes, table: PdfTable, max_pages: int, ocr: bool = False) -> PdfText:
    """The text layer of a PDF, or InputError (encrypted, damaged, too long, no text layer). A
    scanned PDF is given a text layer by OCR first when `ocr` is set (the `ocr` extra)."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        reason = str(error)
        if "password" in reason.lower():
            raise InputError(Errors.E014.format()) from None
        raise InputError(Errors.E015.format(reason=reason.rstrip("."))) from None
    try:
        count = len(document)
        if count > max_pages:
            raise InputError(Errors.E017.format(pages=count, limit=max_pages), "skipped")
        map_text = ligature_map(table)
        pages = [page_pieces(document, i, map_text) for i in range(count)]
    finally:
        document.close()
    if not any(pieces for _, _, pieces in pages):
        if ocr:
            return read_pdf(with_ocr_layer(data), table, max_pages)
        raise InputError(Errors.E016.format(hint="; --ocr reads it (the ocr extra)"), "skipped")
    furniture = running_lines(pages, table)
    text, starts = join_blocks(
        page_text(
            [p for p in pieces if not is_furniture(p, height, furniture, table)], width, table
        )
        for width, height, pieces in pages
    )
    return PdfText(text, tuple(starts))


def joiner(before: str, after: str) -> str:
    """What goes between two blocks of text: a space when a sentence runs on from a column's
    or a page's last line to the next one ("more than" | "260 standards"), else a blank line."""
    last = before.rstrip()
    runs_on = last[-1:].isalnum() or last.endswith((",", "-"))
    if runs_on and (after[:1].islower() or after[:1].isdigit()):
        return " "
    if runs_on:  # a heading or a list line at the bottom of a column: a line break
        return "\n"
    return PAGE_BREAK


def join_blocks(blocks: Iterable[str]) -> tuple[str, list[int]]:
    """Blocks one after another, each joined to the one before it by `joiner`, and where each
    block starts in the text."""
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for block in blocks:
        if parts:
            separator = joiner(parts[-1], block)
            parts.append(separator)
            offset += len(separator)
        starts.append(offset)
        parts.append(block)
        offset += len(block)
    return "".join(parts), starts


def with_ocr_layer(data: bytes) -> bytes:
    """The PDF with a text layer recognised by OCRmyPDF (Tesseract, English); InputError when the
    `ocr` extra or Tesseract is missing, or recognition fails."""
    try:
        import ocrmypdf  # the `ocr` extra: pip install 'ipclaims[ocr]', and Tesseract
    except ImportError:
        hint = "; --ocr needs the ocr extra (pip install 'ipclaims[ocr]') and Tesseract"
        raise InputError(Errors.E016.format(hint=hint), "skipped") from None
    logging.getLogger("ocrmypdf").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="ipclaims_ocr_") as folder:
        source, target = Path(folder) / "in.pdf", Path(folder) / "out.pdf"
        source.write_bytes(data)
        try:
            ocrmypdf.ocr(
                source, target, language=["eng"], progress_bar=False, jobs=1, optimize=0,
                output_type="pdf", force_ocr=True,
            )  # fmt: skip
        except Exception as error:  # OCRmyPDF reports missing Tesseract, bad images, ... as its own
            reason = f"OCR failed ({type(error).__name__}: {error})"
            raise InputError(Errors.E016.format(hint=f"; {reason}"), "skipped") from None
        return target.read_bytes()


def page_pieces(
    document: pdfium.PdfDocument, index: int, map_text: Callable[[str], str]
) -> tuple[float, float, list[Piece]]:
    """(width, height, pieces) of one page, each piece's text mapped by `map_text` (see
    `ligature_map`); the page is closed before returning."""
    page = document[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            pieces = []
            for i in range(textpage.count_rects()):
                left, bottom, right, top = textpage.get_rect(i)
                text = textpage.get_text_bounded(left, bottom, right, top)
                text = " ".join(map_text(text).split())
                if text:
                    pieces.append(Piece(left, bottom, right, top, text))
        finally:
            textpage.close()
    finally:
        page.close()
    return width, height, pieces


def ligature_map(table: PdfTable) -> Callable[[str], str]:
    """A function giving a piece's text with ligatures as letters, and a soft hyphen at the line
    end as "-" (joined later), else dropped; the table is looked at once, here."""
    ligatures = dict(table.ligatures)
    hyphens = tuple(table.line_end_hyphens)
    # One translation when it does what replacing ligature after ligature does: one-character
    # ligatures, none of them in the letters of another (a replacement is never replaced again).
    translation = (
        str.maketrans(ligatures)
        if all(len(ligature) == 1 for ligature in ligatures)
        and not any(ligature in letters for ligature in ligatures for letters in ligatures.values())
        else None
    )

    def mapped(text: str) -> str:
        if translation is not None:
            text = text.translate(translation)
        else:
            for ligature, letters in ligatures.items():
                text = text.replace(ligature, letters)
        for hyphen in hyphens:
            stripped = text.rstrip()
            if stripped.endswith(hyphen):
                text = stripped.removesuffix(hyphen) + "-"
            text = text.replace(hyphen, "")
        return text

    return mapped


def signature(text: str) -> str:
    """A margin line with its numbers blanked: "Acme White Paper 2023 | 7" -> "acme white paper # | #"."""
    return re.sub(r"\d+", "#", text.lower()).strip()


def in_margin(piece: Piece, height: float, table: PdfTable) -> bool:
    zone = height * table.margin_share
    return piece.bottom >= height - zone or piece.top <= zone


def running_lines(pages: list[tuple[float, float, list[Piece]]], table: PdfTable) -> set[str]:
    """Signatures of margin lines that repeat on enough pages to be running headers/footers."""
    if len(pages) < 2:
        return set()
    seen: dict[str, int] = {}
    for _, height, pieces in pages:
        for key in {signature(p.text) for p in pieces if in_margin(p, height, table)}:
            seen[key] = seen.get(key, 0) + 1
    needed = max(2, round(len(pages) * table.repeat_share))
    return {key for key, n in seen.items() if n >= needed}


def within(piece: Piece, low: float, high: float) -> bool:
    """Whether a piece lies between low and high (a point of slack either side)."""
    return low - 1 <= piece.left and piece.right <= high + 1


def is_page_number(text: str, table: PdfTable) -> bool:
    """ "7", "- 7 -", "Page 7 of 12", "p. 7"."""
    words = [w for w in re.split(r"[\s\-–—/|]+", text.lower()) if w]
    return (
        bool(words)
        and all(w.isdigit() or w in table.page_number_words for w in words)
        and any(w.isdigit() for w in words)
    )


def is_furniture(piece: Piece, height: float, running: set[str], table: PdfTable) -> bool:
    """A running header or footer, or a page number, in the page's margins."""
    if not in_margin(piece, height, table):
        return False
    return is_page_number(piece.text, table) or signature(piece.text) in running


def page_text(pieces: list[Piece], width: float, table: PdfTable) -> str:
    """The text of one page in reading order: bands of columns, top to bottom."""
    if not pieces:
        return ""
    gutters = find_gutters(pieces, 0.0, width, table, depth=2)
    bounds = [0.0, *gutters, width]
    blocks: list[str] = []
    band: list[list[Piece]] = [[] for _ in range(len(bounds) - 1)]

    def flush() -> None:
        for column in band:
            if column:
                blocks.append(column_text(column, table))
            column.clear()

    for piece in sorted(pieces, key=lambda p: (-p.top, p.left)):
        column = next(
            (i for i in range(len(bounds) - 1) if within(piece, bounds[i], bounds[i + 1])), None
        )
        if column is None:  # a heading or figure caption across the columns ends a band
            flush()
            blocks.append(column_text([piece], table))
        else:
            band[column].append(piece)
    flush()
    return join_blocks(b for b in blocks if b)[0]


def find_gutters(
    pieces: list[Piece], left: float, right: float, table: PdfTable, depth: int
) -> list[float]:
    """x positions of the white gutters between text columns within [left, right]: no piece
    crosses them (a few headings may), text of column width lies on both sides."""
    inside = [p for p in pieces if within(p, left, right)]
    if depth == 0 or len(inside) < 6:
        return []
    span = right - left
    # How many pieces cross each whole point x of the span: one sweep over the pieces' edges.
    change = [0] * (int(span) + 2)
    for p in inside:
        first, last = math.floor(p.left - left) + 1, math.ceil(p.right - left)
        if first < last:
            change[max(0, first)] += 1
            change[min(len(change) - 1, last)] -= 1
    crossing_at = list(itertools.accumulate(change))
    middle = (left + right) / 2
    limit = max(1, len(inside) // 10)
    rights = sorted(p.right for p in inside)
    lefts = sorted(p.left for p in inside)
    best: tuple[int, float] | None = None
    for step in range(int(span * 0.2), int(span * 0.8)):
        crossing, x = crossing_at[step], left + step
        if crossing > limit:
            continue
        if bisect.bisect_right(rights, x) < 3 or len(lefts) - bisect.bisect_left(lefts, x) < 3:
            continue  # text on both sides: an empty last column is no column
        if best is None or (crossing, abs(x - middle)) < (best[0], abs(best[1] - middle)):
            best = (crossing, x)
    if best is None:
        return []
    x = best[1]
    # The middle of the white band around x: the last right edge <= x and the first left edge
    # >= x (three of each at least, by the test above).
    gutter = (rights[bisect.bisect_right(rights, x) - 1] + lefts[bisect.bisect_left(lefts, x)]) / 2
    found = [
        *find_gutters(pieces, left, gutter, table, depth - 1),
        gutter,
        *find_gutters(pieces, gutter, right, table, depth - 1),
    ]
    bounds = [left, *found, right]
    for low, high in itertools.pairwise(bounds):  # every column must be running text
        column = [p for p in inside if within(p, low, high)]
        extent = max((p.right for p in column), default=low) - min(
            (p.left for p in column), default=low
        )
        if not looks_like_column(column, extent, table):  # the last column may be empty space
            return []
    return found


def looks_like_column(pieces: list[Piece], width: float, table: PdfTable) -> bool:
    """Lines of running text, not the cells of a table: three or more, most of them long."""
    if len(pieces) < 3 or width <= 0:
        return False
    widths = sorted(p.right - p.left for p in pieces)
    upper_quartile = widths[(3 * len(widths)) // 4]  # headings and last lines are short
    return upper_quartile >= table.column_width_share * width


def lines_of(pieces: list[Piece]) -> list[Line]:
    """Pieces grouped into lines by vertical overlap, top to bottom, each left to right."""
    lines: list[Line] = []
    for piece in sorted(pieces, key=lambda p: (-p.top, p.left)):
        if lines:
            line = lines[-1]
            overlap = min(line.top, piece.top) - max(line.bottom, piece.bottom)
            if overlap >= 0.5 * min(line.height, piece.height):
                lines[-1] = Line.of([*line.pieces, piece])
                continue
        lines.append(Line.of([piece]))
    return [
        replace(line, pieces=tuple(sorted(line.pieces, key=lambda p: p.left))) for line in lines
    ]


def is_row(line: Line, table: PdfTable) -> bool:
    """A line of cells: pieces apart by more than the cell gap."""
    return any(
        b.left - a.right > table.cell_gap * line.height
        for a, b in zip(line.pieces, line.pieces[1:], strict=False)
    )


def column_text(pieces: list[Piece], table: PdfTable) -> str:
    """Paragraphs of a column: lines joined with spaces (hyphens at line ends joined), a blank
    line where the gap is wide or a sentence ends short of the column's edge, a line break
    after any other short line (list items, teaser lines); table rows kept one a line, cells
    split by " | "."""
    lines = lines_of(pieces)
    if not lines:
        return ""
    right_edge = max(line.right for line in lines)
    left_edge = min(line.left for line in lines)
    typical = statistics.median(line.height for line in lines)
    width = right_edge - left_edge
    short_end = left_edge + table.short_line_share * width
    broken_end = left_edge + table.broken_line_share * width
    out: list[str] = []
    previous: Line | None = None
    was_row = False
    for line in lines:
        row = is_row(line, table)
        text = (" | " if row else " ").join(p.text for p in line.pieces)
        if previous is None:
            out.append(text)
        else:
            gap = previous.bottom - line.top
            ended = out[-1].rstrip().endswith((".", "!", "?", ":", ";"))
            short = previous.right < short_end
            broken = previous.right < broken_end
            if row and was_row:
                out.append("\n" + text)
            elif row or was_row or gap > table.paragraph_gap * typical:
                out.append("\n\n" + text)
            elif broken or (short and (ended or text[:1].isupper())):
                out.append("\n" + text)  # a line that stops short ends there ("Read more")
            elif re.search(r"[A-Za-z]-$", out[-1]) and text[:1].islower():
                out[-1] = out[-1][:-1]  # "tech-" + "nology"
                out.append(text)
            else:
                out.append(" " + text)
        previous, was_row = line, row
    return "".join(out)
