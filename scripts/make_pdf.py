"""Render a text article as a white-paper-like PDF, to test and measure PDF reading.

    python scripts/make_pdf.py corpus/articles/a_nokia_patent_portfolio.txt out.pdf --columns 2

One or two columns, a running header, "Page n of N" footers, optional hyphenation of long words
at line ends, tables kept as rows of cells. `render` returns the PDF's bytes and, for every page,
the text placed on it (to check the page of each extracted figure). Uses fpdf2 (a dev
dependency) and DejaVu Sans when the system has it, else a core font with the text transliterated
to Latin-1.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF

FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LATIN1 = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."})
PAGE_W, PAGE_H, MARGIN, GUTTER, LINE_H = 210.0, 297.0, 18.0, 8.0, 5.0


@dataclass
class Rendered:
    """A PDF and the text placed on each of its pages."""

    data: bytes
    pages: list[list[str]] = field(default_factory=list)


def table_rows(paragraph: str) -> list[list[str]] | None:
    """A markdown table paragraph as rows of cells (separator rows dropped), else None."""
    lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
    if len(lines) < 2 or not all(line.startswith("|") for line in lines):
        return None
    rows = []
    for line in lines:
        if re.fullmatch(r"\|?[\s:|-]+\|?", line):
            continue
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def render(
    text: str,
    columns: int = 1,
    header: str | None = "Acme Intellectual Property White Paper 2024",
    footer: bool = True,
    hyphenate: bool = False,
) -> Rendered:
    """The article as a PDF: paragraphs filled into columns, page after page."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    unicode_font = FONT_FILE.exists()
    if unicode_font:
        pdf.add_font("body", fname=str(FONT_FILE))
        family = "body"
    else:
        family = "helvetica"
        text = text.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")
    pdf.set_font(family, size=9.5)
    result = Rendered(b"")
    column_w = (PAGE_W - 2 * MARGIN - GUTTER * (columns - 1)) / columns
    top, bottom = MARGIN + 10, PAGE_H - MARGIN - 8
    state = {"column": columns, "y": bottom}  # forces a first page

    def new_page() -> None:
        pdf.add_page()
        result.pages.append([])
        if header:
            pdf.set_xy(MARGIN, 8)
            pdf.cell(0, 5, header)
        state["column"], state["y"] = 0, top

    def place(line: str, x_offset: float = 0.0, width: float | None = None) -> None:
        if state["y"] + LINE_H > bottom:
            state["column"] += 1
            state["y"] = top
            if state["column"] >= columns:
                new_page()
        x = MARGIN + state["column"] * (column_w + GUTTER) + x_offset
        pdf.set_xy(x, state["y"])
        pdf.cell(width or column_w, LINE_H, line)
        result.pages[-1].append(line)

    def wrap(paragraph: str) -> list[str]:
        lines: list[str] = []
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}".strip()
            if pdf.get_string_width(trial) <= column_w - 1:
                current = trial
                continue
            if hyphenate and len(word) >= 8 and word.isalpha():
                for cut in range(len(word) - 3, 3, -1):
                    head = f"{current} {word[:cut]}-".strip()
                    if pdf.get_string_width(head) <= column_w - 1:
                        lines.append(head)
                        current = word[cut:]
                        break
                else:
                    lines.append(current)
                    current = word
                continue
            lines.append(current)
            current = word
        if current:
            lines.append(current)
        return lines

    for paragraph in re.split(r"\n\s*\n", text.strip()):
        rows = table_rows(paragraph)
        if rows:
            widths = [column_w / len(rows[0])] * len(rows[0])
            for row in rows:
                for index, cell in enumerate(row[: len(widths)]):
                    place(cell, sum(widths[:index]), widths[index] - 2)  # one line per row
                state["y"] += LINE_H
            state["y"] += LINE_H
            continue
        for line in paragraph.splitlines():  # a line of the source stays a line (or more)
            for wrapped in wrap(line.strip()):
                place(wrapped)
                state["y"] += LINE_H
        state["y"] += LINE_H * 0.8
    if footer:
        total = pdf.page
        for number in range(1, total + 1):
            pdf.page = number
            pdf.set_xy(MARGIN, PAGE_H - 12)
            pdf.cell(0, 5, f"Page {number} of {total}", align="C")
        pdf.page = total
    result.data = bytes(pdf.output())
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("article", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--columns", type=int, choices=(1, 2, 3), default=1)
    parser.add_argument("--hyphenate", action="store_true")
    args = parser.parse_args()
    rendered = render(
        args.article.read_text(encoding="utf-8"), args.columns, hyphenate=args.hyphenate
    )
    args.output.write_bytes(rendered.data)
    print(f"wrote {args.output}: {len(rendered.pages)} pages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
