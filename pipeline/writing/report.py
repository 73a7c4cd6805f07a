"""Report page for a batch: counts, figures over time, rankings, conflicts and documents;
and the loading of a batch's output folder."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from models import Claim, Document, DocumentRecord, Status
from pipeline.writing.charts import chartable, company_charts
from pipeline.writing.conflicts import Disagreement, find_disagreements
from pipeline.writing.display import number_text
from pipeline.writing.rankings import RankEntry, Ranking, rankings
from pipeline.writing.render import claim_href, html_table, page, safe_href

# -- report --------------------------------------------------------------------------------------


def _ranking_table(ranking: Ranking, review_links: dict[str, str]) -> str:
    """One ranking: a row per company, a column per year, each rank linked to its sentence."""

    def cell(entries: list[RankEntry]) -> str:
        pieces = []
        for entry in entries:
            claim = entry.claims[0]
            label = f"{number_text(entry.rank)}{'*' if claim.implied else ''}"
            href = claim_href(claim.doc_id, claim.claim_id, review_links)
            title = escape(f"{claim.doc_id}: {claim.text[:200]}", quote=True)
            if href:
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
    table = html_table("|".join(["company", *ranking.years]), rows, "ranking")
    return f"<h3>{escape(ranking.title)}</h3>\n{table}"


def _doc_link(doc_id: str, review_links: dict[str, str]) -> str:
    link = review_links.get(doc_id)
    return f'<a href="{safe_href(link)}">{escape(doc_id)}</a>' if link else escape(doc_id)


def _disagreement_rows(found: list[Disagreement], links: dict[str, str]) -> list[list[str]]:
    return [
        [
            escape(d.subject),
            escape(d.metric),
            escape(d.patent_status or "–"),
            escape(d.unit),
            escape(d.scope or "–"),
            escape(d.geo or "–"),
            escape(d.when),
            "<br>".join(
                f"{escape(r.value_text)} ({escape(r.qualifier)}) · "
                + _claim_link(r.doc_id, r.claim_id, links)
                + (f" p. {r.page}" if r.page is not None else "")
                for r in d.reports
            ),
        ]
        for d in found
    ]


def _claim_link(doc_id: str, claim_id: str, links: dict[str, str]) -> str:
    href = claim_href(doc_id, claim_id, links)
    return f'<a href="{href}">{escape(doc_id)}</a>' if href else escape(doc_id)


def merged_names(claims: Sequence[Claim], aliases: dict[str, str]) -> dict[str, list[str]]:
    """Canonical subject -> the other names of it that its figures' sentences use ("Huawei" <-
    "Huawei Technologies"): the names the report counts as one company."""
    by_subject: dict[str, set[str]] = defaultdict(set)
    names_of: dict[str, list[str]] = defaultdict(list)
    for alias, name in aliases.items():
        if alias != name:
            names_of[name].append(alias)
    for c in claims:
        if c.subject is not None:
            for alias in names_of.get(c.subject, []):
                if alias in c.text:
                    by_subject[c.subject].add(alias)
    return {s: sorted(by_subject[s]) for s in sorted(by_subject, key=str.casefold)}


def render_report(
    documents: Sequence[DocumentRecord | Document],
    claims: Sequence[Claim],
    review_links: dict[str, str] | None = None,
    aliases: dict[str, str] | None = None,
) -> str:
    """Batch overview: counts, figures over time per company, rankings, conflicts between
    documents, ambiguities inside documents, the names merged, and each document's status.
    `aliases` (alias -> canonical name, from the organisation table) lists merged names."""
    links = review_links or {}
    statuses = Counter(str(d.status) for d in documents)
    dated: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if chartable(c) and c.subject is not None:
            dated[c.subject].append(c)
    conflicts, ambiguities = find_disagreements(claims)
    ranked = rankings(claims)
    names = merged_names(claims, aliases or {})
    summary = [
        ("documents", len(documents)),
        *((f"documents {s.value}", statuses.get(s.value, 0)) for s in Status),
        ("claims", len(claims)),
        ("facts", sum(len(d.facts) for d in documents)),
        ("companies charted", len(dated)),
        ("rankings", len(ranked)),
        ("conflicts", len(conflicts)),
        ("ambiguities", len(ambiguities)),
    ]
    summary_html = html_table(
        "|".join(name for name, _ in summary),
        [[f'<span class="num">{n}</span>' for _, n in summary]],
        "summary",
    )
    charts = "\n".join(company_charts(s, dated[s], links) for s in sorted(dated, key=str.casefold))
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
    headers = "subject|metric|kind|unit|scope|geo|date|values"
    name_rows = [[escape(s), escape(", ".join(n))] for s, n in names.items()]
    body = (
        "<h1>ipclaims batch report</h1>\n"
        f"<h2>Summary</h2>\n{summary_html}\n"
        "<h2>Portfolio figures over time</h2>\n"
        '<p class="muted">Figures held at a date and figures counted over a period are charted '
        "apart; each line follows one metric, kind of patents, scope and place.</p>\n"
        + (charts or '<p class="muted">No dated portfolio figures.</p>')
        + f"\n<h2>Rankings ({len(ranked)})</h2>\n"
        + (
            '<p class="muted">Rank by company and year; * marks a rank read from a row\'s '
            "position in a list said to be ranked.</p>\n"
            + "\n".join(_ranking_table(r, links) for r in ranked)
            if ranked
            else '<p class="muted">No rankings.</p>'
        )
        + f"\n<h2>Conflicts between documents ({len(conflicts)})</h2>\n"
        + '<p class="muted">Documents that state figures about the same thing (company, metric, '
        "kind, unit, scope, place and date) that cannot both be true; bounds and approximate "
        "figures that fit each other are not conflicts.</p>\n"
        + (
            html_table(headers, _disagreement_rows(conflicts, links), "conflicts")
            if conflicts
            else '<p class="muted">No conflicting figures.</p>'
        )
        + f"\n<h2>Ambiguities inside documents ({len(ambiguities)})</h2>\n"
        + '<p class="muted">One document stating two such figures: a reading question to '
        "review, not a disagreement between sources.</p>\n"
        + (
            html_table(headers, _disagreement_rows(ambiguities, links), "ambiguities")
            if ambiguities
            else '<p class="muted">No ambiguous figures.</p>'
        )
        + f"\n<h2>Names merged ({len(names)})</h2>\n"
        + (
            html_table("company|also written", name_rows, "names")
            if name_rows
            else '<p class="muted">Every company is written one way.</p>'
        )
        + f"\n<h2>Documents ({len(documents)})</h2>\n"
        + html_table(
            "document|status|message|title|subject|published|claims|facts|warnings",
            doc_rows,
            "documents",
        )
    )
    return page("ipclaims batch report", body)


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
