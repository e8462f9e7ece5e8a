"""Kill `searchkit index` with SIGKILL at random moments and check the index survives.

After one full sync, each trial edits 150 files, deletes 2 and adds 3, starts a
sync, and kills it at a random moment within 1.3 times what such a sync takes
(so kills land in reading, writing and committing alike; every third trial first
lets a sync finish, so pending work does not pile up), then checks that the
index opens, answers a query and reads back whole. A last sync must then
complete with one article per file.

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
from searchkit.ingest.reading import is_article_file

ROOT = Path(__file__).resolve().parent.parent


def sync_process(index_dir: Path, corpus: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "searchkit", "index", "-q", "--index", str(index_dir), str(corpus)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def article_files(corpus: Path) -> int:
    """How many files searchkit reads there (by its own rule: README.TXT counts too)."""
    return sum(1 for path in corpus.rglob("*") if path.is_file() and is_article_file(path))


def timed_sync(index_dir: Path, corpus: Path) -> float:
    """Run one sync to its end; returns how long it took."""
    started = time.monotonic()
    sync_process(index_dir, corpus).wait()
    return time.monotonic() - started


def churn(corpus: Path, rng: random.Random, trial: int) -> None:
    """Edit, delete and add files, so the next sync updates, removes and adds."""
    files = sorted(corpus.rglob("*.txt"))
    for path in rng.sample(files, min(150, len(files))):
        path.write_text(path.read_text(encoding="utf-8", errors="replace") + f"\nUpdate {trial}.\n", encoding="utf-8")
    for path in rng.sample(files, min(2, len(files))):
        path.unlink(missing_ok=True)
    for n in range(3):
        (corpus / "new").mkdir(exist_ok=True)
        (corpus / "new" / f"story-{trial}-{n}.txt").write_text(
            f"New story {trial} {n}\n\nThe government said on Monday that trial {trial} went ahead.\n",
            encoding="utf-8")


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
    full = timed_sync(index_dir, corpus)
    churn(corpus, rng, 0)
    typical = timed_sync(index_dir, corpus)
    print(f"corpus: {article_files(corpus)} files; a full sync takes {full:.1f} s, "
          f"a sync of 150 edits + 5 adds/removals {typical:.1f} s (kills are drawn from 0 to 1.3 x that)")
    failures = 0
    for trial in range(1, args.trials + 1):
        churn(corpus, rng, trial)
        if trial % 3 == 0:  # now and then a sync runs to its end: pending work would pile up
            typical = timed_sync(index_dir, corpus)
            churn(corpus, rng, trial + 1000)
        process = sync_process(index_dir, corpus)
        delay = rng.uniform(0.05, typical * 1.3)
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
        print(f"trial {trial:2d}: kill at {delay:5.2f} s ({'mid-sync' if killed else 'after it ended'}): {state}",
              flush=True)
    last = sync_process(index_dir, corpus)
    code = last.wait()
    files = article_files(corpus)
    with Index.open(index_dir) as ix:
        count, report = len(ix), ix.check([corpus])
    print(f"final sync exit {code}: {count} articles for {files} files; {report.summary()}")
    ok = failures == 0 and code in (0, 1) and report.in_sync and count == files - len(report.unreadable)
    print("PASS" if ok else "FAIL")
    shutil.rmtree(work)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
