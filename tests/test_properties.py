"""Properties: whatever the input, extraction returns a valid, deterministic Document.

Arbitrary text, adversarial mixes of genre pieces and arbitrary bytes go through the real
pipeline; no exception may escape, every claim's offsets must index the decoded text, and two
runs must give the same JSON. The pure parsers (numbers, dates) must never raise.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bad_inputs import (
    GENRE_PIECES,
    LONG_PIECES,
    REGRESSION_INPUTS,
    problems,
    write_bad_files,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import Document
from pipeline.extraction.dates import DateParser, PartialDate
from pipeline.extraction.numbers import NumberWords, parse_number
from pipeline.reading.inputs import CONTROL_CHARS, InputError, decode
from pipeline.rules.loading import Rules
from pipeline.running.core import Extractor, Source

PIPELINE = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
PURE = settings(max_examples=200, deadline=None)


def _mix(long_pieces: st.SearchStrategy[str | None]) -> st.SearchStrategy[str]:
    """Genre pieces and short random strings, glued, with an optional long piece inside."""
    return st.builds(
        lambda parts, glue, long_piece, at: glue.join(
            [*parts[:at], *([long_piece] if long_piece else []), *parts[at:]]
        ),
        st.lists(st.one_of(st.sampled_from(GENRE_PIECES), st.text(max_size=8)), max_size=40),
        st.sampled_from([" ", "", "\n", ". "]),
        long_pieces,
        st.integers(min_value=0, max_value=40),
    )


adversarial_text = _mix(st.one_of(st.none(), st.sampled_from(LONG_PIECES)))
short_adversarial_text = _mix(st.none())
number_words = st.lists(
    st.one_of(
        st.text(max_size=12),
        st.from_regex(r"\A[0-9,.]{1,40}\Z"),
        st.sampled_from(
            ["million", "billion", "k", "bn", "hundred", "thousand", "and", "-", "twenty", "first"]
        ),
    ),
    max_size=8,
)


def run_twice(extractor: Extractor, data: bytes, path: str) -> Document:
    """Extract the bytes twice; the two Documents must be identical."""
    first, second = (
        next(extractor.extract_sources([Source("prop", path, data)])) for _ in range(2)
    )
    assert first.model_dump_json() == second.model_dump_json()
    return first


def check_text(extractor: Extractor, text: str) -> None:
    """`extract(text)` keeps the contract; offsets index the text as the pipeline decoded it."""
    first, second = (extractor.extract(text, doc_id="prop") for _ in range(2))
    assert first.model_dump_json() == second.model_dump_json()
    data = text.encode("utf-8")
    assert problems(data, "prop", first) == []
    try:
        decoded = decode(data).text
    except InputError:
        assert not first.claims
        return
    if decoded != CONTROL_CHARS.sub(" ", text):
        return  # a leading BOM was dropped or HTML was extracted: problems() checked the offsets
    # The decoded text is the input with control characters blanked: offsets index both.
    assert len(decoded) == len(text)
    for claim in first.claims:
        assert (text if decoded == text else decoded)[claim.start : claim.end] == claim.value_text


@PIPELINE
@given(text=st.text())
def test_properties_arbitrary_text_keeps_contract(extractor: Extractor, text: str) -> None:
    check_text(extractor, text)


@PIPELINE
@given(text=adversarial_text)
def test_properties_adversarial_text_keeps_contract(extractor: Extractor, text: str) -> None:
    check_text(extractor, text)


@PIPELINE
@given(
    data=st.one_of(
        st.binary(),
        st.builds(
            lambda text, encoding: text.encode(encoding, errors="replace"),
            short_adversarial_text,
            st.sampled_from(["utf-16", "utf-8-sig", "cp1252", "gb18030", "latin-1", "utf-32"]),
        ),
    ),
    path=st.sampled_from(["prop.txt", "prop.html"]),
)
def test_properties_arbitrary_bytes_keep_contract(
    extractor: Extractor, data: bytes, path: str
) -> None:
    document = run_twice(extractor, data, path)
    assert problems(data, path, document) == []


def test_properties_bad_files_keep_contract(extractor: Extractor, tmp_path: Path) -> None:
    for path, status in write_bad_files(tmp_path):
        document = extractor.extract_file(path, doc_id=path.name)
        assert problems(path.read_bytes(), str(path), document) == [], path.name
        if status is not None:
            assert document.status == status, (path.name, document.error)


@PURE
@given(words=number_words)
def test_properties_parse_number_never_raises(words: list[str], rules: Rules) -> None:
    value = parse_number(words, NumberWords.from_rules(rules))
    assert value is None or isinstance(value, float)


@pytest.fixture(scope="module")
def date_parser() -> DateParser:
    return DateParser()


@PURE
@given(
    text=st.one_of(
        st.text(max_size=60),
        st.builds(
            " ".join,
            st.lists(
                st.sampled_from(
                    ["September", "30", ",", "2022", "end", "of", "Q3", "FY", "31st", "0", "99"]
                ),
                max_size=6,
            ),
        ),
    ),
)
def test_properties_date_parser_never_raises(date_parser: DateParser, text: str) -> None:
    parsed = date_parser.parse(text)
    assert parsed is None or isinstance(parsed, PartialDate)


@pytest.mark.parametrize("name", sorted(REGRESSION_INPUTS))
def test_properties_regression_inputs_give_records(name: str, extractor: Extractor) -> None:
    """Inputs the fuzzer once crashed on: each is one valid record now."""
    document = next(
        extractor.extract_sources([Source(name, f"{name}.txt", REGRESSION_INPUTS[name])])
    )
    assert document.status in {"ok", "skipped"} and (document.status == "ok") == (
        document.error is None
    )
