"""Closed vocabularies of the output contract (see docs/schema.md)."""

from __future__ import annotations

from enum import StrEnum


class Metric(StrEnum):
    """What a claim measures."""

    patents = "patents"
    patent_families = "patent_families"
    patent_applications = "patent_applications"
    standard_essential_patents = "standard_essential_patents"
    standards = "standards"
    rank = "rank"
    countries = "countries"
    products = "products"
    employees = "employees"
    rd_spend = "rd_spend"
    revenue = "revenue"
    licenses = "licenses"
    lawsuits = "lawsuits"
    share = "share"
    other = "other"


class Qualifier(StrEnum):
    """How the stated number bounds the true value."""

    exact = "exact"
    approx = "approx"
    more_than = "more_than"
    at_least = "at_least"
    less_than = "less_than"
    at_most = "at_most"


class Modality(StrEnum):
    """Whether a figure is a stated fact, a forecast or a target."""

    reported = "reported"
    forecast = "forecast"
    target = "target"


class RatePer(StrEnum):
    """Time unit of a rate ("6,000 applications per year")."""

    year = "year"
    quarter = "quarter"
    month = "month"


class EventType(StrEnum):
    """Kinds of dated IP events."""

    litigation = "litigation"
    settlement = "settlement"
    ruling = "ruling"
    license = "license"
    cross_license = "cross_license"
    partnership = "partnership"
    acquisition = "acquisition"
    withdrawal = "withdrawal"


class PartyRole(StrEnum):
    """The part an organisation plays in an event, when the text says it."""

    plaintiff = "plaintiff"
    defendant = "defendant"
    licensor = "licensor"
    licensee = "licensee"
    buyer = "buyer"
    seller = "seller"
    payer = "payer"
    payee = "payee"


class ClaimSource(StrEnum):
    """Where a figure was read."""

    sentence = "sentence"
    table = "table"
    list = "list"


class Status(StrEnum):
    """Outcome of processing one input file."""

    ok = "ok"
    error = "error"
    skipped = "skipped"


# Metrics whose value counts things and therefore cannot be negative.
COUNT_METRICS: frozenset[Metric] = frozenset(
    {
        Metric.patents,
        Metric.patent_families,
        Metric.patent_applications,
        Metric.standard_essential_patents,
        Metric.standards,
        Metric.rank,
        Metric.countries,
        Metric.products,
        Metric.employees,
        Metric.licenses,
        Metric.lawsuits,
    }
)

# Metrics of patent rights, which can have a legal status (granted, in force, pending).
PATENT_METRICS: frozenset[Metric] = frozenset(
    {
        Metric.patents,
        Metric.patent_families,
        Metric.standard_essential_patents,
        Metric.patent_applications,
    }
)
# Metrics counted over a period (filed, spent, earned), never held at a date.
FLOW_METRICS: frozenset[Metric] = frozenset(
    {Metric.patent_applications, Metric.rd_spend, Metric.revenue}
)
# Metrics of a portfolio that the report charts over time.
CHART_METRICS: tuple[Metric, ...] = (
    Metric.patents,
    Metric.patent_families,
    Metric.patent_applications,
    Metric.standard_essential_patents,
    Metric.standards,
)


def is_currency(unit: str) -> bool:
    """Whether a claim's unit is an amount of money: an ISO 4217 code (`USD`, `EUR`, `CNY`)."""
    return len(unit) == 3 and unit.isupper()
