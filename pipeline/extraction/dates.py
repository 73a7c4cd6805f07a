"""Dates: detect date phrases with spaCy patterns, parse their core with dateparser, give roles.

dateparser only ever sees a phrase our patterns already found ("September 30, 2022"), never
free text (on which it finds dates in words like "to"); it always runs with English only and
RELATIVE_BASE set to the publication date, so output does not change from day to day. What a
phrase *means* ("by the end of" = last day of the period; "from X to Y" = a period) is ours.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.sentences import matches_near
from pipeline.rules.loading import Rules

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

SPANS_KEY = "ipclaims_dates"
# Anchor for relative dates when the text states no publication date: they stay unresolved.
_NO_BASE = dt.datetime(1900, 1, 1)


@dataclass(frozen=True)
class PartialDate:
    """A date with the precision the text gave it."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def last_day(self) -> PartialDate:
        """The last day of the period ("end of September 2022" -> 2022-09-30)."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return PartialDate(self.year, month, day)


@dataclass(frozen=True)
class DateValue:
    """A resolved date phrase: role and its start/end dates."""

    role: str  # as_of | on | in | since | period | compared (the base of a comparison)
    start: PartialDate | None
    end: PartialDate | None = None


def day_of(date: dt.date) -> PartialDate:
    """A calendar day as a PartialDate of day precision."""
    return PartialDate(date.year, date.month, date.day)


class DateParser:
    """One dateparser instance per process, with a bounded cache (warm parses cost ~0.5 ms).

    It parses absolute date cores only ("September 30, 2022"); RELATIVE_BASE is a fixed date, so
    results never depend on today. Relative phrases ("last year") are resolved by our table
    against the document's publication date (see DateTagger.resolve)."""

    CACHE_SIZE = 50_000

    def __init__(self) -> None:
        self.cache: dict[str, PartialDate | None] = {}

    @cached_property
    def parser(self) -> DateDataParser:
        """Made at the first date our own table cannot read: importing dateparser costs 0.1 s of
        start-up, and most texts never need it."""
        from dateparser.date import DateDataParser

        return DateDataParser(
            languages=["en"], settings={"RELATIVE_BASE": _NO_BASE, "PREFER_DAY_OF_MONTH": "first"}
        )

    def parse(self, text: str) -> PartialDate | None:
        """Parse a date phrase into a PartialDate at the precision dateparser reports."""
        if text not in self.cache:
            if len(self.cache) >= self.CACHE_SIZE:
                self.cache.clear()  # memory stays flat on endless streams of new dates
            self.cache[text] = self._parse(text)
        return self.cache[text]

    def _parse(self, text: str) -> PartialDate | None:
        try:
            data = self.parser.get_date_data(text)
        except (ValueError, OverflowError):
            return None
        if data.date_obj is None:
            return None
        found = data.date_obj
        if data.period == "year":
            return PartialDate(found.year)
        if data.period == "month":
            return PartialDate(found.year, found.month)
        return PartialDate(found.year, found.month, found.day)


_ORDINAL_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
_HAS_DIGIT = re.compile(r"\d")
# Figures that are never part of a date: "29,000", "12.5", "500", "120000" (a date's numbers
# are days, years, "Q3", "FY2022", "31.12.2022", "2022/23").
_ONLY_A_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d{3}|\d{5,}")


def date_digits(word: str) -> bool:
    """Whether a word has digits that a date can hold (not a figure such as "29,000")."""
    return _HAS_DIGIT.search(word) is not None and _ONLY_A_FIGURE.fullmatch(word) is None


NUMERIC_DATE = r"^(\d{1,2})([/.])(\d{1,2})\2((?:19|20)\d\d)$"


def numeric_date(text: str, orders: Mapping[str, str]) -> PartialDate | None:
    """ "02/10/2024" or "10.02.2024": the separator says which number is the month (a first
    number above 12 can only be a day); None when it is no calendar day."""
    found = re.fullmatch(NUMERIC_DATE, text)
    if found is None or found.group(2) not in orders:
        return None
    first, second, year = int(found.group(1)), int(found.group(3)), int(found.group(4))
    month, day = (first, second) if orders[found.group(2)] == "month_first" else (second, first)
    if month > 12:
        month, day = day, month
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return PartialDate(year, month, day)


def plain_date(text: str, months: dict[str, int]) -> PartialDate | None:
    """The common written forms, read directly: "2022", "September 2022", "September 30, 2022",
    "30 Sept. 2022", "2022-09-30"; None for anything else (dateparser reads those)."""
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    words = [w for w in re.split(r"[\s,.]+", text) if w] if iso is None else []
    year = month = day = None
    if iso is not None:
        year, month, day = (int(g) for g in iso.groups())
    elif len(words) == 1 and words[0].isdigit() and len(words[0]) == 4:
        year = int(words[0])
    elif len(words) == 2 and words[0] in months and words[1].isdigit() and len(words[1]) == 4:
        month, year = months[words[0]], int(words[1])
    elif len(words) == 3 and words[2].isdigit() and len(words[2]) == 4:
        first, second = words[0], words[1]
        if first in months and (found := _ORDINAL_DAY.match(second)):
            month, day = months[first], int(found.group(1))
        elif second in months and (found := _ORDINAL_DAY.match(first)):
            month, day = months[second], int(found.group(1))
        else:
            return None
        year = int(words[2])
    else:
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and (month is None or not 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return PartialDate(year, month, day)


def date_patterns(rules: Rules) -> dict[str, list[list[dict[str, Any]]]]:
    """Matcher patterns by kind: calendar dates, quarters, halves, fiscal years, ranges, relative."""
    table = rules.dates
    year = {"SHAPE": "dddd"}  # native; the year range is checked after matching
    month = {"LOWER": {"IN": [*table.months, *(m + "." for m in table.months if len(m) <= 4)]}}
    day = {"TEXT": {"REGEX": r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?$"}}
    comma = {"ORTH": ",", "OP": "?"}
    quarter_words = [q for q in table.quarters if " " not in q]
    # "first quarter", "second half": the ordinal words of the quarters and halves tables
    quarter_ordinals = [q.split()[0] for q in table.quarters if q.endswith(" quarter")]
    half_words = [h for h in table.halves if " " not in h]
    half_ordinals = [h.split()[0] for h in table.halves if h.endswith(" half")]
    relative_patterns = [[{"LOWER": w} for w in phrase.split()] for phrase in table.relative]
    day_phrases = [*table.relative_days, *table.relative_weeks, *table.relative_months]
    day_patterns: list[list[dict[str, Any]]] = [
        [{"LOWER": w} for w in phrase.split()] for phrase in day_phrases
    ]
    day_patterns.append([{"LOWER": {"IN": list(table.weekdays)}}])
    return {
        "calendar": [
            [month, day, comma, year],
            [  # ISO "2019-04-16", as scrapers write a page's date
                year,
                {"ORTH": "-"},
                {"TEXT": {"REGEX": r"^(0[1-9]|1[0-2])$"}},
                {"ORTH": "-"},
                {"TEXT": {"REGEX": r"^(0[1-9]|[12]\d|3[01])$"}},
            ],
            [day, month, comma, year],
            [{"TEXT": {"REGEX": NUMERIC_DATE}}],  # "02/10/2024", "10.02.2024"
            [month, comma, year],
            [year],
            [{"LOWER": "year"}, {"ORTH": "-"}, {"LOWER": "end"}, year],
            [{"LOWER": {"IN": ["fiscal", "fy"]}}, {"LOWER": "year", "OP": "?"}, year],
            [{"TEXT": {"REGEX": r"^(?i:fy)(19|20)\d\d$"}}],
        ],
        "quarter": [
            [{"LOWER": {"IN": quarter_words}}, year],
            [year, {"LOWER": {"IN": quarter_words}}],  # "in 2016 Q4"
            [
                {"LOWER": {"IN": quarter_ordinals}},
                {"LOWER": "quarter"},
                {"LOWER": "of", "OP": "?"},
                year,
            ],
            # "the second quarter of this year", "Q4 last year": the year from the dateline
            [
                {"LOWER": {"IN": quarter_ordinals}},
                {"LOWER": "quarter"},
                {"LOWER": "of"},
                {"LOWER": {"IN": list(table.quarter_years)}},
                {"LOWER": "year"},
            ],
            [
                {"LOWER": {"IN": quarter_words}},
                {"LOWER": {"IN": list(table.quarter_years)}},
                {"LOWER": "year"},
            ],
            [{"LOWER": {"IN": half_words}}, year],
            [
                {"LOWER": {"IN": half_ordinals}},
                {"LOWER": "half"},
                {"LOWER": "of", "OP": "?"},
                year,
            ],
        ],
        # "January-February 2015", "from January to March 2015", "in January and February
        # 2015": months of one year
        "month_range": [
            [month, {"ORTH": {"IN": ["-", "–"]}}, month, year],
            [month, {"LOWER": "and"}, month, year],
            [{"LOWER": "from"}, month, {"LOWER": {"IN": table.range_links}}, month, year],
            [{"LOWER": "between"}, month, {"LOWER": "and"}, month, year],
        ],
        "range": [
            [{"LOWER": "from"}, year, {"LOWER": {"IN": table.range_links}}, year],
            [{"LOWER": "between"}, year, {"LOWER": "and"}, year],
            [year, {"ORTH": "-"}, year],
            [year, {"LOWER": "to"}, year],
        ],
        # "the first nine months of 2023", "... of the year": January to September
        "months": [
            [
                {"LOWER": "first"},
                {"LOWER": {"IN": list(table.months_to_date)}},
                {"LOWER": "months"},
                {"LOWER": "of"},
                year,
            ],
            [
                {"LOWER": "first"},
                {"LOWER": {"IN": list(table.months_to_date)}},
                {"LOWER": "months"},
                {"LOWER": "of"},
                {"LOWER": {"IN": ["the", "that"]}},
                {"LOWER": "year"},
            ],
        ],
        "relative": relative_patterns,
        "days": day_patterns,  # "yesterday", "last month", "on Thursday": from the dateline
        # "by the end of that year", "in the same month": the last date stated before.
        "anaphoric": [
            [
                {"LOWER": {"IN": ["that", "the"]}},
                {"LOWER": "same", "OP": "?"},
                {"LOWER": {"IN": [w for w in table.period_words if not w.endswith("s")]}},
            ]
        ],
    }


class DateTagger:
    """Tag date phrases in `doc.spans["ipclaims_dates"]`, each with `span._.ipclaims_date`."""

    # Every date pattern holds a token with a digit or a word of the relative, anaphoric and
    # month tables, and no word of it is further than this from one: windows around those
    # tokens chain through a long date ("by the end of the third quarter of 2022").
    REACH = 5

    def __init__(self, nlp: Language, name: str, rules: Rules) -> None:
        self.name = name
        self.table = rules.dates
        self.change_words = frozenset(rules.counting.change_words)
        self.parser = DateParser()
        register_extensions(rules)
        self.matcher = Matcher(nlp.vocab, validate=True)
        for kind, patterns in date_patterns(rules).items():
            self.matcher.add(kind, patterns, greedy="LONGEST")
        # the last word of every relative phrase ("last year", "to date", "at present"), and
        # the words of "that year", "the same quarter", "the first nine months of the year"
        day_phrases = [
            *self.table.relative,
            *self.table.relative_days,
            *self.table.relative_weeks,
            *self.table.relative_months,
            *self.table.weekdays,
        ]
        anchor_words = {phrase.split()[-1] for phrase in day_phrases}
        anchor_words |= {*self.table.period_words, *self.table.months_to_date}
        self.anchor_words = numpy.array(
            sorted(nlp.vocab.strings.add(w) for w in anchor_words), dtype=numpy.uint64
        )
        self.cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        for cue, role in self.table.cues.items():
            self.cues.add(role, [nlp.make_doc(cue)])

    def __call__(self, doc: Doc) -> Doc:
        matches = [
            Span(doc, start, end, label=doc.vocab.strings[match_id])
            for match_id, start, end in self.matches(doc)
        ]
        cue_ends: dict[int, tuple[int, str]] = {}
        for match_id, start, end in self.cues(doc):
            earlier = cue_ends.get(end)
            if earlier is None or start < earlier[0]:
                cue_ends[end] = (start, doc.vocab.strings[match_id])
        low, high = self.table.year_range
        cores = filter_spans(
            [
                m
                for m in matches
                if all(
                    t.text.isascii() and low <= int(t.text) <= high for t in m if t.shape_ == "dddd"
                )
            ]
        )
        if doc._.ipclaims_published is None:
            published = self.find_published(doc, cores)
            if published is not None:
                doc._.ipclaims_published = str(published)
        base = published_base(doc)
        spans = []
        stated: DateValue | None = None  # the last date stated: "that year", "a year earlier"
        for core in cores:
            cue_start, cue = cue_ends.get(core.start, (core.start, "bare"))
            if cue == "in" and any(
                t.lower_ == "since" for t in doc[max(0, cue_start - 4) : cue_start]
            ):
                cue = "since"  # "since it was founded in 1984"
            if cue == "from" and any(
                t.lower_ in self.change_words or t.lemma_.lower() in self.change_words
                for t in doc[max(0, cue_start - 5) : cue_start]
            ):
                cue = "compared"  # "a 39 percent decrease from 2019", "up 2.8 per cent from 2012"
            if core.label_ == "anaphoric":
                value = self.refer_back(core, cue, stated)
            else:
                value = self.resolve(core, cue, base, stated)
            if value is None:  # "a year earlier" than an unknown date is unknown too
                stated = None
                continue
            if core.text.lower() not in self.table.relative_to_previous and core.label_ != "days":
                # "a year earlier" dates a comparison, and "released on Thursday" the report:
                # the story's date stays
                stated = value
            span = Span(doc, cue_start, core.end, label=core.label_)
            span._.ipclaims_date = value
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The date patterns' matches, looked for only in windows around tokens a date must
        hold (a digit, "year", "last", "today"...): the Matcher costs per token, and most of a
        page holds no date."""
        if not len(doc):
            return []
        orth, lower = doc.to_array([ORTH, LOWER]).T
        kinds, positions = numpy.unique(orth, return_inverse=True)
        strings = doc.vocab.strings
        digit_kinds = numpy.array([date_digits(strings[int(k)]) for k in kinds])
        has_digit = digit_kinds[positions]  # the doc is not empty, so neither is `kinds`
        anchors = numpy.flatnonzero(has_digit | numpy.isin(lower, self.anchor_words)).tolist()
        return matches_near(self.matcher, doc, anchors, self.REACH, self.REACH + 1)

    def find_published(self, doc: Doc, cores: list[Span]) -> PartialDate | None:
        """The dateline: a full date near the top, on a line that reads like a dateline
        ("SHENZHEN, China, March 3, 2023 /PRNewswire/ --", "Published: 14 March 2024")."""
        window = self.table.dateline_window
        head = doc[: min(len(doc), window)].text  # doc.text is rebuilt on every access
        for core in cores:
            if core.end_char > len(head) or core.label_ != "calendar":
                continue
            line_start = head.rfind("\n", 0, core.start_char) + 1
            line_end = head.find("\n", core.end_char)
            line = head[line_start : line_end if line_end >= 0 else len(head)]
            near_start = core.start_char - line_start <= 80
            cued = (
                any(cue in line.lower() for cue in self.table.dateline_cues)
                or len(line.strip()) < 60
            )
            if not (near_start and cued):
                continue
            parsed = self._calendar(core.text)
            if parsed is not None and parsed.day is not None:
                return parsed
        return None

    @staticmethod
    def refer_back(core: Span, cue: str, stated: DateValue | None) -> DateValue | None:
        """ "that year" / "the same month" / "the same quarter": that part of the last date
        stated."""
        previous = last_date(stated)
        if stated is None or previous is None:
            return None
        if core[-1].lower_ == "quarter":
            return DateValue("in", stated.start, stated.end) if is_quarter(stated) else None
        if core[-1].lower_ == "month":
            if previous.month is None:
                return None
            referred = PartialDate(previous.year, previous.month)
        else:
            referred = PartialDate(previous.year)
        if cue == "end":
            return DateValue("as_of", referred.last_day())
        role = {"as_of": "as_of", "on": "on", "since": "since", "from": "since"}.get(cue, "in")
        return DateValue(role, referred)

    def resolve(
        self,
        core: Span,
        cue: str,
        base: dt.date | None,
        stated: DateValue | None = None,
    ) -> DateValue | None:
        """Meaning of a date core given the cue phrase before it (and the last date stated,
        for "a year earlier")."""
        text = core.text
        previous = last_date(stated)
        if core.label_ == "relative":
            offset = self.table.relative.get(text.lower())
            if (
                stated is not None
                and is_quarter(stated)
                and text.lower() in self.table.relative_to_previous
            ):  # "$289 million in the second quarter, up from $132 million a year earlier"
                assert stated.start is not None and stated.end is not None
                return DateValue(
                    "compared" if cue == "compared" else "in",
                    PartialDate(stated.start.year - 1, stated.start.month),
                    PartialDate(stated.end.year - 1, stated.end.month),
                )
            if previous is not None and text.lower() in self.table.relative_to_previous:
                anchor = previous.year  # "8,513 in 2022, up from 6,366 a year earlier"
            elif base is None:
                return None
            elif offset == "now":
                return DateValue("as_of", PartialDate(base.year, base.month, base.day))
            else:
                anchor = base.year
            assert isinstance(offset, int)  # "now" was handled above
            year = PartialDate(anchor + offset)
            if cue == "end":  # "by the end of last year"
                return DateValue("as_of", year.last_day())
            return DateValue("compared" if cue == "compared" else "in", year)
        if core.label_ == "days":
            return self._days(core, cue, base)
        if core.label_ == "months":
            return self._months(core, previous)
        if core.label_ == "month_range":
            months = [
                self.table.months[t.lower_.rstrip(".")]
                for t in core
                if t.lower_.rstrip(".") in self.table.months
            ]
            in_year = int(next(t.text for t in core if t.shape_ == "dddd"))
            first, last = PartialDate(in_year, months[0]), PartialDate(in_year, months[-1])
            return DateValue("period", first, last)
        if core.label_ == "range":
            years = [t.text for t in core if t.shape_ == "dddd" and t.text.isascii()]
            start, end = PartialDate(int(years[0])), PartialDate(int(years[-1]))
            return DateValue("period", start, end)
        if core.label_ == "quarter":  # months, as precise as "Q3 2023"; its last day at "end"
            quarter = self._quarter(core, base, previous)
            if quarter is not None and cue == "end" and quarter.end is not None:
                return DateValue("as_of", quarter.end.last_day())
            return quarter
        parsed = self._calendar(text)
        if parsed is None:
            return None
        if cue == "end" or text.lower().startswith("year"):
            return DateValue("as_of", parsed.last_day())
        if cue == "compared" or (cue == "on" and parsed.month is None):
            return DateValue("compared", parsed)  # "over 2005", "than 2019", "a decline on 2013"
        role = {"as_of": "as_of", "on": "on", "in": "in", "since": "since", "from": "since"}.get(
            cue, "in"
        )
        return DateValue(role, parsed)

    def _calendar(self, text: str) -> PartialDate | None:
        year_only = re.search(r"(19|20)\d\d", text)
        lowered = text.lower()
        if lowered.startswith(("fiscal", "fy", "year")) and year_only:
            return PartialDate(int(year_only.group()))
        common = plain_date(lowered, self.table.months) or numeric_date(
            lowered, self.table.numeric_order
        )
        if common is not None:  # most dates: no need to wake dateparser (0.4 s to start)
            return common
        return self.parser.parse(text.replace(" ,", ","))

    def _days(self, core: Span, cue: str, base: dt.date | None) -> DateValue | None:
        """A day, week or month counted from the dateline: "yesterday", "last week", "earlier
        this month", "on Thursday" (the last Thursday on or before the dateline)."""
        text = core.text.lower()
        following = core.doc[core.end] if core.end < len(core.doc) else None
        if base is None:
            return None
        if (
            text in self.table.weekdays
            and following is not None
            and (
                following.text == "," or following.like_num or following.lower_ in self.table.months
            )
        ):
            return None  # "Thursday, March 3, 2024": the calendar date says the day
        role = {"as_of": "as_of", "on": "on", "since": "since", "from": "since"}.get(cue, "in")
        if text in self.table.relative_months:
            month = base.year * 12 + base.month - 1 + self.table.relative_months[text]
            return DateValue(
                "compared" if cue == "compared" else "in", PartialDate(month // 12, month % 12 + 1)
            )
        if text in self.table.relative_weeks:
            monday = base - dt.timedelta(days=base.weekday() - 7 * self.table.relative_weeks[text])
            sunday = monday + dt.timedelta(days=6)
            return DateValue("in", day_of(monday), day_of(sunday))
        if text in self.table.relative_days:
            return DateValue(role, day_of(base + dt.timedelta(days=self.table.relative_days[text])))
        if text in self.table.weekdays:
            back = (base.weekday() - self.table.weekdays[text]) % 7
            return DateValue(role, day_of(base - dt.timedelta(days=back)))
        return None

    def _months(self, core: Span, previous: PartialDate | None) -> DateValue | None:
        """ "the first nine months of 2023" (or "of the year": the last year stated)."""
        stated = [int(t.text) for t in core if t.shape_ == "dddd" and t.text.isascii()]
        year = stated[-1] if stated else previous.year if previous is not None else None
        if year is None:
            return None
        count = self.table.months_to_date[core[1].lower_]
        return DateValue("in", PartialDate(year, 1), PartialDate(year, count))

    def _quarter(
        self, core: Span, base: dt.date | None = None, previous: PartialDate | None = None
    ) -> DateValue | None:
        words = core.text.lower()
        digits = re.findall(r"\d{4}", words)
        if digits:
            year = int(digits[-1])
        else:  # "of this year", "last year", "of the year" (the year of the story)
            offset = self.table.quarter_years[core[-2].lower_]
            if offset == "story":
                anchor = previous.year if previous is not None else base.year if base else None
                offset = 0
            else:
                anchor = base.year if base is not None else None
            if anchor is None:
                return None
            year = anchor + int(offset)
        quarters, halves = self.table.quarters, self.table.halves
        words = re.sub(r"^\d{4}\s+", "", words)  # "2016 q4"
        for name, number in sorted(quarters.items(), key=lambda kv: -len(kv[0])):
            if words.startswith(name):
                first = 3 * (number - 1) + 1
                return DateValue("in", PartialDate(year, first), PartialDate(year, first + 2))
        for name, number in sorted(halves.items(), key=lambda kv: -len(kv[0])):
            if words.startswith(name):
                first = 6 * (number - 1) + 1
                return DateValue("in", PartialDate(year, first), PartialDate(year, first + 5))
        return None


def last_date(value: DateValue | None) -> PartialDate | None:
    """The date a later "that year" or "a year earlier" counts from: the end of a period."""
    return None if value is None else value.end or value.start


def is_quarter(value: DateValue) -> bool:
    """A quarter or a half: a span of months within one year."""
    start, end = value.start, value.end
    return (
        start is not None
        and end is not None
        and start.month is not None
        and end.month is not None
        and start.year == end.year
        and end.month > start.month
    )


def published_base(doc: Doc) -> dt.date | None:
    """The document's publication date as a datetime.date, if known."""
    published = doc._.ipclaims_published
    if not published:
        return None
    parts = [int(p) for p in str(published).split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def register_extensions(rules: Rules) -> None:
    """Extensions this stage reads and writes."""
    Span.set_extension("ipclaims_date", default=None, force=True)
    if not Doc.has_extension("ipclaims_published"):
        Doc.set_extension("ipclaims_published", default=None)


@Language.factory("ipclaims_dates", assigns=["doc.spans"], default_config={})
def make_date_tagger(nlp: Language, name: str) -> DateTagger:
    """Factory: the rules come from the package tables."""
    from pipeline.rules.loading import load_rules

    return DateTagger(nlp, name, load_rules())
