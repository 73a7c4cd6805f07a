"""PDF white papers: text layer in reading order, pages, tables, and a clear word on bad files.

The PDFs are built on the fly from our corpus articles (scripts/make_pdf.py, fpdf2); the whole
corpus is compared by `python scripts/pdf_check.py`.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from fpdf import FPDF
from typer.testing import CliRunner

from models import Claim
from pipeline.cli.app import app
from pipeline.config import PipelineConfig
from pipeline.reading.inputs import InputError, decode
from pipeline.running.core import Extractor, Source

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from make_pdf import FONT_FILE, render  # noqa: E402

ARTICLES = ROOT / "corpus" / "articles"
SEED = sorted((ROOT.parent / "shared" / "seed").glob("*.txt"))
HEADER = "Acme Intellectual Property White Paper 2024"
runner = CliRunner()


def has_ocr() -> bool:
    return importlib.util.find_spec("ocrmypdf") is not None


def key(claim: Claim) -> tuple[object, ...]:
    return (claim.value, str(claim.qualifier), claim.unit, str(claim.metric), claim.subject)


def f1(a: Counter[tuple[object, ...]], b: Counter[tuple[object, ...]]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 1.0 if not total else 2 * sum((a & b).values()) / total


def text_of(name: str) -> str:
    path = ARTICLES / name
    return decode(path.read_bytes(), path.name).text


def pdf_document(extractor: Extractor, text: str, **layout: object):  # type: ignore[no-untyped-def]
    rendered = render(text, **layout)  # type: ignore[arg-type]
    document = next(extractor.extract_sources([Source("doc.pdf", "doc.pdf", rendered.data)]))
    return rendered, document


@pytest.mark.parametrize("columns", [1, 2, 3])
@pytest.mark.parametrize(
    "name",
    ["a_nokia_patent_portfolio.txt", "c_multi_firm_roundup.txt", "d_zte_white_paper_long.txt",
     "b_samsung_us_patents.txt"],
)  # fmt: skip
def test_pdf_gives_the_claims_of_the_text(extractor: Extractor, name: str, columns: int) -> None:
    """Header, "Page n of N" footers, hyphenated line ends, one or two columns: the same claims
    as the text, each on the page where the figure was printed."""
    text = text_of(name)
    expected = Counter(key(c) for c in extractor.extract(text, doc_id=name).claims)
    rendered, document = pdf_document(extractor, text, columns=columns, hyphenate=True)
    assert document.status == "ok" and document.page_starts is not None
    assert len(document.page_starts) == len(rendered.pages)
    assert f1(expected, Counter(key(c) for c in document.claims)) >= 0.98
    for claim in document.claims:
        placed = " ".join(rendered.pages[claim.page - 1]) if claim.page else ""
        assert claim.value_text.split()[-1] in placed.replace("- ", ""), claim.value_text
        assert HEADER not in claim.text and "Page " not in claim.text


def test_pdf_running_headers_footers_and_page_numbers_are_left_out(extractor: Extractor) -> None:
    text = "\n\n".join([text_of("d_zte_white_paper_long.txt")] * 2)
    rendered, document = pdf_document(extractor, text, columns=1)
    assert len(rendered.pages) >= 3
    out = runner.invoke(app, ["extract", "-", "--text"], input=rendered.data)
    assert out.exit_code == 0, out.output
    assert HEADER not in out.stdout and "Page 1 of" not in out.stdout
    assert document.n_chars == len(out.stdout)
    for claim in document.claims:  # the offsets index the text `extract --text` prints
        assert out.stdout[claim.start : claim.end] == claim.value_text


def test_pdf_hyphen_at_line_end_and_ligatures_are_joined() -> None:
    paragraph = (
        "Kestrel Systems reported that its standardisation and interoperability programmes "
        "produced considerable intellectual property during the reporting period. " * 3
    )
    text = decode(render(paragraph, hyphenate=True, header=None).data, "h.pdf").text
    assert "- " not in text and "standardisation" in text and "interoperability" in text
    if not FONT_FILE.exists():
        pytest.skip("no Unicode font to print a ligature with")
    pdf = FPDF()
    pdf.add_font("body", fname=str(FONT_FILE))
    pdf.add_page()
    pdf.set_font("body", size=11)
    pdf.cell(0, 6, "Acme’s ﬁnancial ﬂow: 1,200 patents.")
    assert "financial flow: 1,200 patents." in decode(bytes(pdf.output()), "l.pdf").text


def test_pdf_table_cells_stay_apart_and_are_read_as_a_table(extractor: Extractor) -> None:
    text = (
        "Top patent recipients in 2023\n\n"
        "The table lists the companies that received the most US patents in 2023.\n\n"
        "| Rank | Company | Patents |\n| --- | --- | --- |\n"
        "| 1 | IBM | 9,043 |\n| 2 | Samsung | 6,165 |\n| 3 | Qualcomm | 3,854 |\n"
    )
    rendered, document = pdf_document(extractor, text, header=None)
    raw = decode(rendered.data, "t.pdf").text
    assert "1 | IBM | 9,043" in raw
    patents = {(c.subject, c.value) for c in document.claims if c.metric == "patents"}
    assert patents == {("IBM", 9043), ("Samsung", 6165), ("Qualcomm", 3854)}
    assert {c.source for c in document.claims} == {"table"}


@pytest.mark.skipif(not SEED, reason="the user's seed article lives in ../shared")
def test_pdf_seed_article_in_two_columns(extractor: Extractor) -> None:
    """The seed as a two-column white paper with a running header: all its key figures, and
    nothing from the header or the footer."""
    text = SEED[0].read_text(encoding="utf-8")
    expected = Counter(key(c) for c in extractor.extract(text, doc_id="seed").claims)
    _, document = pdf_document(extractor, text, columns=2, hyphenate=True)
    found = Counter(key(c) for c in document.claims)
    for item in [
        (29000, "more_than", "patent", "patents", "Xiaomi"),
        (60, "more_than", "country", "countries", "Xiaomi"),
        (13, "exact", "rank", "rank", "Xiaomi"),
        (7700, "more_than", "patent", "patents", "Xiaomi"),
        (260, "more_than", "standard", "standards", "Xiaomi"),
    ]:
        assert found[item] == expected[item] >= 1, item
    assert f1(expected, found) >= 0.98
    assert all(HEADER not in c.text and "Page " not in c.text for c in document.claims)


def encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.cell(0, 6, "Acme holds 1,200 patents.")
    return bytes(pdf.output())


def drawing_only_pdf() -> bytes:
    """A page with no text layer, as a scanner makes it (a picture only)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(120, 120, 120)
    pdf.rect(20, 20, 150, 200, style="F")
    return bytes(pdf.output())


def good_pdf(pages: int = 1) -> bytes:
    return render("Acme holds 1,200 patents as of December 31, 2023.\n\n" * pages * 40).data


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (encrypted_pdf(), "error", "[E014] encrypted PDF"),
        (good_pdf()[:400], "error", "[E015] damaged PDF"),
        (b"%PDF-1.7\n%%EOF", "error", "[E015] damaged PDF"),
        (drawing_only_pdf(), "skipped", "[E016] skipped: no text layer (scanned PDF)"),
    ],
)
def test_pdf_bad_files_get_a_status_and_a_numbered_message(
    data: bytes, status: str, code: str
) -> None:
    with pytest.raises(InputError) as info:
        decode(data, "bad.pdf")
    assert info.value.status == status and str(info.value).startswith(code)


def test_pdf_page_limit() -> None:
    data = good_pdf(pages=3)
    with pytest.raises(InputError, match=r"\[E017\] skipped: \d+ pages > --max-pages 1"):
        decode(data, "long.pdf", max_pages=1)
    assert decode(data, "long.pdf", max_pages=1000).page_starts


def test_pdf_batch_reports_every_bad_pdf_and_goes_on(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "encrypted.pdf").write_bytes(encrypted_pdf())
    (inputs / "truncated.pdf").write_bytes(good_pdf()[:400])
    (inputs / "scanned.pdf").write_bytes(drawing_only_pdf())
    (inputs / "long.pdf").write_bytes(good_pdf(pages=3))
    (inputs / "white_paper.pdf").write_bytes(render(text_of("a_nokia_patent_portfolio.txt")).data)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["batch", str(inputs), "--out", str(out), "--quiet", "--max-pages", "2"]
    )
    assert result.exit_code == 0, result.output
    documents = {
        d["doc_id"]: d for d in map(json.loads, (out / "documents.jsonl").read_text().splitlines())
    }
    assert {k: (d["status"], (d["error"] or "")[:6]) for k, d in documents.items()} == {
        "encrypted.pdf": ("error", "[E014]"),
        "truncated.pdf": ("error", "[E015]"),
        "scanned.pdf": ("skipped", "[E016]"),
        "long.pdf": ("skipped", "[E017]"),
        "white_paper.pdf": ("ok", ""),
    }
    claims = [json.loads(line) for line in (out / "claims.jsonl").read_text().splitlines()]
    assert claims and all(c["page"] == 1 for c in claims)


def scanned_pdf(line: str) -> bytes:
    """A page that is only a picture of printed text, as a scanner makes it."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1700, 400), 255)
    font = ImageFont.truetype(str(FONT_FILE), 44)
    ImageDraw.Draw(image).text((60, 150), line, fill=0, font=font)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=20, w=190)
    return bytes(pdf.output())


@pytest.mark.skipif(
    not FONT_FILE.exists() or shutil.which("tesseract") is None or not has_ocr(),
    reason="OCR needs the ocr extra (ocrmypdf) and Tesseract",
)
def test_pdf_ocr_reads_a_scanned_page(extractor: Extractor, tmp_path: Path) -> None:
    data = scanned_pdf("Acme Widgets held 1,200 patents at the end of 2023.")
    with pytest.raises(InputError, match=r"\[E016\].*--ocr"):
        decode(data, "scan.pdf")
    raw = decode(data, "scan.pdf", ocr=True)
    assert "1,200 patents" in raw.text and raw.page_starts == (0,)
    reader = Extractor(PipelineConfig(ocr=True), nlp=extractor.nlp)
    (document,) = reader.extract_sources([Source("scan.pdf", "scan.pdf", data)])
    assert [(c.value, c.unit, c.as_of, c.page) for c in document.claims] == [
        (1200, "patent", "2023-12-31", 1)
    ]
    # the command line, in its own process (OCRmyPDF takes over the console streams)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(data)
    ipclaims = Path(sys.executable).parent / "ipclaims"
    result = subprocess.run(
        [str(ipclaims), "extract", str(scan), "--ocr", "--format", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [c["page"] for c in json.loads(result.stdout)["claims"]] == [1]


def test_pdf_review_page_marks_every_page(extractor: Extractor) -> None:
    from pipeline.writing.render import render_document

    text = "\n\n".join([text_of("d_zte_white_paper_long.txt")] * 2)
    rendered, document = pdf_document(extractor, text, columns=2)
    exposed = decode(rendered.data, "doc.pdf").text
    page = render_document(document, exposed)
    assert document.page_starts is not None and len(document.page_starts) >= 2
    for number in range(1, len(document.page_starts) + 1):
        assert f'id="page-{number}"' in page
