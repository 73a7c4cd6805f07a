"""When a figure holds: the date that governs its clause, a label date, a back-reference, or the
as-of date that opens its paragraph; stocks get as_of, flows a period."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from itertools import takewhile
from typing import TypedDict

from spacy.tokens import Doc, Span, Token

from models import Claim
from models.vocab import FLOW_METRICS, is_currency
from pipeline.extraction.counting import Counted, CountReader
from pipeline.extraction.dates import SPANS_KEY as DATES_KEY
from pipeline.extraction.dates import DateValue
from pipeline.extraction.numbers import SPANS_KEY as QUANTITIES_KEY
from pipeline.extraction.syntax import (
    BULLETS,
    clause_verb,
    distance,
    is_independent,
    opens_sentence,
    sentence_contains,
    up,
    within,
)
from pipeline.nlp.sentences import sentence_of, spans_in
from pipeline.reading.clean import Block, BlockKind
from pipeline.rules.loading import Rules


def date_level(date: Span, quantity: Span, head: Token, sentence: Span) -> int | None:
    """How closely a date in the sentence governs the figure; None when it does not apply.

    0: same clause, or inside the counted phrase ("18 agreements concluded during 2022");
    1: a clause above the figure's, its subject phrase, or an opening date ("By September 30,
       2022, ... which spanned more than 60 countries");
    2: an as-of date of a coordinated clause ("X held N as at DATE, and M of those ...").
    """
    if within(date.root, head) or within(date.root, quantity.root):
        return 0
    figure_verb = next(
        (a for a in quantity.root.ancestors if a.pos_ in {"VERB", "AUX"}), sentence.root
    )
    opening = opens_sentence(date, sentence)
    date_verb = sentence.root if opening else clause_verb(date.root)
    if date_verb == figure_verb:
        return 0
    crossed = False
    node = figure_verb
    for _ in range(12):  # a clause is never that deep; endless coordinations stop here
        if node.i == node.head.i:
            break
        crossed = crossed or (is_independent(node) and not opening)
        node = node.head
        if node == date_verb:
            if not crossed:
                return 1
            return 2 if date._.ipclaims_date.role in {"as_of", "on"} else None
    subjects = [c for c in figure_verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if any(within(date.root, subject) for subject in subjects):
        return 1
    # "It had filed 13,000 applications and received 5,000 patents by the end of 2023": verbs
    # that share one subject share a trailing date.
    shared = (
        date_verb.dep_ == "conj"
        and date_verb.head == figure_verb
        and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in date_verb.children)
    )
    return 2 if shared and date.start > quantity.end else None


def label_date(sentence: Span) -> Span | None:
    """The date of a "2019:" label that opens the sentence's line and that the parser cut off
    as a sentence of its own ("- 2019: 3,548 U.S. patents, 3rd place ...")."""
    doc = sentence.doc
    if sentence.start == 0 or "\n" in doc[sentence.start - 1].text:
        return None
    before = sentence_of(doc[sentence.start - 1])
    words = [t for t in before if not (t.is_space or t.text in BULLETS)]
    if not words or words[-1].text != ":":
        return None
    dates = spans_in(before, DATES_KEY)
    if len(dates) != 1 or dates[0].start != words[0].i or dates[0].end != words[-1].i:
        return None
    return dates[0]


class Dating(TypedDict, total=False):
    """The date fields of a claim, as far as the text states them."""

    as_of: str
    as_of_inherited: bool
    period_start: str
    period_end: str


def apply_date(value: DateValue, flow: bool, result: Dating, rank: bool = False) -> None:
    """Set as_of or the period of a figure from a resolved date phrase: a flow (applications
    filed, money spent) gets a period, a stock (patents held) an as-of date. A `rank` dated by a
    year ("ranked first in 2022") or a span ranks that period's grants or filings, so it is dated
    like a flow (corpus/README.md); a rank at a day or a month holds at that date."""
    if value.role == "as_of":
        result["as_of"] = str(value.start)
    elif value.role == "period":
        result["period_start"], result["period_end"] = str(value.start), str(value.end)
    elif value.role == "since":
        result["period_start"] = str(value.start)
    elif flow or (rank and ranks_a_period(value)):
        result["period_start"] = str(value.start)
        result["period_end"] = str(value.end or value.start)
    else:
        result["as_of"] = str(value.end or value.start)


def is_dateline(date: Span) -> bool:
    """A day that a dash follows, as a news dateline: "Jan. 14, 2014 — IFI CLAIMS released"."""
    doc = date.doc
    return date.end < len(doc) and doc[date.end].text in {"—", "–", "-", "--"}


def ranks_a_period(value: DateValue) -> bool:
    """A year ("the 2022 ranking") or a span of months ("January-February 2015"): what a
    ranking of that period's grants or transactions is dated by, unlike a day or a month."""
    start, end = value.start, value.end
    return start is not None and (start.month is None or (end is not None and end != start))


@dataclass(frozen=True)
class DocContext:
    """What the claims stage needs to know about the document besides the Doc."""

    doc_id: str
    text: str  # the decoded input: offsets and evidence come from here
    blocks: tuple[Block, ...]
    block_starts: tuple[int, ...] = ()

    @classmethod
    def create(cls, doc_id: str, text: str, blocks: tuple[Block, ...]) -> DocContext:
        return cls(doc_id, text, blocks, tuple(b.start for b in blocks))

    def lead_end(self) -> int:
        """Where the headline and the lead end: the first two blocks that are not page
        furniture (0 when there are none)."""
        lead = [b for b in self.blocks if b.kind is not BlockKind.boilerplate][:2]
        return lead[-1].end if lead else 0


class ClaimDater:
    """as_of, period and inheritance of one figure, per CONTRACT.md."""

    def __init__(self, rules: Rules, counting: CountReader) -> None:
        self.rules = rules
        self.counting = counting  # the claim builder's: "up from 8.2%" is a compared figure

    def dating(
        self, quantity: Span, sentence: Span, dates: list[Span], counted: Counted, ctx: DocContext
    ) -> Dating:
        """as_of / period / inheritance for a figure, per CONTRACT.md."""
        head = counted.tokens[-1] if counted.tokens else quantity.root
        levels = {
            d.start: level for d in spans_in(sentence, DATES_KEY)
            if d.end <= sentence.end and (level := date_level(d, quantity, head, sentence)) is not None
        }  # fmt: skip
        others = [q for q in spans_in(sentence, QUANTITIES_KEY) if q.start > quantity.start]
        in_sentence = [
            d for d in spans_in(sentence, DATES_KEY)
            if d.start in levels
            and d._.ipclaims_date.role != "compared"
            and not self.dates_another_figure(d, quantity, others, sentence)
        ]  # fmt: skip
        result: Dating = {}
        flow = self.is_flow(quantity, sentence, counted, ctx)
        rank = counted.metric == "rank"
        if in_sentence:
            roles = {"as_of": 0, "on": 0, "period": 1, "since": 1, "in": 2}
            ranked = sorted(
                in_sentence,
                key=lambda d: (
                    d.label_ == "days",  # a date written out beats "on Monday" (when it was said)
                    levels[d.start],
                    roles.get(d._.ipclaims_date.role, 3),
                    distance(d, quantity),
                ),
            )
            value: DateValue = ranked[0]._.ipclaims_date
            apply_date(value, flow, result, rank)
            return result
        label = label_date(sentence)
        if label is not None:  # "- 2019: 3,548 U.S. patents": the parser splits at the colon
            apply_date(label._.ipclaims_date, flow, result, rank)
            return result
        if self.sentence_has(sentence, "year_back_refs"):
            earlier = [
                d for d in dates if d.end <= quantity.start and d._.ipclaims_date.start is not None
            ]
            if earlier:  # "... in 2022, and Xiaomi spent RMB 16 billion in the same year"
                apply_date(earlier[-1]._.ipclaims_date, flow, result, rank)
                return result
        back_ref = self.sentence_has(sentence, "period_back_refs")
        if back_ref:
            earlier = [
                d
                for d in dates
                if d.end <= sentence.start and d._.ipclaims_date.role in {"period", "since"}
            ]
            if earlier:
                apply_date(earlier[-1]._.ipclaims_date, True, result)
                return result
        inherited = self.paragraph_as_of(sentence, dates, ctx)
        if inherited is not None:
            result["as_of"] = inherited
            result["as_of_inherited"] = True
        return result

    def is_flow(
        self, quantity: Span, sentence: Span, counted: Counted, ctx: DocContext | None = None
    ) -> bool:
        """Whether a figure counts over a period (applications filed, money spent) rather
        than holding at a date (patents held); ranks are neither here (apply_date dates a rank
        of a year like a flow). With `ctx`, a patent count of a report about grants is a flow
        too."""
        if counted.metric == "rank":
            return False
        if (  # "US patent grants in 2020" ... "IBM topped the list with 9,435": that year's
            ctx is not None
            and counted.metric in self.rules.flows.topic_flow_metrics
            and self.lead_speaks_of(quantity.doc, ctx, "flow_context")
        ):
            return True
        verbs = {t.lemma_.lower() for t in up(quantity.root) if t.pos_ in {"VERB", "AUX"}}
        if counted.tokens:  # "4,300 patents filed in fiscal 2014": the counted noun's participle
            verbs |= {
                c.lemma_.lower()
                for c in counted.tokens[-1].children
                if c.dep_ == "acl" and c.tag_ in {"VBN", "VBG"}
            }
        return (
            is_currency(counted.unit)  # spent, earned, paid
            or counted.metric in FLOW_METRICS
            or counted.unit.endswith("application")  # "filings fell by 1,157": a change of a flow
            or counted.unit in self.rules.flows.flow_units
            or not verbs.isdisjoint(self.rules.flows.flow_verbs)
            or self.sentence_has_cue(sentence, "flow_context")
            or (  # "60% of the 2023 licence income": a share of a flow
                counted.unit == "percent"
                and any(t.lower_ in self.rules.flows.flow_nouns for t in counted.tokens)
            )
            or (counted.unit == "percent" and self.changes_a_flow(quantity))
            # "a 12.2% growth year-on-year in 2013": a change over that year ("up from 8.2%"
            # is the base of a comparison, not a change)
            or (
                counted.unit == "percent"
                and self.counting.is_change(quantity, sentence)
                and not self.counting.compared(quantity, sentence)
            )
        )

    def changes_a_flow(self, quantity: Span) -> bool:
        """A percentage whose verb has a flow as subject or object: "increased spending on
        research by 3% in 2012", "filings rose 5%" (a change over that year)."""
        verb = next((t for t in up(quantity.root) if t.pos_ == "VERB"), None)
        nouns = self.rules.flows.flow_nouns
        return verb is not None and any(
            c.dep_ in {"nsubj", "nsubjpass", "dobj"} and c.lower_ in nouns for c in verb.children
        )

    def enumeration_dating(
        self, quantity: Span, sentence: Span, counted: Counted, ctx: DocContext
    ) -> Dating:
        """The date that introduces an enumeration, for its items that the parser hung outside
        the date's clause ("the 10 companies that invested most in R&D in 2020: Alphabet
        (€22.4bn), Huawei (€17.5bn) ..."): the one date stated before the figure."""
        values = {
            str(d._.ipclaims_date.start): d._.ipclaims_date
            for d in spans_in(sentence, DATES_KEY)
            if d.end <= quantity.start
            and d._.ipclaims_date.start is not None
            and d._.ipclaims_date.role != "compared"
        }
        result: Dating = {}
        if len(values) == 1:
            flow = self.is_flow(quantity, sentence, counted, ctx)
            apply_date(next(iter(values.values())), flow, result, counted.metric == "rank")
        return result

    def topic_dating(
        self, quantity: Span, sentence: Span, counted: Counted, ctx: DocContext
    ) -> Dating:
        """The year a report is about, for a count in the simple past or a rank in any tense
        (not a streak in the present perfect) that states no date ("Toyota tops Ford in U.S.
        patents in 2020" ... "Ford finished second with 2,025 patents"): the one year that the
        headline and the lead paragraph state."""
        verb = next((t for t in up(quantity.root) if t.pos_ in {"VERB", "AUX"}), None)
        past_passive = verb is not None and any(  # "were ranked No. 6, No. 7 ... respectively"
            c.dep_ == "auxpass" and c.tag_ == "VBD" for c in verb.children
        )
        perfect = verb is not None and any(  # "has ranked first for 29 years": a streak
            c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children
        )
        rank = counted.metric == "rank" and not perfect  # the report's ranking, past or present
        granted = (  # "Ford has 2,468 patents" in a report on one year's grants
            not perfect
            and verb is not None
            and verb.lemma_.lower() not in self.rules.flows.stock_verbs
            and counted.metric in self.rules.flows.topic_flow_metrics
            and self.lead_speaks_of(quantity.doc, ctx, "flow_context")
        )
        if not (rank or granted) and (verb is None or (verb.tag_ != "VBD" and not past_passive)):
            return {}  # "has filed 87,000" and "holds 28,000" are to date, not the report's year
        years = self.report_years(quantity.doc, ctx)
        if years is None:
            return {}
        period: Dating = {"period_start": years[0], "period_end": years[1]}
        if rank:  # that year's ranking
            return period
        percentage = counted.unit == "percent"  # a change or a share of what the report counts
        if not is_currency(counted.unit) and (
            self.is_flow(quantity, sentence, counted, ctx)
            or (percentage and self.lead_speaks_of(quantity.doc, ctx, "flow_nouns"))
        ):  # "Applicants from China increased 18.7 per cent" in a report on that year's filings
            return period
        return {}

    def report_years(self, doc: Doc, ctx: DocContext) -> tuple[str, str] | None:
        """The document's topic_years, worked out once per document."""
        if "ipclaims_topic_years" not in doc.user_data:
            dates = list(doc.spans.get(DATES_KEY, []))
            doc.user_data["ipclaims_topic_years"] = self.topic_years(dates, ctx)
        years: tuple[str, str] | None = doc.user_data["ipclaims_topic_years"]
        return years

    def topic_years(self, dates: list[Span], ctx: DocContext) -> tuple[str, str] | None:
        """The single year, or span of years, stated in the first two blocks of text (headline
        and lead) in sentences about patents, filings or R&D, the dateline aside ("founded in
        2009" is no report's year): ("2019", "2019") or ("2007", "2018") for "Top Patent
        Holders (2007-2018)". Of several, the one stated at least twice as often as any other;
        else None."""
        end = ctx.lead_end()
        if not end:
            return None
        words = self.rules.dates.report_words
        spans: Counter[tuple[int, int]] = Counter()
        for date in dates:
            if date.start_char >= end:
                break
            value: DateValue = date._.ipclaims_date
            if value.role in {"compared", "since"} or value.start is None:
                continue
            if value.start.day is not None and (
                str(value.start) == date.doc._.ipclaims_published or is_dateline(date)
            ):
                continue  # the dateline ("MADISON, Conn., Jan. 14, 2014 — IFI ...")
            if self.dates_compared_figure(date):
                continue  # "a drop from 189 in 2007": the year of the comparison
            if not sentence_contains(sentence_of(date.root), "dates:report_words", words):
                continue
            last = value.end.year if value.end is not None else value.start.year
            spans[(value.start.year, last)] += 1
        ranked = spans.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[1][1] * 2 > ranked[0][1]):
            return None  # none, or no year stated at least twice as often as any other
        first, last = ranked[0][0]
        return str(first), str(last)

    def dates_compared_figure(self, date: Span) -> bool:
        """Whether a date right after a figure dates that figure as the base of a comparison
        ("a nearly one-third drop from 189 in 2007")."""
        sentence = sentence_of(date.root)
        return any(
            q.end <= date.start and date.start - q.end <= 1 and self.counting.compared(q, sentence)
            for q in spans_in(sentence, QUANTITIES_KEY)
        )

    def lead_speaks_of(self, doc: Doc, ctx: DocContext, cue: str) -> bool:
        """Whether the headline or the lead holds a phrase of a flows table: "patents issued
        last year", "US patent grants" (flow_context) make the report's patent counts that
        year's grants, not portfolios ("In 2019, Ford led with 2,468")."""
        key = f"ipclaims_lead_{cue}"
        if key not in doc.user_data:
            end = ctx.lead_end()
            doc.user_data[key] = any(
                self.sentence_has_cue(sentence, cue)
                for sentence in takewhile(lambda s: s.start_char < end, doc.sents)
            )
        return bool(doc.user_data[key])

    def dates_another_figure(
        self, date: Span, quantity: Span, later: list[Span], sentence: Span
    ) -> bool:
        """A date that belongs to a comparison, not to the figure before it: "a year earlier"
        and "the previous year" date the comparison figure right before them ("up from 6,366 a
        year earlier") or a figure after them ("a year earlier, when it ranked No. 2"), never the
        main figure ("9,435 grants, unchanged from the previous year"); and any date right after
        a compared figure is that figure's ("10.6% of sales, up from 8.2% in the same period of
        2022")."""
        if date.start < quantity.end:
            return False
        text = date.text.lower()
        comparison = date.label_ == "relative" and any(
            text.endswith(phrase) for phrase in self.rules.dates.relative_to_previous
        )
        if comparison and date.start - quantity.end > 1:
            return True
        return any(
            q.end <= date.start and date.start - q.end <= 6 and self.counting.compared(q, sentence)
            for q in later
        )

    @staticmethod
    def borrowed_dating(claim: Claim) -> Dating:
        """The date of an earlier claim whose count a figure continues ("X was followed by Y
        with 20,206"): its period or its as-of date (not `as_of_inherited`, which CONTRACT.md
        keeps for a paragraph that opens with an as-of phrase)."""
        result: Dating = {}
        if claim.period_start is not None:
            result["period_start"] = str(claim.period_start)
        if claim.period_end is not None:
            result["period_end"] = str(claim.period_end)
        if claim.as_of is not None:
            result["as_of"] = str(claim.as_of)
        return result

    def sentence_has_cue(self, sentence: Span, cue: str) -> bool:
        """Whether a sentence holds a phrase of a cues table ("patent recipients": yearly
        grants, so its counts are flows)."""
        return sentence_contains(sentence, f"cues:{cue}", getattr(self.rules.flows, cue))

    def sentence_has(self, sentence: Span, table: str) -> bool:
        """Whether a sentence holds a phrase of a dates table."""
        return sentence_contains(sentence, f"dates:{table}", getattr(self.rules.dates, table))

    def paragraph_as_of(self, sentence: Span, dates: list[Span], ctx: DocContext) -> str | None:
        """The as-of date that opens this sentence's paragraph, if the paragraph opens with one."""
        starts = ctx.block_starts
        position = bisect.bisect_right(starts, sentence.start_char) - 1
        if position < 0 or sentence.start_char >= ctx.blocks[position].end:
            return None
        block = ctx.blocks[position]
        date_starts = sentence.doc.user_data.get("ipclaims_date_starts")
        if date_starts is None or len(date_starts) != len(dates):  # dates come sorted
            date_starts = [d.start_char for d in dates]
            sentence.doc.user_data["ipclaims_date_starts"] = date_starts
        first_index = bisect.bisect_left(date_starts, block.start)
        if first_index >= len(dates) or dates[first_index].start_char >= block.end:
            return None
        first = dates[first_index]
        leading = ctx.text[block.start : first.start_char].strip()
        if (
            leading
            or first.start_char >= sentence.start_char
            or first._.ipclaims_date.role not in {"as_of", "on"}
        ):
            return None
        return str(first._.ipclaims_date.start)
