"""Calibrate claim confidence: a reliability table by decile and the expected calibration error.

    python scripts/calibrate.py corpus/real             # report
    python scripts/calibrate.py corpus/real --fit       # refit pipeline/patterns/confidence.json
    python scripts/calibrate.py corpus/real corpus/real2 --fit   # fit on several sets together
    python scripts/calibrate.py corpus/real corpus/real[2-9] corpus/real1[0-4] --fit  # the shipped table

A claim is right as a whole when it matches a gold claim (overlapping span, same value) and its
qualifier, unit, as_of, period and subject are all right; a claim with no gold claim is wrong.
Buckets (pipeline/extraction/confidence.py): where the figure was read and the builders' raw
score (subject found or defaulted, known metric or `other`, inherited date, table cell), and
within a bucket the claim's kind (rank, money, percent, count). A bucket's confidence is its
share of right claims, shrunk towards the overall share when the bucket is small; a kind's,
towards its bucket's.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import evaluate  # scripts/evaluate.py: gold loading and matching

from pipeline.config import PipelineConfig
from pipeline.extraction.confidence import unit_kind
from pipeline.running.core import Extractor

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "pipeline" / "patterns" / "confidence.json"
WHOLE = ("qualifier", "unit", "as_of", "period_start", "period_end", "subject")
SHRINK = 3.0  # pseudo-claims of the overall share added to each bucket


def judged(root: Path, extractor: Extractor) -> list[tuple[dict[str, Any], bool]]:
    """Every predicted claim of the corpus with whether it is right as a whole."""
    result = []
    for gold_path, document in evaluate.documents(root, extractor, evaluate.Scores()):
        _, gold, _ = evaluate.load_gold(gold_path)
        predicted = [c.model_dump(mode="json") for c in document.claims]
        pairs, unmatched = evaluate.match_claims(predicted, gold)
        for g, claim in pairs:
            if claim is not None:
                right = all(evaluate.norm(claim.get(k)) == evaluate.norm(g.get(k)) for k in WHOLE)
                result.append((claim, right))
        result += [(claim, False) for claim in unmatched]
    return result


def reliability(
    pairs: list[tuple[float, bool]],
) -> tuple[list[tuple[str, int, float, float]], float]:
    """Rows (decile, claims, mean confidence, share right) and the expected calibration error."""
    bins: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for confidence, right in pairs:
        bins[min(9, int(confidence * 10))].append((confidence, right))
    rows, error = [], 0.0
    for index in sorted(bins):
        members = bins[index]
        mean = sum(c for c, _ in members) / len(members)
        share = sum(r for _, r in members) / len(members)
        rows.append((f"{index / 10:.1f}-{(index + 1) / 10:.1f}", len(members), mean, share))
        error += len(members) / len(pairs) * abs(mean - share)
    return rows, error


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path, nargs="+", help="one or more annotated folders")
    parser.add_argument(
        "--fit", action="store_true", help="refit confidence.json on these corpora together"
    )
    args = parser.parse_args()
    # Fitting reads the builders' raw scores; reporting, the confidences users see.
    extractor = Extractor(PipelineConfig(calibrate_confidence=not args.fit))
    claims = [claim for root in args.corpus for claim in judged(root, extractor)]
    if not claims:
        print(f"skipped: no texts to judge in {' '.join(map(str, args.corpus))}")
        return 0
    rows, error = reliability([(c["confidence"], right) for c, right in claims])
    print(f"{len(claims)} claims, {sum(r for _, r in claims)} right as a whole")
    print(f"{'confidence':<12}{'claims':>8}{'mean':>8}{'right':>8}")
    for label, count, mean, share in rows:
        print(f"{label:<12}{count:>8}{mean:>8.2f}{share:>8.2f}")
    print(f"expected calibration error: {error:.3f}")
    if args.fit:
        overall = sum(r for _, r in claims) / len(claims)
        buckets: dict[str, list[bool]] = defaultdict(list)
        kinds: dict[str, list[bool]] = defaultdict(list)
        for claim, right in claims:
            key = f"{claim['source']} {claim['confidence']:.2f}"
            buckets[key].append(right)
            kinds[f"{key} {unit_kind(claim['unit'])}"].append(right)
        shares = {
            key: (sum(values) + SHRINK * overall) / (len(values) + SHRINK)
            for key, values in buckets.items()
        }
        # a bucket's kinds are shrunk towards the bucket's share
        shares |= {
            key: (sum(values) + SHRINK * shares[key.rsplit(" ", 1)[0]]) / (len(values) + SHRINK)
            for key, values in kinds.items()
        }
        table = json.loads(TABLE.read_text(encoding="utf-8"))
        table["buckets"] = {key: round(share, 2) for key, share in sorted(shares.items())}
        TABLE.write_text(json.dumps(table, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {TABLE} ({len(table['buckets'])} buckets); run again without --fit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
