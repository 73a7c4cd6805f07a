"""The conflict rule, defined once: `conflicts.jsonl`, `ambiguities.jsonl`, the DuckDB tables of
the same names and the report page all come from `find_disagreements`.

A conflict is a disagreement between sources about the same thing: reported figures with the
same subject, metric, kind of patents (status), unit, scope, place and date (the same as-of date,
or the same period) whose values cannot both be true. "more than 20,000" and "21,500" agree;
"about 30,000" and "31,000" agree within the tolerance of `conflicts.json`; "12,000" and
"11,500" do not. Two such figures in one document are an ambiguity, a reading question to
review, not news. Undated figures, figures of no known subject, forecasts and targets are not
comparable.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import Any

from models import Claim
from models.vocab import Qualifier
from pipeline.rules.loading import load_table
from pipeline.rules.tables import ConflictsTable

KEY = (
    "subject",
    "metric",
    "patent_status",
    "unit",
    "scope",
    "geo",
    "as_of",
    "period_start",
    "period_end",
)
MODALITY = "reported"


@lru_cache(maxsize=1)
def tolerance() -> float:
    """How far an approximate figure reaches, from conflicts.json."""
    return load_table("conflicts.json", ConflictsTable).approx_tolerance


@dataclass(frozen=True, order=True)
class Report:
    """One figure of a disagreement, traceable to its claim."""

    value: float
    value_max: float | None
    qualifier: str
    doc_id: str
    claim_id: str
    value_text: str
    page: int | None = None  # a PDF's page


@dataclass(frozen=True)
class Interval:
    """The values a figure allows: [low, high], each end open or closed."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def before(self, other: Interval) -> bool:
        """Whether every value of this interval is below every value of the other one."""
        return self.high < other.low or (
            self.high == other.low and (self.high_open or other.low_open)
        )

    def end(self) -> tuple[float, bool]:
        """Where the interval ends, to compare: at the same value an open end is first."""
        return self.high, not self.high_open

    def start(self) -> tuple[float, bool]:
        """Where the interval starts, to compare: at the same value a closed start is first."""
        return self.low, self.low_open


def interval(report: Report, approx: float) -> Interval:
    """The values a stated figure allows: "more than 20,000" is (20000, inf)."""
    low, high = report.value, report.value_max if report.value_max is not None else report.value
    match Qualifier(report.qualifier):
        case Qualifier.exact:
            return Interval(low, high)
        case Qualifier.approx:
            return Interval(low * (1 - approx), high * (1 + approx))
        case Qualifier.more_than:
            return Interval(low, math.inf, low_open=True)
        case Qualifier.at_least:
            return Interval(low, math.inf)
        case Qualifier.less_than:
            return Interval(-math.inf, high, high_open=True)
        case Qualifier.at_most:
            return Interval(-math.inf, high)


@dataclass(frozen=True)
class Disagreement:
    """Figures about the same thing that cannot all be true: a conflict between documents, or
    an ambiguity inside one (`documents` then has one entry)."""

    subject: str
    metric: str
    patent_status: str | None
    unit: str
    scope: str | None
    geo: str | None
    as_of: str | None
    period_start: str | None
    period_end: str | None
    reports: list[Report] = field(default_factory=list)

    @property
    def documents(self) -> list[str]:
        return sorted({r.doc_id for r in self.reports})

    @property
    def when(self) -> str:
        """The date the figures share: an as-of date or a period."""
        if self.as_of is not None:
            return self.as_of
        end = self.period_end if self.period_end not in (None, self.period_start) else ""
        return f"{self.period_start}–{end}" if end else str(self.period_start or "")

    def record(self) -> dict[str, object]:
        """The JSON line of conflicts.jsonl / ambiguities.jsonl."""
        return {
            **{k: getattr(self, k) for k in KEY},
            "n_documents": len(self.documents),
            "documents": self.documents,
            "reports": [r.__dict__ for r in self.reports],
        }


def comparable(fields: Mapping[str, Any]) -> bool:
    """Whether a claim (its `fields_of`) can take part in a disagreement at all: of a known
    subject, dated, reported."""
    dated = fields.get("as_of") is not None or fields.get("period_start") is not None
    return fields.get("subject") is not None and dated and str(fields.get("modality")) == MODALITY


def fields_of(claim: Claim | Mapping[str, Any]) -> Mapping[str, Any]:
    """A claim's fields by name, from a Claim or from its JSON record (claims.jsonl is read
    without validating every line)."""
    return claim.__dict__ if isinstance(claim, Claim) else claim


_key_fields = itemgetter(*KEY)
# Reports in their dataclass order, compared as plain tuples (a batch sorts thousands).
_report_order = attrgetter(*(f.name for f in dataclasses.fields(Report)))


def key_of(fields: Mapping[str, Any]) -> tuple[str | None, ...]:
    """What a claim (its `fields_of`) is about: the figures of one key are compared."""
    return tuple([None if v is None else str(v) for v in _key_fields(fields)])


def report_of(fields: Mapping[str, Any]) -> Report:
    """The figure a claim (its `fields_of`) states, with the same types from a Claim or its
    JSON record."""
    value_max = fields.get("value_max")
    return Report(
        float(fields["value"]),
        None if value_max is None else float(value_max),
        str(fields["qualifier"]),
        fields["doc_id"],
        fields["claim_id"],
        fields["value_text"],
        fields.get("page"),
    )


def find_disagreements(
    claims: Iterable[Claim | Mapping[str, Any]], approx: float | None = None
) -> tuple[list[Disagreement], list[Disagreement]]:
    """(conflicts, ambiguities) among some claims (or their JSON records), each sorted by its
    key."""
    reach = tolerance() if approx is None else approx
    groups: dict[tuple[str | None, ...], set[Report]] = defaultdict(set)
    for claim in claims:
        fields = fields_of(claim)
        if comparable(fields):
            groups[key_of(fields)].add(report_of(fields))
    conflicts: list[Disagreement] = []
    ambiguities: list[Disagreement] = []
    for key, found in groups.items():
        reports = sorted(found, key=_report_order)
        between, within = clashes(reports, reach)
        if between:
            conflicts.append(disagreement(key, reports))
        for doc_id in within:
            ambiguities.append(disagreement(key, [r for r in reports if r.doc_id == doc_id]))
    return sorted(conflicts, key=sort_key), sorted(ambiguities, key=sort_key)


def sort_key(d: Disagreement) -> tuple[str, ...]:
    """A total order, so that the same claims always give byte-identical files."""
    return (*("" if (v := getattr(d, k)) is None else str(v) for k in KEY), *d.documents)


def clashes(reports: list[Report], reach: float) -> tuple[bool, list[str]]:
    """(whether two documents state values that cannot both be true, the documents that state
    such values themselves). Linear: for each document only its highest lower bound and its
    lowest upper bound matter, and across documents only the two most extreme of each."""
    lowest_high: dict[str, Interval] = {}  # per document, the interval that ends first
    highest_low: dict[str, Interval] = {}  # per document, the interval that starts last
    for report in reports:
        span = interval(report, reach)
        doc = report.doc_id
        if doc not in lowest_high or span.end() < lowest_high[doc].end():
            lowest_high[doc] = span
        if doc not in highest_low or span.start() > highest_low[doc].start():
            highest_low[doc] = span
    within = sorted(d for d in lowest_high if lowest_high[d].before(highest_low[d]))
    ends = sorted(lowest_high, key=lambda d: lowest_high[d].end())[:2]
    starts = sorted(highest_low, key=lambda d: highest_low[d].start())[-2:]
    between = any(a != b and lowest_high[a].before(highest_low[b]) for a in ends for b in starts)
    return between, within


def disagreement(key: tuple[str | None, ...], reports: list[Report]) -> Disagreement:
    subject, metric, status, unit, scope, geo, as_of, start, end = key
    assert subject is not None and metric is not None and unit is not None
    return Disagreement(subject, metric, status, unit, scope, geo, as_of, start, end, reports)


def find_conflicts(claims: Iterable[Claim]) -> list[Disagreement]:
    """The conflicts between documents among some claims."""
    return find_disagreements(claims)[0]
