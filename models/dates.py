"""Partial dates (YYYY, YYYY-MM or YYYY-MM-DD) as used by as_of, periods and event dates."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, Field

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_partial_date(value: str) -> str:
    """Reject strings that are not a real calendar year, month or day."""
    match = _PARTIAL_DATE.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    dt.date(year, month or 1, day or 1)  # raises ValueError on 2022-02-30 or month 13
    return value


PartialDate = Annotated[
    str,
    AfterValidator(check_partial_date),
    Field(
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="A date as precise as the text states it: YYYY, YYYY-MM or YYYY-MM-DD.",
        examples=["2022-09-30", "2022-09", "2022"],
    ),
]


def date_order_key(value: str) -> str:
    """Sort key that orders partial dates by their earliest possible day."""
    return value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value
