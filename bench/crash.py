"""Kill `searchkit index` with SIGKILL at random moments and check the index survives.

Each trial starts a sync of the corpus (some trials after editing or deleting
files, so kills land in adds, updates, removals and commits alike), kills it at
a random moment within the time a whole sync takes, then checks that the index
opens, answers a query, and reads back whole. A last sync must then complete
with one article per file.

    python bench/crash.py --trials 25 [--corpus ../shared/data/bbc_news/bbc]
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from searchkit import Index

ROOT = Path(__file__).resolve().parent.parent


def sync_process(index_dir: Path, corpus: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "searchkit", "index", "-q", "--index", str(index_dir), str(corpus)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def timed_full_sync(index_dir: Path, corpus: Path) -> float:
    """How long one sync from scratch takes (sets the range kill times are drawn from)."""
    started = time.monotonic()
    sync_process(index_dir, corpus).wait()
    elapsed = time.monotonic() - started
    shutil.rmtree(index_dir)
    return elapsed


def churn(corpus: Path, rng: random.Random, edited: int) -> None:
    """Edit some files and delete a few, so the next sync updates and removes too."""
    files = sorted(corpus.rglob("*.txt"))
    for path in rng.sample(files, min(edited, len(files))):
        path.write_text(path.read_text(encoding="utf-8", errors="replace") + "\nUpdated.\n", encoding="utf-8")
    for path in rng.sample(files, min(3, len(files))):
        path.unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "data" / "bbc_news" / "bbc")
    parser.add_argument("--trials", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="searchkit-crash-"))
    corpus, index_dir = work / "corpus", work / "index"
    shutil.copytree(args.corpus, corpus)
    full = timed_full_sync(index_dir, corpus)
    print(f"corpus: {sum(1 for _ in corpus.rglob('*.txt'))} files; a full sync takes {full:.1f} s")
    failures = 0
    for trial in range(1, args.trials + 1):
        if trial % 4 == 0:
            churn(corpus, rng, edited=50)
        process = sync_process(index_dir, corpus)
        delay = rng.uniform(0.05, full * 1.1)
        time.sleep(delay)
        killed = process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait()
        try:
            with Index.open(index_dir) as ix:
                ix.search("government")
                report = ix.check()
                state = f"{report.articles} articles, {'consistent' if report.consistent else 'DAMAGED'}"
                failures += not report.consistent
        except Exception as exc:  # the bench reports any failure to open or read, whatever it is
            state = f"FAILED to open/read: {type(exc).__name__}: {exc}"
            failures += 1
        print(f"trial {trial:2d}: kill at {delay:5.2f} s ({'mid-sync' if killed else 'after it ended'}): {state}")
    last = sync_process(index_dir, corpus)
    code = last.wait()
    files = sum(1 for _ in corpus.rglob("*.txt"))
    with Index.open(index_dir) as ix:
        count, report = len(ix), ix.check([corpus])
    print(f"final sync exit {code}: {count} articles for {files} files; {report.summary()}")
    ok = failures == 0 and code in (0, 1) and report.in_sync and count == files - len(report.unreadable)
    print("PASS" if ok else "FAIL")
    shutil.rmtree(work)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
