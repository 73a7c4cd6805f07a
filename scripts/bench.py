"""Benchmark: ipclaims against bare spaCy, workers, memory and linear time. Prints numbers.

    python scripts/bench.py                      # 5,000-article corpus, the full set of runs
    python scripts/bench.py --articles 1000 --speed-articles 300   # quicker

It builds a synthetic corpus from corpus/articles (our articles with their figures perturbed,
so that no two texts are the same), then in one run measures for the same texts:
  (a) bare `nlp.pipe` of the same spaCy model over the whole texts,
  (b) ipclaims with 1 worker, (c) ipclaims with 2 workers (`ipclaims batch`),
  (d) peak RSS per worker at 1,000 and at --articles articles,
  (e) time per MB on adversarial inputs against normal articles (linear-time check),
  (g) with --update N: `ipclaims batch` on N articles, then `--update` after 1% more files,
      whole commands timed (model load included), and the ratio of the full run to the median
      of --repeat updates; beside it, the floor of any per-command spaCy run: a fresh process
      that only imports spaCy, loads the model and pipes the same new files;
  (f) with --pdf: PDF white papers made from our articles (two columns, running header, page
      numbers): pages/s of reading the text layer, its share of a whole `extract` of a 100-page
      paper, and peak RSS of reading 100 and 400 pages.
"""

from __future__ import annotations

import argparse
import compileall
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


FIGURE = re.compile(r"\b\d[\d,]*\d{3}\b")  # figures of four or more digits: "29,000", "2022"
YEAR = re.compile(r"(?:19|20)\d\d")


def our_articles() -> list[str]:
    """The texts of corpus/articles (.txt and .md), in name order."""
    return [
        p.read_text(encoding="utf-8-sig")
        for p in sorted((ROOT / "corpus" / "articles").glob("*"))
        if p.suffix in {".txt", ".md"}
    ]


def synthetic_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """`count` articles made from ours, every figure of 4+ digits but years perturbed (its
    leading digits), so each text is distinct and dates stay dates."""
    sources = our_articles()
    rng = random.Random(seed)

    def perturb(figure: re.Match[str]) -> str:
        if YEAR.fullmatch(figure.group()):
            return figure.group()  # a year stays a plausible year
        return re.sub(r"\d(?=[\d,]*\d{3}$)", lambda m: str(rng.randint(1, 9)), figure.group())

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        text = FIGURE.sub(perturb, sources[i % len(sources)])
        path = folder / f"{i // 1000:03d}" / f"article_{i:06d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


MENU = "Home | News | Patents | Licensing | Events | About us | Contact"
TEASERS = (
    "Related stories\n\n{title}\nRead more\n\nWhy standards bodies are rethinking FRAND\n"
    "Read more\n\nShare this article: Facebook | LinkedIn | X | Email\n\n"
    "© 2024 Acme IP Media. All rights reserved. Privacy | Terms | Cookies"
)


def page_corpus(folder: Path, count: int, seed: int = 11) -> list[Path]:
    """`count` short scraped pages made of our articles, as real press pages come: a menu, a
    dateline, the title and the first two paragraphs (figures perturbed), teasers and a footer;
    about 2 kB each."""
    sources = our_articles()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        blocks = [b.strip() for b in re.split(r"\n\s*\n", sources[i % len(sources)]) if b.strip()]
        title, body = blocks[0].lstrip("# "), blocks[1:3]
        day = rng.randint(1, 28)
        text = "\n\n".join(
            [MENU, title, f"SHENZHEN, March {day}, 2024 /PRNewswire/ -- " + (body[0] if body else ""),
             *body[1:], TEASERS.format(title=title)]
        )  # fmt: skip
        text = FIGURE.sub(
            lambda m: m.group() if YEAR.fullmatch(m.group()) else str(rng.randint(1000, 99999)),
            text,
        )
        path = folder / f"{i // 1000:03d}" / f"page_{i:06d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def words(paths: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in paths)


BARE_SPACY = """
import sys, time
from pathlib import Path
import spacy
from pipeline.config import PipelineConfig
from pipeline.nlp.loader import resolve_model_name
nlp = spacy.load(resolve_model_name(PipelineConfig()))  # noqa: TID251 (the baseline is plain spaCy)
texts = [Path(line).read_text(encoding="utf-8") for line in sys.stdin.read().splitlines()]
start = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=int(sys.argv[1])):
    pass
print(time.perf_counter() - start)
"""


def bare_spacy(paths: list[Path], batch_size: int) -> float:
    """Seconds for bare nlp.pipe of the same model over the whole texts, in a fresh process.

    Not in this process: Linux carries a process's peak RSS across fork and exec into its
    children's ru_maxrss, so a bench process that had loaded spaCy itself would lend the
    ipclaims runs after it its own peak (421 MB reported for a 269 MB run)."""
    result = subprocess.run(
        [sys.executable, "-c", BARE_SPACY, str(batch_size)],
        input="\n".join(str(p) for p in paths),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return float(result.stdout.split()[-1])


def ipclaims_batch(folder: Path, workers: int, batch_size: int) -> tuple[float, int]:
    """Seconds and peak RSS (KiB, largest process) of `ipclaims batch` in a fresh process.

    The model load is excluded from the time: the child reports its own processing time."""
    out = Path(tempfile.mkdtemp(prefix="ipclaims_bench_"))
    code = f"""
import resource, sys, time
from pathlib import Path
from rich.console import Console
from pipeline.running.batch import BatchOptions, run_batch
from pipeline.config import PipelineConfig
from pipeline.running.core import Extractor
extractor = Extractor(PipelineConfig(batch_size={batch_size}))
options = BatchOptions(root=Path({str(folder)!r}), out=Path({str(out)!r}), workers={workers}, progress=False)
start = time.perf_counter()
stats = run_batch(extractor, options, Console(quiet=True))
elapsed = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
status = Path("/proc/self/status")
if status.exists():  # this process's own high-water mark, not one inherited across exec
    own = next(int(l.split()[1]) for l in status.read_text().splitlines() if l.startswith("VmHWM"))
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(elapsed, max(own, children) if {workers} == 1 else children, stats.documents, stats.claims)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    elapsed, rss, *_ = result.stdout.split()
    return float(elapsed), int(rss)


def linear_time() -> dict[str, float]:
    """Seconds per MB of adversarial inputs relative to normal articles (same process)."""
    from pipeline.config import PipelineConfig
    from pipeline.running.core import Extractor

    extractor = Extractor(PipelineConfig())
    article = (ROOT / "corpus" / "articles" / "c_xiaomi_2023_update.txt").read_text(
        encoding="utf-8"
    )
    size = 300_000
    inputs = {
        "normal articles": (article + "\n\n") * (size // len(article)),
        "digit runs 1,1,1,...": ("Acme holds " + ",".join(["1"] * 2000) + " patents. ")
        * (size // 4020),
        # The article's own words with every sentence end and line break removed: one sentence
        # of about 50k words with the usual density of figures.
        "one 50k-word sentence": (re.sub(r"[.!?]\s+|\s*\n+\s*", " ", article) + " ")
        * (size // len(article)),
        "a claim in every clause": " ".join(
            ["Acme holds more than 29,000 patents and"] * (size // 40)
        ),
        "repeated qualifiers": ("more than over nearly about at least " * 20 + "29,000 patents. ")
        * (size // 780),
        "no-space line": "x" * size,
    }
    seconds: dict[str, float] = {}
    for name, text in inputs.items():
        start = time.perf_counter()
        extractor.extract(text, doc_id=name)
        seconds[name] = (time.perf_counter() - start) / (len(text.encode()) / 1e6)
    return {name: value / seconds["normal articles"] for name, value in seconds.items()}


def white_paper(pages: int) -> bytes:
    """A two-column PDF of about `pages` pages made of our articles."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from make_pdf import render

    texts = our_articles()
    body: list[str] = []
    rendered = render("", columns=2)
    while len(rendered.pages) < pages:
        body.extend(
            texts[len(body) % len(texts)] for _ in range(max(1, (pages - len(rendered.pages)) // 2))
        )
        rendered = render("\n\n".join(body), columns=2, hyphenate=True)
    return rendered.data


READ_RSS = """
import resource, sys
from pipeline.reading.inputs import decode
data = open(sys.argv[1], "rb").read()
raw = decode(data, "paper.pdf")
print(len(raw.page_starts), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def pdf_runs() -> None:
    """(f) reading PDFs: pages/s, share of a whole run, memory from 100 to 400 pages."""
    from pipeline.config import PipelineConfig
    from pipeline.reading.inputs import decode
    from pipeline.running.core import Extractor, Source

    paper = white_paper(100)
    start = time.perf_counter()
    raw = decode(paper, "paper.pdf")
    read = time.perf_counter() - start
    pages = len(raw.page_starts)
    extractor = Extractor(PipelineConfig())
    start = time.perf_counter()
    document = next(extractor.extract_sources([Source("paper.pdf", "paper.pdf", paper)]))
    whole = time.perf_counter() - start
    print(
        f"(f) PDF: {pages} pages read in {read:.2f} s ({pages / read:.0f} pages/s); whole extract "
        f"{whole:.1f} s ({len(document.claims)} claims): reading is {read / whole:.1%} of the run"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in (100, 400):
            path = Path(folder) / f"paper_{size}.pdf"
            path.write_bytes(paper if size == 100 else white_paper(size))
            out = subprocess.run(
                [sys.executable, "-c", READ_RSS, str(path)], capture_output=True, text=True,
                check=True, cwd=ROOT,
            )  # fmt: skip
            count, rss = out.stdout.split()
            print(f"    peak RSS reading {count} pages: {int(rss) / 1024:.0f} MB")


def update_runs(count: int, repeat: int) -> None:
    """(g) a folder grown by 1%: `batch --update` against a full `batch`, whole commands."""
    ipclaims = str(Path(sys.executable).parent / "ipclaims")
    with tempfile.TemporaryDirectory(prefix="ipclaims_update_") as tmp:
        root = Path(tmp)
        synthetic_corpus(root / "in", count)
        grown = max(1, count // 100)

        def timed(*args: str) -> float:
            start = time.perf_counter()
            subprocess.run([ipclaims, "batch", *args, "-q", "--workers", "1"], check=True)
            return time.perf_counter() - start

        full = timed(str(root / "in"), "--out", str(root / "out"))
        shutil.copytree(root / "out", root / "out_full")
        extra = synthetic_corpus(root / "extra", grown, seed=count + 1)
        for path in extra:
            target = root / "in" / "new" / path.name
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(path.read_bytes())
        updates, floors = [], []
        for _ in range(repeat):  # each from the full run's outputs again; interleaved
            shutil.rmtree(root / "out")
            shutil.copytree(root / "out_full", root / "out")
            updates.append(timed(str(root / "in"), "--out", str(root / "out"), "--update"))
            floors.append(cold_spacy(extra))
        update, floor = statistics.median(updates), statistics.median(floors)
        nothing = timed(str(root / "in"), "--out", str(root / "out"), "--update")
        print(
            f"(g) full batch of {count} files {full:.1f} s; --update after {grown} new files "
            f"{update:.2f} s, median of {repeat} ({update / full:.1%} of the full run; runs "
            f"{', '.join(f'{u:.2f}' for u in updates)} s); --update with nothing new {nothing:.2f} s"
        )
        print(
            f"    floor: bare spaCy from a cold start over the same {grown} files {floor:.2f} s, "
            f"median of {repeat} ({floor / full:.1%} of the full run)"
        )


COLD_SPACY = """
import sys
from pathlib import Path
import spacy
from pipeline.config import PipelineConfig
from pipeline.nlp.loader import resolve_model_name
nlp = spacy.load(resolve_model_name(PipelineConfig()))  # noqa: TID251 (the floor is plain spaCy)
for _ in nlp.pipe(Path(line).read_text(encoding="utf-8") for line in sys.argv[1:]):
    pass
"""


def cold_spacy(paths: list[Path]) -> float:
    """Seconds of a whole fresh process that imports spaCy, loads the model and pipes `paths`:
    what any per-command spaCy run pays before it does anything of its own."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", COLD_SPACY, *map(str, paths)], check=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--articles", type=int, default=5000, help="size of the large corpus (memory run)"
    )
    parser.add_argument(
        "--speed-articles", type=int, default=1000, help="articles for the speed runs (a)-(c)"
    )
    parser.add_argument(
        "--batch-size", type=int, default=32, help="the same for bare spaCy and ipclaims"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="interleaved repeats of (a)-(c); medians are shown"
    )
    parser.add_argument(
        "--speed-only", action="store_true", help="only the speed runs (a)-(c), no memory or (e)"
    )
    parser.add_argument("--pdf", action="store_true", help="only (f), the PDF runs")
    parser.add_argument("--update", type=int, metavar="N", help="only (g), on N articles")
    args = parser.parse_args()
    # Our modules' bytecode, as `make install` writes it: no timed command compiles them.
    for package in ("pipeline", "models"):
        compileall.compile_dir(ROOT / package, quiet=1)
    if args.pdf:
        pdf_runs()
        return 0
    if args.update:
        update_runs(args.update, args.repeat)
        return 0

    with tempfile.TemporaryDirectory(prefix="ipclaims_corpus_") as tmp:
        root = Path(tmp)
        pages = page_corpus(root / "pages", args.speed_articles * 3)
        for label, folder, paths in (
            ("short scraped pages (real-page-like)", root / "pages", pages),
            ("our articles", root / "small", synthetic_corpus(root / "small", args.speed_articles)),
        ):
            n_words = words(paths)
            print(f"speed corpus, {label}: {len(paths)} files, {n_words} words")
            # Runs on shared vCPUs differ by 10-20%: the three are interleaved `--repeat` times
            # and each is reported by its median, so one slow moment does not decide a ratio.
            runs_a, runs_b, runs_c = [], [], []
            for _ in range(args.repeat):
                runs_a.append(bare_spacy(paths, args.batch_size))
                runs_b.append(ipclaims_batch(folder, 1, args.batch_size))
                runs_c.append(ipclaims_batch(folder, 2, args.batch_size))
            a = statistics.median(runs_a)
            b = statistics.median(seconds for seconds, _ in runs_b)
            c = statistics.median(seconds for seconds, _ in runs_c)
            peak_b = max(peak for _, peak in runs_b)
            peak_c = max(peak for _, peak in runs_c)
            if args.repeat > 1:
                print(
                    f"median of {args.repeat} interleaved runs; (b)/(a) per run: "
                    + ", ".join(f"{x / y:.2f}" for x, (y, _) in zip(runs_a, runs_b, strict=True))
                )
            print(f"{'run':<34}{'seconds':>9}{'words/s':>10}{'vs (a)':>8}")
            for name, seconds in (
                ("(a) bare nlp.pipe, whole texts", a),
                ("(b) ipclaims, 1 worker", b),
                ("(c) ipclaims, 2 workers", c),
            ):
                print(f"{name:<34}{seconds:>9.1f}{n_words / seconds:>10.0f}{a / seconds:>8.2f}")
            print(
                f"ratio b/a (1 worker vs bare spaCy): {a / b:.2f}   ratio c/b (2 workers vs 1): "
                f"{b / c:.2f}   peak RSS 1 worker {peak_b / 1024:.0f} MB, 2 workers "
                f"{peak_c / 1024:.0f} MB each"
            )

        rss = {}
        for count in [] if args.speed_only else sorted({1000, args.articles}):
            folder = root / f"memory_{count}"
            synthetic_corpus(folder, count, seed=count)
            _, peak = ipclaims_batch(folder, 1, args.batch_size)
            _, peak_two = (
                ipclaims_batch(folder, 2, args.batch_size) if count == args.articles else (0, 0)
            )
            rss[count] = peak
            extra = f", 2 workers: {peak_two / 1024:.0f} MB per worker" if peak_two else ""
            print(f"(d) peak RSS, {count} articles, 1 worker: {peak / 1024:.0f} MB{extra}")
        if len(rss) == 2:
            low, high = rss[1000], rss[args.articles]
            print(
                f"    growth from 1000 to {args.articles} articles: {(high - low) / 1024:+.0f} MB ({high / low:.2f}x)"
            )

    if not args.speed_only:
        print("(e) time per MB relative to normal articles (linear-time check, <= 3x wanted):")
        for name, ratio in linear_time().items():
            print(f"    {name:<26}{ratio:>6.2f}x")
    print(
        json.dumps(
            {
                "a_s": round(a, 2),
                "b_s": round(b, 2),
                "c_s": round(c, 2),
                "b_over_a": round(a / b, 2),
                "c_over_b": round(b / c, 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
