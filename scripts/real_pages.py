"""The real-page development set (corpus/real): its texts are not in the repository.

    python scripts/real_pages.py check [corpus/real2]   # which texts are present and match
    python scripts/real_pages.py list [corpus/real2]    # the recipes, to re-fetch the missing texts

Each page is kept as a recipe (query, rank, url, sha256 of the text, and sha256_spaces of the
text with every white-space character made a plain space) in corpus/real/recipes.jsonl and gold
facts with offsets in corpus/real/gold/. A session re-fetches a text by running the recipe's
query on the search tool's `pages` corpus and saving the excerpt of the result at that rank and
url, exactly as returned, to corpus/real/texts/<id>.txt (git-ignored); `check` then confirms it
by its sha256. Scoring: python scripts/evaluate.py corpus/real (it skips, with a message, when
the texts are absent, as in CI).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "corpus" / "real"


def recipes(root: Path = ROOT) -> list[dict[str, object]]:
    """Every recipe line of corpus/real/recipes*.jsonl."""
    return [
        json.loads(line)
        for path in sorted(root.glob("recipes*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def spaces_as_blanks(text: str) -> str:
    """Every white-space character as a plain space: the same length, so offsets hold."""
    return "".join(" " if ch.isspace() else ch for ch in text)


def matches(data: bytes, recipe: dict[str, object]) -> bool:
    """The text of a recipe: the same bytes, or the same text up to the kind of white space
    (a re-fetched excerpt may carry a no-break space where the saved copy has a space)."""
    if hashlib.sha256(data).hexdigest() == recipe["sha256"]:
        return True
    text = spaces_as_blanks(data.decode("utf-8", errors="replace"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest() == recipe.get("sha256_spaces")


def status(recipe: dict[str, object], root: Path = ROOT) -> str:
    """ok, missing, or changed (the saved text is not the recipe's)."""
    path = root / "texts" / f"{recipe['id']}.txt"
    if not path.is_file():
        return "missing"
    return "ok" if matches(path.read_bytes(), recipe) else "changed"


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    root = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT  # corpus/real2: the blind set
    found = recipes(root)
    if command == "list":
        for recipe in found:
            print(json.dumps(recipe, ensure_ascii=False))
        return 0
    if command != "check":
        print(__doc__)
        return 2
    problems = []
    for recipe in found:
        state = status(recipe, root)
        if state != "ok":
            problems.append(
                f"{recipe['id']}: {state}: query {recipe['query']!r}, rank {recipe['rank']}, "
                f"{recipe['url']}"
            )
    gold = {p.stem for p in (root / "gold").glob("*.jsonl")}
    without_gold = sorted({str(r["id"]) for r in found} - gold)
    events = sum(r.get("kind") == "events" for r in found)
    print(
        f"{len(found)} recipes ({events} event-heavy), {len(found) - len(problems)} texts present"
    )
    for problem in problems:
        print("  " + problem)
    if without_gold:
        print(f"  no gold for: {', '.join(without_gold)}")
    return 1 if problems or without_gold else 0


if __name__ == "__main__":
    sys.exit(main())
