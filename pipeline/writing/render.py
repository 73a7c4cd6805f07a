"""HTML review page for one document, and the HTML pieces every page shares.

Pure functions returning self-contained HTML (inline CSS and SVG, no script, no external
resource), so a page can be mailed, archived or opened offline and shows the same thing forever.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from models import Claim, Document, Event, Metric
from pipeline.writing.display import claim_fields

_PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#ad494a", "#637939", "#e7969c", "#843c39",
)  # fmt: skip
METRIC_COLOURS: dict[str, str] = {
    metric.value: _PALETTE[i % len(_PALETTE)] for i, metric in enumerate(Metric)
}
FALLBACK_COLOUR = "#999999"

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;max-width:64rem;margin:1.5rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .4rem;border-bottom:1px solid #ddd}
.meta{color:#555;margin:0 0 1rem}.meta b{color:#222}
.text{white-space:pre-wrap;overflow-wrap:anywhere;border:1px solid #ddd;background:#fcfcfa;padding:1rem;border-radius:4px}
mark.claim{border-bottom:2px solid;border-radius:2px;padding:0 1px;color:inherit}
mark.claim:target{outline:3px solid #000;outline-offset:1px}
a.page{display:block;border-top:1px dashed #bbb;margin:.8em 0 .3em}
a.page::before{content:"page " attr(data-page);font-size:.75em;color:#888}
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


def metric_css() -> str:
    """One class per metric so highlights, swatches and legends share one colour."""
    rules = []
    for metric in Metric:
        colour = METRIC_COLOURS.get(metric.value, FALLBACK_COLOUR)
        rules.append(f"mark.metric-{metric.value}{{background:{colour}40;border-color:{colour}}}")
        rules.append(f".swatch.metric-{metric.value}{{background:{colour}}}")
    return "\n".join(rules)


def page(title: str, body: str) -> str:
    """Wrap a body; the CSP forbids any fetch, so a page cannot leak that it was opened."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}{metric_css()}\n</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def compact(value: float) -> str:
    """Short axis label (32k, 1.2M) so tick labels fit the margin."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def tooltip(claim: Claim) -> str:
    """Shown on hover so a reviewer checks the reading in place, next to the words."""
    fields = [*claim_fields(claim), ("source", str(claim.source))]  # "table": a cell of a table
    if claim.page is not None:
        fields.append(("page", str(claim.page)))
    return "\n".join(f"{name}: {value or '–'}" for name, value in fields)


def legend(metrics: Iterable[str]) -> str:
    items = "".join(
        f'<span><i class="swatch metric-{escape(m)}"></i>{escape(m)}</span>' for m in metrics
    )
    return f'<div class="legend">{items}</div>'


def html_table(headers: str, rows: Iterable[Sequence[str]], css: str = "") -> str:
    """Headers separated by "|"; rows are HTML already escaped by the caller."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers.split("|"))
    body = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table>'


def safe_href(href: str) -> str:
    """Escape a caller-given link and refuse script URLs."""
    return "#" if href.strip().lower().startswith(("javascript:", "data:")) else escape(href)


def claim_href(doc_id: str, claim_id: str, review_links: dict[str, str]) -> str | None:
    """The address of a figure's sentence in its document's review page, when there is one."""
    link = review_links.get(doc_id)
    return f"{safe_href(link)}#{escape(claim_id)}" if link else None


# -- review page ---------------------------------------------------------------------------------
def render_document(document: Document, text: str) -> str:
    """Review page: the article with every claim highlighted where the pipeline found it."""
    claims = sorted(document.claims, key=lambda c: (c.start, c.end))
    pieces: list[str] = []
    position = 0
    # A PDF's pages: an empty anchor where each starts (#page-3), labelled by CSS, so that the
    # article's text stays exactly the text the offsets index.
    breaks = [(start, n) for n, start in enumerate(document.page_starts or [], 1)]

    def text_until(end: int) -> None:
        nonlocal position
        while breaks and breaks[0][0] <= end:
            start, number = breaks.pop(0)
            pieces.append(escape(text[position:start]))
            pieces.append(f'<a class="page" id="page-{number}" data-page="{number}"></a>')
            position = start
        pieces.append(escape(text[position:end]))
        position = end

    for claim in claims:
        if text[claim.start : claim.end] != claim.value_text:
            raise ValueError(
                f"claim {claim.claim_id}: text[{claim.start}:{claim.end}] is "
                f"{text[claim.start : claim.end]!r}, not {claim.value_text!r}; "
                "pass the decoded text the claim offsets index"
            )
        if claim.start < position:  # overlapping: contract says it cannot happen
            raise ValueError(f"claim {claim.claim_id} overlaps the previous claim")
        text_until(claim.start)
        cid = escape(claim.claim_id)
        pieces.append(
            f'<mark class="claim metric-{escape(str(claim.metric))} source-{escape(str(claim.source))}" id="{cid}" '
            f'data-claim-id="{cid}" title="{escape(tooltip(claim))}">'
            f"{escape(claim.value_text)}</mark>"
        )
        position = claim.end
    text_until(len(text))

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
            *(escape(value) for _, value in claim_fields(c)),
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
        f'<h2>Text</h2>\n{legend(present)}\n<div class="text">{"".join(pieces)}</div>\n'
        f"<h2>Events</h2>\n{_events(document.events)}\n"
        f"<h2>Claims ({len(claims)})</h2>\n"
        + (html_table(headers, rows, "claims") if rows else '<p class="muted">No claims found.</p>')
    )
    return page(f"ipclaims review: {title}", body)


def _events(events: Sequence[Event]) -> str:
    """One item per event: type, date, parties with their roles, amount, and every sentence
    that tells it."""
    if not events:
        return '<p class="muted">No events found.</p>'
    items = "\n".join(_event(e) for e in events)
    return f'<ul class="events">\n{items}\n</ul>'


def _event(event: Event) -> str:
    roles = {r.party: str(r.role) for r in event.roles}
    parties = ", ".join(f"{p} ({roles[p]})" if p in roles else p for p in event.parties)
    amount = f" · {event.currency} {event.amount:,.0f}" if event.amount is not None else ""
    mentions = "".join(
        f'<br><q id="e{m.start}">{escape(m.text)}</q> <span class="muted">chars {m.start}-{m.end}</span>'
        for m in event.mentions
    )
    told = f" · told {len(event.mentions)} times" if len(event.mentions) > 1 else ""
    return (
        f"<li><b>{escape(str(event.type))}</b> {escape(event.date or 'undated')} · "
        f"{escape(parties)}{escape(amount)}{told}{mentions}</li>"
    )
