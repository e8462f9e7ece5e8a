"""Scale: index time, peak RSS, query p50/p95 and cold start at several corpus sizes.

For each size a replicated corpus is built (``prepare.py --size N``: Reuters + BBC,
then replicas with new ids, dates and swapped words), indexed from scratch by
``searchkit index`` and by raw Whoosh (``--runs`` each, default 1), queried (the
query_speed.py queries) and cold-started (cold_start.py). One JSON line per size
is appended to ``bench/out/scale.jsonl`` as soon as it is measured, so a long run
that is stopped keeps the sizes it finished.

Usage::

    python bench/scale.py --sizes 25000,50000,100000,200000
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cold_start import measure_cold  # noqa: E402
from index_speed import measure_index, work_dir  # noqa: E402
from query_speed import measure_queries  # noqa: E402
from speed_common import OUT, ensure_corpus  # noqa: E402


def measure_size(size: int, runs: int, queries: int, cold_runs: int) -> dict:
    """All figures for one corpus size."""
    started = time.perf_counter()
    corpus = ensure_corpus(size)
    index = measure_index(corpus, runs, verbose=True)
    query = measure_queries(corpus, queries)
    work = work_dir(corpus)
    cold = measure_cold(work / "sk-index", work / "raw-index", cold_runs)
    return {
        "size": size,
        "articles": index["articles"],
        "index_s": index["searchkit_median_s"],
        "raw_index_s": index["raw_median_s"],
        "index_ratio": index["ratio_median"],
        "index_cpu_s": index["searchkit_cpu_median_s"],
        "raw_index_cpu_s": index["raw_cpu_median_s"],
        "index_cpu_ratio": index["cpu_ratio_median"],
        "peak_rss_mib": index["searchkit_peak_rss_mib"],
        "peak_tree_mib": index["searchkit_peak_tree_mib"],
        "raw_peak_rss_mib": index["raw_peak_rss_mib"],
        "index_mib": index["searchkit_index_mib"],
        "query_p50_ms": query["searchkit_p50_ms"],
        "query_p95_ms": query["searchkit_p95_ms"],
        "raw_p50_ms": query["raw_p50_ms"],
        "raw_p95_ms": query["raw_p95_ms"],
        "query_ratio_p50": query["ratio_p50"],
        "query_ratio_p95": query["ratio_p95"],
        "query_cpu_p50_ms": query["cpu_searchkit_p50_ms"],
        "query_cpu_p95_ms": query["cpu_searchkit_p95_ms"],
        "raw_cpu_p50_ms": query["cpu_raw_p50_ms"],
        "raw_cpu_p95_ms": query["cpu_raw_p95_ms"],
        "first_query_ms": query["first_query_ms_incl_open"],
        "cold_s": cold["searchkit_query_s"],
        "raw_cold_s": cold["raw_script_s"],
        "cold_cpu_s": cold["searchkit_query_cpu_s"],
        "raw_cold_cpu_s": cold["raw_script_cpu_s"],
        "cold_phases_ms": cold["phases_ms"],
        "wall_s": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> None:
    """Parse options, measure each size, print a table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="25000,50000,100000,200000", help="comma-separated article counts")
    parser.add_argument("--runs", type=int, default=1, help="index runs per size")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT / "scale.jsonl")
    parser.add_argument("--clean", action="store_true", help="delete each size's corpus and indexes afterwards")
    args = parser.parse_args(argv)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        row = measure_size(size, args.runs, args.queries, args.cold_runs)
        rows.append(row)
        with args.out.open("a") as handle:
            handle.write(json.dumps(row) + "\n")
        print(json.dumps(row), file=sys.stderr, flush=True)
        if args.clean:
            corpus = ensure_corpus(size)
            shutil.rmtree(work_dir(corpus), ignore_errors=True)
    print("wall figures, then CPU figures (steadier on a loaded machine)")
    print(f"{'articles':>9} {'index s':>8} {'raw s':>7} {'ratio':>6} {'RSS MiB':>8} {'all MiB':>8} "
          f"{'p50 ms':>7} {'p95 ms':>7} "
          f"{'raw p95':>8} {'q ratio':>7} {'cold s':>7} | {'idx CPU':>8} {'raw CPU':>8} {'ratio':>6} "
          f"{'q CPU p50':>9} {'q CPU p95':>9} {'raw p95':>8} {'cold CPU':>8}")
    for r in rows:
        print(f"{r['articles']:>9} {r['index_s']:>8.1f} {r['raw_index_s']:>7.1f} {r['index_ratio']:>6.2f} "
              f"{r['peak_rss_mib']:>8} {r.get('peak_tree_mib', 0):>8} "
              f"{r['query_p50_ms']:>7.1f} {r['query_p95_ms']:>7.1f} {r['raw_p95_ms']:>8.1f} "
              f"{r['query_ratio_p95']:>7.2f} {r['cold_s']:>7.2f} | {r['index_cpu_s']:>8.1f} "
              f"{r['raw_index_cpu_s']:>8.1f} {r['index_cpu_ratio']:>6.2f} {r['query_cpu_p50_ms']:>9.1f} "
              f"{r['query_cpu_p95_ms']:>9.1f} {r['raw_cpu_p95_ms']:>8.1f} {r['cold_cpu_s']:>8.3f}")


if __name__ == "__main__":
    main()
