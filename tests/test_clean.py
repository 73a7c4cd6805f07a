"""Cleaning masks boilerplate without moving any offset."""

from __future__ import annotations

import pytest

from pipeline.reading.clean import (
    BlockKind,
    clean,
    is_furniture_line,
    keep_only,
    mask,
    normalise,
    segment_starts,
    split_blocks,
)
from pipeline.rules.loading import Rules

ARTICLE = """Acme releases IP report

Acme held more than 1,000 patents as of June 30, 2023.

Acme’s IP Strategy

It filed 300 applications in 2022.
Share this article


Phone X unveiled: 200MP camera, 120Hz display
The new phone is a collaboration between...
Read More
Tablet Y leaks: 8GB RAM, launching in May?
Earlier reports indicated...
Read More

Your compare list"""


def test_clean_preserves_length_and_offsets(rules: Rules) -> None:
    cleaned = clean(ARTICLE, rules)
    assert len(cleaned.text) == len(ARTICLE)
    start = ARTICLE.index("more than 1,000")
    assert cleaned.text[start : start + 15] == "more than 1,000"


def test_clean_masks_teaser_tail_and_furniture(rules: Rules) -> None:
    cleaned = clean(ARTICLE, rules)
    assert (
        "200MP" not in cleaned.text and "8GB" not in cleaned.text and "compare" not in cleaned.text
    )
    assert "Share this article" not in cleaned.text
    assert "300 applications" in cleaned.text


def test_clean_block_kinds(rules: Rules) -> None:
    kinds = [b.kind for b in clean(ARTICLE, rules).blocks]
    assert kinds[:4] == [
        BlockKind.heading,
        BlockKind.paragraph,
        BlockKind.heading,
        BlockKind.paragraph,
    ]
    assert kinds[-2:] == [BlockKind.boilerplate, BlockKind.boilerplate]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Xiaomi’s “IP”", 'Xiaomi\'s "IP"'),
        ("5,000–6,000", "5,000-6,000"),
        ("a\u00a0b\u200bc", "a b c"),
    ],
)
def test_clean_normalise_is_one_to_one(raw: str, expected: str) -> None:
    assert normalise(raw) == expected and len(normalise(raw)) == len(raw)


def test_clean_split_blocks_on_blank_lines() -> None:
    text = "Title\n\nFirst para.\nstill first.\n  \nSecond."
    assert [text[s:e] for s, e in split_blocks(text)] == [
        "Title",
        "First para.\nstill first.",
        "Second.",
    ]


def test_clean_heading_starts_no_run_on_sentence() -> None:
    text = (
        "Xiaomi's IP = Business Innovation\nAfter 12 years, it grew.\n- first item\n- second item"
    )
    starts = segment_starts(text)
    assert text.index("After") in starts and text.index("- second") in starts


def test_clean_teaser_marker_early_in_text_masks_only_its_block(rules: Rules) -> None:
    text = "Title\n\nRelated: other story\nRead More\n\nAcme holds 5 patents.\n\nMore text here.\n\nEnd."
    cleaned = clean(text, rules)
    assert "Acme holds 5 patents." in cleaned.text and "other story" not in cleaned.text


def test_clean_mask_blanks_ranges_and_keeps_newlines() -> None:
    text = "Acme holds 1,000 patents.\nRead more: 29 ways to win.\nEnd."
    masked = mask(text, [(30, 40), (26, 52)])  # overlapping ranges, given out of order
    assert len(masked) == len(text)
    assert masked == "Acme holds 1,000 patents.\n" + " " * 26 + "\nEnd."


def test_clean_keep_only_blanks_everything_outside_the_kept_ranges() -> None:
    text = "One.\nAcme Widgets holds 1,000 patents.\nTwo."
    kept = keep_only(text, [(5, 17)])
    assert kept == "    \nAcme Widgets" + " " * 21 + "\n    "
    assert keep_only(text, []) == "    \n" + " " * 33 + "\n    "


def test_clean_masks_contact_lines(rules: Rules) -> None:
    text = (
        "Canon news\n\nCanon held 83,000 patents.\n\n"
        "Media contact: Canon Inc., 30-2, Shimomaruko 3-chome, Tokyo 146-8501, Japan\n"
        "Tel: +81-3-3758-2111\n"
    )
    cleaned = clean(text, rules).text
    assert "83,000 patents" in cleaned
    assert "146-8501" not in cleaned and "3758" not in cleaned


@pytest.mark.parametrize(
    ("line", "furniture"),
    [("214 · 31 comments · 9 reposts", True), ("12 comments", True), ("5 min read", True),
     ("2.1K Followers", True), ("2023", False), ("Huawei · 2023", False), ("5,000 patents", False)],
)  # fmt: skip
def test_clean_social_counter_lines_are_furniture(line: str, furniture: bool, rules: Rules) -> None:
    assert is_furniture_line(line, rules) is furniture


def test_language_short_english_full_of_names_is_english_and_german_is_german() -> None:
    from pipeline.reading.language import build_detector, foreign_language

    judge = build_detector()
    english = (
        "The ten companies that invested the largest sums in R&D in 2020 were Kestrel "
        "(€22.4bn), Huawei (€17.5bn), Microsoft (€16.9bn) and Samsung (€15.9bn)."
    )
    german = (
        "Die zehn Unternehmen, die im Jahr 2020 am meisten in Forschung und Entwicklung "
        "investiert haben, melden zusammen mehr Patente als je zuvor."
    )
    assert foreign_language(judge, english) is None  # the fast mode alone says German
    assert foreign_language(judge, german) == "de"


def test_language_plain_english_needs_no_detector(rules: Rules) -> None:
    """Function words settle most pages: the detector is not even built for them, and the
    other languages still go to it."""
    from pipeline.reading.language import build_detector, foreign_language

    judge = build_detector(rules.sentences)
    english = (
        "Huawei said on Monday that it had signed a patent licence with Ericsson, and that the "
        "agreement covers the standard essential patents of both companies in the 5G era."
    )
    assert foreign_language(judge, english) is None
    assert judge._fast is None
    dutch = (
        "Het bedrijf heeft in 2022 meer dan 5.000 octrooien aangevraagd, de helft daarvan in "
        "Europa. Het is de grootste aanvrager in de regio, voor Nokia en Ericsson."
    )
    assert foreign_language(judge, dutch) == "nl"


@pytest.mark.parametrize(
    ("first_block", "menu"),
    [
        ("Home | News | Patents | Licensing | About us | Contact", True),
        ("Home > Technology > Patents", True),
        ("Markets • Tech • Policy • Opinion", True),
        ("Company | Declared families | Share\nAcme | 11,430 | 14.6%", False),  # a table
        ("| Rank | Applicant | Applications |\n|---|---|---|\n| 1 | Acme | 4,428 |", False),
        ("Acme | Annual report 2023 | 29,000 patents", False),  # figures: not navigation
        ("Acme and Borealis sign licence", False),
    ],
)
def test_clean_navigation_menu_is_boilerplate(first_block: str, menu: bool, rules: Rules) -> None:
    text = f"{first_block}\n\nAcme holds 29,000 patents.\n"
    first = clean(text, rules).blocks[0]
    assert (first.kind is BlockKind.boilerplate) == menu
