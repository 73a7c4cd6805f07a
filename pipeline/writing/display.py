"""How a claim reads for people: the one definition shared by the terminal table of `extract`,
the review page's tooltips and table, and the report."""

from __future__ import annotations

from models import Claim


def number_text(value: float) -> str:
    """Readable number with thousands separators (29,000; 45.5)."""
    return f"{int(value):,}" if value == int(value) else f"{value:,.6g}"


def value_range(claim: Claim) -> str:
    """The value, or its range ("5,000–6,000")."""
    return number_text(claim.value) + (
        f"–{number_text(claim.value_max)}" if claim.value_max is not None else ""
    )


def period_text(claim: Claim) -> str:
    """ "2014–2019", "2023", "2015–" for an open period, with its rate ("2023 per year")."""
    if claim.period_start is None and claim.period_end is None:
        text = ""
    elif claim.period_start == claim.period_end:
        text = str(claim.period_start)
    else:
        text = f"{claim.period_start or ''}–{claim.period_end or ''}"
    return f"{text} per {claim.rate_per}".strip() if claim.rate_per else text


def as_of_text(claim: Claim) -> str:
    """The as-of date, marked when it came from the paragraph's opening."""
    return f"{claim.as_of} (inherited)" if claim.as_of_inherited else claim.as_of or ""


def claim_fields(claim: Claim) -> list[tuple[str, str]]:
    """The normalised reading of a claim, in display order: (field, text)."""
    return [
        ("subject", claim.subject or ""),
        ("metric", str(claim.metric)),
        ("value", value_range(claim)),
        ("qualifier", str(claim.qualifier)),
        ("unit", claim.unit),
        ("as_of", as_of_text(claim)),
        ("period", period_text(claim)),
        ("scope", claim.scope or ""),
        ("geo", claim.geo or ""),
        ("modality", str(claim.modality)),
    ]


def said_text(claim: Claim) -> str:
    """The figure with what it counts, as written: "more than 29,000 patents"; "EUR 4.5 billion"
    names its unit already."""
    said = claim.value_text
    if claim.unit_text not in claim.value_text:
        said = f"{claim.value_text} {claim.unit_text}"
    return " ".join(said.split())


def when_text(claim: Claim) -> str:
    """ "as of 2022-09-30", "since 2015", "in 2014–2019"; empty when undated."""
    if claim.as_of:
        return f"as of {as_of_text(claim)}"
    if claim.period_start and not claim.period_end:
        return f"since {claim.period_start}"
    period = period_text(claim)
    return f"in {period}" if period else ""


def claim_block(claim: Claim) -> tuple[str, str]:
    """A claim as two short lines for a narrow terminal: "more than 29,000 patents · Xiaomi ·
    as of 2022-09-30 · chars 926-938", then its reading ("patents · more_than · scope 5G")."""
    said, when = said_text(claim), when_text(claim)
    where = f"chars {claim.start}-{claim.end}" + (f", page {claim.page}" if claim.page else "")
    first = " · ".join(p for p in (said, claim.subject or "no subject", when, where) if p)
    reading = [str(claim.metric), value_range(claim), str(claim.qualifier), claim.unit]
    reading += [f"{k} {v}" for k, v in (("scope", claim.scope), ("geo", claim.geo)) if v]
    if str(claim.modality) != "reported":
        reading.append(str(claim.modality))
    return first, " · ".join(reading)
