"""Facts: merge the repeated mentions of one figure in a document (CONTRACT.md `Fact`)."""

from __future__ import annotations

from models import Claim, Fact


def merge_facts(claims: list[Claim]) -> list[Fact]:
    """One Fact per fact_id, in order of first mention; fields from the first mention."""
    facts: dict[str, Fact] = {}
    mentions: dict[str, list[str]] = {}
    for claim in claims:
        mentions.setdefault(claim.fact_id, []).append(claim.claim_id)
        if claim.fact_id not in facts:
            facts[claim.fact_id] = Fact(
                fact_id=claim.fact_id,
                doc_id=claim.doc_id,
                subject=claim.subject,
                metric=claim.metric,
                value=claim.value,
                value_max=claim.value_max,
                qualifier=claim.qualifier,
                unit=claim.unit,
                as_of=claim.as_of,
                period_start=claim.period_start,
                period_end=claim.period_end,
                rate_per=claim.rate_per,
                modality=claim.modality,
                scope=claim.scope,
                geo=claim.geo,
                patent_status=claim.patent_status,
                mentions=[],
            )
    return [fact.model_copy(update={"mentions": mentions[key]}) for key, fact in facts.items()]
