"""Numbers: parse_number is pure; the quantity tagger finds values and qualifiers in text."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.extraction.numbers import NumberWords, parse_number
from pipeline.rules.loading import Rules
from pipeline.running.core import Extractor


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["29,000"], 29000), (["7,700"], 7700), (["1.2", "million"], 1_200_000), (["29", "k"], 29000),
        (["3", "bn"], 3_000_000_000), (["2.3", "billion"], 2_300_000_000), (["twelve"], 12),
        (["two", "thousand"], 2000), (["twenty", "-", "five"], 25), (["13th"], 13), (["first"], 1),
        (["45.5"], 45.5), (["one", "hundred", "and", "twenty"], 120), (["1,234,567"], 1_234_567),
        (["16", "billion"], 16_000_000_000), (["dozen"], 12), (["-0.4"], -0.4), (["+18"], 18),
        (["half", "a", "million"], 500_000), (["21", "520"], 21_520), (["199", "275"], 199_275),
        (["1", "000", "000"], 1_000_000),
    ],
)  # fmt: skip
def test_numbers_parse_number(words: list[str], expected: float, rules: Rules) -> None:
    assert parse_number(words, NumberWords.from_rules(rules)) == pytest.approx(expected)


@pytest.mark.parametrize(
    "words",
    [["million"], ["thousands"], ["5", "6"], ["patents"], [], ["1,2,3"], ["k"], ["2023", "174"],
     ["21", "52"], ["1,500", "000"]],
)  # fmt: skip
def test_numbers_parse_number_rejects_non_numbers(words: list[str], rules: Rules) -> None:
    assert parse_number(words, NumberWords.from_rules(rules)) is None


@pytest.mark.parametrize(
    ("text", "value_text", "value", "value_max", "qualifier"),
    [
        ("It holds more than 7,700 patents.", "more than 7,700", 7700, None, "more_than"),
        ("It holds over 29,000 patents.", "over 29,000", 29000, None, "more_than"),
        ("It was close to 6,000 applications.", "close to 6,000", 6000, None, "approx"),
        ("It holds nearly 40 patents.", "nearly 40", 40, None, "approx"),
        ("It has at least 300 licensees.", "at least 300", 300, None, "at_least"),
        (
            "It has no fewer than 130,000 contributions.",
            "no fewer than 130,000",
            130000,
            None,
            "at_least",
        ),
        ("It has fewer than 50 cases.", "fewer than 50", 50, None, "less_than"),
        ("It has up to 15 licences.", "up to 15", 15, None, "at_most"),
        ("It spent USD 2.3 billion on R&D.", "USD 2.3 billion", 2_300_000_000, None, "exact"),
        ("It spent $2.3bn on R&D.", "$2.3bn", 2_300_000_000, None, "exact"),
        ("It spent RMB 16 billion on R&D.", "RMB 16 billion", 16_000_000_000, None, "exact"),
        ("Its share is 45.5% of sales.", "45.5%", 45.5, None, "exact"),
        ("Its share rose to 12 pct last year.", "12 pct", 12, None, "exact"),
        ("Huawei published 7,689 PCT applications.", "7,689", 7689, None, "exact"),
        ("It files 5,000-6,000 applications.", "5,000-6,000", 5000, 6000, "exact"),
        (
            "It files between 5,000 and 6,000 applications.",
            "between 5,000 and 6,000",
            5000,
            6000,
            "exact",
        ),
        (
            "It expects between EUR 125 million and EUR 140 million.",
            "between EUR 125 million and EUR 140 million",
            125_000_000,
            140_000_000,
            "exact",
        ),
        ("It holds 8,500+ granted patents.", "8,500+", 8500, None, "more_than"),
        ("It holds around 29k granted patents.", "around 29k", 29000, None, "approx"),
        ("It was ranked 13th in 5G.", "13th", 13, None, "exact"),
        ("Huawei was No. 1 among applicants.", "No. 1", 1, None, "exact"),
    ],
)
def test_numbers_quantity_tagger(
    text: str,
    value_text: str,
    value: float,
    value_max: float | None,
    qualifier: str,
    extractor: Extractor,
) -> None:
    doc = extractor.nlp(text)
    spans = {s.text: s for s in doc.spans["ipclaims_quantities"]}
    assert value_text in spans, list(spans)
    span = spans[value_text]
    assert span._.ipclaims_value == pytest.approx(value)
    assert span._.ipclaims_value_max == value_max
    assert span._.ipclaims_qualifier == qualifier


@pytest.mark.parametrize(
    "text", ["Its 5G phones sell well.", "It joined 3GPP early.", "Wi-Fi 6E is supported."]
)
def test_numbers_technology_names_are_not_quantities(text: str, extractor: Extractor) -> None:
    assert list(extractor.nlp(text).spans["ipclaims_quantities"]) == []


def test_numbers_tokenizer_splits_short_multipliers(
    extractor: Extractor, blank_nlp: Language
) -> None:
    assert [t.text for t in extractor.nlp.make_doc("29k 3bn 47.2MP 13th")] == [
        "29",
        "k",
        "3",
        "bn",
        "47.2",
        "MP",
        "13th",
    ]
    assert [t.text for t in blank_nlp.make_doc("29k")] == [
        "29k"
    ]  # the change is ours, not spaCy's default


def test_default_model_tokenizer_is_the_english_default() -> None:
    """load_nlp skips reading the default models' saved tokenizer (it is rebuilt with our
    affixes): that is only right while the saved one is spaCy's English default."""
    import spacy

    from pipeline.config import PipelineConfig
    from pipeline.nlp.loader import resolve_model_name

    name = resolve_model_name(PipelineConfig())
    saved = spacy.load(name, exclude=["senter"]).tokenizer  # noqa: TID251 (the comparison needs spaCy's own load)
    default = spacy.load(name, exclude=["senter", "tokenizer"]).tokenizer  # noqa: TID251
    assert saved.rules == default.rules
    for attribute in ("prefix_search", "suffix_search", "infix_finditer", "url_match"):
        assert (
            getattr(saved, attribute).__self__.pattern
            == getattr(default, attribute).__self__.pattern
        )
    assert saved.token_match == default.token_match


def test_tokenizer_from_the_config_equals_the_one_rebuilt_from_a_saved_tokenizer(
    extractor: Extractor,
) -> None:
    """A default model gets our tokenizer through its config (one tokenizer built at start-up);
    any other model has its saved tokenizer rebuilt with our affixes. Both must cut alike."""
    from pipeline.nlp.loader import build_tokenizer

    nlp = extractor.nlp
    codes = nlp.config["nlp"]["tokenizer"]["currency_codes"]
    rebuilt = build_tokenizer(nlp, codes, base=nlp.tokenizer)
    text = "EUR3.1bn at end-2020, No.1 and 29k U.S. patents (Nasdaq: IDCC) 5G. US$4.5bn don't"
    assert [t.text for t in rebuilt(text)] == [t.text for t in nlp.make_doc(text)]
    assert "EUR" in codes and [t.text for t in nlp.make_doc("SEK2bn")] == ["SEK", "2", "bn"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a range of money, with the currency once or twice
        ("Huawei expects licensing revenue of $1.2 billion to 1.3 billion in 2025.",
         [("$1.2 billion to 1.3 billion", 1.2e9, 1.3e9, "USD")]),
        ("Ericsson expects IP revenue of SEK 2 billion to SEK 2.5 billion in 2021.",
         [("SEK 2 billion to SEK 2.5 billion", 2e9, 2.5e9, "SEK")]),
        # "from X to Y" is a change, two figures, each counting what the second counts
        ("Nokia's portfolio grew from 5,000 to 7,000 patents in 2020.",
         [("5,000", 5000, None, "patent"), ("7,000", 7000, None, "patent")]),
        ("The royalty rose from $2 to $3 per device in 2020, Avanci said.",
         [("$2", 2, None, "USD"), ("$3", 3, None, "USD")]),
        ("Acme holds 5,000 to 7,000 patents.", [("5,000 to 7,000", 5000, 7000, "patent")]),
    ],
)  # fmt: skip
def test_numbers_ranges_and_changes(
    text: str, expected: list[tuple[str, float, float | None, str]], extractor: Extractor
) -> None:
    claims = extractor.extract(text, doc_id="t").claims
    assert [(c.value_text, c.value, c.value_max, c.unit) for c in claims] == expected


@pytest.mark.parametrize(
    ("text", "value_text", "currency"),
    [
        ("R&D budget: 14.05 billion Swiss francs in 2022.", "14.05 billion Swiss francs", "CHF"),
        ("It faces a daily fine of 20,000 Brazilian reais.", "20,000 Brazilian reais", "BRL"),
        ("Kestrel will pay S$2.87 billion to settle the dispute.", "S$2.87 billion", "SGD"),
        ("The court awarded 45 crore rupees in damages.", None, None),
    ],
)  # fmt: skip
def test_numbers_currencies_named_with_their_country(
    text: str, value_text: str | None, currency: str | None, extractor: Extractor
) -> None:
    """A country's adjective between the amount and its currency is part of the amount."""
    doc = extractor.nlp(text)
    money = [s for s in doc.spans["ipclaims_quantities"] if s._.ipclaims_currency]
    assert [(s.text, s._.ipclaims_currency) for s in money] == (
        [(value_text, currency)] if value_text else []
    )


def test_numbers_a_scaled_amount_then_a_figure_are_two(extractor: Extractor) -> None:
    """ "$5.3 billion 28%" in a scraped table row: digits never follow "billion" inside one
    number, so the amount and the percentage are two figures."""
    doc = extractor.nlp("Kestrel Pharma $5.3 billion 28%\nTarnwick $4.5 billion 6%")
    got = [(s.text, s._.ipclaims_value) for s in doc.spans["ipclaims_quantities"]]
    assert got == [("$5.3 billion", 5.3e9), ("28%", 28), ("$4.5 billion", 4.5e9), ("6%", 6)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nokia expects licensing revenue of EUR 1.4bn-1.5bn in 2024.",
         [("EUR 1.4bn-1.5bn", 1.4e9, 1.5e9, "EUR")]),
        ("Avanci offered royalties of $2-$3 per device in 2020.", [("$2-$3", 2, 3, "USD")]),
        ("Ericsson guided for SEK 2bn-2.5bn in IPR revenue for 2021.",
         [("SEK 2bn-2.5bn", 2e9, 2.5e9, "SEK")]),
    ],
)  # fmt: skip
def test_numbers_ranges_written_without_spaces(
    text: str, expected: list[tuple[str, float, float, str]], extractor: Extractor
) -> None:
    claims = extractor.extract(text, doc_id="t").claims
    assert [(c.value_text, c.value, c.value_max, c.unit) for c in claims] == expected


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("Huawei said its 5G royalty will be capped at $2.50 per device in 2019.", "at_most"),
        ("Ericsson said in 2018 that its rate would go as low as $2.50 per phone.", "at_least"),
        ("Nokia set a cap of EUR 3 per device in 2018.", "at_most"),
    ],
)
def test_numbers_caps_and_floors_of_rates(text: str, qualifier: str, extractor: Extractor) -> None:
    assert [c.qualifier for c in extractor.extract(text, doc_id="t").claims] == [qualifier]
