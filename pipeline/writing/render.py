"""HTML review page for one document and report page for a batch.

Pure functions returning self-contained HTML (inline CSS and SVG, no script, no external
resource), so a page can be mailed, archived or opened offline and shows the same thing forever.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from models import Claim, Document, DocumentRecord, Event, Metric, Status
from pipeline.writing.rankings import Ranking, rankings

CHART_METRICS: tuple[str, ...] = (
    "patents",
    "patent_families",
    "patent_applications",
    "standard_essential_patents",
    "standards",
)
_PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#ad494a", "#637939", "#e7969c", "#843c39",
)  # fmt: skip
METRIC_COLOURS: dict[str, str] = {
    metric.value: _PALETTE[i % len(_PALETTE)] for i, metric in enumerate(Metric)
}
_FALLBACK_COLOUR = "#999999"

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;max-width:64rem;margin:1.5rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .4rem;border-bottom:1px solid #ddd}
.meta{color:#555;margin:0 0 1rem}.meta b{color:#222}
.text{white-space:pre-wrap;overflow-wrap:anywhere;border:1px solid #ddd;background:#fcfcfa;padding:1rem;border-radius:4px}
mark.claim{border-bottom:2px solid;border-radius:2px;padding:0 1px;color:inherit}
mark.claim:target{outline:3px solid #000;outline-offset:1px}
mark.source-table,mark.source-list{outline:1px dashed currentColor;outline-offset:1px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.legend{font-size:13px;margin:.3rem 0}.legend span{display:inline-block;margin-right:1em}
.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:middle;border-radius:2px}
.status-error{color:#b00020;font-weight:bold}.status-skipped{color:#a06000;font-weight:bold}.status-ok{color:#1b5e20}
.muted{color:#777}figure.chart{margin:1rem 0}figure.chart figcaption{font-weight:bold}
svg text{font:11px system-ui,sans-serif;fill:#444}svg .grid{stroke:#e5e5e5}svg .axis{stroke:#888}
.summary td{min-width:4rem}
"""


def _metric_css() -> str:
    """One class per metric so highlights, swatches and legends share one colour."""
    rules = []
    for metric in Metric:
        colour = METRIC_COLOURS.get(metric.value, _FALLBACK_COLOUR)
        rules.append(f"mark.metric-{metric.value}{{background:{colour}40;border-color:{colour}}}")
        rules.append(f".swatch.metric-{metric.value}{{background:{colour}}}")
    return "\n".join(rules)


def _page(title: str, body: str) -> str:
    """Wrap a body; the CSP forbids any fetch, so a page cannot leak that it was opened."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}{_metric_css()}\n</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def number_text(value: float) -> str:
    """Readable number with thousands separators (29,000; 45.5)."""
    return f"{int(value):,}" if value == int(value) else f"{value:,.6g}"


def _compact(value: float) -> str:
    """Short axis label (32k, 1.2M) so tick labels fit the margin."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def _value(claim: Claim) -> str:
    return number_text(claim.value) + (
        f"–{number_text(claim.value_max)}" if claim.value_max is not None else ""
    )


def _period(claim: Claim) -> str:
    if claim.period_start is None and claim.period_end is None:
        text = ""
    elif claim.period_start == claim.period_end:
        text = str(claim.period_start)
    else:
        text = f"{claim.period_start or ''}–{claim.period_end or ''}"
    return f"{text} per {claim.rate_per}".strip() if claim.rate_per else text


def _as_of(claim: Claim) -> str:
    return f"{claim.as_of} (inherited)" if claim.as_of_inherited else claim.as_of or ""


def _fields(claim: Claim) -> list[tuple[str, str]]:
    """The normalised reading of a claim, shared by its tooltip and its table row."""
    return [
        ("subject", claim.subject or ""),
        ("metric", str(claim.metric)),
        ("value", _value(claim)),
        ("qualifier", str(claim.qualifier)),
        ("unit", claim.unit),
        ("as_of", _as_of(claim)),
        ("period", _period(claim)),
        ("scope", claim.scope or ""),
        ("geo", claim.geo or ""),
        ("modality", str(claim.modality)),
    ]


def _tooltip(claim: Claim) -> str:
    """Shown on hover so a reviewer checks the reading in place, next to the words."""
    fields = [*_fields(claim), ("source", str(claim.source))]  # "table": a cell of a table
    return "\n".join(f"{name}: {value or '–'}" for name, value in fields)


def _legend(metrics: Iterable[str]) -> str:
    items = "".join(
        f'<span><i class="swatch metric-{escape(m)}"></i>{escape(m)}</span>' for m in metrics
    )
    return f'<div class="legend">{items}</div>'


def _table(headers: str, rows: Iterable[Sequence[str]], css: str = "") -> str:
    """Headers separated by "|"; rows are HTML already escaped by the caller."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers.split("|"))
    body = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table>'


def _safe_href(href: str) -> str:
    """Escape a caller-given link and refuse script URLs."""
    return "#" if href.strip().lower().startswith(("javascript:", "data:")) else escape(href)


# -- review page ---------------------------------------------------------------------------------
def render_document(document: Document, text: str) -> str:
    """Review page: the article with every claim highlighted where the pipeline found it."""
    claims = sorted(document.claims, key=lambda c: (c.start, c.end))
    pieces: list[str] = []
    position = 0
    for claim in claims:
        if text[claim.start : claim.end] != claim.value_text:
            raise ValueError(
                f"claim {claim.claim_id}: text[{claim.start}:{claim.end}] is "
                f"{text[claim.start : claim.end]!r}, not {claim.value_text!r}; "
                "pass the decoded text the claim offsets index"
            )
        if claim.start < position:  # overlapping: contract says it cannot happen
            raise ValueError(f"claim {claim.claim_id} overlaps the previous claim")
        pieces.append(escape(text[position : claim.start]))
        cid = escape(claim.claim_id)
        pieces.append(
            f'<mark class="claim metric-{escape(str(claim.metric))} source-{escape(str(claim.source))}" id="{cid}" '
            f'data-claim-id="{cid}" title="{escape(_tooltip(claim))}">'
            f"{escape(claim.value_text)}</mark>"
        )
        position = claim.end
    pieces.append(escape(text[position:]))

    meta = [
        ("document", document.doc_id),
        ("subject", document.subject or "–"),
        ("published", document.published or "–"),
        ("status", str(document.status)),
        ("claims", str(document.n_claims)),
        ("facts", str(len(document.facts))),
    ]
    meta_html = " · ".join(f"<b>{escape(k)}:</b> {escape(v)}" for k, v in meta)
    notes = [document.error] if document.error else []
    notes += document.warnings
    notes_html = "".join(f'<p class="status-{document.status}">{escape(n)}</p>' for n in notes)
    present = [m.value for m in Metric if any(c.metric == m for c in claims)]
    rows = [
        [
            str(i),
            f'<i class="swatch metric-{escape(str(c.metric))}"></i>'
            f'<a href="#{escape(c.claim_id)}">{escape(c.value_text)}</a>',
            *(escape(value) for _, value in _fields(c)),
            f"{c.confidence:.2f}",
        ]
        for i, c in enumerate(claims, 1)
    ]
    headers = (
        "#|as written|subject|metric|value|qualifier|unit|as_of|period|scope|geo|modality|conf."
    )
    title = document.title or document.doc_id
    body = (
        f'<header><h1>{escape(title)}</h1>\n<p class="meta">{meta_html}</p>{notes_html}</header>\n'
        f'<h2>Text</h2>\n{_legend(present)}\n<div class="text">{"".join(pieces)}</div>\n'
        f"<h2>Events</h2>\n{_events(document.events)}\n"
        f"<h2>Claims ({len(claims)})</h2>\n"
        + (_table(headers, rows, "claims") if rows else '<p class="muted">No claims found.</p>')
    )
    return _page(f"ipclaims review: {title}", body)


def _events(events: Sequence[Event]) -> str:
    if not events:
        return '<p class="muted">No events found.</p>'
    items = "\n".join(
        f"<li><b>{escape(str(e.type))}</b> {escape(e.date or 'undated')} · "
        f"{escape(', '.join(e.parties))}<br><q>{escape(e.text)}</q></li>"
        for e in events
    )
    return f'<ul class="events">\n{items}\n</ul>'


# -- report --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Conflict:
    """Figures for one subject, metric, scope, date (and region) that documents state differently."""

    subject: str
    metric: str
    scope: str | None
    as_of: str
    values: list[tuple[float, str, str]]  # (value, qualifier, doc_id), sorted
    geo: str | None = None  # part of the key: 28,000 US patents do not contradict 92,000 in all


def find_conflicts(claims: Iterable[Claim]) -> list[Conflict]:
    """Dated claims of a known subject that disagree; undated figures are not comparable."""
    groups: dict[tuple[str, str, str | None, str, str | None], set[tuple[float, str, str]]]
    groups = defaultdict(set)
    for c in claims:
        if c.subject is not None and c.as_of is not None:
            key = (c.subject, str(c.metric), c.scope, c.as_of, c.geo)
            groups[key].add((c.value, str(c.qualifier), c.doc_id))
    conflicts = [
        Conflict(subject, metric, scope, as_of, sorted(values), geo)
        for (subject, metric, scope, as_of, geo), values in groups.items()
        if len({(value, qualifier) for value, qualifier, _ in values}) > 1
    ]
    return sorted(
        conflicts, key=lambda k: (k.subject, k.metric, k.scope or "", k.as_of, k.geo or "")
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


def _chart(subject: str, claims: list[Claim], review_links: dict[str, str]) -> str:
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
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_compact(tick)}</text>'
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
        colour = METRIC_COLOURS.get(metric, _FALLBACK_COLOUR)
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
                circle = f'<a href="{_safe_href(link)}#{escape(c.claim_id)}">{circle}</a>'
            parts.append(circle)
        parts.append("</g>")
    parts.append("</svg>")
    scale = "log scale" if log else "linear scale"
    return (
        f'<figure class="chart" data-subject="{escape(subject)}">'
        f'<figcaption>{escape(subject)} <span class="muted">({scale}; hollow: scoped, regional, '
        f"forecast or target figures)</span></figcaption>\n{''.join(parts)}\n"
        f"{_legend(by_metric)}</figure>"
    )


def _ranking_table(ranking: Ranking, review_links: dict[str, str]) -> str:
    """One ranking: a row per company, a column per year, each rank linked to its sentence."""

    def cell(entries: list) -> str:
        pieces = []
        for entry in entries:
            claim = entry.claims[0]
            label = f"{number_text(entry.rank)}{'*' if claim.implied else ''}"
            link = review_links.get(claim.doc_id)
            title = escape(f"{claim.doc_id}: {claim.text[:200]}", quote=True)
            if link:
                href = f"{_safe_href(link)}#{escape(claim.claim_id)}"
                pieces.append(f'<a href="{href}" title="{title}">{escape(label)}</a>')
            else:
                pieces.append(f'<span title="{title}">{escape(label)}</span>')
        return f'<span class="num">{" / ".join(pieces)}</span>'

    rows = [
        [escape(subject)]
        + [
            cell(ranking.rows[subject][year]) if year in ranking.rows[subject] else "–"
            for year in ranking.years
        ]
        for subject in ranking.order()
    ]
    table = _table("|".join(["company", *ranking.years]), rows, "ranking")
    return f"<h3>{escape(ranking.title)}</h3>\n{table}"


def _doc_link(doc_id: str, review_links: dict[str, str]) -> str:
    link = review_links.get(doc_id)
    return f'<a href="{_safe_href(link)}">{escape(doc_id)}</a>' if link else escape(doc_id)


def render_report(
    documents: Sequence[DocumentRecord | Document],
    claims: Sequence[Claim],
    review_links: dict[str, str] | None = None,
) -> str:
    """Batch overview: counts, figures over time per company, conflicts and per-document status."""
    links = review_links or {}
    statuses = Counter(str(d.status) for d in documents)
    dated: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.subject is not None and c.as_of is not None and c.metric in CHART_METRICS:
            dated[c.subject].append(c)
    conflicts = find_conflicts(claims)
    ranked = rankings(claims)
    summary = [
        ("documents", len(documents)),
        *((f"documents {s.value}", statuses.get(s.value, 0)) for s in Status),
        ("claims", len(claims)),
        ("facts", sum(len(d.facts) for d in documents)),
        ("companies charted", len(dated)),
        ("rankings", len(ranked)),
        ("conflicts", len(conflicts)),
    ]
    summary_html = _table(
        "|".join(name for name, _ in summary),
        [[f'<span class="num">{n}</span>' for _, n in summary]],
        "summary",
    )
    charts = "\n".join(_chart(s, dated[s], links) for s in sorted(dated, key=str.casefold))
    conflict_rows = [
        [
            escape(k.subject),
            escape(k.metric),
            escape(k.scope or "–"),
            escape(k.geo or "–"),
            escape(k.as_of),
            "<br>".join(
                f"{number_text(v)} ({escape(q)}) · {_doc_link(d, links)}" for v, q, d in k.values
            ),
        ]
        for k in conflicts
    ]
    doc_rows = [
        [
            _doc_link(d.doc_id, links),
            f'<span class="status-{escape(str(d.status))}">{escape(str(d.status))}</span>',
            escape(d.error or ""),
            escape(d.title or ""),
            escape(d.subject or ""),
            escape(d.published or ""),
            f'<span class="num">{d.n_claims}</span>',
            f'<span class="num">{len(d.facts)}</span>',
            "<br>".join(f'<span class="muted">{escape(w)}</span>' for w in d.warnings),
        ]
        for d in documents
    ]
    body = (
        "<h1>ipclaims batch report</h1>\n"
        f"<h2>Summary</h2>\n{summary_html}\n"
        "<h2>Portfolio figures over time</h2>\n"
        + (charts or '<p class="muted">No dated portfolio figures.</p>')
        + f"\n<h2>Rankings ({len(ranked)})</h2>\n"
        + (
            '<p class="muted">Rank by company and year; * marks a rank read from a row\'s '
            "position in a list said to be ranked.</p>\n"
            + "\n".join(_ranking_table(r, links) for r in ranked)
            if ranked
            else '<p class="muted">No rankings.</p>'
        )
        + f"\n<h2>Conflicts ({len(conflicts)})</h2>\n"
        + (
            _table("subject|metric|scope|geo|as of|values", conflict_rows, "conflicts")
            if conflict_rows
            else '<p class="muted">No conflicting figures.</p>'
        )
        + f"\n<h2>Documents ({len(documents)})</h2>\n"
        + _table(
            "document|status|message|title|subject|published|claims|facts|warnings",
            doc_rows,
            "documents",
        )
    )
    return _page("ipclaims batch report", body)


# -- loading -------------------------------------------------------------------------------------
_Model = TypeVar("_Model", bound=BaseModel)


def _read_jsonl(path: Path, model: type[_Model]) -> list[_Model]:
    """Validate every line so a damaged file fails with its line number, not a broken page."""
    records: list[_Model] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    records.append(model.model_validate_json(line))
                except ValidationError as exc:
                    raise ValueError(f"{path}:{number}: invalid {model.__name__}: {exc}") from exc
    return records


def load_batch(out_dir: Path) -> tuple[list[DocumentRecord], list[Claim]]:
    """Read documents.jsonl and claims.jsonl of a batch output folder."""
    documents = _read_jsonl(out_dir / "documents.jsonl", DocumentRecord)
    return documents, _read_jsonl(out_dir / "claims.jsonl", Claim)
