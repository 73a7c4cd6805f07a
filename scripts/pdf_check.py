"""Our corpus as PDFs: do they give the claims the same articles give as text, on the right page?

    python scripts/pdf_check.py                 # corpus/articles, one and two columns
    python scripts/pdf_check.py corpus/holdout --gate 0.98

Each article is rendered (scripts/make_pdf.py) with a running header, "Page n of N" footers and
hyphenated line ends, in one, two and three columns, then extracted. A claim of the PDF matches a
claim of the text when value, qualifier, unit, metric and subject agree (offsets differ: the
texts differ by the header, the line breaks and the hyphens). Prints claim F1 per layout, the
share of PDF claims on the page where the renderer placed their figure, whether any header or
footer text was read as a claim, and the misses.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from make_pdf import render  # scripts/make_pdf.py

from models import Claim
from pipeline.config import PipelineConfig
from pipeline.reading.inputs import decode
from pipeline.running.core import Extractor, Source


def key(claim: Claim) -> tuple[object, ...]:
    return (claim.value, str(claim.qualifier), claim.unit, str(claim.metric), claim.subject)


def f1(expected: Counter[tuple[object, ...]], found: Counter[tuple[object, ...]]) -> float:
    common = sum((expected & found).values())
    total = sum(expected.values()) + sum(found.values())
    return 1.0 if total == 0 else 2 * common / total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=Path("corpus"))
    parser.add_argument("--gate", type=float, help="exit 1 when a layout's claim F1 is below")
    args = parser.parse_args()
    folder = args.corpus / "articles" if (args.corpus / "articles").is_dir() else args.corpus
    paths = sorted(p for p in folder.iterdir() if p.suffix in {".txt", ".md", ".html"})
    extractor = Extractor(PipelineConfig())
    raw = {p.name: p.read_bytes() for p in paths}
    texts = {n: decode(data, n).text for n, data in raw.items()}  # what the PDFs print
    text_claims = {  # the baseline: each article read from its own bytes, as a batch reads it
        d.doc_id: Counter(key(c) for c in d.claims)
        for d in extractor.extract_sources(Source(n, n, data) for n, data in raw.items())
    }
    failed = False
    for columns in (1, 2, 3):
        rendered = {n: render(t, columns=columns, hyphenate=True) for n, t in texts.items()}
        sources = (Source(n, n + ".pdf", r.data) for n, r in rendered.items())
        expected_all: Counter[tuple[object, ...]] = Counter()
        found_all: Counter[tuple[object, ...]] = Counter()
        on_page = placed = header_claims = pages = 0
        misses: list[str] = []
        for document in extractor.extract_sources(sources):
            expected = text_claims[document.doc_id]
            found = Counter(key(c) for c in document.claims)
            expected_all += expected
            found_all += found
            layout = rendered[document.doc_id].pages
            pages += len(layout)
            for claim in document.claims:
                if claim.page is None:
                    continue
                placed += 1
                number = claim.value_text.split()[-1]  # a figure may wrap: "more than | 5,500"
                placed_text = " ".join(layout[claim.page - 1])
                on_page += number in placed_text or number in placed_text.replace("- ", "")
                header_claims += "White Paper 2024" in claim.text or "Page " in claim.value_text
            for k in (expected - found).elements():
                misses.append(f"  {document.doc_id}: missed {k}")
            for k in (found - expected).elements():
                misses.append(f"  {document.doc_id}: extra {k}")
        score = f1(expected_all, found_all)
        print(
            f"{columns} column(s): {len(paths)} articles, {pages} pages, claim F1 {score:.3f} "
            f"({sum(expected_all.values())} text claims, {sum(found_all.values())} PDF claims); "
            f"page right {on_page}/{placed}; claims from headers/footers {header_claims}"
        )
        for miss in misses[:15]:
            print(miss)
        if args.gate is not None and (score < args.gate or on_page < placed or header_claims):
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    raise SystemExit(main())
