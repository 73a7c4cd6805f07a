"""Inline SVG charts of a company's dated figures for the report page.

A company gets up to two charts: figures held at a date (stocks: "29,000 patents as of September
2022") and figures counted over a period (flows: "3,442 applications filed in 2014"). A stock and
a flow are never joined by a line, nor are two kinds of figure: one series per metric, patent
status, scope and place. Bounds are drawn as such ("more than": a triangle pointing up, "less
than": down; "about": a diamond), forecasts and targets as hollow points off the line. A chart of
a single point is a line of text instead.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from html import escape

from models import Claim
from models.vocab import CHART_METRICS
from pipeline.writing.display import said_text, when_text
from pipeline.writing.render import FALLBACK_COLOUR, METRIC_COLOURS, claim_href, compact


def as_of_position(value: str) -> float:
    """Fractional year at the middle of the period a partial date covers ("2022" -> 2022.5)."""
    start, end = date_bounds(value)
    year_start = dt.date(start.year, 1, 1).toordinal()
    year_days = dt.date(start.year + 1, 1, 1).toordinal() - year_start
    middle = (start.toordinal() + end.toordinal()) / 2
    return start.year + (middle - year_start) / year_days


def date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """First day of a partial date and the day after its last ("2022" -> 2022-01-01, 2023-01-01)."""
    parts = [int(p) for p in value.split("-")]
    start = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    if len(parts) == 1:
        return start, dt.date(start.year + 1, 1, 1)
    if len(parts) == 2:
        return start, dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, start + dt.timedelta(days=1)


def is_stock(claim: Claim) -> bool:
    """A figure held at a date (as_of), as opposed to one counted over a period."""
    return claim.as_of is not None


def position(claim: Claim) -> float:
    """Where a figure sits on the time axis: its as-of date, or the middle of its period."""
    if claim.as_of is not None:
        return as_of_position(claim.as_of)
    first = as_of_position(claim.period_start or "")
    last = as_of_position(claim.period_end or claim.period_start or "")
    return (first + last) / 2


def chartable(claim: Claim) -> bool:
    """A dated portfolio figure of a known company."""
    dated = claim.as_of is not None or claim.period_start is not None
    return claim.subject is not None and dated and claim.metric in CHART_METRICS


@dataclass(frozen=True, order=True)
class SeriesKey:
    """What one line follows: one metric, one kind of patents, one scope and one place."""

    metric: str
    status: str
    scope: str
    geo: str

    @classmethod
    def of(cls, claim: Claim) -> SeriesKey:
        return cls(str(claim.metric), claim.patent_status or "", claim.scope or "", claim.geo or "")

    def label(self) -> str:
        words = [self.metric.replace("_", " "), self.status.replace("_", " "), self.scope, self.geo]
        return " · ".join(w for w in words if w)


_W, _H, _LEFT, _RIGHT, _TOP, _BOTTOM = 680, 300, 60, 16, 12, 34
_DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 4")


def _y_scale(values: list[float]) -> tuple[bool, float, float, list[float]]:
    """(log?, low, high, ticks): log when values span more than two orders of magnitude."""
    low, high = min(values), max(values)
    if low > 0 and high / low > 100:
        lo, hi = math.floor(math.log10(low)), math.ceil(math.log10(high))
        hi = max(hi, lo + 1)
        return True, 10.0**lo, 10.0**hi, [10.0**e for e in range(lo, hi + 1)]
    high = max(high, 1.0)
    raw = high / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    top = step * math.ceil(high * 1.02 / step)
    return False, 0.0, top, [step * i for i in range(round(top / step) + 1)]


def marker(claim: Claim, x: float, y: float, colour: str) -> str:
    """The point of a figure: a circle when exact, a diamond when approximate, a triangle up for
    a lower bound and down for an upper bound; hollow for forecasts and targets."""
    fill = colour if claim.modality == "reported" else "#fff"
    attrs = f'fill="{fill}" stroke="{colour}" stroke-width="1.5"'
    qualifier = str(claim.qualifier)
    if qualifier in {"more_than", "at_least"}:
        return f'<polygon points="{x:.1f},{y - 6:.1f} {x - 5:.1f},{y + 3:.1f} {x + 5:.1f},{y + 3:.1f}" {attrs}'
    if qualifier in {"less_than", "at_most"}:
        return f'<polygon points="{x:.1f},{y + 6:.1f} {x - 5:.1f},{y - 3:.1f} {x + 5:.1f},{y - 3:.1f}" {attrs}'
    if qualifier == "approx":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}" {attrs}'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" {attrs}'


def describe(claim: Claim) -> str:
    """One line for a figure: "more than 29,000 patents · as of 2022-09-30"."""
    extra = "".join(f" · {v}" for v in (claim.patent_status, claim.scope, claim.geo) if v)
    modality = f" ({claim.modality})" if claim.modality != "reported" else ""
    page = f" · page {claim.page}" if claim.page is not None else ""
    return f"{said_text(claim)}{extra} · {when_text(claim)}{modality}{page}"


def link_to(claim: Claim, review_links: dict[str, str], inner: str) -> str:
    """`inner` linked to the figure's sentence in its review page, when there is one."""
    href = claim_href(claim.doc_id, claim.claim_id, review_links)
    return f'<a href="{href}">{inner}</a>' if href else inner


def company_charts(subject: str, claims: list[Claim], review_links: dict[str, str]) -> str:
    """A company's figures: a chart of stocks and one of flows, or a line of text for a chart
    that would hold a single point."""
    parts = []
    for title, flow, group in (
        ("held at a date", False, [c for c in claims if is_stock(c)]),
        ("counted over a period", True, [c for c in claims if not is_stock(c)]),
    ):
        if len(group) == 1:
            (claim,) = group
            text = escape(describe(claim))
            parts.append(
                f'<p class="one-point" data-subject="{escape(subject)}" data-flow="{int(flow)}">'
                f"<b>{escape(subject)}</b>, {title}: {link_to(claim, review_links, text)} "
                f'<span class="muted">({escape(claim.doc_id)})</span></p>'
            )
        elif group:
            parts.append(chart(subject, title, flow, group, review_links))
    return "\n".join(parts)


def chart(
    subject: str, title: str, flow: bool, claims: list[Claim], review_links: dict[str, str]
) -> str:
    """Inline SVG of figures of one time basis (stocks or flows), one series per SeriesKey."""
    series: dict[SeriesKey, list[Claim]] = {}
    for c in sorted(claims, key=lambda c: (position(c), c.value, c.claim_id)):
        series.setdefault(SeriesKey.of(c), []).append(c)
    xs = [position(c) for c in claims]
    x0 = math.floor(min(xs))
    x1 = max(math.ceil(max(xs)), x0 + 1)
    log, y0, y1, y_ticks = _y_scale([c.value for c in claims])
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM

    def px(x: float) -> float:
        return _LEFT + (x - x0) / (x1 - x0) * plot_w

    def py(y: float) -> float:
        if log:
            frac = (math.log10(max(y, y0)) - math.log10(y0)) / (math.log10(y1) - math.log10(y0))
        else:
            frac = (y - y0) / (y1 - y0)
        return _TOP + (1 - frac) * plot_h

    parts = [
        f'<svg viewBox="0 0 {_W} {_H}" width="{_W}" '
        f'height="{_H}" role="img" data-scale="{"log" if log else "linear"}">'
    ]
    for tick in y_ticks:
        y = py(tick)
        parts.append(
            f'<line class="grid" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{compact(tick)}</text>'
        )
    step = max(1, math.ceil((x1 - x0) / 12))
    for year in range(x0, x1 + 1, step):
        x = px(year)
        parts.append(
            f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{_TOP}" y2="{_TOP + plot_h}"/>'
            f'<text x="{x:.1f}" y="{_H - 14}" text-anchor="middle">{year}</text>'
        )
    parts.append(
        f'<rect class="axis" fill="none" x="{_LEFT}" y="{_TOP}" width="{plot_w}" height="{plot_h}"/>'
    )
    legend_items = []
    dash_of: dict[str, int] = {}
    for key, points in series.items():
        colour = METRIC_COLOURS.get(key.metric, FALLBACK_COLOUR)
        dash = _DASHES[dash_of.setdefault(key.metric, 0) % len(_DASHES)]
        dash_of[key.metric] += 1
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        on_line = [c for c in points if c.modality == "reported"]
        parts.append(
            f'<g class="series" data-metric="{escape(key.metric)}" data-kind="{escape(key.status)}" '
            f'data-scope="{escape(key.scope)}" data-geo="{escape(key.geo)}" data-flow="{int(flow)}" '
            f'stroke="{colour}" fill="{colour}">'
            f"<title>{escape(subject)}: {escape(key.label())}</title>"
        )
        # A line joins one figure per date; two values at one date (an ambiguity or two
        # sources) are points only, never a vertical stroke.
        if len(on_line) > 1 and len({position(c) for c in on_line}) == len(on_line):
            line = " ".join(f"{px(position(c)):.1f},{py(c.value):.1f}" for c in on_line)
            parts.append(f'<polyline fill="none" stroke-width="2"{dash_attr} points="{line}"/>')
        for c in points:
            shape = marker(c, px(position(c)), py(c.value), colour)
            point = (
                f'{shape} class="point" data-claim-id="{escape(c.claim_id)}" '
                f'data-flow="{int(not is_stock(c))}">'
                f"<title>{escape(describe(c))}\n{escape(c.doc_id)}</title>"
                f"{'</polygon>' if shape.startswith('<polygon') else '</circle>'}"
            )
            parts.append(link_to(c, review_links, point))
        parts.append("</g>")
        swatch = (
            f'<svg width="28" height="10"><line x1="0" x2="28" y1="5" y2="5" stroke="{colour}" '
            f'stroke-width="2"{dash_attr}/></svg>'
        )
        legend_items.append(f"<span>{swatch} {escape(key.label())}</span>")
    parts.append("</svg>")
    scale = "log scale" if log else "linear scale"
    return (
        f'<figure class="chart" data-subject="{escape(subject)}" data-flow="{int(flow)}">'
        f"<figcaption>{escape(subject)}: figures {escape(title)} "
        f'<span class="muted">({scale}; ▲ more than, ▼ less than, ◆ about; hollow: forecast or '
        f"target, off the line)</span></figcaption>\n{''.join(parts)}\n"
        f'<div class="legend">{"".join(legend_items)}</div></figure>'
    )
