"""Inline SVG charts of a subject's dated figures for the report page."""

from __future__ import annotations

import datetime as dt
import math
from html import escape

from models import Claim
from models.vocab import CHART_METRICS
from pipeline.writing.render import (
    FALLBACK_COLOUR,
    METRIC_COLOURS,
    compact,
    legend,
    safe_href,
)


def as_of_position(value: str) -> float:
    """Fractional year at the middle of the period a partial date covers ("2022" -> 2022.5)."""
    parts = [int(p) for p in value.split("-")]
    start = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    if len(parts) == 1:
        end = dt.date(start.year + 1, 1, 1)
    elif len(parts) == 2:
        end = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    else:
        end = start + dt.timedelta(days=1)
    year_start = dt.date(start.year, 1, 1).toordinal()
    year_days = dt.date(start.year + 1, 1, 1).toordinal() - year_start
    middle = (start.toordinal() + end.toordinal()) / 2
    return start.year + (middle - year_start) / year_days


_W, _H, _LEFT, _RIGHT, _TOP, _BOTTOM = 680, 300, 60, 16, 12, 34


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


def chart(subject: str, claims: list[Claim], review_links: dict[str, str]) -> str:
    """Inline SVG of one subject's dated portfolio figures, one series per metric."""
    by_metric = {m: [c for c in claims if c.metric == m] for m in CHART_METRICS}
    by_metric = {m: cs for m, cs in by_metric.items() if cs}
    xs = [as_of_position(c.as_of or "") for c in claims]
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
    for metric, series in by_metric.items():
        colour = METRIC_COLOURS.get(metric, FALLBACK_COLOUR)
        points = sorted(series, key=lambda c: (as_of_position(c.as_of or ""), c.value))
        # The line joins headline figures (whole portfolio, reported); others are hollow dots.
        headline = [
            c for c in points if c.scope is None and c.geo is None and c.modality == "reported"
        ]
        solid = {c.claim_id for c in headline}
        line = " ".join(
            f"{px(as_of_position(c.as_of or '')):.1f},{py(c.value):.1f}" for c in headline or points
        )
        parts.append(
            f'<g class="series" data-metric="{escape(metric)}" stroke="{colour}" fill="{colour}">'
            f"<title>{escape(subject)}: {escape(metric)}</title>"
            f'<polyline fill="none" stroke-width="2" points="{line}"/>'
        )
        for c in points:
            fill = "" if c.claim_id in solid else ' fill="#fff"'
            label = f"{c.as_of}: {c.value_text} {c.unit_text}"
            label += "".join(f" [{k} {v}]" for k, v in (("scope", c.scope), ("geo", c.geo)) if v)
            label += f" ({c.modality})" if c.modality != "reported" else ""
            circle = (
                f'<circle cx="{px(as_of_position(c.as_of or "")):.1f}" cy="{py(c.value):.1f}" r="4"'
                f'{fill} data-claim-id="{escape(c.claim_id)}">'
                f"<title>{escape(label)}\n{escape(c.doc_id)}</title></circle>"
            )
            link = review_links.get(c.doc_id)
            if link:
                circle = f'<a href="{safe_href(link)}#{escape(c.claim_id)}">{circle}</a>'
            parts.append(circle)
        parts.append("</g>")
    parts.append("</svg>")
    scale = "log scale" if log else "linear scale"
    return (
        f'<figure class="chart" data-subject="{escape(subject)}">'
        f'<figcaption>{escape(subject)} <span class="muted">({scale}; hollow: scoped, regional, '
        f"forecast or target figures)</span></figcaption>\n{''.join(parts)}\n"
        f"{legend(by_metric)}</figure>"
    )
