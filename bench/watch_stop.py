"""How long `searchkit index --watch` takes to stop on Ctrl-C, when it comes in the middle of a sync.

A copy of the corpus is watched. Each trial edits ``--edits`` files, waits for
the watch to take the write lock for their sync, sends SIGINT at a random
moment within ``--within`` seconds of that and times the exit. The baseline,
measured in the same run, is the stop of a watch that is idle (SIGINT while
it waits for changes). After every trial the index must be whole (consistent,
no files but its last commit's, lock free) or the trial is reported FAILED.

    python bench/watch_stop.py [--corpus ../shared/data/bbc_news/bbc] [--trials 10] [--edits 300]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from searchkit import Index
from searchkit.engine.whoosh.writers import lock_held

ROOT = Path(__file__).resolve().parent.parent


def start(index_dir: Path, corpus: Path) -> subprocess.Popen:
    """A watch of ``corpus``, once its first sync is done and it says it is watching."""
    watch = subprocess.Popen([sys.executable, "-m", "searchkit", "index", "--watch", "--index", str(index_dir),
                              str(corpus)], stderr=subprocess.PIPE, text=True)
    line = ""
    while "watching" not in line:
        line = watch.stderr.readline()
        if not line and watch.poll() is not None:
            raise SystemExit("the watch ended before it started watching")
    return watch


def stop(watch: subprocess.Popen) -> float:
    started = time.monotonic()
    watch.send_signal(signal.SIGINT)
    try:
        watch.wait(timeout=120)
    except subprocess.TimeoutExpired:
        watch.kill()
        watch.wait()
        return float("inf")
    return time.monotonic() - started


def whole(index_dir: Path) -> bool:
    """Consistent, holding only its last commit's files, and no writer left holding the lock."""
    with Index.open(index_dir) as ix:
        expected = {segment.segment_id() for segment in ix.engine.ix._segments()}
        expected |= {f"_searchkit_{ix.engine.ix.latest_generation()}.toc", "searchkit_WRITELOCK", "searchkit-meta.json"}
        consistent = ix.check(()).consistent
    found = {match.group(1) if (match := re.match(r"(searchkit_[0-9a-z]+)\.", path.name)) else path.name
             for path in index_dir.iterdir()}
    return consistent and found == expected and not lock_held(FileStorage(str(index_dir)), "searchkit")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "data" / "bbc_news" / "bbc")
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--within", type=float, default=3.0, help="seconds after the sync starts")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="searchkit-watch-stop-"))
    corpus, index_dir = work / "corpus", work / "index"
    shutil.copytree(args.corpus, corpus)
    files = sorted(p for p in corpus.rglob("*.txt") if p.name.upper() != "README.TXT")
    idle = []
    for _ in range(3):
        watch = start(index_dir, corpus)
        time.sleep(0.5)
        idle.append(stop(watch))
    mid_sync, failures = [], 0
    for trial in range(1, args.trials + 1):
        watch = start(index_dir, corpus)
        for path in rng.sample(files, min(args.edits, len(files))):
            path.write_text(path.read_text(encoding="utf-8", errors="replace") + f"\nEdit {trial}.\n",
                            encoding="utf-8")
        storage = FileStorage(str(index_dir))
        while not lock_held(storage, "searchkit") and watch.poll() is None:
            time.sleep(0.01)
        delay = rng.uniform(0, args.within)
        time.sleep(delay)
        seconds = stop(watch)
        ok = whole(index_dir) and watch.returncode == 0
        failures += not ok
        mid_sync.append(seconds)
        print(f"trial {trial:2d}: SIGINT {delay:.2f} s into the sync of {args.edits} edits: stopped in "
              f"{seconds:.2f} s, exit {watch.returncode}, index {'whole' if ok else 'FAILED'}", flush=True)
    base = statistics.median(idle)
    print(f"idle watch (baseline): median stop {base:.2f} s")
    print(f"mid-sync: median {statistics.median(mid_sync):.2f} s ({statistics.median(mid_sync) / base:.1f} x), "
          f"max {max(mid_sync):.2f} s ({max(mid_sync) / base:.1f} x)")
    print("PASS" if failures == 0 and max(mid_sync) < 30 else "FAIL")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
