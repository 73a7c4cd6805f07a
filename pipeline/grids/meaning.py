"""What a column or a list figure counts: its header, the list item's words, else the
grid's context ("SEP declarations" over a list of "1. Huawei - 3,410")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from models.vocab import Metric
from pipeline.extraction.normalise import money_metric, percent_metric
from pipeline.grids.cells import (
    Column,
    Grid,
    Role,
    currency_of,
    header_key,
    header_year,
)
from pipeline.grids.context import Context
from pipeline.rules.grid_table import GridRules
from pipeline.rules.loading import Rules

_WORDS = re.compile(r"[A-Za-z][A-Za-z.\-]*")


@dataclass(frozen=True)
class Meaning:
    """What a figure column counts."""

    unit: str
    metric: Metric
    unit_text: str
    status: str | None = None
    year: str | None = None  # a year in the header dates this column only
    flow: bool = False  # a change is counted over a period
    first_year: str | None = None  # with `year`, a span of years ("Total" of 2006 ... 2010)


class ColumnMeaning:
    """Unit, metric and status of figure columns and cells."""

    def __init__(self, rules: Rules, grid_rules: GridRules) -> None:
        self.rules = rules
        self.grid_rules = grid_rules

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

    @cached_property
    def _money_mark(self) -> re.Pattern[str]:
        """A currency stated for a table's figures, maybe with their scale: "(EUR m)", "(€m)",
        "$ millions", "(USD million)"."""
        table = self.rules.numbers
        marks = sorted(
            (c for c in table.currencies if not c.isalpha() or len(c) == 3), key=len, reverse=True
        )
        scales = sorted(table.scales, key=len, reverse=True)
        return re.compile(
            r"(?<![\w$])(?P<currency>" + "|".join(re.escape(m) for m in marks) + r")"
            r"\s*(?P<scale>" + "|".join(re.escape(w) for w in scales) + r")?(?![\w])",
            re.IGNORECASE,
        )

    def money_of(self, *texts: str) -> tuple[str, float] | None:
        """(ISO currency, scale) that a header or caption states for a table's figures: "(EUR
        m)" -> ("EUR", 1e6); None when none states a currency."""
        for text in texts:
            match = self._money_mark.search(text)
            if match is not None:
                currency = self.rules.numbers.currencies[match.group("currency").lower()]
                scale = match.group("scale")
                return currency, float(self.rules.numbers.scales[scale.lower()] if scale else 1)
        return None

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
                # "Patents applications", "Designs applications": statistics tables write the
                # first word plural too
                singulars = " ".join(self.singular(w) for w in chunk)
                hit: tuple[str, Metric, str, str | None] | None = None
                if phrase in headers:
                    unit, metric, status = headers[phrase]
                    hit = (unit, metric, written, status)
                elif size > 1 and lemmas in self.rules.units_multiword:
                    unit, name = self.rules.units_multiword[lemmas]
                    hit = (unit, Metric(name), written, None)
                elif size > 1 and singulars in self.rules.units_multiword:
                    unit, name = self.rules.units_multiword[singulars]
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
            metric = Metric(percent_metric(header_text, self.rules))  # "R&D as % of revenue"
            return Meaning("percent", metric, label or "share", flow=metric is Metric.rd_spend)
        sign = currency_of(cell_text, self.grid_rules)
        if sign is not None:  # "$13,829,000,000" under "R&D Spend": an amount of money
            metric = Metric(money_metric(f"{header_text} {context.text}", self.rules))
            return Meaning(self.rules.numbers.currencies[sign.lower()], metric, label, flow=True)
        return self.meaning(column, grid, context, tail)
