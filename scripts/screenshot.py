"""Screenshot of a batch report in headless Chromium, for the README (docs/report.png).

    python scripts/screenshot.py                    # corpus/articles + tests/data/conflicts
    python scripts/screenshot.py --browser /usr/bin/chromium --output docs/report.png

Runs a batch of our own articles with review pages, writes report.html and asks Chromium for a
full-width screenshot. Chromium is not a dependency of ipclaims: install it with the system's
package manager (Debian: `apt-get install chromium`). Prints where the image went.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--browser", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--size", default="1100,4200", help="window width,height in pixels")
    args = parser.parse_args()
    if not Path(args.browser).exists():
        sys.exit(f"no browser at {args.browser}; install Chromium or pass --browser")
    ipclaims = str(Path(sys.executable).parent / "ipclaims")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        articles = work / "articles"
        articles.mkdir()
        for source in (ROOT / "tests" / "data" / "conflicts").glob("*.txt"):
            shutil.copy(source, articles / source.name)
        for name in ("b_samsung_us_patents.txt", "c_xiaomi_period_flows.txt"):
            if (ROOT / "corpus" / "articles" / name).exists():
                shutil.copy(ROOT / "corpus" / "articles" / name, articles / name)
        run([ipclaims, "batch", str(articles), "--out", str(work / "out"), "--quiet"])
        report = work / "report.html"
        run([ipclaims, "report", str(work / "out"), "-o", str(report)])
        args.output.parent.mkdir(parents=True, exist_ok=True)
        profile = work / "profile"
        run(
            [
                args.browser,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={args.size}",
                f"--screenshot={args.output.resolve()}",
                report.as_uri(),
            ]
        )
    print(f"wrote {args.output} ({args.output.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
