"""Query latency: ``Index.search`` (top 10, snippets) vs raw Whoosh with highlights, same queries.

Queries (default 240, fixed seed) are 1-3 words drawn from the corpus's headlines,
~15% a quoted two-word phrase, ~20% one word with a ``person=`` filter naming one of
the index's most mentioned people (raw Whoosh: the name as a body phrase filter).
Both engines answer every query once untimed (warm-up; ``--no-warmup`` skips it, so each
query is timed the first time it is seen), then each query is timed on both, alternately,
so machine noise hits both alike. Raw Whoosh: MultifieldParser
over headline+body (OR), BM25F, top 10, ``hit.highlights("body")`` for each.

``--profile`` runs the searchkit pass under cProfile and reports the time per stage
(parse, people directory, search, re-ranking, stored fields, snippets, spelling, copies).

Usage::

    python bench/query_speed.py                  # needs the indexes of index_speed.py (built if missing)
    python bench/query_speed.py --profile
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from index_speed import work_dir  # noqa: E402
from speed_common import (  # noqa: E402
    BenchQuery,
    cumulative_report,
    ensure_corpus,
    ensure_texts,
    make_queries,
    median,
    percentile,
    raw_index_process,
    raw_parser,
    raw_search,
    searchkit_index,
)

#: The stages of ``Index.search`` whose cumulative time the profile reports.
QUERY_STEPS = (
    ("Index.search (all)", "searchkit/index/reading", "search"),
    ("  parse (query language)", "searchkit/search/parser", "parse"),
    ("  compile_query (analyse words into Whoosh terms)", "searchkit/engine/whoosh/compile", "compile_query"),
    ("  expand_people (query + filter)", "searchkit/engine/whoosh/people", "expand_people"),
    ("  filter_query (person/section/date)", "searchkit/engine/whoosh/searching", "filter_query"),
    ("  search_with_collector (match, score, collapse, count)", "whoosh/searching", "search_with_collector"),
    ("    Collector.run / matching + scoring", "whoosh/collectors", "run"),
    ("  favour_all_words (best 100)", "searchkit/engine/whoosh/ranking", "favour_all_words"),
    ("  rerank_with_feedback (best 100)", "searchkit/engine/whoosh/ranking", "rerank_with_feedback"),
    ("    _expansion (analyse 5 articles)", "searchkit/engine/whoosh/ranking", "_expansion"),
    ("    _expansion_scores (25 words x 100 hits)", "searchkit/engine/whoosh/ranking", "_expansion_scores"),
    ("  _hit (build 10 hits)", "searchkit/engine/whoosh/searching", "_hit"),
    ("    hit.fields (stored-field loading)", "whoosh/searching", "fields"),
    ("    make_snippet (re-analyse body)", "searchkit/search/snippets", "make_snippet"),
    ("    _copies (dupkey doc frequency)", "searchkit/engine/whoosh/searching", "_copies"),
    ("  respell (did-you-mean, < 3 hits)", "searchkit/engine/whoosh/spelling", "respell"),
    ("  _count (respelled query count)", "searchkit/engine/whoosh/searching", "_count"),
)


def ensure_indexes(corpus: Path, work: Path | None = None) -> tuple[Path, Path, Path]:
    """The searchkit and raw indexes of a corpus (built by index_speed.py; built here when missing).

    ``work`` overrides the folder holding ``sk-index`` and ``raw-index`` (e.g. a copy taken
    while index_speed.py is still rebuilding the default ones)."""
    work = work or work_dir(corpus)
    texts = ensure_texts(corpus)
    sk, raw = work / "sk-index", work / "raw-index"
    if not (sk / "MAIN_WRITELOCK").exists() and not any(sk.glob("*.toc")):
        searchkit_index(corpus, sk)
    if not any(raw.glob("*.toc")):
        raw_index_process(texts, raw)
    return sk, raw, texts


def bench_people(sk_index: Path, n: int = 60) -> list[str]:
    """Full names (two words or more) among the index's most mentioned people, for person filters."""
    from searchkit import Index

    with Index.open(sk_index) as ix:
        return [p.name for p in ix.people(limit=400) if " " in p.name][:n]


def _run_sk(ix, query: BenchQuery) -> int:
    results = ix.search(query.text, limit=10, person=query.person)
    for hit in results:
        _ = hit.snippet, hit.highlights, hit.people
    return results.total


def measure_queries(corpus: Path, n: int = 240, seed: int = 7, profile: bool = False,
                    work: Path | None = None, warmup: bool = True) -> dict:
    """p50/p95 latency (ms) of searchkit and raw Whoosh over the same queries, warm-up excluded."""
    from whoosh import index as whoosh_index

    from searchkit import Index

    sk_path, raw_path, texts = ensure_indexes(corpus, work)
    queries = make_queries(texts, bench_people(sk_path), n=n, seed=seed)
    started = time.perf_counter()
    ix = Index.open(sk_path)
    first = _run_sk(ix, queries[0])
    first_ms = 1000 * (time.perf_counter() - started)
    raw_ix = whoosh_index.open_dir(str(raw_path))
    raw_searcher = raw_ix.searcher()
    parser = raw_parser(raw_ix.schema)
    for q in queries if warmup else ():  # warm-up: both engines, every query once
        _run_sk(ix, q)
        raw_search(raw_searcher, parser, q)
    sk_ms, raw_ms, sk_cpu, raw_cpu, totals = [], [], [], [], []
    kinds: dict[str, list[tuple[float, float]]] = {}
    profiler = cProfile.Profile() if profile else None
    for q in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        totals.append(_run_sk(ix, q))
        if profiler:
            profiler.disable()
        t1, c1 = time.perf_counter(), time.process_time()
        raw_search(raw_searcher, parser, q)
        t2, c2 = time.perf_counter(), time.process_time()
        sk_ms.append(1000 * (t1 - t0))
        raw_ms.append(1000 * (t2 - t1))
        sk_cpu.append(1000 * (c1 - c0))
        raw_cpu.append(1000 * (c2 - c1))
        kinds.setdefault(q.kind, []).append((sk_ms[-1], raw_ms[-1]))
    figures = {
        "corpus": str(corpus),
        "articles": len(ix),
        "queries": len(queries),
        "first_query_ms_incl_open": round(first_ms, 1),
        "first_query_hits": first,
        "searchkit_p50_ms": round(percentile(sk_ms, 50), 2),
        "searchkit_p95_ms": round(percentile(sk_ms, 95), 2),
        "searchkit_max_ms": round(max(sk_ms), 1),
        "raw_p50_ms": round(percentile(raw_ms, 50), 2),
        "raw_p95_ms": round(percentile(raw_ms, 95), 2),
        "ratio_p50": round(percentile(sk_ms, 50) / percentile(raw_ms, 50), 2),
        "ratio_p95": round(percentile(sk_ms, 95) / percentile(raw_ms, 95), 2),
        "median_hits": median(totals),
        "cpu_searchkit_p50_ms": round(percentile(sk_cpu, 50), 2),
        "cpu_searchkit_p95_ms": round(percentile(sk_cpu, 95), 2),
        "cpu_raw_p50_ms": round(percentile(raw_cpu, 50), 2),
        "cpu_raw_p95_ms": round(percentile(raw_cpu, 95), 2),
        "by_kind": {
            kind: {"n": len(pairs), "searchkit_p50_ms": round(percentile([a for a, _ in pairs], 50), 2),
                   "raw_p50_ms": round(percentile([b for _, b in pairs], 50), 2),
                   "searchkit_p95_ms": round(percentile([a for a, _ in pairs], 95), 2)}
            for kind, pairs in sorted(kinds.items())
        },
        "examples": [(q.text, q.person) for q in queries[:8]],
    }
    if profiler:
        stats = pstats.Stats(profiler)
        out = io.StringIO()
        out.write(f"searchkit query pass under cProfile ({len(queries)} queries):\n")
        out.write(cumulative_report(stats, QUERY_STEPS, stats.total_tt))  # type: ignore[attr-defined]
        stats.stream = out
        stats.sort_stats("tottime").print_stats(25)
        figures["profile"] = out.getvalue()
    raw_searcher.close()
    ix.close()
    return figures


#: Index.search options timed by --variants, to size what each feature costs per query.
SEARCH_VARIANTS: dict[str, dict] = {
    "default": {},
    "feedback=False": {"feedback": False},
    "collapse=False": {"collapse": False},
    "suggest=False": {"suggest": False},
    "both off": {"collapse": False, "suggest": False},
}


def measure_variants(corpus: Path, n: int = 240, seed: int = 7,
                     work: Path | None = None) -> dict[str, tuple[float, float]]:
    """p50/p95 (ms) of Index.search under option variants, timed alternately over the same queries."""
    from searchkit import Index

    sk_path, _, texts = ensure_indexes(corpus, work)
    queries = make_queries(texts, bench_people(sk_path), n=n, seed=seed)
    from unittest import mock

    from whoosh import index as whoosh_index

    import searchkit.engine.whoosh.searching as searching

    names = [*SEARCH_VARIANTS, "no all-words bonus", "raw terms=True", "raw terms=False"]
    times: dict[str, list[float]] = {name: [] for name in names}  # CPU ms: steadier under load
    raw_ix = whoosh_index.open_dir(str(sk_path.parent / "raw-index"))
    raw_searcher = raw_ix.searcher()
    parser = raw_parser(raw_ix.schema)
    with Index.open(sk_path) as ix:
        for q in queries:
            ix.search(q.text, limit=10, person=q.person)
        for q in queries:
            for name, options in SEARCH_VARIANTS.items():
                started = time.process_time()
                results = ix.search(q.text, limit=10, person=q.person, **options)
                for hit in results:
                    _ = hit.snippet
                times[name].append(1000 * (time.process_time() - started))
            with mock.patch.object(searching, "favour_all_words", lambda searcher, top_n, words: top_n):
                started = time.process_time()
                results = ix.search(q.text, limit=10, person=q.person)
                for hit in results:
                    _ = hit.snippet
                times["no all-words bonus"].append(1000 * (time.process_time() - started))
            for terms in (True, False):
                started = time.process_time()
                hits = raw_searcher.search(parser.parse(q.text), limit=10, terms=terms)
                for hit in hits:
                    hit.highlights("body")
                times[f"raw terms={terms}"].append(1000 * (time.process_time() - started))
    raw_searcher.close()
    return {name: (round(percentile(v, 50), 2), round(percentile(v, 95), 2)) for name, v in times.items()}


def print_figures(figures: dict) -> None:
    print(f"corpus {figures['corpus']}: {figures['articles']} articles, {figures['queries']} queries "
          f"(median {figures['median_hits']} hits), warm-up excluded")
    print(f"first query incl. Index.open: {figures['first_query_ms_incl_open']} ms")
    print(f"searchkit Index.search (top 10 + snippets): p50 {figures['searchkit_p50_ms']} ms, "
          f"p95 {figures['searchkit_p95_ms']} ms, max {figures['searchkit_max_ms']} ms")
    print(f"raw whoosh (top 10 + highlights):         p50 {figures['raw_p50_ms']} ms, p95 {figures['raw_p95_ms']} ms")
    print(f"ratio searchkit/raw: p50 {figures['ratio_p50']}, p95 {figures['ratio_p95']}")
    print(f"CPU time per query: searchkit p50 {figures['cpu_searchkit_p50_ms']} ms "
          f"p95 {figures['cpu_searchkit_p95_ms']} ms; "
          f"raw p50 {figures['cpu_raw_p50_ms']} ms p95 {figures['cpu_raw_p95_ms']} ms")
    for kind, row in figures["by_kind"].items():
        print(f"  {kind:8s} n={row['n']:3d}  searchkit p50 {row['searchkit_p50_ms']} ms "
              f"p95 {row['searchkit_p95_ms']} ms  raw p50 {row['raw_p50_ms']} ms")


def main(argv: list[str] | None = None) -> None:
    """Parse options, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="corpus folder (default: bench/out/corpus-1x)")
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="cProfile the searchkit pass")
    parser.add_argument("--variants", action="store_true",
                        help="CPU time of Index.search with collapse/suggest off")
    parser.add_argument("--work", type=Path, help="folder holding sk-index and raw-index (default: index_speed's)")
    parser.add_argument("--no-warmup", action="store_true",
                        help="time each query the first time it is seen (no untimed pass first)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    corpus = ensure_corpus(path=args.corpus) if args.corpus else ensure_corpus()
    if args.variants:
        for name, (p50, p95) in measure_variants(corpus, args.queries, args.seed, args.work).items():
            print(f"{name:15s} CPU p50 {p50} ms  p95 {p95} ms")
        return
    figures = measure_queries(corpus, args.queries, args.seed, args.profile, args.work, warmup=not args.no_warmup)
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    print_figures(figures)
    if "profile" in figures:
        print(figures["profile"])


if __name__ == "__main__":
    main()
