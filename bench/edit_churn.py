"""Edited articles give their space back: every article edited several times, each round synced.

A copy of the corpus is indexed by ``searchkit index``; then, each round, every
article is edited through its file (a line appended to each .txt, a sentence
to each JSONL record's body) and ``searchkit index`` syncs the copy. After each
round the bench records the stored documents (live articles plus the deleted
old copies still in segments), the live ones, the segments and the size on
disk. The baseline, measured in the same run, is the same index merged into
one segment (``searchkit index --optimize``): its live size.

With ``--compare-with DIR`` the same rounds also run with the searchkit found
in DIR (e.g. an export of another branch), for a before/after.

    python bench/edit_churn.py [--corpus ../shared/data/bbc_news/bbc] [--rounds 4] [--compare-with DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def edit_all(corpus: Path, tag: str) -> int:
    """Edit every article under ``corpus`` through its file; returns how many files changed."""
    changed = 0
    for path in sorted(corpus.rglob("*")):
        if path.suffix == ".txt":
            text = path.read_text(encoding="utf-8", errors="replace")
            path.write_text(text + f"\nUpdated in {tag}.\n", encoding="utf-8")
        elif path.suffix == ".jsonl":
            records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            for record in records:
                record["body"] = f"{record.get('body', '')} Updated in {tag}."
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        else:
            continue
        changed += 1
    return changed


def run_searchkit(args: list[str], pythonpath: Path | None) -> float:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "searchkit", *args], env=env, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"searchkit {' '.join(args)} failed: {done.stderr.strip()}")
    return time.perf_counter() - started


def measure(index_dir: Path, pythonpath: Path | None) -> dict:
    """Stored and live documents, segments and size, read by the searchkit being measured."""
    code = ("import json, sys\nfrom searchkit import Index\n"
            "with Index.open(sys.argv[1]) as ix:\n"
            "    segments = ix.engine.ix._segments()\n"
            "    print(json.dumps({'stored': sum(s.doc_count_all() for s in segments),\n"
            "                      'live': sum(s.doc_count() for s in segments), 'segments': len(segments)}))\n")
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    out = subprocess.run([sys.executable, "-c", code, str(index_dir)], env=env, capture_output=True, text=True,
                         check=True)
    figures = json.loads(out.stdout)
    figures["mib"] = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file()) / 2**20
    return figures


def churn(source: Path, rounds: int, work: Path, pythonpath: Path | None, label: str) -> list[dict]:
    corpus, index_dir = work / f"corpus-{label}", work / f"index-{label}"
    shutil.copytree(source, corpus)
    seconds = run_searchkit(["index", "-q", "--index", str(index_dir), str(corpus)], pythonpath)
    rows = [dict(measure(index_dir, pythonpath), round=0, seconds=seconds)]
    print(f"[{label}] {row_text(rows[-1])}", flush=True)
    for n in range(1, rounds + 1):
        files = edit_all(corpus, f"round {n}")
        seconds = run_searchkit(["index", "-q", "--index", str(index_dir), str(corpus)], pythonpath)
        rows.append(dict(measure(index_dir, pythonpath), round=n, seconds=seconds, files=files))
        print(f"[{label}] {row_text(rows[-1])}", flush=True)
    optimized = work / f"optimized-{label}"
    shutil.copytree(index_dir, optimized)
    run_searchkit(["index", "-q", "--optimize", "--index", str(optimized), str(corpus)], pythonpath)
    base = measure(optimized, pythonpath)
    print(f"[{label}] baseline, the last round's index merged into one segment: {base['live']} articles, "
          f"{base['mib']:.1f} MiB", flush=True)
    last = rows[-1]
    print(f"[{label}] after {rounds} rounds: {last['stored'] / last['live']:.2f} stored per live article; "
          f"size {last['mib']:.1f} MiB = {last['mib'] / base['mib']:.2f} x the baseline", flush=True)
    return rows


def row_text(row: dict) -> str:
    return (f"round {row['round']}: {row['stored']:,} stored / {row['live']:,} live "
            f"({row['stored'] / max(1, row['live']):.2f}), {row['segments']} segments, {row['mib']:.1f} MiB, "
            f"sync {row['seconds']:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "data" / "bbc_news" / "bbc")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--compare-with", type=Path, help="a folder holding another searchkit package to run too")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="searchkit-churn-"))
    try:
        churn(args.corpus, args.rounds, work, None, "this")
        if args.compare_with is not None:
            churn(args.corpus, args.rounds, work, args.compare_with.resolve(), "compared")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
