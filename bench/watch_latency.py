"""Watch latency: how soon an article written into a watched archive is found, and a deleted one gone.

Runs ``searchkit index --watch CORPUS --index COPY`` as a separate process on a
copy of an index that is already in sync with the corpus (small_syncs.py leaves
one: ``bench/out/work-small-syncs``), waits for it to report that it is watching,
then ``--trials`` times writes a new article file (a fresh folder every few
trials, as a feed drop would) and polls ``Index.search`` from this process until
it is found, then deletes it and polls until it is gone. Prints median / p95 / max
of both latencies (the issue's bound: 2 s) and how long the start-up sync of the
whole archive took.

Usage::

    python bench/small_syncs.py      # once, to leave the corpus and its index
    python bench/watch_latency.py --trials 30
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed_common import OUT, SEARCHKIT, median, percentile  # noqa: E402

STORY = (
    "Harbour authority orders inquiry into crane collapse {n}\n\n"
    "The harbour authority in Quillmouth ordered an inquiry on Tuesday after crane number {n} "
    "collapsed onto a cargo ship, said its chairman Ewan Mackenzie.\n"
)


def wait_until(condition, timeout: float = 30.0, step: float = 0.01) -> float:
    """Seconds until ``condition()`` holds (raises after ``timeout``)."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("not seen within the timeout")
        time.sleep(step)
    return time.perf_counter() - start


def found(reader, name: str) -> bool:
    """Whether the index answers a search with the article stored under this file name."""
    return any(hit.id.endswith(name) for hit in reader.search("Quillmouth crane", limit=5, collapse=False))


def measure_watch(corpus: Path, index: Path, trials: int) -> dict:
    from searchkit import Index

    started = time.perf_counter()
    proc = subprocess.Popen([SEARCHKIT, "index", "--watch", str(corpus), "--index", str(index)],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        while "watching" not in (line := proc.stderr.readline()):
            if not line:
                raise RuntimeError("searchkit index --watch exited before watching")
        startup = time.perf_counter() - started
        added, removed = [], []
        drop = corpus / "zz-watch"
        with Index.open(index) as reader:
            for n in range(trials):
                folder = drop / f"feed-{n // 5}"
                folder.mkdir(parents=True, exist_ok=True)
                story = folder / f"story-{n}.txt"
                story.write_text(STORY.format(n=n), encoding="utf-8")
                added.append(wait_until(lambda name=story.name: found(reader, name)))
                story.unlink()
                removed.append(wait_until(lambda name=story.name: not found(reader, name)))
        shutil.rmtree(drop)
        time.sleep(1.5)  # let the watcher sync the folder's removal before stopping it
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    return {
        "startup_sync_s": round(startup, 2),
        "trials": trials,
        "added_s": {"median": round(median(added), 3), "p95": round(percentile(added, 95), 3),
                    "max": round(max(added), 3)},
        "removed_s": {"median": round(median(removed), 3), "p95": round(percentile(removed, 95), 3),
                      "max": round(max(removed), 3)},
        "exit_code": proc.returncode,
    }


def main(argv: list[str] | None = None) -> None:
    doc = __doc__ or ""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=OUT / "work-small-syncs",
                        help="folder holding corpus/ and fresh-index/ (from small_syncs.py)")
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    corpus, source_index = args.work / "corpus", args.work / "fresh-index"
    if not source_index.exists():
        raise SystemExit(f"{source_index} is missing: run bench/small_syncs.py first")
    index = args.work / "watch-index"
    if index.exists():
        shutil.rmtree(index)
    shutil.copytree(source_index, index)
    figures = measure_watch(corpus, index, args.trials)
    print(json.dumps(figures, indent=1) if args.json else "\n".join(f"{k:>15}: {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
