"""Dates: detection by patterns, parsing by dateparser, meaning by our cue table."""

from __future__ import annotations

import pytest

from pipeline.extraction.claim_dates import is_dateline
from pipeline.extraction.dates import SPANS_KEY as DATES_KEY
from pipeline.extraction.dates import DateParser, PartialDate, date_digits
from pipeline.running.core import Extractor


@pytest.mark.parametrize(
    ("phrase", "role", "start", "end"),
    [
        ("as of September 30, 2022", "as_of", "2022-09-30", None),
        ("By September 30, 2022", "as_of", "2022-09-30", None),
        ("on September 30, 2022", "on", "2022-09-30", None),  # a stock's as-of, a flow's day
        ("by the end of September 2022", "as_of", "2022-09-30", None),
        ("As of the end of September 2022", "as_of", "2022-09-30", None),
        ("at the end of 2022", "as_of", "2022-12-31", None),
        ("as at 31 December 2022", "as_of", "2022-12-31", None),
        ("as of June 2023", "as_of", "2023-06", None),
        ("in September 2019", "in", "2019-09", None),
        ("in 2013", "in", "2013", None),
        ("From 2014 to 2019", "period", "2014", "2019"),
        ("between 2014 and 2023", "period", "2014", "2023"),
        ("starting in 2015", "since", "2015", None),
        ("Since 2020", "since", "2020", None),
        ("in Q3 2022", "in", "2022-07", "2022-09"),  # months, as precise as the text
        ("in 2016 Q4", "in", "2016-10", "2016-12"),  # the year first, as data vendors write it
        ("in H1 2023", "in", "2023-01", "2023-06"),
        ("at the end of Q3 2022", "as_of", "2022-09-30", None),
        ("in fiscal 2022", "in", "2022", None),
        ("by year-end 2022", "as_of", "2022-12-31", None),
        ("January-February 2015", "period", "2015-01", "2015-02"),
        ("in January and February 2015", "period", "2015-01", "2015-02"),  # months counted together
    ],
)
def test_dates_phrase_roles(
    phrase: str, role: str, start: str, end: str | None, extractor: Extractor
) -> None:
    doc = extractor.nlp(f"Xiaomi had 500 patents {phrase} worldwide.")
    spans = list(doc.spans["ipclaims_dates"])
    assert len(spans) == 1, [s.text for s in spans]
    value = spans[0]._.ipclaims_date
    assert spans[0].text == phrase
    assert (value.role, str(value.start), str(value.end) if value.end else None) == (
        role,
        start,
        end,
    )


@pytest.mark.parametrize(
    "text",
    ["After 12 years of development, it grew.", "The vivo Y38 5G leaks.", "It was ranked 13th."],
)
def test_dates_no_date_in_words(text: str, extractor: Extractor) -> None:
    assert list(extractor.nlp(text).spans["ipclaims_dates"]) == []


def test_dates_relative_dates_need_a_publication_date(extractor: Extractor) -> None:
    doc = extractor.nlp.make_doc("Honor filed 2,000 applications last year.")
    assert [s.text for s in extractor.nlp(doc).spans["ipclaims_dates"]] == []
    doc = extractor.nlp.make_doc("Honor filed 2,000 applications last year.")
    doc._.ipclaims_published = "2024-03-14"
    spans = list(extractor.nlp(doc).spans["ipclaims_dates"])
    assert [(s.text, str(s._.ipclaims_date.start)) for s in spans] == [("last year", "2023")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # published on Friday, November 22, 2013
        (
            "A jury awarded Acme $290 million on Thursday.",
            [("on Thursday", "on", "2013-11-21", None)],
        ),
        ("Acme sued Borealis on Friday.", [("on Friday", "on", "2013-11-22", None)]),
        ("Acme filed 12 lawsuits last month.", [("last month", "in", "2013-10", None)]),
        (
            "Earlier this month, Acme signed 3 licences.",
            [("Earlier this month", "in", "2013-11", None)],
        ),
        ("Acme signed 4 licences last week.", [("last week", "in", "2013-11-11", "2013-11-17")]),
        ("Yesterday, Acme paid $5 million.", [("Yesterday", "in", "2013-11-21", None)]),
        (
            "On Thursday, March 6, 2014, Acme held 2,000 patents.",
            [("March 6, 2014", "in", "2014-03-06", None)],
        ),
    ],
)
def test_dates_days_weeks_and_months_count_from_the_dateline(
    text: str, expected: list[tuple[str, str, str, str | None]], extractor: Extractor
) -> None:
    """ "on Thursday" is the last Thursday on or before the dateline; "last week" is the week
    before; a weekday written before a calendar date leaves the day to it."""
    doc = extractor.nlp.make_doc(text)
    doc._.ipclaims_published = "2013-11-22"
    spans = list(extractor.nlp(doc).spans["ipclaims_dates"])
    found = [
        (s.text, s._.ipclaims_date.role, str(s._.ipclaims_date.start),
         s._.ipclaims_date.end and str(s._.ipclaims_date.end))
        for s in spans
    ]  # fmt: skip
    assert found == expected
    doc = extractor.nlp.make_doc(text)  # no dateline: no day
    assert all(s.label_ == "calendar" for s in extractor.nlp(doc).spans["ipclaims_dates"])


def test_dates_a_year_earlier_counts_back_from_the_last_date(extractor: Extractor) -> None:
    text = "Acme received 8,513 patents in 2022, up from 6,366 a year earlier."
    for published in (None, "2024-01-12"):  # the stated year wins over the publication date
        doc = extractor.nlp.make_doc(text)
        doc._.ipclaims_published = published
        spans = list(extractor.nlp(doc).spans["ipclaims_dates"])
        found = [(s.text, str(s._.ipclaims_date.start)) for s in spans]
        assert found == [("in 2022", "2022"), ("a year earlier", "2021")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("September 30, 2022", PartialDate(2022, 9, 30)), ("September 2022", PartialDate(2022, 9)), ("2022", PartialDate(2022)),
     ("31 December 2022", PartialDate(2022, 12, 31)), ("Sept 2022", PartialDate(2022, 9))],
)  # fmt: skip
def test_dates_parser_keeps_precision(text: str, expected: PartialDate) -> None:
    assert DateParser().parse(text) == expected


def test_dates_parser_is_deterministic_and_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    """A repeated phrase is parsed by dateparser once; partial dates keep their precision and
    never take today's day or month (RELATIVE_BASE is fixed)."""
    parser = DateParser()
    calls: list[str] = []
    real = parser.parser.get_date_data

    def counting(text: str):  # type: ignore[no-untyped-def]
        calls.append(text)
        return real(text)

    monkeypatch.setattr(parser.parser, "get_date_data", counting)
    assert parser.parse("September 30, 2022") == PartialDate(2022, 9, 30)
    assert parser.parse("September 30, 2022") == PartialDate(2022, 9, 30)
    assert calls == ["September 30, 2022"]
    assert parser.parse("September 2022") == PartialDate(2022, 9)  # not the 1st, not today
    assert parser.parse("2022") == PartialDate(2022)
    assert parser.parse("no date here") is None
    monkeypatch.setattr(DateParser, "CACHE_SIZE", 2)
    parser.parse("March 2021")
    assert len(parser.cache) <= 2  # bounded: memory stays flat on endless new dates


def test_dates_last_day_of_period() -> None:
    assert str(PartialDate(2024, 2).last_day()) == "2024-02-29"
    assert str(PartialDate(2022).last_day()) == "2022-12-31"


def test_dates_scraped_iso_date_line_is_the_publication_date(extractor: Extractor) -> None:
    text = (
        " date 2019-04-16 Acme and Borealis settle all patent litigation\n"
        "Acme today announced a licence with Borealis covering more than 1,000 patents.\n"
    )
    document = extractor.extract(text, doc_id="scraped")
    assert document.published == "2019-04-16"


@pytest.mark.parametrize(
    "text",
    ["2022", "September 2022", "September 30, 2022", "30 Sept. 2022", "2022-09-30",
     "Sept. 30, 2022", "31 December 2022", "February 30, 2023", "March 3rd, 2024", "Dec 2021"],
)  # fmt: skip
def test_dates_plain_forms_read_as_dateparser_reads_them(text: str) -> None:
    """The fast path for common forms gives what dateparser gives (it starts in 0.4 s)."""
    from pipeline.extraction.dates import DateParser, plain_date
    from pipeline.rules.loading import load_rules

    ours = plain_date(text.lower(), load_rules().dates.months)
    assert str(ours) == str(DateParser().parse(text))


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("02/10/2024 06:30 PM", "2024-02-10"),  # US pages: month first
        ("10.02.2024", "2024-02-10"),  # European: day first
        ("13/10/2024", "2024-10-13"),  # 13 can only be the day
    ],
)
def test_dates_numeric_dateline_is_the_publication_date(
    line: str, published: str, extractor: Extractor
) -> None:
    text = f"Kestrel Wire\n\nAcme tops the applicant list\n\n{line}\nAcme filed 1,956 applications last year.\n"
    document = extractor.extract(text, doc_id="numeric")
    assert document.published == published
    assert [(c.value, str(c.period_start)) for c in document.claims] == [
        (1956, published[:4] and str(int(published[:4]) - 1))
    ]


def test_dates_unknown_year_leaves_a_year_earlier_unknown(extractor: Extractor) -> None:
    """With no dateline, "last year" is unknown, and so is "a year earlier" after it; an older
    date further up must not stand in for it."""
    text = (
        "Acme was founded in 2009.\n\n"
        "Acme registered 2,840 patents last year, up 12 percent from a year earlier."
    )
    claims = extractor.extract(text, doc_id="stale").claims
    assert [(c.value_text, c.period_start, c.as_of) for c in claims] == [
        ("2,840", None, None),
        ("12 percent", None, None),
    ]


@pytest.mark.parametrize(
    ("sentence", "figure", "period"),
    [
        (
            "Research spending reached $45 billion in fiscal 2006, an increase of $3.1 billion over the 2005 total.",
            "$3.1 billion",
            "2006",
        ),
        (
            "Japan filed 42,459 applications in 2014, a 3 per cent decline on 2013.",
            "3 per cent",
            "2014",
        ),
        (
            "Kestrel received 781 patents in 2020, a 39 percent rise over 2019.",
            "39 percent",
            "2020",
        ),
        (
            "Kestrel generated 781 granted patents in 2020, a 39 percent decrease from 2019.",
            "781",
            "2020",
        ),
    ],
)
def test_dates_the_base_of_a_comparison_dates_no_figure(
    sentence: str, figure: str, period: str, extractor: Extractor
) -> None:
    claims = {c.value_text: c for c in extractor.extract(sentence, doc_id="base").claims}
    assert str(claims[figure].period_start) == period


@pytest.mark.parametrize(
    ("sentence", "as_of", "period"),
    [
        ("Acme ranked first among US patent recipients in 2022.", None, ("2022", "2022")),
        ("In the 2023 ranking, Borealis placed third.", None, ("2023", "2023")),
        (
            "As of September 2022, Acme ranked first in declared 5G families.",
            "2022-09",
            (None, None),
        ),
    ],
)
def test_dates_a_rank_of_a_year_is_dated_like_a_flow(
    sentence: str, as_of: str | None, period: tuple[str | None, str | None], extractor: Extractor
) -> None:
    """A yearly ranking ranks that year's grants or filings (corpus guide); a rank stated at a
    month or a day holds at that date."""
    (rank,) = [c for c in extractor.extract(sentence, doc_id="r").claims if c.metric == "rank"]
    assert rank.as_of == as_of and (rank.period_start, rank.period_end) == period


def test_dates_a_rank_without_a_date_takes_the_year_of_the_report(extractor: Extractor) -> None:
    """A report on one year's ranking: a rank its sentence leaves undated, in any tense, is of
    that year; a streak in the present perfect is not."""
    text = (
        "Acme Ranks Third Among US Patent Recipients in 2022\n\n"
        "Acme received 2,500 US patents in 2022.\n\n"
        "Borealis is in fifth place, ahead of Kestrel.\n\n"
        "Tarnwick has ranked first for 29 consecutive years."
    )
    claims = {c.value_text: c for c in extractor.extract(text, doc_id="report").claims}
    assert (claims["fifth"].period_start, claims["fifth"].period_end) == ("2022", "2022")
    assert (claims["first"].period_start, claims["first"].as_of) == (None, None)


DATELINE_REPORT = (
    "Kestrel on Top Again\n\n"
    "MADISON, Conn., Jan. 14, 2014 — Borealis Data today released its annual tally of the "
    "top recipients of U.S. patents in 2013.\n\n"
    "Tarnwick ranked fifth, ahead of Arvion."
)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        (  # a span of years: the rank ranks the span
            "Top Patent Holders in the Medical Device Industry (2007-2018)\n\n"
            "We counted the US patents granted to medical device makers from 2007 to 2018.\n\n"
            "Kestrel Medical came fifth among the patent holders.",
            "2007",
            "2018",
        ),
        (DATELINE_REPORT, "2013", "2013"),  # the day before the dash is no report's year
        (  # its year twice, earlier years once as comparisons: the year it states most
            "Kestrel Patent Index 2023\n\n"
            "According to the Patent Index 2023 published by the Borealis Patent Office, Japan "
            "filed 21,520 patent applications in 2023 (2022: 21,594; 2021: 21,672).\n\n"
            "Tarnwick came fifth among the applicants.",
            "2023",
            "2023",
        ),
    ],
)
def test_dates_an_undated_rank_takes_the_years_the_report_is_about(
    text: str, first: str, last: str, extractor: Extractor
) -> None:
    """The year or span of years the headline and lead report on (ClaimDater.topic_years)."""
    claims = {c.value_text: c for c in extractor.extract(text, doc_id="report").claims}
    fifth = claims["fifth"]
    assert (fifth.as_of, fifth.period_start, fifth.period_end) == (None, first, last)


def test_dates_a_day_before_a_dash_is_a_dateline(extractor: Extractor) -> None:
    """ "MADISON, Conn., Jan. 14, 2014 — ...": a dateline whether or not the page's publication
    date is that day; "today", with no dash, is not one."""
    doc = extractor.nlp(DATELINE_REPORT)
    days = [d for d in doc.spans[DATES_KEY] if d._.ipclaims_date.start.day is not None]
    first, *others = days
    assert (first.text, is_dateline(first)) == ("Jan. 14, 2014", True)
    assert not any(is_dateline(d) for d in others)


def test_dates_report_year_of_headline_dates_past_counts(extractor: Extractor) -> None:
    """A yearly report: the headline's year dates counts told in the simple past without a
    date, not holdings to date ("has filed", "holds")."""
    text = (
        "Acme tops Borealis in U.S. patents in 2020\n\n"
        "Acme led the industry with 2,079 patents granted in 2020.\n\n"
        "Borealis finished second with 2,025 patents granted.\n\n"
        "Acme has filed around 87,000 patent applications and holds 40,000 patents."
    )
    claims = {c.value_text: c for c in extractor.extract(text, doc_id="report").claims}
    assert (claims["2,025"].period_start, claims["2,025"].period_end) == ("2020", "2020")
    assert (claims["second"].period_start, claims["second"].as_of) == ("2020", None)  # that year's
    assert claims["around 87,000"].period_start is None
    assert claims["40,000"].as_of is None


def test_dates_counts_in_a_report_on_grants_take_its_year_unless_held(
    extractor: Extractor,
) -> None:
    """In a report on one year's patent grants, "Acme has 2,468 patents" counts that year's
    grants in the present tense too; "holds" and "owns" still tell a portfolio."""
    text = (
        "Top US patent recipients in 2019\n\n"
        "The ranking of patents granted in 2019 put Kestrel first for the third year.\n\n"
        "Acme has 2,468 patents on the list.\n\n"
        "Borealis holds more than 90,000 patents worldwide."
    )
    claims = {c.value_text: c for c in extractor.extract(text, doc_id="grants").claims}
    assert (claims["2,468"].period_start, claims["2,468"].period_end) == ("2019", "2019")
    held = claims["more than 90,000"]
    assert (held.period_start, held.as_of) == (None, None)


@pytest.mark.parametrize(
    ("sentence", "figure", "year"),
    [
        ("In 2017 Kestrel got 1,474 patents in America.", "1,474", "2017"),
        ("With 4,300 patents filed in fiscal 2014, Kestrel leads the sector.", "4,300", "2014"),
        ("Patent registrations reached 127,330, a 12.2% growth rate year-on-year in 2013.",
         "12.2%", "2013"),
        ("Patent registrations reached 127,330, a 12.2% growth rate year-on-year in 2013.",
         "127,330", "2013"),
        ("The agency approved 50 novel drugs in 2021.", "50", "2021"),
        ("In 2013, there were a total of 265,690 filings, up 2.8 per cent from 2012.",
         "2.8 per cent", "2013"),  # "from 2012" is the base four words after "up"
    ],
)  # fmt: skip
def test_dates_what_a_year_brought_is_a_flow_of_that_year(
    sentence: str, figure: str, year: str, extractor: Extractor
) -> None:
    """Patents got or filed in a year, registrations, approvals and a change over a year are
    counted over that year: a period, not a stock at its end."""
    claims = {c.value_text: c for c in extractor.extract(sentence, doc_id="flow").claims}
    claim = claims[figure]
    assert (claim.as_of, claim.period_start, claim.period_end) == (None, year, year)


def test_dates_quarters_of_the_story_and_a_year_earlier(extractor: Extractor) -> None:
    """A quarter "of this year" takes the dateline's year; "the same quarter" and "a year
    earlier" refer to the quarter just stated, not to the whole year."""
    text = (
        "Kestrel licensing update\n\nJuly 20, 2023\n\n"
        "Kestrel Networks reported $310 million in patent-licensing revenues in the second "
        "quarter of this year, up from $140 million a year earlier. Samsung bought 45 "
        "patents in the same quarter."
    )
    claims = extractor.extract(text, doc_id="q").claims
    assert [(c.value_text, c.subject, c.period_start, c.period_end) for c in claims] == [
        ("$310 million", "Kestrel Networks", "2023-04", "2023-06"),
        ("$140 million", "Kestrel Networks", "2022-04", "2022-06"),
        ("45", "Samsung", "2023-04", "2023-06"),
    ]


@pytest.mark.parametrize(
    ("word", "can_be_date"),
    [
        ("2022", True),
        ("30", True),
        ("Q3", True),
        ("FY2022", True),
        ("31.12.2022", True),
        ("2022/23", True),
        ("1990s", True),
        ("3rd", True),
        ("29,000", False),
        ("12.5", False),
        ("500", False),
        ("120000", False),
        ("1,234.5", False),
    ],
)
def test_only_digits_a_date_can_hold_anchor_the_date_patterns(word: str, can_be_date: bool) -> None:
    assert date_digits(word) is can_be_date
