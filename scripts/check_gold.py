"""Check corpus gold files: offsets match the article text and every field is in the vocabulary.

Usage: python scripts/check_gold.py [corpus/]   (exit 1 on the first problems found)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from models.vocab import EventType, Metric, Modality, Qualifier, RatePer

METRICS = {m.value for m in Metric}
QUALIFIERS = {q.value for q in Qualifier}
MODALITIES = {m.value for m in Modality}
RATES = {None, *(r.value for r in RatePer)}
EVENT_TYPES = {e.value for e in EventType}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
CLAIM_KEYS = {
    "kind",
    "start",
    "end",
    "value_text",
    "value",
    "value_max",
    "qualifier",
    "unit",
    "metric",
    "unit_text",
    "subject",
    "as_of",
    "as_of_inherited",
    "period_start",
    "period_end",
    "rate_per",
    "modality",
    "scope",
    "geo",
}
EVENT_KEYS = {"kind", "type", "parties", "date", "start", "end", "text"}


def article_for(gold: Path) -> Path:
    """Find the article a gold file annotates (same stem, any supported suffix)."""
    for folder in ("articles", "texts"):  # texts/: re-fetched real pages (corpus/real)
        for suffix in (".txt", ".md", ".html", ".htm"):
            candidate = gold.parent.parent / folder / (gold.stem + suffix)
            if candidate.exists():
                return candidate
    raise FileNotFoundError(f"no article for {gold}")


def article_text(path: Path) -> str:
    """The text gold offsets index: the file as decoded, or the extracted text of HTML."""
    data = path.read_bytes()
    if path.suffix.lower() in {".html", ".htm"}:
        from pipeline.reading.inputs import decode

        return decode(data, path.name).text
    return data.decode("utf-8-sig")


def check_date(value: object) -> bool:
    return value is None or (isinstance(value, str) and bool(DATE.match(value)))


def check_file(gold: Path) -> list[str]:
    """Return the problems of one gold file (empty when it is clean)."""
    problems: list[str] = []
    corpus = gold.parent.parent  # real pages: recipes beside the gold, texts re-fetched
    real = any(corpus.glob("recipes*.jsonl")) or corpus.name.startswith("real")
    try:
        text = article_text(article_for(gold))
    except FileNotFoundError:
        return [f"{gold.name}: no text (re-fetch it: python scripts/real_pages.py check)"]
    lines = gold.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        where = f"{gold.name}:{number}"
        record = json.loads(line)
        kind = record.get("kind")
        if number == 1 and kind != "document":
            problems.append(f"{where}: first line must be the document line")
        if kind == "document":
            if not check_date(record.get("published")):
                problems.append(f"{where}: bad published date")
        elif kind == "claim":
            # optional: where the figure was read, and whether the value is a row's position
            keys = set(record) - {"source", "implied"}
            if real:  # real pages: no unit_text, which would copy the page's words
                keys.add("unit_text")
            if keys != CLAIM_KEYS:
                problems.append(f"{where}: keys differ: {sorted(keys ^ CLAIM_KEYS)}")
            if record.get("source", "sentence") not in {"sentence", "table", "list"}:
                problems.append(f"{where}: source {record['source']!r} unknown")
                continue
            if not isinstance(record.get("implied", False), bool):
                problems.append(f"{where}: implied must be true or false")
            if text[record["start"] : record["end"]] != record["value_text"]:
                found = text[record["start"] : record["end"]]
                problems.append(
                    f"{where}: text[start:end] is {found!r}, not {record['value_text']!r}"
                )
            if record["metric"] not in METRICS:
                problems.append(f"{where}: unknown metric {record['metric']}")
            if record["qualifier"] not in QUALIFIERS:
                problems.append(f"{where}: unknown qualifier {record['qualifier']}")
            if record["modality"] not in MODALITIES:
                problems.append(f"{where}: unknown modality {record['modality']}")
            if record["rate_per"] not in RATES:
                problems.append(f"{where}: unknown rate_per {record['rate_per']}")
            for key in ("as_of", "period_start", "period_end"):
                if not check_date(record[key]):
                    problems.append(f"{where}: bad {key} {record[key]!r}")
            if not isinstance(record["value"], (int, float)):
                problems.append(f"{where}: value must be a number")
        elif kind == "event":
            expected = EVENT_KEYS - {"text"} if real else EVENT_KEYS  # real: offsets, no copy
            if set(record) != expected:
                problems.append(f"{where}: keys differ: {sorted(set(record) ^ expected)}")
                continue
            if record["type"] not in EVENT_TYPES:
                problems.append(f"{where}: unknown event type {record['type']}")
            if not real and text[record["start"] : record["end"]] != record["text"]:
                problems.append(f"{where}: event text does not match offsets")
            if not 0 <= record["start"] < record["end"] <= len(text):
                problems.append(f"{where}: event offsets outside the text")
            if not check_date(record["date"]):
                problems.append(f"{where}: bad event date")
        else:
            problems.append(f"{where}: unknown kind {kind!r}")
    return problems


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
    problems = [p for gold in sorted((root / "gold").glob("*.jsonl")) for p in check_file(gold)]
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
