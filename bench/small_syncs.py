"""Search speed after many small syncs, against a freshly built index of the same articles.

A copy of the corpus (hard links) has ``--held`` BBC .txt files moved out to a
holding folder. Then:

1. the rest is indexed from scratch (one ``searchkit index`` process);
2. ``--syncs`` small syncs: each moves ``--batch`` held-out files back and runs
   ``Index.sync(corpus, changed=those files)``, which is what ``--watch`` does for a
   burst (each sync is timed, segments are counted at the end);
3. a fresh ``searchkit index`` of the full copy: the same articles, built in one go;
4. the query_speed.py queries on both indexes, alternately (warm-up pass first):
   p50 / p95 of each and the ratio after/fresh (the issue's target: p95 within 1.2x).

Usage::

    python bench/small_syncs.py                      # 200 syncs of 10 articles on corpus-1x
    python bench/small_syncs.py --syncs 50 --batch 4  # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from query_speed import _run_sk, bench_people  # noqa: E402
from speed_common import OUT, ensure_corpus, ensure_texts, make_queries, median, percentile, searchkit_index  # noqa: E402


def copy_corpus(corpus: Path, target: Path, held: int) -> tuple[Path, Path, list[Path]]:
    """A hard-linked copy of the corpus with ``held`` BBC stories moved out; returns (copy, holding, held files)."""
    if target.exists():
        shutil.rmtree(target)
    copy, holding = target / "corpus", target / "held"
    shutil.copytree(corpus, copy, copy_function=os.link)
    holding.mkdir()
    stories = sorted(p for p in copy.rglob("*.txt"))
    step = max(1, len(stories) // held)
    moved = []
    for path in stories[::step][:held]:
        parked = holding / path.relative_to(copy).as_posix().replace("/", "__")
        path.rename(parked)
        moved.append(parked)
    return copy, holding, moved


def run_small_syncs(index_dir: Path, copy: Path, holding: Path, parked: list[Path], syncs: int,
                    batch: int) -> list[float]:
    """Move ``batch`` parked files back per sync and sync just them; returns each sync's seconds."""
    from searchkit import Index

    times = []
    with Index(index_dir) as ix:
        for start in range(0, syncs * batch, batch):
            back = []
            for parked_file in parked[start:start + batch]:
                original = copy / parked_file.name.replace("__", "/")
                parked_file.rename(original)
                back.append(original)
            t0 = time.perf_counter()
            report = ix.sync([copy], changed=back)
            times.append(time.perf_counter() - t0)
            if report.added != len(back):
                raise RuntimeError(f"sync added {report.added} of {len(back)}: {report.failures}")
    return times


def compare_queries(after: Path, fresh: Path, texts: Path, n: int) -> dict:
    """p50/p95 (ms) of Index.search on both indexes over the same queries, timed alternately."""
    from searchkit import Index

    queries = make_queries(texts, bench_people(fresh), n=n)
    figures = {}
    with Index.open(after) as ix_after, Index.open(fresh) as ix_fresh:
        pairs = {"after": ix_after, "fresh": ix_fresh}
        for ix in pairs.values():
            for q in queries:
                _run_sk(ix, q)
        timings: dict[str, list[float]] = {name: [] for name in pairs}
        for q in queries:
            for name, ix in pairs.items():
                t0 = time.perf_counter()
                _run_sk(ix, q)
                timings[name].append(1000 * (time.perf_counter() - t0))
        for name, ix in pairs.items():
            figures[name] = {"articles": len(ix), "segments": ix.stats().segments,
                             "p50_ms": round(percentile(timings[name], 50), 1),
                             "p95_ms": round(percentile(timings[name], 95), 1)}
    figures["ratio_p50"] = round(figures["after"]["p50_ms"] / figures["fresh"]["p50_ms"], 2)
    figures["ratio_p95"] = round(figures["after"]["p95_ms"] / figures["fresh"]["p95_ms"], 2)
    return figures


def main(argv: list[str] | None = None) -> None:
    doc = __doc__ or ""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="corpus folder (default: bench/out/corpus-1x)")
    parser.add_argument("--syncs", type=int, default=200)
    parser.add_argument("--batch", type=int, default=10, help="articles per sync")
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--work", type=Path, default=OUT / "work-small-syncs")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    corpus = ensure_corpus(path=args.corpus) if args.corpus else ensure_corpus()
    texts = ensure_texts(corpus)
    copy, holding, parked = copy_corpus(corpus, args.work, args.syncs * args.batch)
    after, fresh = args.work / "after-index", args.work / "fresh-index"
    base_run = searchkit_index(copy, after)
    sync_times = run_small_syncs(after, copy, holding, parked, args.syncs, args.batch)
    fresh_run = searchkit_index(copy, fresh)
    figures = {
        "corpus": str(corpus),
        "syncs": args.syncs,
        "batch": args.batch,
        "base_index_s": round(base_run.seconds, 1),
        "fresh_index_s": round(fresh_run.seconds, 1),
        "sync_s_median": round(median(sync_times), 3),
        "sync_s_p95": round(percentile(sync_times, 95), 3),
        "sync_s_max": round(max(sync_times), 3),
        **compare_queries(after, fresh, texts, args.queries),
    }
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    for key, value in figures.items():
        print(f"{key:>16}: {value}")


if __name__ == "__main__":
    main()
