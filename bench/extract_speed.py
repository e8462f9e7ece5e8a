"""Time searchkit's HTML extractor against another checkout of it, on the same pages, in one run.

The machine the benchmarks run on is shared, so pages/s swing with its load; timing this
tree and a baseline tree alternately, in fresh processes, CPU time only, best of a few
repetitions, gives a ratio that load shifts far less than the absolute figures.

Usage::

    python bench/extract_speed.py --baseline ../searchkit-previous [--rounds 2] [--repeat 3]

``--baseline`` is a folder holding another version's ``searchkit`` package (a
``git worktree`` or ``git archive`` of an earlier commit). Pages are the Zyte
benchmark's and the readability test pages, read from ../shared/data by default.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_TIMER = """
import glob, gzip, sys, time
sys.path.insert(0, sys.argv[1])
from searchkit.ingest.html.extract import extract_html
pages = [gzip.open(f).read() for f in sorted(glob.glob(sys.argv[2] + "/html/*.html.gz"))]
pages += [open(f, "rb").read() for f in sorted(glob.glob(sys.argv[3] + "/pages/*/source.html"))]
best = float("inf")
for _ in range(int(sys.argv[4])):
    start = time.process_time()
    for page in pages:
        try:
            extract_html(page)
        except Exception:
            pass
    best = min(best, time.process_time() - start)
print(len(pages), best)
"""


def _time(src: Path, zyte: Path, readability: Path, repeat: int) -> tuple[int, float]:
    out = subprocess.run([sys.executable, "-c", _TIMER, str(src), str(zyte), str(readability), str(repeat)],
                         capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), float(out[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline", type=Path, required=True, help="folder holding the baseline's searchkit/")
    ap.add_argument("--zyte", type=Path, default=REPO.parent / "shared/data/article_extraction_benchmark")
    ap.add_argument("--readability", type=Path, default=REPO.parent / "shared/data/readability_test_pages")
    ap.add_argument("--rounds", type=int, default=2, help="alternations of baseline and this tree")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per process (best kept)")
    args = ap.parse_args(argv)
    rates: dict[str, list[float]] = {"baseline": [], "this tree": []}
    for _ in range(args.rounds):
        for label, src in (("baseline", args.baseline), ("this tree", REPO)):
            pages, seconds = _time(src, args.zyte, args.readability, args.repeat)
            rates[label].append(pages / seconds)
    for label, values in rates.items():
        shown = ", ".join(f"{v:.1f}" for v in values)
        print(f"{label:9s}: {shown} pages per CPU-second (best {max(values):.1f})")
    print(f"ratio this tree / baseline (best of each): {max(rates['this tree']) / max(rates['baseline']):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
