"""What the command line prints for people: a document's claims as a table, and the end-of-batch
summary (on stderr, so that stdout stays clean for data)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from models import Document
from pipeline.writing.display import claim_block, claim_fields

err = Console(stderr=True)
WIDE = 140  # columns from which `extract` shows the full table


def print_document_table(document: Document) -> None:
    """A readable view of one Document for people at a terminal (the fields of
    pipeline.writing.display, as on the review page)."""
    columns = os.environ.get("COLUMNS", "")
    width = int(columns) if columns.isdigit() else None
    out = Console(width=width) if width or sys.stdout.isatty() else Console(width=200)
    out.print(
        f"[bold]{document.title or document.doc_id}[/]  subject: {document.subject or '-'}  "
        f"published: {document.published or '-'}  claims: {document.n_claims}  facts: {len(document.facts)}",
        highlight=False,
    )
    for warning in document.warnings:
        out.print(f"[yellow]warning:[/] {warning}")
    if out.width < WIDE:  # a table would cut every cell to a few characters: one block a claim
        for claim in document.claims:
            first, reading = claim_block(claim)
            out.print(first, highlight=False, markup=False, soft_wrap=False)
            out.print(f"  [dim]{escape(reading)}[/]", highlight=False)
        return
    table = Table(show_lines=False)
    names = (
        ["value_text", *(name for name, _ in claim_fields(document.claims[0]))]
        if document.claims
        else []
    )
    for column in [*names, "chars"]:
        table.add_column(column)
    for claim in document.claims:
        fields = [text for _, text in claim_fields(claim)]
        table.add_row(claim.value_text, *fields, f"{claim.start}-{claim.end}")
    out.print(table)


def print_summary(stats: object, out: str | Path) -> None:
    """The end-of-batch table on stderr (stdout stays clean for data)."""
    from pipeline.writing.outputs import BatchStats

    assert isinstance(stats, BatchStats)
    table = Table(title=f"ipclaims batch -> {out}")
    for column in ("documents", "ok", "skipped", "errors", "claims", "facts"):
        table.add_column(column, justify="right")
    table.add_row(
        *(
            str(v)
            for v in (
                stats.documents,
                stats.ok,
                stats.skipped,
                stats.errors,
                stats.claims,
                stats.facts,
            )
        )
    )
    err.print(table)
    if stats.hidden:
        err.print(f"  {stats.hidden} hidden file(s) or folder(s) left out (.git, .DS_Store, ...)")
    for doc_id, problem in stats.problems[:20]:
        err.print(f"  [yellow]{doc_id}[/]: {problem}", highlight=False)
    if len(stats.problems) > 20:
        err.print(
            f"  ... and {len(stats.problems) - 20} more (see {Path(out) / 'documents.jsonl'})"
        )
