"""Score ipclaims against the gold annotations in corpus/ and gate CI on the scores.

    python scripts/evaluate.py corpus                  # print the tables
    python scripts/evaluate.py corpus --gate scripts/eval_baseline.json   # exit 1 below floors
    python scripts/evaluate.py corpus --update scripts/eval_baseline.json # raise the floors

Matching is per mention: a predicted claim matches a gold claim of the same document when their
character spans overlap and their values are equal. Field accuracy is over matched pairs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import real_pages  # scripts/real_pages.py: the recipes of corpus/real

from models import Document
from pipeline.config import PipelineConfig
from pipeline.running.core import Extractor

FIELDS = (
    "metric", "unit", "qualifier", "value_max", "subject", "as_of", "as_of_inherited",
    "period_start", "period_end", "rate_per", "modality", "scope", "geo", "source", "implied",
)  # fmt: skip
DEFAULTS = {"source": "sentence", "implied": False}  # optional gold fields
EPSILON = 0.005


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of some counts (1.0 when nothing was to find or found)."""
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Scores:
    """Running counts over the corpus."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[str] = field(default_factory=list)
    strict: int = 0  # matched claims whose qualifier, unit and dates are all right
    skipped: list[str] = field(default_factory=list)
    docs: int = 0
    doc_subject_right: int = 0
    event_tp: int = 0
    level_tp: int = 0  # event level: the same type and at least one shared party
    level_fp: int = 0
    level_fn: int = 0
    event_fp: int = 0
    event_fn: int = 0
    event_parties_right: int = 0
    event_date_right: int = 0
    doc_published_right: int = 0

    def summary(self) -> dict[str, float]:
        precision, recall, f1 = prf(self.tp, self.fp, self.fn)
        result = {"precision": precision, "recall": recall, "f1": f1}
        result["strict_f1"] = prf(
            self.strict, self.tp + self.fp - self.strict, self.fn + self.tp - self.strict
        )[2]
        for name in FIELDS:
            result[f"{name}_accuracy"] = self.right[name] / self.tp if self.tp else 1.0
        e_precision, e_recall, e_f1 = prf(self.event_tp, self.event_fp, self.event_fn)
        result["event_precision"] = e_precision
        result["event_recall"] = e_recall
        result["event_f1"] = e_f1
        result["event_level_f1"] = prf(self.level_tp, self.level_fp, self.level_fn)[2]
        result["event_parties_accuracy"] = (
            self.event_parties_right / self.event_tp if self.event_tp else 1.0
        )
        result["event_date_accuracy"] = (
            self.event_date_right / self.event_tp if self.event_tp else 1.0
        )
        result["document_subject_accuracy"] = (
            self.doc_subject_right / self.docs if self.docs else 1.0
        )
        return {k: round(v, 4) for k, v in result.items()}


def load_gold(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    lines = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    claims = [line for line in lines if line["kind"] == "claim"]
    return lines[0], claims, [line for line in lines if line["kind"] == "event"]


def capacity(predicted: list[dict[str, Any]]) -> dict[int, int]:
    """How many gold events each predicted event may match: one per mention. The gold
    annotates each sentence that tells an event; an Event merges them (its `mentions`)."""
    return {id(p): max(1, len(p.get("mentions", []))) for p in predicted}


def score_event_level(
    predicted: list[dict[str, Any]], gold: list[dict[str, Any]], scores: Scores
) -> None:
    """Event level, wherever the events are told: a gold event is found when a predicted event
    of its type shares a party with it (each predicted event once per mention); a predicted
    event that finds no gold event is spurious."""
    room = capacity(predicted)
    used: Counter[int] = Counter()
    for g in gold:
        candidates = [
            p
            for p in predicted
            if p["type"] == g["type"]
            and set(p["parties"]) & set(g["parties"])
            and used[id(p)] < room[id(p)]
        ]
        # the event told in the gold's sentence first, then one of the same date
        candidates.sort(key=lambda p: (not tells(p, g), p["date"] != g["date"]))
        match = candidates[0] if candidates else None
        if match is None:
            scores.level_fn += 1
        else:
            used[id(match)] += 1
            scores.level_tp += 1
    scores.level_fp += sum(1 for p in predicted if not used[id(p)])


def tells(p: dict[str, Any], g: dict[str, Any]) -> bool:
    """Whether a predicted event of the gold's type is told in the gold's sentence."""
    spans = p.get("mentions") or [p]
    return p["type"] == g["type"] and any(
        m["start"] < g["end"] and g["start"] < m["end"] for m in spans
    )


def score_events(
    name: str, predicted: list[dict[str, Any]], gold: list[dict[str, Any]], scores: Scores
) -> None:
    """An event matches when the type is the same and one of its mentions overlaps the gold
    sentence, or the type and the set of parties are the same (the same event told in another
    sentence). A merged event matches at most one gold event per mention."""
    room = capacity(predicted)
    used: Counter[int] = Counter()
    # Same sentence first, then the same event told in another sentence.
    by_sentence = {id(g): next((p for p in predicted if tells(p, g)), None) for g in gold}
    reserved = {id(m) for m in by_sentence.values() if m is not None}
    for g in gold:

        def fits(p: dict[str, Any], g: dict[str, Any] = g) -> bool:
            return (
                p["type"] == g["type"]
                and set(p["parties"]) == set(g["parties"])
                and used[id(p)] < room[id(p)]
                and id(p) not in reserved
            )

        match = by_sentence[id(g)]
        if match is None or used[id(match)] >= room[id(match)]:
            match = next((p for p in predicted if fits(p)), None)
        if match is None:
            scores.event_fn += 1
            where = g.get("text") or "chars {}-{}".format(g["start"], g["end"])
            scores.misses.append(
                f"{name}: missed event {g['type']} {g['parties']} {g['date']}: {where[:60]!r}"
            )
            continue
        used[id(match)] += 1
        scores.event_tp += 1
        # what the gold's own sentence says of the event, when the event is told there
        told = next(
            (
                m
                for m in match.get("mentions", [])
                if m["start"] < g["end"] and g["start"] < m["end"]
            ),
            match,
        )
        match = {**match, "parties": told["parties"], "date": told["date"]}
        if set(match["parties"]) == set(g["parties"]):
            scores.event_parties_right += 1
        else:
            scores.misses.append(
                f"{name}: event {g['type']} parties: got {match['parties']}, gold {g['parties']}"
            )
        if match["date"] == g["date"]:
            scores.event_date_right += 1
        else:
            scores.misses.append(
                f"{name}: event {g['type']} date: got {match['date']}, gold {g['date']}"
            )
    for p in predicted:
        if not used[id(p)]:
            scores.event_fp += 1
            scores.misses.append(
                f"{name}: spurious event {p['type']} {p['parties']}: {p['text'][:60]!r}"
            )


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def norm(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def match_claims(
    predicted: list[dict[str, Any]], gold: list[dict[str, Any]]
) -> tuple[list[tuple[dict[str, Any], dict[str, Any] | None]], list[dict[str, Any]]]:
    """Each gold claim with the predicted claim that matches it (overlapping span, same value)
    or None, in gold order; and the predicted claims that match none."""
    unmatched = list(predicted)
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    for g in gold:
        match = next(
            (
                p
                for p in unmatched
                if p["start"] < g["end"]
                and g["start"] < p["end"]
                and same_value(p["value"], g["value"])
            ),
            None,
        )
        if match is not None:
            unmatched.remove(match)
        pairs.append((g, match))
    return pairs, unmatched


def score_document(
    name: str, predicted: list[dict[str, Any]], gold: list[dict[str, Any]], scores: Scores
) -> None:
    pairs, unmatched = match_claims(predicted, gold)
    for g, match in pairs:
        if match is None:
            scores.fn += 1
            scores.misses.append(
                f"{name}: missed {g['value_text']!r} ({g['metric']}, {g.get('unit_text', g['unit'])})"
            )
            continue
        scores.tp += 1
        strict_keys = ("qualifier", "unit", "as_of", "period_start", "period_end")
        scores.strict += all(norm(match.get(k)) == norm(g.get(k)) for k in strict_keys)
        for key in FIELDS:
            expected = g.get(key, DEFAULTS.get(key))
            if norm(match.get(key)) == norm(expected):
                scores.right[key] += 1
            else:
                scores.misses.append(
                    f"{name}: {g['value_text']!r} {key}: got {match.get(key)!r}, gold {expected!r}"
                )
    for p in unmatched:
        scores.fp += 1
        scores.misses.append(
            f"{name}: spurious {p['value_text']!r} ({p['metric']}, {p['unit']}) in {p['text'][:70]!r}"
        )


def corpus_digest(root: Path) -> str:
    digest = hashlib.sha256()
    texts = sorted((root / "articles").iterdir()) if (root / "articles").is_dir() else []
    recipes = sorted(root.glob("recipes*.jsonl"))  # real pages: their recipes, not their texts
    for path in texts + recipes + sorted((root / "gold").iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def real_texts(root: Path, scores: Scores) -> dict[str, Path]:
    """Re-fetched real pages whose sha256 matches their recipe (corpus/real/texts, git-ignored)."""
    found = {}
    for recipe in real_pages.recipes(root):
        path = root / "texts" / f"{recipe['id']}.txt"
        state = real_pages.status(recipe, root)
        if state == "missing":
            scores.skipped.append(f"{recipe['id']}: no text")
        elif state == "changed":
            scores.skipped.append(f"{recipe['id']}: text differs from its recipe (sha256)")
        else:
            found[str(recipe["id"])] = path
    return found


def documents(root: Path, extractor: Extractor, scores: Scores) -> Iterator[tuple[Path, Document]]:
    """(gold file, extracted document) for every article of a corpus folder that has a text:
    articles/, or for real pages the re-fetched texts/ that match their recipes."""
    if (root / "articles").is_dir():
        articles = {p.stem: p for p in (root / "articles").iterdir()}
    else:
        articles = real_texts(root, scores)
    golds = [g for g in sorted((root / "gold").glob("*.jsonl")) if g.stem in articles]
    sources = [extractor.source(articles[g.stem], articles[g.stem].name) for g in golds]
    yield from zip(golds, extractor.extract_sources(sources), strict=True)


def evaluate(root: Path, extractor: Extractor) -> Scores:
    scores = Scores()
    for gold_path, document in documents(root, extractor, scores):
        meta, gold, gold_events = load_gold(gold_path)
        predicted = [c.model_dump(mode="json") for c in document.claims]
        scores.docs += 1
        scores.doc_subject_right += int(document.subject == meta.get("subject"))
        scores.doc_published_right += int(document.published == meta.get("published"))
        if document.published != meta.get("published"):
            scores.misses.append(
                f"{gold_path.stem}: published {document.published!r}, gold {meta.get('published')!r}"
            )
        score_document(gold_path.stem, predicted, gold, scores)
        events = [e.model_dump(mode="json") for e in document.events]
        score_events(gold_path.stem, events, gold_events, scores)
        score_event_level(events, gold_events, scores)
    return scores


def print_report(summary: dict[str, float], scores: Scores, worst: int) -> None:
    print(f"claims: tp={scores.tp} fp={scores.fp} fn={scores.fn} over {scores.docs} documents")
    print(f"events: tp={scores.event_tp} fp={scores.event_fp} fn={scores.event_fn}")
    print(f"{'measure':<28}{'score':>8}")
    for key, value in summary.items():
        print(f"{key:<28}{value:>8.3f}")
    if scores.misses and worst:
        print(f"\nworst misses ({min(worst, len(scores.misses))} of {len(scores.misses)}):")
        for line in scores.misses[:worst]:
            print("  " + line)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path, nargs="?", default=Path("corpus"))
    parser.add_argument(
        "--gate", type=Path, help="baseline file with floors; exit 1 when a score is below"
    )
    parser.add_argument("--update", type=Path, help="write current scores as the new floors")
    parser.add_argument(
        "--allow-regression", action="store_true", help="let --update lower a floor"
    )
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--worst", type=int, default=25, help="how many misses to list")
    args = parser.parse_args()

    scores = evaluate(args.corpus, Extractor(PipelineConfig()))
    if scores.skipped:
        print(f"{len(scores.skipped)} page(s) skipped: " + "; ".join(scores.skipped[:5]))
    if scores.docs == 0:
        print(
            f"skipped: no texts to score in {args.corpus} (real pages are re-fetched by a "
            "session: python scripts/real_pages.py check lists them)"
        )
        return 0
    summary = summary_all = scores.summary()
    if args.json:
        print(json.dumps(summary_all, indent=2))
    else:
        print_report(summary, scores, args.worst)
    digest = corpus_digest(args.corpus)
    if args.update:
        old = json.loads(args.update.read_text()) if args.update.exists() else {"floors": {}}
        lowered = [k for k, v in summary.items() if v < old["floors"].get(k, 0) - EPSILON]
        if lowered and not args.allow_regression:
            print(f"refusing to lower floors {lowered}; pass --allow-regression", file=sys.stderr)
            return 1
        args.update.write_text(
            json.dumps({"corpus_sha256": digest, "floors": summary}, indent=2) + "\n"
        )
        print(f"floors written to {args.update}")
    if args.gate:
        baseline = json.loads(args.gate.read_text())
        failures = [
            f"{key}: {summary.get(key, 0):.3f} < floor {floor:.3f}"
            for key, floor in baseline["floors"].items()
            if summary.get(key, 0) < floor - EPSILON
        ]
        if baseline.get("corpus_sha256") != digest:
            print(
                f"note: corpus changed since the floors were set ({baseline.get('corpus_sha256')} -> {digest})"
            )
        if failures:
            print("EVALUATION GATE FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
            return 1
        print("evaluation gate passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
