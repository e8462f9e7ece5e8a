"""What language detection adds to indexing: CPU of ``Index.sync`` over the BBC folder, in one process.

Each run syncs the BBC stories (files, as a user indexes them) into a fresh index
with ``SEARCHKIT_WORKERS=1``, alternately with language detection and with the
detector replaced by a constant "en" (the baseline, same run, same machine),
and prints the median CPU seconds, the CPU per 1,000 articles and the ratio.
The detector's model load (once per process) is reported apart.

Usage::

    python bench/language_cost.py [--data ../shared/data] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from relevance_data import DEFAULT_DATA  # noqa: E402


def sync_cpu(folder: Path) -> tuple[float, int]:
    """CPU seconds of one sync of ``folder`` into a new index, and the articles it holds."""
    from searchkit import Index

    with tempfile.TemporaryDirectory() as tmp:
        start = time.process_time()
        with Index(Path(tmp) / "ix") as ix:
            ix.sync([folder])
            count = len(ix)
        return time.process_time() - start, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ["SEARCHKIT_WORKERS"] = "1"
    folder = args.data / "bbc_news" / "bbc"
    from searchkit.analysis import detection

    start = time.process_time()
    detection.detect("the model loads on first use")
    load = time.process_time() - start
    detect = detection.detect
    figures: dict[str, list[float]] = {"detected": [], "constant en": []}
    count = 0
    for _ in range(args.runs):
        for name in figures:
            detection.detect = detect if name == "detected" else (lambda text: "en")
            cpu, count = sync_cpu(folder)
            figures[name].append(cpu)
    detection.detect = detect
    base = statistics.median(figures["constant en"])
    print(f"BBC, {count:,} articles, {args.runs} runs each; detector model load: {load:.2f} s CPU once per process")
    print("| run | CPU s (median) | CPU ms per 1,000 articles | ratio |")
    print("|---|---:|---:|---:|")
    for name, runs in figures.items():
        cpu = statistics.median(runs)
        print(f"| {name} | {cpu:.1f} | {cpu / count * 1_000_000:,.0f} | {cpu / base:.3f} |")


if __name__ == "__main__":
    main()
