"""HTML review and report pages: highlights match offsets, nothing external, text escaped."""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from models import (
    Claim,
    Document,
    DocumentRecord,
    Event,
    EventType,
    Metric,
    Modality,
    Qualifier,
    Status,
)
from models.ids import claim_id, fact_id
from pipeline.reading.inputs import decode
from pipeline.running.batch import doc_id_for
from pipeline.running.core import Extractor
from pipeline.writing.charts import SeriesKey, as_of_position, chartable
from pipeline.writing.conflicts import find_disagreements
from pipeline.writing.outputs import open_jsonl_outputs
from pipeline.writing.rankings import rankings
from pipeline.writing.render import render_document
from pipeline.writing.report import load_batch, render_report

ARTICLES = Path(__file__).resolve().parent.parent / "corpus" / "articles"
XSS = "Acme News\n\n<script>alert(1)</script> Acme holds 500 patents.\n"


class PageParser(HTMLParser):
    """Collects what the tests look at: marks, article text, chart series and table rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[dict[str, Any]] = []
        self.article: list[str] = []
        self.series: dict[str, list[str]] = defaultdict(list)
        self.series_attrs: list[dict[str, str | None]] = []
        self.points: list[tuple[int, dict[str, str | None]]] = []  # (series index, attributes)
        self.one_point: list[dict[str, str | None]] = []
        self.rows: dict[str, list[list[str]]] = defaultdict(list)
        self._mark: dict[str, Any] | None = None
        self._text_depth = 0
        self._subject: str | None = None
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        self.tags.append((tag, attr))
        if self._text_depth:
            self._text_depth += 1
        elif tag == "div" and attr.get("class") == "text":
            self._text_depth = 1
        if tag == "mark":
            self._mark = {**attr, "text": ""}
        elif tag == "figure" and attr.get("class") == "chart":
            self._subject = attr["data-subject"]
        elif tag == "g" and attr.get("class") == "series" and self._subject is not None:
            self.series[self._subject].append(attr["data-metric"] or "")
            self.series_attrs.append({**attr, "subject": self._subject})
        elif attr.get("class") == "point":
            self.points.append((len(self.series_attrs) - 1, attr))
        elif tag == "p" and attr.get("class") == "one-point":
            self.one_point.append(attr)
        elif tag == "table":
            self._table = attr.get("class") or ""
        elif tag == "tr" and self._table is not None:
            self.rows[self._table].append([])
        elif tag == "td" and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._text_depth:
            self._text_depth -= 1
        if tag == "mark" and self._mark is not None:
            self.marks.append(self._mark)
            self._mark = None
        elif tag == "figure":
            self._subject = None
        elif tag == "table":
            self._table = None
        elif tag == "tr" and self._table is not None and not self.rows[self._table][-1]:
            self.rows[self._table].pop()  # header rows have no <td>
        elif tag == "td" and self._table is not None and self._cell is not None:
            self.rows[self._table][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._text_depth:
            self.article.append(data)
        if self._mark is not None:
            self._mark["text"] += data
        if self._cell is not None:
            self._cell.append(data)


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def make_claim(
    doc_id: str = "a.txt",
    value: float = 29000,
    *,
    subject: str | None = "Acme",
    metric: str = "patents",
    qualifier: str = "exact",
    scope: str | None = None,
    geo: str | None = None,
    as_of: str | None = "2022-12-31",
    start: int = 0,
    period: str | None = None,
    status: str | None = None,
    modality: str = "reported",
) -> Claim:
    """A synthetic claim whose ids follow the contract."""
    text = f"{value:,.0f}"
    return Claim(
        claim_id=claim_id(doc_id, start, start + len(text), metric, value),
        doc_id=doc_id,
        subject=subject,
        metric=Metric(metric),
        value=value,
        qualifier=Qualifier(qualifier),
        unit="patent",
        unit_text="patents",
        value_text=text,
        as_of=as_of,
        period_start=period,
        period_end=period,
        patent_status=status,
        modality=Modality(modality),
        scope=scope,
        geo=geo,
        text=f"{text} patents.",
        start=start,
        end=start + len(text),
        fact_id=fact_id(doc_id, subject, metric, value, qualifier, scope, as_of),
        confidence=0.9,
    )


@pytest.fixture(scope="module")
def corpus(extractor: Extractor) -> list[Document]:
    """Every corpus article extracted once, as a batch would."""
    paths = sorted(p for p in ARTICLES.rglob("*") if p.is_file())
    sources = [extractor.source(p, doc_id_for(p, ARTICLES)) for p in paths]
    return list(extractor.extract_sources(sources))


def review_page(extractor: Extractor, name: str) -> tuple[Document, str, str]:
    path = ARTICLES / name
    document = extractor.extract_file(path, doc_id=name)
    text = decode(path.read_bytes(), str(path)).text
    return document, text, render_document(document, text)


@pytest.mark.parametrize(
    "name", ["c_xiaomi_2023_update.txt", "b_oppo_ip_white_paper.txt", "b_zte_html_like.md"]
)
def test_render_document_marks_every_claim_once(extractor: Extractor, name: str) -> None:
    document, text, page = review_page(extractor, name)
    assert document.claims, "the article should have claims to highlight"
    parsed = parse(page)
    counts = Counter(mark["id"] for mark in parsed.marks)
    assert counts == Counter(claim.claim_id for claim in document.claims)
    marks = {mark["id"]: mark for mark in parsed.marks}
    for claim in document.claims:
        mark = marks[claim.claim_id]
        assert mark["text"] == claim.value_text == text[claim.start : claim.end]
        assert mark["data-claim-id"] == claim.claim_id
        assert f"metric-{claim.metric}" in mark["class"].split()
        assert f"metric: {claim.metric}" in mark["title"]
        assert ("a", {"href": f"#{claim.claim_id}"}) in parsed.tags
    assert "".join(parsed.article) == text  # nothing lost, added or left escaped


def test_render_document_shows_header_and_preserves_paragraphs(extractor: Extractor) -> None:
    document, text, page = review_page(extractor, "c_xiaomi_2023_update.txt")
    assert document.title and document.subject and document.published
    assert f"<h1>{escape(document.title)}</h1>" in page
    assert f"<b>subject:</b> {escape(document.subject)}" in page
    assert f"<b>published:</b> {document.published}" in page
    assert "white-space:pre-wrap" in page
    assert "\n\n" in "".join(parse(page).article) == text


def test_render_document_lists_events(extractor: Extractor) -> None:
    text = "Acme News\n\nAcme holds 500 patents.\n"
    document = extractor.extract(text, doc_id="e.txt")
    event = Event(
        event_id="e_1",
        doc_id="e.txt",
        type=EventType.license,
        parties=["Acme", "Beta <Corp>"],
        date="2023-05",
        text="Acme holds 500 patents.",
        start=11,
        end=34,
    )
    page = render_document(document.model_copy(update={"events": [event]}), text)
    assert "<b>license</b> 2023-05" in page and "Beta &lt;Corp&gt;" in page
    assert "No events found." in render_document(document, text)


def test_render_document_rejects_text_the_offsets_do_not_index(extractor: Extractor) -> None:
    document = extractor.extract("Acme News\n\nAcme holds 500 patents.\n", doc_id="m.txt")
    assert document.claims
    with pytest.raises(ValueError, match="offsets index"):
        render_document(document, "something else entirely, long enough to slice")


def test_render_escapes_article_text(extractor: Extractor) -> None:
    document = extractor.extract(XSS, doc_id="xss.txt")
    assert [c.value_text for c in document.claims] == ["500"]
    document = document.model_copy(update={"title": '<img src=x onerror="alert(2)">'})
    page = render_document(document, XSS)
    parsed = parse(page)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not [tag for tag, _ in parsed.tags if tag in {"script", "img"}]
    assert "".join(parsed.article) == XSS
    assert [mark["text"] for mark in parsed.marks] == [c.value_text for c in document.claims]


FORBIDDEN = ("http://", "https://", "@import", "<link", "src=", "url(", "<script", "<iframe")


@pytest.mark.parametrize("kind", ["review", "report"])
def test_render_pages_have_no_external_resource(
    extractor: Extractor, corpus: list[Document], kind: str
) -> None:
    if kind == "review":
        page = review_page(extractor, "c_xiaomi_2023_update.txt")[2]
    else:
        links = {d.doc_id: f"reviews/{d.doc_id}.html" for d in corpus}
        page = render_report(corpus, [c for d in corpus for c in d.claims], links)
    for needle in FORBIDDEN:
        assert needle not in page.lower(), needle
    for _, attrs in parse(page).tags:
        for name, value in attrs.items():
            assert name not in {"src", "srcset", "data", "poster"}
            if name == "href":
                assert value and ":" not in value.split("#")[0]


def test_render_report_series_never_mix_stocks_flows_or_kinds(corpus: list[Document]) -> None:
    """Every line of the report follows one metric, kind, scope and place, and holds only
    figures held at a date or only figures counted over a period; every chartable company with
    two or more figures of a basis gets a chart, with one alone a line of text."""
    claims = [c for d in corpus for c in d.claims]
    parsed = parse(render_report(corpus, claims))
    assert parsed.series_attrs, "the corpus should have dated portfolio figures"
    by_id = {c.claim_id: c for c in claims}
    for index, series in enumerate(parsed.series_attrs):
        points = [by_id[str(a["data-claim-id"])] for i, a in parsed.points if i == index]
        assert points, series
        assert {SeriesKey.of(c) for c in points} == {
            SeriesKey(*(str(series[f"data-{k}"]) for k in ("metric", "kind", "scope", "geo")))
        }
        assert {c.as_of is not None for c in points} == {series["data-flow"] == "0"}
    bases: dict[tuple[str, bool], int] = Counter(
        (str(c.subject), c.as_of is not None) for c in claims if chartable(c)
    )
    singles = {(str(p["data-subject"]), p["data-flow"] == "0") for p in parsed.one_point}
    assert singles == {basis for basis, n in bases.items() if n == 1}
    charted = {(str(s["subject"]), s["data-flow"] == "0") for s in parsed.series_attrs}
    assert charted == {basis for basis, n in bases.items() if n > 1}


def test_render_report_synthetic_charts() -> None:
    claims = [
        make_claim("a.txt", 10, as_of="2020"),
        make_claim("a.txt", 50000, as_of="2022-06", start=10),
        make_claim("a.txt", 40000, as_of="2023-06", start=12, qualifier="more_than"),
        make_claim("b.txt", 900, metric="patent_families", as_of="2021-03-31"),
        make_claim("b.txt", 950, metric="patent_families", as_of="2021-12-31", status="granted"),
        # applications filed in a year: a flow, charted apart from the portfolio held
        make_claim("b.txt", 3000, metric="patent_applications", as_of=None, period="2021"),
        make_claim("b.txt", 3300, metric="patent_applications", as_of=None, period="2022", start=5),
        make_claim("b.txt", 4, metric="standards", as_of=None, start=20),  # undated: no series
        make_claim("b.txt", 7, metric="revenue", start=30),  # not a portfolio metric
        make_claim("c.txt", 3, subject="Lone", as_of="2022"),  # a single point: a line of text
    ]
    page = render_report([], claims)
    parsed = parse(page)
    series = [
        (s["subject"], s["data-metric"], s["data-kind"], s["data-flow"])
        for s in parsed.series_attrs
    ]
    assert series == [  # in the order of their first point
        ("Acme", "patents", "", "0"),
        ("Acme", "patent_families", "", "0"),
        ("Acme", "patent_families", "granted", "0"),
        ("Acme", "patent_applications", "", "1"),
    ]
    assert page.count('data-scale="log"') == 1  # 10 to 50,000 spans more than 100x
    assert [(p["data-subject"], p["data-flow"]) for p in parsed.one_point] == [("Lone", "0")]
    assert "<b>Lone</b>, held at a date: 3 patents · as of 2022" in page
    # "more than 40,000" is drawn as a bound: a triangle pointing up
    bound = next(a for _, a in parsed.points if a["data-claim-id"] == claims[2].claim_id)
    assert bound is not None and ("polygon", bound) in parsed.tags


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2022", 2022.5), ("2022-12-31", 2022 + 364.5 / 365), ("2024-02", 2024 + 45.5 / 366)],
)
def test_render_as_of_position_is_middle_of_period(value: str, expected: float) -> None:
    assert as_of_position(value) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("second", "n_conflicts"),
    [
        ({"value": 30000}, 1),  # two exact values
        ({"value": 29000}, 0),  # the same value
        ({"value": 28000, "qualifier": "more_than"}, 0),  # "more than 28,000" fits 29,000
        ({"value": 29000, "qualifier": "more_than"}, 1),  # "more than 29,000" does not
        ({"value": 30000, "qualifier": "approx"}, 0),  # "about 30,000" reaches 28,500
        ({"value": 31000, "qualifier": "approx"}, 1),  # "about 31,000" does not
        ({"value": 28000, "qualifier": "at_most"}, 1),
        ({"value": 30000, "scope": "5G"}, 0),
        ({"value": 30000, "geo": "United States"}, 0),
        ({"value": 30000, "as_of": "2023-12-31"}, 0),
        ({"value": 30000, "status": "granted"}, 0),  # another kind of patents
        ({"value": 30000, "metric": "patent_families"}, 0),
        ({"value": 30000, "modality": "forecast"}, 0),
        ({"value": 30000, "subject": "Other"}, 0),
        ({"value": 30000, "as_of": None}, 0),
    ],
)
def test_render_find_disagreements(second: dict[str, Any], n_conflicts: int) -> None:
    first = make_claim("a.txt", 29000)
    if second.get("as_of", "x") is None:
        first = make_claim("a.txt", 29000, as_of=None)
    conflicts, ambiguities = find_disagreements([first, make_claim("b.txt", **second)])
    assert (len(conflicts), ambiguities) == (n_conflicts, [])
    if n_conflicts:
        (conflict,) = conflicts
        assert (conflict.subject, conflict.metric, conflict.scope, conflict.as_of) == (
            "Acme",
            "patents",
            None,
            "2022-12-31",
        )
        assert conflict.documents == ["a.txt", "b.txt"]
    # the same two figures in one document are an ambiguity, never a conflict
    conflicts, ambiguities = find_disagreements([first, make_claim("a.txt", start=40, **second)])
    assert (conflicts, len(ambiguities)) == ([], n_conflicts)


def test_render_flows_conflict_by_period() -> None:
    first = make_claim("a.txt", 3000, as_of=None, period="2022")
    same_year = make_claim("b.txt", 3500, as_of=None, period="2022")
    next_year = make_claim("c.txt", 3500, as_of=None, period="2023")
    (conflict,) = find_disagreements([first, same_year, next_year])[0]
    assert (conflict.period_start, conflict.documents, conflict.when) == (
        "2022",
        ["a.txt", "b.txt"],
        "2022",
    )


def test_render_report_lists_conflicts_and_failed_documents() -> None:
    documents = [
        DocumentRecord(doc_id="a.txt", path="a.txt", sha256="0", status=Status.ok, n_claims=1),
        DocumentRecord(doc_id="b.txt", path="b.txt", sha256="1", status=Status.ok, n_claims=1),
        DocumentRecord(
            doc_id="bad.pdf",
            path="bad.pdf",
            sha256=None,
            status=Status.error,
            error="cannot <read>",
        ),
        DocumentRecord(
            doc_id="empty.txt", path="empty.txt", sha256="2", status=Status.skipped, error="empty"
        ),
    ]
    claims = [make_claim("a.txt", 29000), make_claim("b.txt", 30000)]
    page = render_report(documents, claims, {"a.txt": "review/a.html"})
    parsed = parse(page)
    rows = {row[0]: row for row in parsed.rows["documents"]}
    assert rows["bad.pdf"][1:3] == ["error", "cannot <read>"]
    assert rows["empty.txt"][1:3] == ["skipped", "empty"]
    assert rows["a.txt"][1] == "ok" and rows["a.txt"][6] == "1"
    assert ("a", {"href": "review/a.html"}) in parsed.tags
    assert not any(attrs.get("href") == "review/b.html" for _, attrs in parsed.tags)
    (conflict_row,) = parsed.rows["conflicts"]
    assert conflict_row[:7] == ["Acme", "patents", "–", "patent", "–", "–", "2022-12-31"]
    assert "29,000 (exact)" in conflict_row[7] and "30,000 (exact)" in conflict_row[7]
    summary = parsed.rows["summary"][-1]
    assert summary[:4] == ["4", "2", "1", "1"]  # documents, ok, error, skipped


def test_render_load_batch_round_trip(corpus: list[Document], tmp_path: Path) -> None:
    with open_jsonl_outputs(tmp_path) as writer:
        for document in corpus:
            writer.write(document)
    documents, claims = load_batch(tmp_path)
    assert documents == [d.record() for d in corpus]
    assert claims == [c for d in corpus for c in d.claims]


def test_render_load_batch_reports_bad_line(tmp_path: Path) -> None:
    (tmp_path / "documents.jsonl").write_text('{"doc_id": "x"}\n', encoding="utf-8")
    (tmp_path / "claims.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match=r"documents\.jsonl:1"):
        load_batch(tmp_path)


def make_rank(
    doc_id: str, subject: str, rank: int, ranked_in: str, year: str, geo: str | None = None
) -> Claim:
    claim = make_claim(
        doc_id, rank, subject=subject, metric="rank", as_of=None, geo=geo, start=rank * 10
    )
    return claim.model_copy(
        update={"unit": "rank", "unit_text": ranked_in, "period_start": year, "period_end": year}
    )


def test_render_report_rankings_by_company_and_year() -> None:
    claims = [
        make_rank("pct23.txt", "Huawei", 1, "PCT applicants", "2023"),
        make_rank("pct23.txt", "Samsung", 2, "PCT applicants", "2023"),
        make_rank("pct24.txt", "Huawei", 1, "PCT applicant", "2024"),
        make_rank("pct24.txt", "Samsung", 3, "PCT applicants", "2024"),
        make_rank("us24.txt", "Samsung", 1, "US patent recipients", "2024", geo="United States"),
        make_rank("us24.txt", "IBM", 2, "US patent recipients", "2024", geo="United States"),
        make_rank("solo.txt", "Acme", 4, "display makers", "2024"),  # alone: not a ranking
    ]
    (pct, us) = sorted(rankings(claims), key=lambda r: r.title)
    assert (pct.title, pct.years) == ("pct applicant", ["2023", "2024"])
    assert pct.order() == ["Huawei", "Samsung"]
    assert [e.rank for e in pct.rows["Samsung"]["2024"]] == [3]
    assert us.title == "us patent recipient · United States"
    page = render_report([], claims, {"pct24.txt": "reviews/pct24.html"})
    section = page[page.index("<h2>Rankings (2)</h2>") : page.index("<h2>Conflicts")]
    assert "<h3>pct applicant</h3>" in section and "display makers" not in section
    assert f'href="reviews/pct24.html#{claims[3].claim_id}"' in section
    parse(page)


def test_render_document_shows_roles_amount_and_every_mention(extractor: Extractor) -> None:
    text = (
        "Apple sues Samsung\n\n"
        "In April 2011, Apple sued Samsung in San Jose. "
        "In August 2012, a federal jury awarded Apple USD 1.05 billion in damages from Samsung.\n"
    )
    document = extractor.extract(text, doc_id="e.txt")
    page = render_document(document, text)
    assert "Apple (plaintiff), Samsung (defendant)" in page
    assert "told 2 times" in page  # the headline and the dated sentence
    assert "USD 1,050,000,000" in page
