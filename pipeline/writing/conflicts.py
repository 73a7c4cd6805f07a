"""The conflict rule, defined once: `conflicts.jsonl`, the DuckDB `conflicts` table and the
report page all come from these constants.

A conflict: reported figures of one subject, metric, unit, scope, place and as-of date that
state different values (or the same value with different qualifiers). Undated figures, figures
of no known subject, forecasts and targets are not comparable and never conflict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from models import Claim

KEY = ("subject", "metric", "unit", "scope", "geo", "as_of")
REQUIRED = ("subject", "as_of")  # a figure without them is not comparable
MODALITY = "reported"

# Every ORDER BY is total, so that the same claims always give byte-identical files.
CONFLICTS_SQL = f"""
select {", ".join(KEY)},
       count(distinct (value, qualifier)) as n_values,
       list(struct_pack(value := value, qualifier := qualifier, doc_id := doc_id, claim_id := claim_id)
            order by value, qualifier, doc_id, start) as reports
from claims
where {" and ".join(f"{k} is not null" for k in REQUIRED)} and modality = '{MODALITY}'
group by {", ".join(KEY)}
having count(distinct (value, qualifier)) > 1
order by subject, metric, unit, scope nulls first, geo nulls first, as_of
"""


@dataclass(frozen=True)
class Conflict:
    """Figures for one key that documents state differently."""

    subject: str
    metric: str
    unit: str
    scope: str | None
    geo: str | None
    as_of: str
    values: list[tuple[float, str, str]]  # (value, qualifier, doc_id), sorted


def comparable(claim: Claim) -> bool:
    """Whether a claim can take part in a conflict at all."""
    return all(getattr(claim, k) is not None for k in REQUIRED) and claim.modality == MODALITY


def find_conflicts(claims: Iterable[Claim]) -> list[Conflict]:
    """The conflicts among some claims, in the order of CONFLICTS_SQL."""
    groups: dict[tuple[str, ...], set[tuple[float, str, str]]] = defaultdict(set)
    for c in claims:
        if comparable(c):
            key = tuple(str(getattr(c, k)) if getattr(c, k) is not None else "" for k in KEY)
            groups[key].add((c.value, str(c.qualifier), c.doc_id))
    conflicts = [
        Conflict(subject, metric, unit, scope or None, geo or None, as_of, sorted(values))
        for (subject, metric, unit, scope, geo, as_of), values in groups.items()
        if len({(value, qualifier) for value, qualifier, _ in values}) > 1
    ]
    return sorted(
        conflicts,
        key=lambda k: (k.subject, k.metric, k.unit, k.scope or "", k.geo or "", k.as_of),
    )
