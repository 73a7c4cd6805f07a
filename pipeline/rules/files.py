"""Reading the rule files shipped in `pipeline/patterns/` (package data, also inside the wheel)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

PATTERNS = "patterns"


def read_table(name: str) -> dict[str, Any]:
    """Read one JSON table from the package's patterns folder."""
    text = resources.files("pipeline").joinpath(PATTERNS).joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def read_patterns(name: str) -> list[dict[str, Any]]:
    """Read a JSONL pattern file (one spaCy ruler pattern a line)."""
    text = resources.files("pipeline").joinpath(PATTERNS).joinpath(name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]
