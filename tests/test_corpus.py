"""The corpus: gold files are valid, and the whole pipeline keeps its promises on every article."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from models import Claim, Document
from pipeline.reading.inputs import decode
from pipeline.running.core import Extractor

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ARTICLES = sorted(p for p in (CORPUS / "articles").iterdir() if p.is_file())
SEED = sorted((ROOT.parent / "shared" / "seed").glob("*.txt"))


def test_corpus_has_enough_articles() -> None:
    assert len(ARTICLES) >= 15
    assert {p.stem for p in ARTICLES} == {p.stem for p in (CORPUS / "gold").glob("*.jsonl")}


def test_corpus_gold_files_are_valid() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from check_gold import check_file

    problems = [p for gold in sorted((CORPUS / "gold").glob("*.jsonl")) for p in check_file(gold)]
    assert problems == []


@pytest.fixture(scope="module")
def documents(extractor: Extractor) -> list[tuple[str, Document]]:
    sources = [extractor.source(path, path.name) for path in ARTICLES]
    texts = [decode(path.read_bytes(), path.name).text for path in ARTICLES]
    return list(zip(texts, extractor.extract_sources(sources), strict=True))


def test_corpus_every_claim_validates_and_points_at_its_text(
    documents: list[tuple[str, Document]],
) -> None:
    total = 0
    for text, document in documents:
        assert document.status == "ok", document.error
        Document.model_validate(document.model_dump(), context={"text": text})
        for claim in document.claims:
            Claim.model_validate(claim.model_dump())
            assert text[claim.start : claim.end] == claim.value_text
            assert claim.text in text and claim.value_text in claim.text
            total += 1
    assert total > 200


def test_corpus_no_claims_from_boilerplate_tails(documents: list[tuple[str, Document]]) -> None:
    for text, document in documents:
        for marker in ("Read More", "Related articles", "Your compare list"):
            cut = text.find(marker)
            if cut > len(text) // 2:
                tail_start = text.rfind("\n\n", 0, cut)
                assert all(c.start < tail_start for c in document.claims), document.doc_id


def test_corpus_articles_without_figures_give_no_claims(
    documents: list[tuple[str, Document]],
) -> None:
    empty = {
        p.stem
        for p in (CORPUS / "gold").glob("*.jsonl")
        if p.read_text().count('"kind": "claim"') == 0
    }
    assert empty, "the corpus should keep articles without claims"
    for _, document in documents:
        if Path(document.doc_id).stem in empty:
            assert document.claims == [], document.doc_id


def test_corpus_output_is_deterministic(
    extractor: Extractor, documents: list[tuple[str, Document]]
) -> None:
    path = ARTICLES[0]
    again = extractor.extract_file(path, path.name)
    first = next(d for _, d in documents if d.doc_id == path.name)
    assert again.model_dump_json() == first.model_dump_json()


@pytest.mark.skipif(
    not SEED, reason="the user's seed article lives in ../shared, which users do not have"
)
def test_corpus_seed_article(extractor: Extractor) -> None:
    """The user's own article: the figures of the foundation issue, nothing from its teaser tail."""
    text = SEED[0].read_bytes().decode("utf-8")
    document = extractor.extract(text, doc_id="seed")
    got = [(c.value, c.qualifier, c.unit, c.as_of, c.scope, c.subject) for c in document.claims]
    expected = [
        (29000, "more_than", "patent", "2022-09-30", None, "Xiaomi"),
        (60, "more_than", "country", "2022-09-30", None, "Xiaomi"),
        (13, "exact", "rank", "2021-09-30", "5G", "Xiaomi"),
        (7700, "more_than", "patent", "2022-09-30", "software and operating systems", "Xiaomi"),
        (1000, "more_than", "patent", "2022-09-30", "imaging", "Xiaomi"),
        (260, "more_than", "standard", "2022-09-30", None, "Xiaomi"),
        (1200, "more_than", "patent", None, "AI", "Xiaomi"),
        (60, "more_than", "product", None, None, "Xiaomi"),
        (100, "more_than", "country", None, None, "Xiaomi"),
        (12, "exact", "field", None, None, "Xiaomi"),
        (98, "exact", "sub-segment", None, None, "Xiaomi"),
    ]
    for item in expected:
        assert item in got, item
    assert got.count((29000, "more_than", "patent", "2022-09-30", None, "Xiaomi")) == 2
    assert got.count((60, "more_than", "country", "2022-09-30", None, "Xiaomi")) == 2
    assert got.count((13, "exact", "rank", "2021-09-30", "5G", "Xiaomi")) == 2
    by_value = {c.value: c for c in document.claims}
    assert by_value[700].scope == "charging" and by_value[700].unit == "patent"
    assert (by_value[2000].unit, by_value[2000].period_start, by_value[2000].period_end) == (
        "patent application",
        "2014",
        "2019",
    )
    assert (by_value[6000].qualifier, by_value[6000].rate_per, by_value[6000].period_start) == (
        "approx",
        "year",
        "2015",
    )
    tail = text.index("Leica Leitz")
    assert all(c.end < tail for c in document.claims)
    assert {c.subject for c in document.claims} == {"Xiaomi"}
    events = {(e.type, frozenset(e.parties), e.date) for e in document.events}
    assert ("litigation", frozenset({"Xiaomi", "Ericsson"}), "2014-12") in events
    assert ("settlement", frozenset({"Xiaomi", "Ericsson"}), "2019-09") in events
    assert ("litigation", frozenset({"Xiaomi", "BlueSpike"}), "2013") in events
    assert any(e.type == "withdrawal" and "BlueSpike" in e.parties for e in document.events)
    assert any(
        e.type == "ruling" and {"Sisvel", "IPCom"} <= set(e.parties) for e in document.events
    )
    assert ("partnership", frozenset({"Xiaomi", "Microsoft"}), "2016") in events
    assert [(p.name, p.organisation) for p in document.people] == [("Wang Xiang", "Xiaomi")]
