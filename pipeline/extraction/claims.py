"""Claims: attach each quantity to what it counts, its subject, date and scope.

Reads the spans our components wrote (quantities, dates, organisations, technology terms) and the
dependency parse; writes validated `Claim`s. Non-claims (years, durations, specifications,
model numbers, ordinals that are not rankings) are dropped here.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from models import Claim, ClaimSource
from models.ids import claim_id, fact_id
from models.vocab import Metric, Modality, RatePer, is_currency
from pipeline.extraction import normalise
from pipeline.extraction.claim_dates import ClaimDater, DocContext
from pipeline.extraction.claim_details import ClaimDetails
from pipeline.extraction.counting import Counted, CountReader
from pipeline.extraction.dates import SPANS_KEY as DATES_KEY
from pipeline.extraction.enumerations import Item, enumeration_items
from pipeline.extraction.numbers import SPANS_KEY as QUANTITIES_KEY
from pipeline.extraction.subjects import SubjectResolver
from pipeline.extraction.syntax import entity_of, up
from pipeline.nlp.sentences import content_end, sentence_of, sentences
from pipeline.rules.grid_table import GridRules
from pipeline.rules.loading import Rules


def countable(counted: Counted | None) -> bool:
    """Whether a figure that names nothing may borrow this counted thing: a rank, a share or an
    amount of money is stated with the figure itself, never borrowed."""
    return (
        counted is not None
        and counted.metric != "rank"
        and counted.unit != "percent"
        and not is_currency(counted.unit)
    )


def item_at(start: int, items: dict[int, Item], places: dict[int, str]) -> Item | None:
    """The enumeration item of the figure at `start`, or the country before a bare figure
    ("followed by China (26,000)")."""
    item = items.get(start)
    if item is None and start in places:
        item = Item(places[start], borrows_unit=True)
    return item


def bracketed_together(first: Span, second: Span) -> bool:
    """Two figures inside one pair of brackets: "(228, up 3 percent)"."""
    doc = first.doc
    between = doc[first.end : second.start]
    opened = next(
        (t for t in reversed(doc[max(0, first.start - 3) : first.start]) if t.text in "()"), None
    )
    return (
        opened is not None
        and opened.text == "("
        and not any(t.text in "()" for t in between)
        and len(between) <= 4
    )


class ClaimBuilder:
    """Turns the tagged Doc of one document into Claims."""

    def __init__(self, rules: Rules, grid_rules: GridRules | None = None) -> None:
        self.rules = rules
        self.grid_rules = grid_rules or rules.grids  # enumeration links and cues

        self.counting = CountReader(rules)
        self.details = ClaimDetails(rules)
        self.dater = ClaimDater(rules, self.counting)

    def build(self, doc: Doc, ctx: DocContext, subjects: SubjectResolver) -> list[Claim]:
        quantities = sorted(doc.spans.get(QUANTITIES_KEY, []), key=lambda s: s.start)
        dates = list(doc.spans.get(DATES_KEY, []))
        claims: list[Claim] = []
        previous: Claim | None = None  # the last claim of the sentence before
        told: Claim | None = None  # the last claim of any sentence before
        by_sentence: dict[int, list[Span]] = {}
        for quantity in quantities:
            by_sentence.setdefault(sentence_of(quantity).start, []).append(quantity)
        for sentence in sentences(doc):
            subjects.catch_up(sentence)
            here = by_sentence.get(sentence.start, [])
            items = enumeration_items(
                sentence, here, subjects.mentions_in(sentence), subjects.resolve, self.grid_rules
            )
            all_counted = [self.counting.counted(quantity, sentence) for quantity in here]
            last: Counted | None = None  # "672 invention disclosures, compared with 604 ..."
            last_claim: Claim | None = None  # the last claim here that others may borrow from
            by_unit: dict[
                str, Claim
            ] = {}  # the last claim here per unit: later ones share its date
            places = {q.start: p for q in here if (p := self.place_before(q, sentence))}
            listed = bool(items or places)
            for index, quantity in enumerate(here):
                counted = all_counted[index]
                if (
                    counted is None
                    and last is not None
                    and self.counting.compared(quantity, sentence)
                ):
                    counted = Counted((), last.unit, last.metric)
                item = item_at(quantity.start, items, places)
                if (
                    item is None
                    and index
                    and (
                        bracketed_together(here[index - 1], quantity)
                        or self.counting.bracketed_after_figure(quantity, sentence)
                    )
                ):
                    # "AUO Corp. (228, up 3 percent)": the bracket's figures are one item's, as
                    # is the rank in brackets after a figure ("Korea: 133.6% (Second)")
                    known = item_at(here[index - 1].start, items, places)
                    item = Item(known.subject, borrows_unit=False, listed=False) if known else None
                borrowed: Claim | None = None
                if self.borrows(quantity, sentence, counted, item, listed, here[:index]):
                    # "followed by ZTE with 2,905", "... respectively": the figure counts what
                    # the sentence's counted figure counts, else what the sentence before
                    # counted ("X was followed by Y with 20,206"), with its scope, place, date.
                    later = next((c for c in all_counted[index + 1 :] if countable(c)), None)
                    if countable(last):
                        counted, borrowed = last, last_claim
                    elif later is not None:
                        counted = later
                    elif previous is not None:
                        counted, borrowed = self.counted_of(previous), previous
                    elif (
                        told is not None
                        and quantity.start > sentence.start
                        and doc[quantity.start - 1].lower_ == "with"
                    ):  # "Samsung kept the No. 2 title ... LG came in third with 5,112"
                        counted, borrowed = self.counted_of(told), told
                if counted is None and self.counting.filed_bare(quantity):
                    # "Siemens filed 1,974 during the year": applications (after what an
                    # earlier figure of the sentence counted: "filed 12 lawsuits ... 15")
                    counted = Counted((), "patent application", "patent_applications")
                claim = self.build_one(
                    quantity, sentence, dates, ctx, subjects, counted, item, borrowed,
                    sibling=None
                    if counted is None or self.counting.compared(quantity, sentence)
                    else by_unit.get(counted.unit),
                )  # fmt: skip
                if claim is not None:
                    claims.append(claim)
                    by_unit[claim.unit] = claim
                    if claim.metric != "rank" and (countable(counted) or not countable(last)):
                        # "AUO (228, up 3 percent) and Nanya (219, ...)": 219 counts what 228
                        # counts, not the percentage between them
                        last = counted
                    if countable(counted):
                        last_claim = claim
            previous = last_claim
            told = last_claim or told
            subjects.observe(sentence)
        return claims

    def place_before(self, quantity: Span, sentence: Span) -> str | None:
        """A country right before a bare figure, as in a list of national totals: "Japan
        (40,960)", "China with 26,000", "Germany: 4,419"."""
        doc = quantity.doc
        i = quantity.start - 1
        while i > sentence.start and doc[i].lower_ in {"(", "with", ":", "-", "–"}:
            i -= 1
        if not self.bare(quantity, sentence) or doc[i].ent_type_ != "GPE":
            return None
        place = entity_of(doc[i])
        joined = place.start > sentence.start and doc[place.start - 1].lower_ in {",", "and"}
        if i == quantity.start - 1 and not joined:
            return None  # "... and India 1,350" is a list item; "in Japan 1,300 people" is not
        return normalise.place_name(place.text, self.rules)

    def borrows(
        self,
        quantity: Span,
        sentence: Span,
        counted: Counted | None,
        item: Item | None,
        listed: bool,
        earlier: Sequence[Span] = (),
    ) -> bool:
        """Whether a listed figure takes the counted thing of another: an enumeration item that
        names none ("ZTE with 2,905"), a bare bracketed figure ("Japan (40,960)"), or a bare
        figure that repeats the verb and preposition of an earlier one ("infringed on three of
        its patents, and the wholesalers infringed on four"). A rank, a share or an amount of
        money states its own unit."""
        doc = quantity.doc
        if quantity._.ipclaims_ordinal or quantity._.ipclaims_rank_marker:
            return False
        if is_identifier(quantity) or self.counting.names_a_street_or_model(quantity, sentence):
            return False  # "IPR2021-00880", "U.S. 9,254,338 B2": numbers that name, not count
        own_unit = bool(quantity._.ipclaims_currency or quantity._.ipclaims_percent)
        if own_unit and counted is not None:
            return False
        before = doc[quantity.start - 1].lower_ if quantity.start > sentence.start else ""
        bracketed = before == "("
        # "LG came in third with 5,112", "In 2019, Ford led the industry with 2,468": a bare
        # figure after "with" counts what the sentence before counted
        with_bare = before == "with"
        # the few figures just before: an ellipsis refers to a near one (and a sentence of
        # 1,000 figures stays linear)
        elided = counted is None and (
            any(same_governor(quantity, e) for e in earlier[-3:])
            or (bool(earlier) and self.projects(quantity))
        )
        if not (listed or bracketed or with_bare or elided or item is not None):
            return False
        if item is not None and item.borrows_unit and item.subject:
            return True
        if elided:  # "... infringed on four.", "filed 15 in 2023": nothing counted after it
            after = doc[quantity.end] if quantity.end < sentence.end else None
            return after is None or not after.is_alpha or after.pos_ in {"ADP", "CCONJ"}
        return counted is None and self.bare(quantity, sentence)

    def projects(self, quantity: Span) -> bool:
        """A figure that a projection gives: "its guidance of 125 million to 145 million"."""
        doc = quantity.doc
        start = quantity.start
        return (  # by the words before it: the parser often hangs a range elsewhere
            start >= 2
            and doc[start - 1].lower_ == "of"
            and doc[start - 2].lemma_.lower() in self.rules.counting.projection_nouns
        )

    @staticmethod
    def bare(quantity: Span, sentence: Span) -> bool:
        """A figure in digits that names nothing after it: "(40,960),", "with 17,200 and"."""
        doc = quantity.doc
        after = doc[quantity.end] if quantity.end < sentence.end else None
        return (
            not (quantity._.ipclaims_ordinal or quantity._.ipclaims_rank_marker)
            and any(ch.isdigit() for ch in quantity.text)
            and (after is None or not after.is_alpha or after.lower_ in {"and", "or"})
        )

    @staticmethod
    def counted_of(claim: Claim) -> Counted:
        """What an earlier claim counted, for a figure that names no counted thing."""
        return Counted((), claim.unit, str(claim.metric))

    def build_one(
        self,
        quantity: Span,
        sentence: Span,
        dates: list[Span],
        ctx: DocContext,
        subjects: SubjectResolver,
        counted: Counted | None,
        item: Item | None = None,
        borrowed: Claim | None = None,
        sibling: Claim | None = None,
    ) -> Claim | None:
        """One figure's claim; `borrowed` is the claim of an earlier sentence whose counted
        thing, scope and place the figure takes over; `sibling` the claim of a figure before it
        in the sentence, whose date it shares when it counts the same thing and states none."""
        if (
            counted is None
            or self.counting.names_a_reference(quantity)
            or self.counting.prices_a_product(quantity)
        ):
            return None  # "Table 1: Number of granted patents": a part of the page, not a count
        head = counted.tokens[-1] if counted.tokens and counted.unit != "rank" else None
        subject, found = (
            (item.subject, True)
            if item is not None and item.subject is not None
            else subjects.for_quantity(quantity, head)
        )
        if quantity._.ipclaims_currency and (recipient := subjects.money_recipient(quantity)):
            subject = recipient  # money between two parties: the one it goes to
        dating = self.dater.dating(quantity, sentence, dates, counted, ctx)
        scope = self.details.scope(quantity, counted, sentence)
        geo = self.details.geo(quantity, counted, sentence)
        if borrowed is not None:
            scope, geo = scope or borrowed.scope, geo or borrowed.geo
            if not dating:  # the same count in the same ranking: the same date
                dating = self.dater.borrowed_dating(borrowed)
        if not dating and item is not None:  # "invested most in 2020: Alphabet (€22.4bn), ..."
            dating = self.dater.enumeration_dating(quantity, sentence, counted, ctx)
        if not dating and sibling is not None:
            dating = self.dater.borrowed_dating(sibling)  # "..., followed by Tencent (up 727)"
        if not dating:
            dating = self.dater.topic_dating(quantity, sentence, counted, ctx)
        ancestors = up(quantity.root)
        words = [t.text for t in ancestors]
        doc = quantity.doc
        for a in ancestors:  # auxiliaries ("will"), and "aims to", "expects to": near the verb,
            # looked up in a window (a coordinated sentence's root can have 1,000 children)
            window = doc[max(0, a.i - 4) : min(len(doc), a.i + 5)]
            words += [
                t.text for t in window if t.head.i == a.i and t.dep_ in {"aux", "xcomp", "auxpass"}
            ]
        rate = self.details.rate(quantity, counted, sentence)
        start, end = quantity.start_char, quantity.end_char
        value = float(quantity._.ipclaims_value)
        value_text = ctx.text[start:end]
        # The evidence covers every sentence the figure touches ("Top | 50 patent holders").
        text_start = sentence.start_char
        text_end = max(content_end(sentence), content_end(sentence_of(quantity[-1])))
        evidence = ctx.text[text_start:text_end].strip()
        unit_text = value_text
        if counted.tokens:  # as written in the input, from the first modifier to the head
            unit_text = ctx.text[
                counted.tokens[0].idx : counted.tokens[-1].idx + len(counted.tokens[-1])
            ]
        qualifier = quantity._.ipclaims_qualifier
        if (
            counted.unit == "rank"
            and qualifier == "at_most"
            and self.counting.outside_the_top(quantity)
        ):
            qualifier = "more_than"  # "did not figure in the top 50": ranked beyond 50
        confidence = 0.9 - (0.0 if found else 0.15) - (0.15 if counted.metric == "other" else 0.0)
        confidence -= 0.05 if dating.get("as_of_inherited") else 0.0
        return Claim(
            claim_id=claim_id(ctx.doc_id, start, end, counted.metric, value),
            doc_id=ctx.doc_id,
            subject=subject,
            metric=Metric(counted.metric),
            value=value,
            value_max=quantity._.ipclaims_value_max,
            qualifier=qualifier,
            unit=counted.unit,
            unit_text=unit_text,
            value_text=value_text,
            rate_per=RatePer(rate) if rate else None,
            modality=Modality(normalise.modality_of(words, self.rules)),
            scope=scope,
            geo=geo,
            patent_status=self.details.patent_status(counted, sentence),
            text=evidence,
            start=start,
            end=end,
            source=ClaimSource.list if item and item.listed else ClaimSource.sentence,
            fact_id=fact_id(
                ctx.doc_id,
                subject,
                counted.metric,
                value,
                qualifier,
                scope,
                dating.get("as_of"),
            ),
            confidence=round(max(0.05, confidence), 2),
            **dating,
        )


def is_identifier(quantity: Span) -> bool:
    """A number written with a leading zero ("00880") or glued to letters by a hyphen
    ("IPR2021-00880"): a case or document number."""
    text = quantity.text
    doc = quantity.doc
    glued = (
        quantity.start > 1
        and doc[quantity.start - 1].text == "-"
        and not (doc[quantity.start - 1].whitespace_ or doc[quantity.start - 2].whitespace_)
    )
    return (len(text) > 1 and text[0] == "0" and text.isdigit()) or (
        glued and any(c.isalpha() for c in doc[quantity.start - 2].text)
    )


def same_governor(quantity: Span, other: Span) -> bool:
    """Two figures governed alike: the object of the same preposition of the same verb
    ("infringed on three ... infringed on four"), or of the same verb ("filed 12 in 2022 and
    filed 15 in 2023")."""

    def governed(span: Span) -> Token:
        """The figure, or the noun it counts ("12 lawsuits")."""
        return span.root.head if span.root.dep_ in {"nummod", "quantmod"} else span.root

    def governor(span: Span) -> tuple[str, ...]:
        node = governed(span)
        if node.dep_ == "pobj":
            return ("pobj", node.head.lower_, node.head.head.lemma_.lower())
        if node.dep_ == "dobj":
            return ("dobj", node.head.lemma_.lower())
        return ()

    mine = governor(quantity)
    return (
        bool(mine)
        and mine == governor(other)
        and governed(quantity).head.i != governed(other).head.i
    )
