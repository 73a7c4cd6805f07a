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
from dataclasses import dataclass, replace

from pydantic import ValidationError
from spacy.tokens import Doc

from models import Claim
from models.ids import claim_id, fact_id
from models.vocab import COUNT_METRICS, ClaimSource, Metric, Qualifier
from pipeline.extraction import normalise
from pipeline.extraction.claim_dates import FLOW_METRICS, apply_date
from pipeline.extraction.dates import SPANS_KEY as DATES_KEY
from pipeline.extraction.dates import DateValue, PartialDate
from pipeline.extraction.orgs import canonical_name, company_names
from pipeline.grids.reader import (
    Cell,
    Column,
    Grid,
    GridRules,
    Role,
    Row,
    figure_of,
    header_key,
    header_year,
    number_of,
)
from pipeline.rules.loading import Rules

INTRO_CHARS = 400  # how far before a table its introducing sentence is looked for
log = logging.getLogger(__name__)
_WORDS = re.compile(r"[A-Za-z][A-Za-z.\-]*")
_BRACKETED = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class Meaning:
    """What a figure column counts."""

    unit: str
    metric: Metric
    unit_text: str
    status: str | None = None
    year: str | None = None  # a year in the header dates this column only
    flow: bool = False  # a change is counted over a period


@dataclass(frozen=True)
class Context:
    """What the caption, introducing sentence and title of a grid say about all its figures."""

    text: str
    date: DateValue | None
    geo: str | None
    scope: str | None
    status: str | None
    flow_cue: bool
    rows_are_places: bool


class GridClaimBuilder:
    """Turns the grids of one document into claims."""

    def __init__(self, rules: Rules, grid_rules: GridRules) -> None:
        self.rules = rules
        self.grid_rules = grid_rules
        statuses: dict[str, list[str]] = rules.cues["patent_status"]  # type: ignore[assignment]
        self.status_words = {word: status for status, words in statuses.items() for word in words}
        self.company_names = company_names(rules)
        adjectives = "|".join(re.escape(a) for a in grid_rules.place_adjectives)
        heads = "|".join(re.escape(h) for h in grid_rules.place_adjective_heads)
        self.place_adjective = re.compile(
            rf"\b({adjectives})\s+(?:[a-z]+\s+)?(?:{heads})\b", re.IGNORECASE
        )

    def build(
        self,
        claims: list[Claim],
        grids: list[Grid],
        doc: Doc,
        text: str,
        doc_id: str,
        title_end: int,
    ) -> list[Claim]:
        """The sentence claims without the list sizes of captions, plus one claim per figure
        cell of every grid, in text order."""
        introductions = self.introductions(grids, text, title_end)
        claims = self.drop_list_sizes(claims, [r for rs in introductions for r in rs], text)
        for grid, ranges in zip(grids, introductions, strict=True):
            context = self.context(
                grid, doc, text, ranges or ([(0, title_end)] if title_end else [])
            )
            claims += self.grid_claims(grid, context, doc, text, doc_id)
        return sorted(claims, key=lambda c: (c.start, c.end))

    # -- context -----------------------------------------------------------------------------
    def introductions(
        self, grids: list[Grid], text: str, title_end: int
    ) -> list[list[tuple[int, int]]]:
        """For each grid, the ranges that introduce it: its caption and the paragraph before
        it when that paragraph speaks of it (the title speaks for a grid nothing introduces)."""
        introductions = []
        previous_end = 0
        for grid in grids:
            ranges: list[tuple[int, int]] = []
            if grid.caption is not None:
                ranges.append((grid.caption.start, grid.caption.end))
            intro = self.intro(grid, text, max(previous_end, title_end))
            if intro is not None:
                ranges.append(intro)
            introductions.append(ranges)
            previous_end = grid.end
        return introductions

    def context(self, grid: Grid, doc: Doc, text: str, ranges: list[tuple[int, int]]) -> Context:
        """What the introducing ranges of a grid say about all its figures."""
        names_are_places = any(
            c.role is Role.name
            and c.header is not None
            and header_key(c.header.text) in self.grid_rules.place_headers
            for c in grid.columns
        )
        return self.read(doc, text, ranges, names_are_places)

    def read(
        self, doc: Doc, text: str, ranges: list[tuple[int, int]], rows_are_places: bool = False
    ) -> Context:
        """Date, place, technology, status and flow cues stated in some ranges of the text; the
        first range that states a date wins."""
        joined = " ".join(text[s:e] for s, e in ranges)
        date = None
        for start, end in ranges:
            found = [
                d._.ipclaims_date
                for d in doc.spans.get(DATES_KEY, [])
                if start <= d.start_char < end and d._.ipclaims_date.start is not None
            ]
            if found:
                date = found[0]
                break
        lower = f" {joined.lower()} "
        return Context(
            text=joined,
            date=date,
            geo=None if rows_are_places else self.geo(doc, text, ranges),
            scope=self.scope(doc, ranges),
            status=next(
                (status for word, status in self.status_words.items() if f" {word} " in lower),
                None,
            ),
            flow_cue=any(f" {cue} " in lower for cue in self.rules.cues["flow_context"])
            or any(f" {verb} " in lower for verb in self.rules.cues["flow_verbs"]),
            rows_are_places=rows_are_places,
        )

    def row_context(self, row: Row, context: Context, doc: Doc, text: str) -> Context:
        """A list item's own words after its figure refine the list's context ("Samsung: 4,440
        EPO applications (2023)" -> Europe, 2023)."""
        if row.tail is None:
            return context
        own = self.read(doc, text, [(row.tail.start, row.tail.end)], context.rows_are_places)
        return Context(
            text=f"{own.text} {context.text}",
            date=own.date or context.date,
            geo=own.geo or context.geo,
            scope=own.scope or context.scope,
            status=own.status or context.status,
            flow_cue=own.flow_cue or context.flow_cue,
            rows_are_places=context.rows_are_places,
        )

    def intro(self, grid: Grid, text: str, floor: int) -> tuple[int, int] | None:
        """The paragraph (or heading) right before a grid, when it introduces it: it ends with a
        colon, is a heading, or names a table or ranking ("The table below lists ...")."""
        start = max(floor, grid.start - INTRO_CHARS)
        before = text[start : grid.start].rstrip()
        if not before.strip():
            return None
        paragraph = before.rfind("\n\n")
        begin = start + paragraph + 2 if paragraph >= 0 else start
        piece = text[begin : start + len(before)].strip().lower()
        heading = "\n" not in piece and not piece.endswith((".", "!", "?"))
        cues = self.grid_rules.intro_cues
        if heading or piece.endswith(":") or any(f" {c} " in f" {piece} " for c in cues):
            return begin, start + len(before)
        return None

    def geo(self, doc: Doc, text: str, ranges: list[tuple[int, int]]) -> str | None:
        """A patent office or a named place in the context ("US patent grants", "at the EPO")."""
        offices: dict[str, str] = self.rules.cues["patent_offices"]  # type: ignore[assignment]
        for start, end in ranges:
            written = text[start:end]
            lower = written.lower()
            for office, place in self.grid_rules.office_names.items():
                if office in lower:
                    return place  # "at the European Patent Office"
            adjective = self.place_adjective.search(written)
            if adjective is not None:  # "European patent applications", "US patent grants"
                return self.grid_rules.place_adjectives[adjective.group(1).lower()]
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                if token.text in offices:
                    return offices[token.text]
            for ent in span.ents:
                if ent.label_ in {"GPE", "LOC"}:
                    name = normalise.place_name(ent.text, self.rules)
                    if name is not None:
                        return name
        return None

    @staticmethod
    def scope(doc: Doc, ranges: list[tuple[int, int]]) -> str | None:
        """Technologies named in the context ("5G SEP declarations" -> 5G)."""
        for start, end in ranges:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            terms = [e for e in span.ents if e.label_ == "TECH"]
            if terms:
                return normalise.join_scope(normalise.canonical_terms(terms))
        return None

    # -- columns -----------------------------------------------------------------------------
    def meaning(
        self, column: Column, grid: Grid, context: Context, tail: str = ""
    ) -> Meaning | None:
        """What a count column counts: its header, else the list item's words, else the
        context (the caption "SEP declarations" of a list of "1. Huawei - 3,410")."""
        year = header_year(column.header.text) if column.header is not None else None
        if column.header is not None:
            found = self.unit_in(column.header.text)
            if found is not None:
                return Meaning(*found, year=year)
        around = self.units_in(context.text)
        own = self.unit_in(tail) if tail else None
        if own is not None:
            essential = [
                a for a in around if a[0] == own[0] and a[1] is Metric.standard_essential_patents
            ]
            if essential:  # "families" in a list of "declared 5G SEP families"
                return Meaning(own[0], essential[0][1], own[2], own[3], year=year)
            return Meaning(*own, year=year)
        return Meaning(*around[0], year=year) if around else None  # a "2023" column

    def unit_in(self, text: str) -> tuple[str, Metric, str, str | None] | None:
        """(unit, metric, unit_text, status) of the first counted phrase in a header or text."""
        found = self.units_in(text, first_only=True)
        return found[0] if found else None

    def units_in(
        self, text: str, first_only: bool = False
    ) -> list[tuple[str, Metric, str, str | None]]:
        """Every counted phrase of a text, in order: (unit, metric, unit_text, status)."""
        words = list(_WORDS.finditer(text))
        keys = [header_key(m.group()) for m in words]
        headers = self.grid_rules.count_headers
        found: list[tuple[str, Metric, str, str | None]] = []
        for i in range(len(words)):
            for size in (3, 2, 1):
                chunk = keys[i : i + size]
                if len(chunk) < size:
                    continue
                phrase = " ".join(chunk)
                written = text[words[i].start() : words[i + size - 1].end()]
                lemmas = " ".join([*chunk[:-1], self.singular(chunk[-1])])
                hit: tuple[str, Metric, str, str | None] | None = None
                if phrase in headers:
                    unit, metric, status = headers[phrase]
                    hit = (unit, metric, written, status)
                elif size > 1 and lemmas in self.rules.units_multiword:
                    unit, name = self.rules.units_multiword[lemmas]
                    hit = (unit, Metric(name), written, None)
                elif size == 1 and lemmas in self.rules.units_single:
                    unit, name = self.rules.units_single[lemmas]
                    if Metric(name) is not Metric.other:
                        hit = (unit, Metric(name), written, None)
                if hit is not None:
                    found.append(hit)
                    if first_only:
                        return found
                    break
        return found

    def singular(self, word: str) -> str:
        """A plural noun's singular, by the units table or by its ending."""
        if word in self.rules.plural_lemmas:
            return self.rules.plural_lemmas[word]
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith("s") and not word.endswith("ss"):
            return word[:-1]
        return word

    # -- claims ------------------------------------------------------------------------------
    def grid_claims(
        self, grid: Grid, grid_context: Context, doc: Doc, text: str, doc_id: str
    ) -> list[Claim]:
        names = grid.cells_of(Role.name)
        if not names:
            return []
        name_index = names[0]
        ranks = grid.cells_of(Role.rank)
        figures = [
            i for i, c in enumerate(grid.columns) if c.role in {Role.count, Role.share, Role.change}
        ]
        source = ClaimSource.table if grid.kind == "table" else ClaimSource.list
        first_count = next((i for i in figures if grid.columns[i].role is Role.count), None)
        counts = [
            self.meaning(grid.columns[i], grid, grid_context)
            for i in figures
            if grid.columns[i].role is Role.count
        ]
        grid_flow = any(
            m is not None and (m.metric.value in FLOW_METRICS or m.status == "granted")
            for m in counts
        )
        years = [
            y
            for i in figures
            if grid.columns[i].role is Role.count
            and (header := grid.columns[i].header) is not None
            and (y := header_year(header.text)) is not None
        ]
        latest = max(years) if years else None  # ranks, shares and changes of "2022 | 2023"
        claims: list[Claim] = []
        ranked = not any(row.cells[i] is not None for row in grid.rows for i in ranks) and (
            self.ranked(grid_context.text)
        )
        position = 0
        for row in grid.rows:
            name = row.cells[name_index]
            if name is None:
                continue
            subject = self.subject(name)
            if subject is None:
                continue
            evidence = text[row.start : row.end].strip()
            context = self.row_context(row, grid_context, doc, text)
            tail = row.tail.text if row.tail else ""
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
                meaning = self.cell_meaning(column, grid, context, tail, percent, cell.text)
                if meaning is None:
                    continue
                if meaning.year is None and column.role is not Role.count and latest:
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
            for i in ranks:
                cell = row.cells[i]
                if cell is None:
                    continue
                parsed = number_of(cell.text, self.grid_rules)
                if parsed is None or parsed[0] < 1:
                    continue
                header = grid.columns[i].header
                meaning = Meaning(
                    "rank",
                    Metric.rank,
                    ranked_in.unit_text if ranked_in else (header.text if header else "rank"),
                    year=latest,
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

    def cell_meaning(
        self, column: Column, grid: Grid, context: Context, tail: str, percent: bool, cell_text: str
    ) -> Meaning | None:
        """Meaning of one figure: share and change columns, percent cells, counted columns."""
        header_text = column.header.text.strip() if column.header is not None else ""
        label = re.sub(r"\s*\([^)]*\)", "", header_text).strip() or header_text
        signed = cell_text.strip()[:1] in "+-"
        if column.role is Role.change or (percent and signed and column.role is not Role.share):
            if percent:
                return Meaning("percent", Metric.other, label or "change", flow=True)
            counted = self.meaning(column, grid, context, tail)
            unit = counted.unit if counted else "change"
            return Meaning(unit, Metric.other, label or "change", flow=True)
        if column.role is Role.share or percent:
            return Meaning("percent", Metric.share, label or "share")
        return self.meaning(column, grid, context, tail)

    def drop_list_sizes(
        self, claims: list[Claim], ranges: list[tuple[int, int]], text: str
    ) -> list[Claim]:
        """Sentence claims in a table's caption or introduction that only say how long the
        list is ("Top 10 US patent recipients", "the 20 universities below") are not claims."""
        listed = {self.singular(h) for h in self.grid_rules.name_headers}

        def list_size(claim: Claim) -> bool:
            if not any(s <= claim.start < e for s, e in ranges):
                return False
            if claim.metric is Metric.other:
                return claim.unit in listed  # "the 20 universities below"
            words = [w.strip(",.;:").lower() for w in text[claim.end : claim.end + 40].split()]
            following = [self.singular(w) for w in words[:4]]
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
        written = _BRACKETED.sub(" ", name.text).strip(" *_:")
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
                if stripped.endswith((" " + suffix, "," + suffix)):
                    stripped = stripped[: -len(suffix)].rstrip(" ,")
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
        """Whether a caption or introduction says its rows are in rank order ("ranked by
        grants", "in descending order", "Top 10 ...")."""
        lower = f" {' '.join(re.sub(r'[:;,.()]', ' ', context_text.lower()).split())} "
        for cue in self.grid_rules.ranked_cues:
            if cue == "top":
                if re.search(r"\btop\s+(?:\d+|ten|five|twenty)\b", lower):
                    return True
            elif f" {cue} " in lower:
                return True
        return False

    def checked(self, cell: Cell, *args: object, implied: bool = False) -> Claim | None:
        """A claim, or None when a cell cannot make a valid one: one odd cell never costs the
        document its other claims."""
        try:
            made = self.claim(cell, *args)  # type: ignore[arg-type]
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
        subject: str,
        context: Context,
        evidence: str,
        source: ClaimSource,
        doc_id: str,
        grid_flow: bool = False,
    ) -> Claim:
        dating: dict[str, object] = {}
        status = meaning.status or (context.status if meaning.metric is Metric.patents else None)
        flow = meaning.metric is not Metric.rank and (
            meaning.flow
            or meaning.metric.value in FLOW_METRICS
            or status == "granted"
            or context.flow_cue
            or (grid_flow and meaning.unit == "percent")  # a share of the year's filings
        )
        if meaning.year is not None:
            apply_date(DateValue("in", PartialDate(int(meaning.year))), flow, dating)
        elif context.date is not None:
            apply_date(context.date, flow, dating)
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
                dating.get("as_of"),  # type: ignore[arg-type]
            ),
            confidence=0.85 if meaning.metric is not Metric.other else 0.7,
            **dating,  # type: ignore[arg-type]
        )
