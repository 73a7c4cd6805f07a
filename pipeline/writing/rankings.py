"""Rankings over time: the rank claims of a batch, grouped into one table per ranking.

A ranking is what the rank was in (the counted phrase, lower-cased and singular-insensitive),
its technology scope and its place: "PCT applicants" and "US patent recipients" are two tables,
and a company's rank in one never meets its rank in the other. Columns are years, so an analyst
sees "Huawei: 1, 1, 1" across three annual lists at a glance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from models import Claim, Metric

UNDATED = "undated"


@dataclass(frozen=True)
class RankEntry:
    """One rank of one subject in one year, with the claims that state it."""

    rank: float
    claims: tuple[Claim, ...]


@dataclass
class Ranking:
    """One ranking: its key and, per subject and year, the ranks stated."""

    ranked_in: str
    scope: str | None
    geo: str | None
    years: list[str] = field(default_factory=list)
    rows: dict[str, dict[str, list[RankEntry]]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        parts = [self.ranked_in, self.scope, self.geo]
        return " · ".join(p for p in parts if p)

    def order(self) -> list[str]:
        """Subjects by their rank in the latest year they appear in, then by name."""

        def latest(subject: str) -> tuple[float, str]:
            by_year = self.rows[subject]
            dated = [y for y in self.years if y in by_year]
            best = min(e.rank for e in by_year[dated[-1]]) if dated else float("inf")
            return best, subject.casefold()

        return sorted(self.rows, key=latest)


def claim_year(claim: Claim) -> str:
    """The year a rank holds for: its as-of date, else the end (or start) of its period."""
    for value in (claim.as_of, claim.period_end, claim.period_start):
        if value:
            return value[:4]
    return UNDATED


def ranking_key(claim: Claim) -> tuple[str, str | None, str | None]:
    """(ranked in, scope, geo): what makes two ranks comparable."""
    ranked_in = " ".join(claim.unit_text.lower().split()) or "rank"
    if ranked_in.endswith("s") and not ranked_in.endswith("ss"):
        ranked_in = ranked_in[:-1]  # "PCT applicants" and "PCT applicant" are one ranking
    return ranked_in, claim.scope, claim.geo


def rankings(claims: Iterable[Claim]) -> list[Ranking]:
    """One Ranking per key that has two or more subjects or two or more years, largest first."""
    grouped: dict[
        tuple[str, str | None, str | None], dict[str, dict[str, dict[float, list[Claim]]]]
    ]
    grouped = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(list))))
    for claim in claims:
        if claim.metric is not Metric.rank or claim.subject is None:
            continue
        grouped[ranking_key(claim)][claim.subject][claim_year(claim)][claim.value].append(claim)
    result = []
    for (ranked_in, scope, geo), subjects in grouped.items():
        years = sorted({y for by_year in subjects.values() for y in by_year if y != UNDATED})
        if any(UNDATED in by_year for by_year in subjects.values()):
            years.append(UNDATED)
        if len(subjects) < 2 and len(years) < 2:
            continue  # a single rank of a single company is a fact, not a ranking
        ranking = Ranking(ranked_in, scope, geo, years)
        for subject, by_year in subjects.items():
            ranking.rows[subject] = {
                year: [RankEntry(rank, tuple(cs)) for rank, cs in sorted(by_rank.items())]
                for year, by_rank in by_year.items()
            }
        result.append(ranking)
    return sorted(result, key=lambda r: (-len(r.rows), r.title))
