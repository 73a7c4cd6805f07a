"""What the caption, the introducing paragraph and the title of a grid say about all its
figures: date, place, technology, patent status and whether they are flows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.extraction import normalise
from pipeline.extraction.dates import SPANS_KEY as DATES_KEY
from pipeline.extraction.dates import DateValue
from pipeline.grids.cells import (
    Grid,
    Role,
    Row,
    header_key,
)
from pipeline.reading.clean import is_heading
from pipeline.rules.grid_table import GridRules
from pipeline.rules.loading import Rules

INTRO_CHARS = 400  # how far before a table its introducing sentence is looked for


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


class GridContextReader:
    """Reads the context of each grid from the text and the tagged Doc."""

    def __init__(self, rules: Rules, grid_rules: GridRules) -> None:
        self.rules = rules
        self.grid_rules = grid_rules
        statuses: dict[str, list[str]] = rules.flows.patent_status
        self.status_words = {word: status for status, words in statuses.items() for word in words}
        adjectives = "|".join(re.escape(a) for a in grid_rules.place_adjectives)
        heads = "|".join(re.escape(h) for h in grid_rules.place_adjective_heads)
        self.place_adjective = re.compile(
            rf"\b({adjectives})\s+(?:[a-z]+\s+)?(?:{heads})\b", re.IGNORECASE
        )

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
            floor = max(previous_end, title_end)
            intro = self.intro(grid, text, floor)
            if intro is not None:
                ranges.append(intro)
                # a column's label ("Number of patents") under the grid's own title ("Top 10
                # applicants, 2014-2023"): the label first, so that its unit wins
                if is_heading(text[intro[0] : intro[1]]):
                    above = self.heading_above(text, intro[0], max(floor, intro[0] - INTRO_CHARS))
                    if above is not None:
                        ranges.append(above)
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
        first range that states a date wins, and in it the latest date that is not the base
        of a comparison: a table reports the newest figures, and earlier years are compared
        ("In 2019, companies spent 25% ... In 2021, top spenders ..." over a table of 2021;
        "end of 2023 (change on end-2022)")."""
        joined = " ".join(text[s:e] for s, e in ranges)
        date = None
        for start, end in ranges:
            found = [
                d._.ipclaims_date
                for d in doc.spans.get(DATES_KEY, [])
                if start <= d.start_char < end and d._.ipclaims_date.start is not None
            ]
            if found:
                own = [value for value in found if value.role != "compared"] or found
                date = max(own, key=lambda value: str(value.start))
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
            flow_cue=any(f" {cue} " in lower for cue in self.rules.flows.flow_context)
            or any(f" {verb} " in lower for verb in self.rules.flows.flow_verbs),
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

    @staticmethod
    def heading_above(text: str, begin: int, floor: int) -> tuple[int, int] | None:
        """The one-line heading right above the paragraph at `begin`, if there is one: "Top 10
        applicants, 2014-2023" above "Number of patents" introduces the list too."""
        above = text[floor:begin].rstrip()
        cut = above.rfind("\n\n")
        if cut < 0 and floor > 0:
            return None  # the paragraph above may start before the window
        first = floor + cut + 2 if cut >= 0 else floor
        line = text[first : floor + len(above)]
        if not line.strip() or not is_heading(line):
            return None
        return first + len(line) - len(line.lstrip()), floor + len(above)

    def geo(self, doc: Doc, text: str, ranges: list[tuple[int, int]]) -> str | None:
        """A patent office or a named place in the context ("US patent grants", "at the EPO")."""
        offices: dict[str, str] = self.rules.geo.patent_offices
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
