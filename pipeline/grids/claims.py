"""Grid claims: one claim per figure cell of a table or list, with its row's organisation.

A cell says little by itself ("8,120"); its column header says what is counted ("Grants"),
and the caption, the sentence that introduces the table and the title say when and where
("Top US patent recipients, 2023"). Those context sentences are still in the spaCy Doc (only
the rows are blanked), so their dates, places and technologies come from the same taggers as
every sentence claim.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from pydantic import ValidationError
from spacy.tokens import Doc

from models import Claim
from models.ids import claim_id, fact_id
from models.vocab import COUNT_METRICS, FLOW_METRICS, ClaimSource, Metric, Qualifier
from pipeline.extraction.claim_dates import Dating, apply_date
from pipeline.extraction.dates import DateValue, PartialDate
from pipeline.extraction.normalise import money_metric
from pipeline.extraction.orgs import FOOTNOTE_MARKS, canonical_name, company_names
from pipeline.extraction.orgs import SPANS_KEY as ORGS_KEY
from pipeline.grids.cells import (
    Cell,
    Grid,
    Role,
    figure_of,
    header_key,
    header_year,
    number_of,
)
from pipeline.grids.context import Context, GridContextReader
from pipeline.grids.lists import ranks_its_rows
from pipeline.grids.meaning import ColumnMeaning, Meaning
from pipeline.rules.grid_table import GridRules
from pipeline.rules.loading import Rules

log = logging.getLogger(__name__)
_BRACKETED = re.compile(r"\([^)]*\)")
_NUMBERED_NAME = re.compile(r"^(\d{1,3})[.)]\s+(?=\S)")  # "1. Pfizer" in a name cell


def years_stated(first: str, last: str) -> DateValue:
    """A year ("2016") or a span of years ("2006" to "2010") as a date phrase."""
    start = PartialDate(int(first))
    return DateValue("in", start, None if last == first else PartialDate(int(last)))


class GridClaimBuilder:
    """Turns the grids of one document into claims."""

    def __init__(self, rules: Rules, grid_rules: GridRules) -> None:
        self.rules = rules
        self.grid_rules = grid_rules
        self.contexts = GridContextReader(rules, grid_rules)
        self.meanings = ColumnMeaning(rules, grid_rules)
        self.company_names = company_names(rules)

    def build(
        self,
        claims: list[Claim],
        grids: list[Grid],
        doc: Doc,
        text: str,
        doc_id: str,
        title_end: int,
        main: str | None = None,
        report_years: tuple[str, str] | None = None,
    ) -> list[Claim]:
        """The sentence claims without the list sizes of captions, plus one claim per figure
        cell of every grid, in text order. `report_years` (ClaimDater.topic_years) date a grid
        that neither its introduction nor the title dates."""
        introductions = self.contexts.introductions(grids, text, title_end)
        claims = self.drop_list_sizes(claims, [r for rs in introductions for r in rs], text)
        for grid, ranges in zip(grids, introductions, strict=True):
            ranges = ranges or ([(0, title_end)] if title_end else [])
            context = self.contexts.context(grid, doc, text, ranges)
            if context.date is None and title_end and ranges != [(0, title_end)]:
                # "Top 100 Universities Granted US Utility Patents in 2016" over a list that its
                # introduction does not date: the title's year (not a dateline's day)
                titled = self.contexts.read(doc, text, [(0, title_end)]).date
                if titled is not None and titled.start is not None and titled.start.month is None:
                    context = replace(context, date=titled)
            if context.date is None and report_years is not None:
                # "1) MIT: 278" under a lead that reports on the 2016 ranking: what the report
                # counts in its year (grants, filings), so counts are flows of that year
                context = replace(context, date=years_stated(*report_years), flow_cue=True)
            owner = self.owner(doc, [*ranges, (0, title_end)]) or main
            claims += self.grid_claims(grid, context, doc, text, doc_id, owner)
        return sorted(claims, key=lambda c: (c.start, c.end))

    # -- claims ------------------------------------------------------------------------------
    def owner(self, doc: Doc, ranges: list[tuple[int, int]]) -> str | None:
        """The organisation a grid's caption, introduction or title names first: whose figures
        the rows of a statistics table are ("JPO annual report"). Bodies are never subjects
        (orgs.json), so "Japan Patent Office statistics" leaves it to the document's subject."""
        mentions = [
            m
            for m in doc.spans.get(ORGS_KEY, [])
            if not m.kb_id_.startswith("@") and self.rules.org_kind(m.kb_id_) != "body"
        ]
        for start, end in ranges:
            for mention in mentions:
                if start <= mention.start_char < end:
                    return str(mention.kb_id_)
        return None

    def measure(self, name: Cell, currency: str | None = None) -> Meaning | None:
        """What a row counts when its label is a measure, not an organisation: office statistics
        put years in the columns and "Number of patent registrations" or "Applications filed by
        foreign applicants" in the rows; a company's results, under a header that states their
        currency ("(EUR m)"), put "Net sales" or "R&D expenses" there."""
        label = name.text.strip(" *_:")
        if label in self.rules.aliases or self.company_names.search(label) is not None:
            return None
        found = self.meanings.unit_in(label)
        if found is not None and "%" in label:  # "Applications Filed by Foreign Applicants (%)"
            return Meaning("percent", Metric.share, label, None)
        if found is None and currency is not None and self.rules.money.names_an_amount(label):
            return Meaning(currency, Metric(money_metric(label, self.rules)), label, flow=True)
        return Meaning(*found) if found is not None else None

    def grid_claims(
        self,
        grid: Grid,
        grid_context: Context,
        doc: Doc,
        text: str,
        doc_id: str,
        owner: str | None = None,
    ) -> list[Claim]:
        names = grid.cells_of(Role.name) or grid.cells_of(Role.year)
        if not names:
            return []
        name_index = names[0]
        by_year = grid.columns[name_index].role is Role.year  # one organisation's years
        corner = grid.columns[name_index].header
        money = self.meanings.money_of(corner.text if corner else "", grid_context.text)
        ranks = grid.cells_of(Role.rank)
        figures = [
            i for i, c in enumerate(grid.columns) if c.role in {Role.count, Role.share, Role.change}
        ]
        source = ClaimSource.table if grid.kind == "table" else ClaimSource.list
        first_count = next((i for i in figures if grid.columns[i].role is Role.count), None)
        counts = [
            self.meanings.meaning(grid.columns[i], grid, grid_context)
            for i in figures
            if grid.columns[i].role is Role.count
        ]
        grid_flow = any(
            m is not None and (m.metric in FLOW_METRICS or m.status == "granted") for m in counts
        )
        years = [
            y
            for i in figures
            if grid.columns[i].role is Role.count
            and (header := grid.columns[i].header) is not None
            and (y := header_year(header.text)) is not None
        ]
        latest = max(years) if years else None  # ranks, shares and changes of "2022 | 2023"
        # "2006 ... 2010 | Total": each year's figure is that year's flow, and the total and the
        # rank beside it are of the whole span
        totals = {
            i
            for i in figures
            if len(years) > 1
            and (header := grid.columns[i].header) is not None
            and header_year(header.text) is None
            and header_key(header.text) in self.grid_rules.total_headers
        }
        span = (min(years), max(years)) if totals else None
        # "(thousands)" in a row's label, a column's header or the grid's context, that order
        grid_scale = self.grid_rules.scale_in(grid_context.text)
        column_scales = {
            i: self.grid_rules.scale_in(header.text)
            for i in figures
            if (header := grid.columns[i].header) is not None
        }
        claims: list[Claim] = []
        ranked = (
            not by_year
            and not any(row.cells[i] is not None for row in grid.rows for i in ranks)
            and self.ranked(grid_context.text)
        )
        position = 0
        listed: dict[int, Meaning] = {}  # a list's items count what its first item names
        for row in grid.rows:
            name = row.cells[name_index]
            if name is None:
                continue
            numbered = None if ranks else _NUMBERED_NAME.match(name.text)
            own_rank: Cell | None = None
            if numbered is not None:  # "1. Pfizer | $13,829,000,000": the rank in the name cell
                own_rank = Cell(name.start, name.start + numbered.end(1), numbered.group(1))
                skip = numbered.end()
                name = Cell(name.start + skip, name.end, name.text[skip:])
            measured = None if by_year else self.measure(name, money[0] if money else None)
            subject = owner if by_year or measured is not None else self.subject(name)
            if subject is None and measured is None:
                continue
            row_year = name.text if by_year else None
            evidence = text[row.start : row.end].strip()
            context = self.contexts.row_context(row, grid_context, doc, text)
            office_place = self.rules.geo.patent_offices.get(subject or "")
            if measured is not None and context.geo is None and office_place is not None:
                context = replace(context, geo=office_place)  # the JPO's figures: Japan
            tail = row.tail.text if row.tail else ""
            row_scale = self.grid_rules.scale_in(name.text)
            ranked_in: Meaning | None = None
            for i in figures:
                cell = row.cells[i]
                if cell is None:
                    continue
                parsed = number_of(cell.text, self.grid_rules)
                if parsed is None:
                    continue
                value, qualifier, percent = parsed
                column = grid.columns[i]
                if measured is not None and money is not None and measured.unit == money[0]:
                    value = round(value * money[1], 6)  # "23,614" in EUR m: 23,614,000,000
                elif not percent and column.role is Role.count:  # "227" in thousands: 227,000
                    scales = (row_scale, column_scales.get(i, 1), grid_scale)
                    value = round(value * next((s for s in scales if s != 1), 1), 6)
                meaning = self.meanings.cell_meaning(
                    column, grid, context, tail, percent, cell.text
                )
                if meaning is None and grid.kind == "list" and not percent:
                    meaning = listed.get(i)  # "1) MIT: 278 patents; 2) Stanford: 244"
                elif meaning is not None and grid.kind == "list" and not percent:
                    listed[i] = meaning
                if measured is not None and not percent:  # the row says what it counts
                    if meaning is not None:
                        meaning = replace(measured, year=meaning.year)
                    elif column.header is not None:  # "2019" over a row of office statistics
                        meaning = replace(measured, year=header_year(column.header.text))
                if meaning is None:
                    continue
                if row_year is not None:  # "2023 | 5th | 2,890": that year's figures; beside
                    # a rank, the count is what was ranked that year (grants, filings)
                    meaning = replace(meaning, year=row_year, flow=meaning.flow or bool(ranks))
                elif span is not None and i in totals:
                    meaning = replace(meaning, first_year=span[0], year=span[1], flow=True)
                elif span is not None and meaning.year is not None:
                    meaning = replace(meaning, flow=True)
                elif meaning.year is None and column.role is not Role.count and latest:
                    meaning = replace(meaning, year=latest)
                if i == first_count and ranked_in is None:
                    ranked_in = meaning
                if value < 0 and meaning.metric in COUNT_METRICS:  # "-349" in a "+/-" column
                    meaning = Meaning(meaning.unit, Metric.other, meaning.unit_text, flow=True)
                figure = figure_of(cell)  # "2,505¹": the figure without its note mark
                written = Cell(figure.start, figure.end, text[figure.start : figure.end])
                made = self.checked(
                    written,
                    value,
                    qualifier,
                    meaning,
                    subject,
                    context,
                    evidence,
                    source,
                    doc_id,
                    grid_flow,
                )
                if made is not None:
                    claims.append(made)
            position += 1
            if ranked:  # a list "ranked by grants" without rank numbers: the row's position
                meaning = Meaning(
                    "rank", Metric.rank, ranked_in.unit_text if ranked_in else "rank", year=latest
                )
                made = self.checked(
                    name, position, Qualifier.exact, meaning, subject, context, evidence,
                    source, doc_id, implied=True,
                )  # fmt: skip
                if made is not None:
                    claims.append(made)
            rank_cells = [(i, row.cells[i]) for i in ranks] + [(name_index, own_rank)]
            for i, cell in rank_cells:
                if cell is None:
                    continue
                parsed = number_of(cell.text, self.grid_rules)
                if parsed is None or parsed[0] < 1:
                    continue
                header = grid.columns[i].header if i in ranks else None
                meaning = Meaning(
                    "rank",
                    Metric.rank,
                    ranked_in.unit_text if ranked_in else (header.text if header else "rank"),
                    year=row_year or latest,
                    first_year=span[0] if span and not row_year else None,
                )
                figure = figure_of(cell)  # "2,505¹": the figure without its note mark
                written = Cell(figure.start, figure.end, text[figure.start : figure.end])
                made = self.checked(
                    written, parsed[0], Qualifier.exact, meaning, subject, context, evidence,
                    source, doc_id,
                )  # fmt: skip
                if made is not None:
                    claims.append(made)
        return claims

    def drop_list_sizes(
        self, claims: list[Claim], ranges: list[tuple[int, int]], text: str
    ) -> list[Claim]:
        """Sentence claims in a table's caption or introduction that only say how long the
        list is ("Top 10 US patent recipients", "the 20 universities below") are not claims."""
        listed = {self.meanings.singular(h) for h in self.grid_rules.name_headers}

        def list_size(claim: Claim) -> bool:
            if not any(s <= claim.start < e for s, e in ranges):
                return False
            if claim.metric is Metric.other:
                return claim.unit in listed  # "the 20 universities below"
            words = [w.strip(",.;:").lower() for w in text[claim.end : claim.end + 40].split()]
            following = [self.meanings.singular(w) for w in words[:4]]
            return (  # "Top 10 US patent recipients", not "Apple stayed in the top 10 of ..."
                claim.metric is Metric.rank
                and claim.qualifier is Qualifier.at_most
                and following[:1] != ["of"]
                and bool(listed.intersection(following))
            )

        return [c for c in claims if c.source is not ClaimSource.sentence or not list_size(c)]

    def names(self, grids: tuple[Grid, ...]) -> dict[str, str]:
        """{name as written: subject} of every row, and the subject itself, for the org tagger
        (only names of two or more characters that are not known aliases already)."""
        names: dict[str, str] = {}
        for grid in grids:
            for index in grid.cells_of(Role.name)[:1]:
                for row in grid.rows:
                    cell = row.cells[index]
                    subject = self.subject(cell) if cell is not None else None
                    if cell is None or subject is None:
                        continue
                    for written in {" ".join(_BRACKETED.sub(" ", cell.text).split()), subject}:
                        if len(written) > 2 and written not in self.rules.aliases:
                            names[written] = subject
        return names

    def subject(self, name: Cell) -> str | None:
        """The row's organisation: a known company by its canonical name (also when the row gives
        its full legal name, "Tencent Technology (Shenzhen) Co Ltd"), else the name as written
        without its legal suffix ("Massachusetts Institute of Technology" keeps "Technology")."""
        written = _BRACKETED.sub(" ", name.text).strip(" *_:").rstrip(FOOTNOTE_MARKS)
        written = " ".join(written.split())
        if not written or self.grid_rules.is_not_name(written):
            return None
        aliases = self.rules.aliases
        if written in aliases:
            return aliases[written]
        stripped = written
        changed = True
        while changed:
            changed = False
            for suffix in self.grid_rules.legal_suffixes:
                shorter = stripped[: -len(suffix)].rstrip(" ,")
                if stripped.endswith((" " + suffix, "," + suffix)) and not shorter.endswith("&"):
                    stripped = shorter  # but "Merck & Co." keeps its form
                    changed = True
        if stripped in aliases:
            return aliases[stripped]
        known = self.company_names.search(stripped)
        if known is not None and self.rules.org_kind(aliases[known.group()]) == "company":
            return aliases[known.group()]  # "Guangdong OPPO Mobile Telecommunications" -> OPPO
        if stripped.lower() in self.grid_rules.lowercase_brands:
            return stripped
        return canonical_name(stripped, self.rules) and stripped

    def ranked(self, context_text: str) -> bool:
        """Whether a caption or introduction says its rows are in rank order."""
        return ranks_its_rows(context_text, self.grid_rules)

    def checked(self, cell: Cell, *args: object, implied: bool = False) -> Claim | None:
        """A claim, or None when a cell cannot make a valid one: one odd cell never costs the
        document its other claims."""
        try:
            made = self.claim(cell, *args)  # type: ignore[arg-type]  # the arguments of claim()
            return made.model_copy(update={"implied": True}) if implied else made
        except ValidationError as error:
            log.warning("table cell %r at %d skipped: %s", cell.text, cell.start, error)
            return None

    def claim(
        self,
        cell: Cell,
        value: float,
        qualifier: Qualifier,
        meaning: Meaning,
        subject: str | None,
        context: Context,
        evidence: str,
        source: ClaimSource,
        doc_id: str,
        grid_flow: bool = False,
    ) -> Claim:
        dating: Dating = {}
        status = meaning.status or (context.status if meaning.metric is Metric.patents else None)
        flow = meaning.metric is not Metric.rank and (
            meaning.flow
            or meaning.metric in FLOW_METRICS
            or status == "granted"
            or context.flow_cue
            or meaning.unit in self.rules.flows.flow_units  # "assignments", "designs registered"
            or (grid_flow and meaning.unit == "percent")  # a share of the year's filings
        )
        rank = meaning.metric is Metric.rank
        if meaning.year is not None:
            stated = years_stated(meaning.first_year or meaning.year, meaning.year)
            apply_date(stated, flow, dating, rank)
        elif context.date is not None:
            apply_date(context.date, flow, dating, rank)
        return Claim(
            claim_id=claim_id(doc_id, cell.start, cell.end, meaning.metric, value),
            doc_id=doc_id,
            subject=subject,
            metric=meaning.metric,
            value=value,
            qualifier=qualifier,
            unit=meaning.unit,
            unit_text=meaning.unit_text,
            value_text=cell.text,
            scope=context.scope,
            geo=context.geo,
            patent_status=status
            if meaning.metric in {Metric.patents, Metric.patent_families}
            else None,
            text=evidence,
            start=cell.start,
            end=cell.end,
            source=source,
            fact_id=fact_id(
                doc_id,
                subject,
                meaning.metric,
                value,
                qualifier,
                context.scope,
                dating.get("as_of"),
            ),
            confidence=0.85 if meaning.metric is not Metric.other else 0.7,
            **dating,
        )
