"""Prefilter: sentences that cannot hold a claim, event or role are blanked, offsets kept."""

from __future__ import annotations

import pytest

from pipeline.extraction.orgs import alias_index, company_names
from pipeline.reading.clean import clean
from pipeline.reading.prefilter import (
    cue_pattern,
    focus_hints,
    mask_non_candidates,
    rough_sentences,
)
from pipeline.rules.loading import Rules, load_rules


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules()


def masked(text: str, rules: Rules) -> tuple[str, list[tuple[int, int]]]:
    cleaned = clean(text, rules)
    abbreviations = frozenset(rules.sentences.abbreviations)
    return mask_non_candidates(cleaned.text, cleaned.blocks, cue_pattern(rules), abbreviations)


def test_prefilter_blanks_sentences_without_cues_and_keeps_offsets(rules: Rules) -> None:
    text = (
        "Acme news\n\nAcme is based in Lyon. It held 1,200 patents at the end of 2023. "
        "The weather was mild. Acme sued Beta in Paris.\n"
    )
    result, blanked = masked(text, rules)
    assert len(result) == len(text)
    assert "Acme news" in result  # the title is always kept
    assert "It held 1,200 patents at the end of 2023." in result
    assert "Acme sued Beta in Paris." in result  # an event trigger
    assert "Lyon" not in result and "weather" not in result
    assert [text[s:e] for s, e in blanked] == ["Acme is based in Lyon.", "The weather was mild."]


def test_prefilter_number_words_and_titles_are_cues(rules: Rules) -> None:
    text = (
        "Title\n\nAcme holds twelve thousand patents. Jane Roe, Chief Executive Officer, spoke.\n"
    )
    result, blanked = masked(text, rules)
    assert blanked == []
    assert result == text


@pytest.mark.parametrize(
    "text",
    [
        "SEOUL, Nov. 14, 2023 -- Samsung held 5,000 patents.",
        "SAN JOSE, Calif., Jan. 18, 2024 -- Samsung unveiled a phone.",
        "Huawei Technologies Co. Ltd. said it had 110,000 patents.",
        "Sales in the U.S. Rose by 5 percent.",
    ],
)
def test_prefilter_abbreviations_do_not_end_a_rough_sentence(text: str, rules: Rules) -> None:
    abbreviations = frozenset(rules.sentences.abbreviations)
    assert rough_sentences(text, 0, len(text), abbreviations) == [(0, len(text))]


def test_prefilter_rough_sentences_split_after_full_stops_and_lines() -> None:
    text = "Acme grew. Beta shrank!\nGamma held."
    spans = rough_sentences(text, 0, len(text))
    assert [text[s:e] for s, e in spans] == ["Acme grew.", "Beta shrank!", "Gamma held."]


def test_prefilter_focus_hints_name_companies_in_blanked_sentences(rules: Rules) -> None:
    text = (
        "Title\n\nIn standards, Huawei remains the leader. It ranked first with 6,500 families.\n"
    )
    result, blanked = masked(text, rules)
    hints = focus_hints(text, blanked, company_names(rules), alias_index(rules))
    assert hints == [(text.index("Huawei"), "Huawei")]
    assert "Huawei" not in result
