"""Time-boxed fuzzer: random and mutated inputs through the whole pipeline, invariants checked.

    python scripts/fuzz.py --seconds 600

Loads the Extractor once, then until the time is up generates inputs (random text and bytes,
adversarial genre mixes, mutations of corpus/articles/*: splices, duplicates, control, bidi and
zero-width characters, huge numbers, repeated qualifiers, odd digits, random encodings and damaged
bytes) and runs each through `Extractor.extract_sources`. A failure is any of:

- `exception`: an exception escaped extract_sources;
- `invariant`: the Document breaks the contract (tests/bad_inputs.py `problems`);
- `internal_error`: an `[E007]` error record, i.e. a crash the core caught (--allow-internal-errors
  to accept them);
- `nondeterministic`: a second run gives different JSON (checked every --recheck-every inputs);
- `batch_mismatch`: a batch of inputs gives other Documents than the same inputs one by one;
- `slow`: one input took longer than --time-limit seconds (inputs are capped at --max-chars).

Failing inputs are saved to --out (default /tmp/ipclaims_fuzz_failures/) as `<kind>_<hash>.bin` with
a `.json` beside it; a few per distinct failure signature. Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import signal
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import bad_inputs  # noqa: E402

from models import Document  # noqa: E402
from pipeline.running.core import Extractor, Source  # noqa: E402

SAVED_PER_SIGNATURE = 3


class HardTimeout(BaseException):
    """An input ran past the hard limit; raised from SIGALRM (not an Exception, so that the
    core's per-document safety net cannot turn it into an error record)."""


@dataclass
class Case:
    """One generated input."""

    data: bytes
    path: str
    origin: str


@dataclass
class Stats:
    """What the run found."""

    tried: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    signatures: Counter[str] = field(default_factory=Counter)
    slowest: tuple[float, str] = (0.0, "")
    started: float = field(default_factory=time.monotonic)

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        rate = self.tried / elapsed if elapsed else 0.0
        failed = ", ".join(f"{kind}={n}" for kind, n in sorted(self.failures.items())) or "none"
        return (
            f"[{elapsed:6.0f}s] inputs {self.tried}  {rate:.1f}/s  failures: {failed}"
            f"  slowest {self.slowest[0]:.2f}s ({self.slowest[1]})"
        )


class Generator:
    """Makes inputs: corpus mutations, adversarial mixes, random text and random bytes."""

    def __init__(self, rng: random.Random, corpus: list[str], max_chars: int) -> None:
        self.rng = rng
        self.corpus = corpus
        self.max_chars = max_chars
        self.seeds = [
            Case(data, "seed.txt", f"known:{name}")
            for name, data in bad_inputs.REGRESSION_INPUTS.items()
        ] + [
            Case(data, name, f"bad_file:{name}")
            for name, (data, _) in bad_inputs.bad_files().items()
        ]

    def next(self) -> Case:
        if self.seeds:
            return self.seeds.pop(0)
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            origin, text = "mutated", bad_inputs.mutate(rng.choice(self.corpus), rng, self.corpus)
        elif roll < 0.7:
            origin, text = "adversarial", bad_inputs.adversarial_text(rng)
        elif roll < 0.85:
            origin, text = "unicode", bad_inputs.random_unicode(rng, rng.randint(0, 3_000))
        else:
            size = rng.choice([0, 1, 2, 3, 4, 16, 256, 4_096, 20_000])
            data = rng.randbytes(rng.randint(0, size))
            if rng.random() < 0.3:
                data = rng.choice([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b""]) + data
            return Case(data[: self.max_chars], self.path(), "random_bytes")
        text = text[: self.max_chars]
        if rng.random() < 0.6:
            data, origin = text.encode("utf-8", errors="surrogatepass"), origin + "/utf-8"
        else:
            data, origin = bad_inputs.to_bytes(text, rng), origin + "/encoded"
        return Case(data, self.path(), origin)

    def path(self) -> str:
        return self.rng.choice(["fuzz.txt"] * 4 + ["fuzz.md", "fuzz.html"])


class Fuzzer:
    """Runs cases, checks invariants, records and saves failures."""

    def __init__(self, extractor: Extractor, args: argparse.Namespace, deadline: float) -> None:
        self.extractor = extractor
        self.args = args
        self.deadline = deadline
        self.out: Path = args.out
        self.stats = Stats()
        self.batch: list[tuple[Case, str]] = []

    def run_one(self, case: Case) -> Document | None:
        """Extract one case with a hard time limit; record failures; the Document or None."""
        started = time.monotonic()
        # Abandon an input at the hard limit, or at the end of the time box (if it is already slow).
        remaining = max(self.deadline - started, self.args.time_limit + 1.0)
        limit = min(self.args.hard_limit, remaining)
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            document = next(self.extractor.extract_sources([Source("fuzz", case.path, case.data)]))
        except HardTimeout:
            self.fail("slow", case, f"abandoned after {limit:.0f}s ({len(case.data)} bytes)")
            return None
        except Exception as exc:
            self.fail("exception", case, f"{type(exc).__name__}: {exc}", traceback.format_exc())
            return None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.monotonic() - started
        if elapsed > self.stats.slowest[0]:
            self.stats.slowest = (elapsed, f"{case.origin}, {len(case.data)} bytes")
        if elapsed > self.args.time_limit:
            self.fail("slow", case, f"{elapsed:.2f}s for {len(case.data)} bytes", elapsed=elapsed)
        found = bad_inputs.problems(case.data, case.path, document, strict=True)
        if found:
            self.fail("invariant", case, "; ".join(found)[:2_000])
        if bad_inputs.is_internal_error(document) and not self.args.allow_internal_errors:
            self.fail("internal_error", case, document.error or "")
        return document

    def check(self, case: Case) -> None:
        self.stats.tried += 1
        document = self.run_one(case)
        if document is None:
            return
        dumped = document.model_dump_json()
        in_time = time.monotonic() < self.deadline
        if in_time and self.stats.tried % self.args.recheck_every == 0:
            again = self.run_one(case)
            if again is not None and again.model_dump_json() != dumped:
                self.fail("nondeterministic", case, "two runs gave different JSON")
        self.batch.append((case, dumped))
        if len(self.batch) >= self.args.batch_check and in_time:
            self.check_batch()

    def check_batch(self) -> None:
        """The same inputs in one extract_sources call must give the same Documents."""
        cases = [case for case, _ in self.batch]
        sources = [Source("fuzz", case.path, case.data) for case in cases]
        try:
            together = [d.model_dump_json() for d in self.extractor.extract_sources(sources)]
        except Exception as exc:
            together = [f"{type(exc).__name__}: {exc}"] * len(cases)
        for position, ((case, alone), batched) in enumerate(zip(self.batch, together, strict=True)):
            if alone != batched:
                detail = json.loads(batched).get("error") if batched.startswith("{") else batched
                self.fail(
                    "batch_mismatch",
                    case,
                    f"input {position} of a batch of {len(cases)} gave {detail!r} in the batch",
                    batch=cases,
                )
        self.batch = []

    def fail(
        self,
        kind: str,
        case: Case,
        message: str,
        trace: str = "",
        elapsed: float | None = None,
        batch: list[Case] | None = None,
    ) -> None:
        """Count a failure and save the input (a few per distinct signature)."""
        self.stats.failures[kind] += 1
        signature = signature_of(kind, message)
        self.stats.signatures[signature] += 1
        if self.stats.signatures[signature] > SAVED_PER_SIGNATURE:
            return
        digest = hashlib.sha256(case.data).hexdigest()[:12]
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / f"{kind}_{digest}.bin").write_bytes(case.data)
        meta = {
            "kind": kind,
            "message": message,
            "origin": case.origin,
            "path": case.path,
            "bytes": len(case.data),
            "elapsed": elapsed,
            "traceback": trace,
            "batch": [hashlib.sha256(c.data).hexdigest()[:12] for c in batch or []],
        }
        for other in batch or []:
            other_digest = hashlib.sha256(other.data).hexdigest()[:12]
            (self.out / f"batch_{other_digest}.bin").write_bytes(other.data)
        (self.out / f"{kind}_{digest}.json").write_text(json.dumps(meta, indent=2))
        print(f"FAIL {kind} ({case.origin}, {len(case.data)} bytes): {message[:200]}", flush=True)


def signature_of(kind: str, message: str) -> str:
    """A failure's kind and message with numbers, bytes and quoted text blanked, to group alike."""
    shape = re.sub(r"'[^']*'", "'…'", message[:160])
    return f"{kind}: " + re.sub(r"0x[0-9a-f]+|\d+(?:\.\d+)?", "N", shape)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=600.0, help="time box (default 600)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: time)")
    parser.add_argument("--report-every", type=float, default=10.0, help="progress interval, s")
    parser.add_argument("--time-limit", type=float, default=5.0, help="slow input threshold, s")
    parser.add_argument("--hard-limit", type=float, default=120.0, help="abandon an input after")
    parser.add_argument("--max-chars", type=int, default=100_000, help="cap on input size")
    parser.add_argument("--recheck-every", type=int, default=5, help="determinism check period")
    parser.add_argument("--batch-check", type=int, default=8, help="batch consistency group size")
    parser.add_argument("--allow-internal-errors", action="store_true", help="accept [E007]")
    parser.add_argument(
        "--out", type=Path, default=Path("/tmp/ipclaims_fuzz_failures"), help="failure folder"
    )
    return parser.parse_args(argv)


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise HardTimeout


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    print(f"seed {seed}; loading the model ...", flush=True)
    extractor = Extractor()
    corpus = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus/articles").glob("*"))]
    generator = Generator(random.Random(seed), corpus, args.max_chars)
    started = time.monotonic()
    deadline = started + args.seconds
    fuzzer = Fuzzer(extractor, args, deadline)
    fuzzer.stats.started = started
    signal.signal(signal.SIGALRM, _alarm)
    next_report = started + args.report_every
    try:
        while time.monotonic() < deadline:
            fuzzer.check(generator.next())
            if time.monotonic() >= next_report:
                print(fuzzer.stats.line(), flush=True)
                next_report += args.report_every
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    print(fuzzer.stats.line())
    for signature, count in fuzzer.stats.signatures.most_common():
        print(f"  {count:5d} x {signature[:300]}")
    if fuzzer.stats.failures:
        print(f"failing inputs saved to {args.out}")
    return 1 if fuzzer.stats.failures else 0


if __name__ == "__main__":
    sys.exit(main())
