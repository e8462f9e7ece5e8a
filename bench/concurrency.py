"""One writer syncing continuously while reader processes query: no errors, only whole commits.

The writer adds articles two at a time in one sync (one commit) and sometimes
deletes a pair, so in any completed commit the number of "pairmark" articles
is even. Readers query without pause and count an error for any exception and
for any odd count (a half-applied commit). A second writer is also started
now and then: it must wait, then fail with one line, not corrupt anything.

    python bench/concurrency.py --seconds 60 --readers 4
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from searchkit import Index


def reader(index_dir: str, seconds: float, results: mp.Queue) -> None:
    queries = errors = odd = 0
    end = time.monotonic() + seconds
    with Index.open(index_dir) as ix:
        while time.monotonic() < end:
            try:
                total = ix.search("pairmark", limit=3).total
                odd += total % 2
                queries += 1
            except Exception as exc:  # any failure counts: that is what this bench measures
                errors += 1
                print(f"reader error: {type(exc).__name__}: {exc}", file=sys.stderr)
    results.put((queries, errors, odd))


def write_pair(corpus: Path, n: int) -> None:
    for half in ("a", "b"):
        (corpus / f"pair-{n}-{half}.txt").write_text(
            f"Pair {n} {half}\n\nThe pairmark story number {n} about harbour dredging and budgets.\n",
            encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--readers", type=int, default=4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="searchkit-concurrency-"))
    corpus, index_dir = work / "corpus", work / "index"
    corpus.mkdir()
    write_pair(corpus, 0)
    with Index(index_dir) as ix:
        ix.sync([corpus])
    results: mp.Queue = mp.Queue()
    procs = [mp.Process(target=reader, args=(str(index_dir), args.seconds, results)) for _ in range(args.readers)]
    for proc in procs:
        proc.start()
    syncs = second_writer_ok = second_writer_runs = 0
    end = time.monotonic() + args.seconds
    n = 1
    with Index(index_dir, lock_timeout=30) as writer:
        while time.monotonic() < end:
            write_pair(corpus, n)
            if n % 5 == 0:
                for half in ("a", "b"):
                    (corpus / f"pair-{n - 3}-{half}.txt").unlink()
            writer.sync([corpus])
            syncs += 1
            if n % 10 == 0:  # a second writer while this one holds the lock
                held = writer.engine.writer()
                second = subprocess.run(
                    [sys.executable, "-m", "searchkit", "index", "--lock-timeout", "0.5", "--index",
                     str(index_dir), str(corpus)], capture_output=True, text=True)
                held.cancel()
                second_writer_runs += 1
                lines = second.stderr.strip().splitlines()
                second_writer_ok += second.returncode == 2 and len(lines) == 2 and "locked" in lines[-1]
            n += 1
    totals = [results.get() for _ in procs]
    for proc in procs:
        proc.join()
    queries = sum(t[0] for t in totals)
    errors = sum(t[1] for t in totals)
    odd = sum(t[2] for t in totals)
    with Index.open(index_dir) as ix:
        consistent = ix.check([corpus]).in_sync
    print(f"{args.seconds:g} s, 1 writer ({syncs} syncs) + {args.readers} readers: {queries} queries, "
          f"{errors} errors, {odd} answers from a half-applied commit; second writer refused cleanly "
          f"{second_writer_ok}/{second_writer_runs}; final index in sync with files: {consistent}")
    shutil.rmtree(work)
    ok = errors == 0 and odd == 0 and consistent and second_writer_ok == second_writer_runs
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
