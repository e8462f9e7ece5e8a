"""Relevance bench: searchkit's ranking vs a plain BM25 baseline on judged test collections.

Usage::

    python bench/relevance.py [--data ../shared/data] [--collections time,cran,med,cisi,npl]
                              [--variant default,lucene-idf,...|all] [--set FIELD=VALUE ...]
                              [--layout jsonl|txt|add-many] [--list-variants] [--no-api] [--per-query]
                              [--constant MODULE.NAME=VALUE ...]

Each collection is indexed the way a user indexes articles: written as files
(``--layout jsonl``, the default: a feed of ``id``/``body``/``date`` records, with
``title`` only where the collection has titles; ``txt``: one file per article;
``relevance_files``) and indexed by ``Index.sync``. ``--layout add-many`` hands
``Article`` objects to ``Index.add_many`` instead, as a diagnostic. Each judged query
is run as a user's plain-words query (``literal=True``: the query texts hold
punctuation) and the top 1000 are scored with trec_eval semantics by
``pytrec-eval-terrier``: MAP and nDCG@10, averaged over every judged query (a query
that retrieves nothing scores 0, as ``trec_eval -c`` would).  The baseline
(``relevance_baseline.BM25``) runs over the same documents (title + text).

Variants (``relevance_variants.VARIANTS``) change one ranking default at a time, so
experiments are compared in one run; ``default`` is searchkit as shipped, run through
``Index.search`` itself (``--no-api``: through the bench's Whoosh searcher, faster);
the other variants run through a Whoosh searcher over the searchkit index (what
``searching.run_search`` ranks, without snippets); ``--set prf_docs=4`` derives an
ad-hoc variant from each one chosen. ``--constant ranking.FEEDBACK_DOCS=3`` changes a
constant of a ``searchkit.engine.whoosh`` module for the whole run, ``Index.search`` included.

Collection notes: TIME's upper-case text has no reliable headline boundary, so its feed
has no titles; Cranfield's codes 1..4 become gains 4..1 and -1 is not relevant.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytrec_eval

from searchkit.search.parser import MAX_QUERY_LENGTH

sys.path.insert(0, str(Path(__file__).resolve().parent))

from relevance_baseline import BM25  # noqa: E402
from relevance_data import COLLECTIONS, DEFAULT_DATA, Collection, load  # noqa: E402
from relevance_files import LAYOUTS  # noqa: E402
from relevance_variants import VARIANTS, Runner, Variant, build_index, doc_id  # noqa: E402

LIMIT = 1000
MEASURES = ("map", "ndcg_cut_10")
Run = dict[str, dict[str, float]]


def evaluate(collection: Collection, run: Run) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Mean MAP and nDCG@10 over all judged queries, and the per-query figures."""
    judged = collection.judged_queries
    qrels = {q: collection.qrels[q] for q in judged}
    evaluator = pytrec_eval.RelevanceEvaluator(qrels, set(MEASURES))
    per_query = evaluator.evaluate({q: docs for q, docs in run.items() if docs})
    means = {m: sum(per_query.get(q, {}).get(m, 0.0) for q in judged) / len(judged) for m in MEASURES}
    return means, per_query


def query_text(text: str) -> str:
    """The query as a user could type it: searchkit refuses more than ``MAX_QUERY_LENGTH`` characters.

    Only one CISI query (a whole abstract) is longer; it is cut at a word boundary,
    for the baseline too, so both systems see the same words.
    """
    if len(text) <= MAX_QUERY_LENGTH:
        return text
    return text[:MAX_QUERY_LENGTH].rsplit(None, 1)[0]


def baseline_run(collection: Collection) -> Run:
    """The plain BM25 baseline's top 1000 for every judged query."""
    bm25 = BM25({d.id: d.text for d in collection.docs})
    return {q: bm25.search(query_text(text), LIMIT) for q, text in collection.judged_queries.items()}


def api_run(collection: Collection, ix) -> Run:
    """The top 1000 through ``Index.search(text, limit=1000, literal=True)`` (hits' own scores)."""
    run: Run = {}
    for q, text in collection.judged_queries.items():
        results = ix.search(query_text(text), limit=LIMIT, literal=True)
        run[q] = {doc_id(hit.id): hit.score for hit in results.hits}
    return run


def variant_run(collection: Collection, runner: Runner) -> Run:
    """The top 1000 of a variant for every judged query."""
    return {q: runner.search(query_text(text), LIMIT) for q, text in collection.judged_queries.items()}


def bench_collection(
    collection: Collection, variants: list[Variant], workdir: Path, *, api: bool, per_query: bool,
    layout: str = "jsonl",
) -> list[tuple[str, dict[str, float], float]]:
    """Rows ``(name, {measure: mean}, seconds)``: the baseline first, then each variant."""
    started = time.perf_counter()
    base_means, base_per_query = evaluate(collection, baseline_run(collection))
    rows = [("bm25-baseline", base_means, time.perf_counter() - started)]
    indexes = {}
    for variant in variants:
        if variant.analysis_key not in indexes:
            indexes[variant.analysis_key] = build_index(collection, variant, workdir, layout)
        ix = indexes[variant.analysis_key]
        started = time.perf_counter()
        if api and variant.name == "default":
            run = api_run(collection, ix)
        else:
            run = variant_run(collection, Runner(ix, variant))
        means, scores = evaluate(collection, run)
        rows.append((variant.name, means, time.perf_counter() - started))
        if per_query:
            print_per_query(collection, variant.name, scores, base_per_query)
    for ix in indexes.values():
        ix.close()
    return rows


def print_per_query(
    collection: Collection, name: str, scores: dict[str, dict[str, float]], base: dict[str, dict[str, float]]
) -> None:
    """Per-query AP of a variant next to the baseline's, to see where the gain comes from."""
    print(f"\n{collection.name} / {name}: qid  AP  baseline-AP  nDCG@10  baseline-nDCG@10")
    for q in collection.judged_queries:
        mine, theirs = scores.get(q, {}), base.get(q, {})
        print(
            f"  {q:>5} {mine.get('map', 0):.3f} {theirs.get('map', 0):.3f}"
            f" {mine.get('ndcg_cut_10', 0):.3f} {theirs.get('ndcg_cut_10', 0):.3f}"
        )


def print_table(collection: Collection, rows: list[tuple[str, dict[str, float], float]]) -> None:
    """A Markdown table: each row's MAP/nDCG@10 and its difference from the baseline."""
    base = rows[0][1]
    print(f"\n### {collection.name}: {len(collection.docs)} docs, {len(collection.judged_queries)} judged queries\n")
    print("| run | MAP | nDCG@10 | ΔMAP vs BM25 | ΔnDCG@10 vs BM25 | s |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, means, seconds in rows:
        print(
            f"| {name} | {means['map']:.4f} | {means['ndcg_cut_10']:.4f}"
            f" | {means['map'] - base['map']:+.4f} | {means['ndcg_cut_10'] - base['ndcg_cut_10']:+.4f}"
            f" | {seconds:.1f} |"
        )
    sys.stdout.flush()


def _setting(item: str) -> tuple[str, object]:
    """``FIELD=VALUE`` with VALUE read as JSON when it is JSON (numbers, lists), else as text."""
    field, _, text = item.partition("=")
    if not field or not _:
        raise ValueError(f"{item!r} is not FIELD=VALUE")
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = text
    return field.strip(), tuple(value) if isinstance(value, list) else value


def set_constant(item: str) -> None:
    """``MODULE.NAME=VALUE``: set a constant of ``searchkit.engine.whoosh.MODULE`` (an existing one only)."""
    target, value = _setting(item)
    module_name, _, name = target.rpartition(".")
    module = importlib.import_module(f"searchkit.engine.whoosh.{module_name}")
    if not module_name or not hasattr(module, name):
        raise ValueError(f"searchkit.engine.whoosh.{target} is not a constant")
    setattr(module, name, value)


def main(argv: list[str] | None = None) -> int:
    """Parse options, run every collection, print one table per collection."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--collections", default=",".join(COLLECTIONS), help="comma-separated collection names")
    parser.add_argument("--variant", default="default", help="comma-separated variant names, or 'all'")
    parser.add_argument(
        "--set", action="append", default=[], metavar="FIELD=VALUE",
        help="override a Variant field in every chosen variant (e.g. prf_docs=4); repeatable",
    )
    parser.add_argument("--list-variants", action="store_true", help="list the variants and exit")
    parser.add_argument("--no-api", dest="api", action="store_false",
                        help="run 'default' through the bench's Whoosh searcher, not Index.search")
    parser.add_argument("--per-query", action="store_true", help="print per-query AP and nDCG@10")
    parser.add_argument(
        "--constant", action="append", default=[], metavar="MODULE.NAME=VALUE",
        help="set a constant of searchkit.engine.whoosh.MODULE for the whole run "
             "(e.g. ranking.FEEDBACK_DOCS=3, proximity.PROXIMITY_WEIGHT=0); repeatable",
    )
    parser.add_argument("--layout", choices=(*LAYOUTS, "add-many"), default="jsonl",
                        help="files the collection is written as before Index.sync (default: a JSON-lines feed); "
                             "add-many: Index.add_many of Article objects (diagnostic)")
    args = parser.parse_args(argv)
    if args.list_variants:
        for variant in VARIANTS.values():
            print(f"{variant.name:24} {variant.about}")
        return 0
    names = list(VARIANTS) if args.variant == "all" else [n.strip() for n in args.variant.split(",") if n.strip()]
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s) {', '.join(unknown)} (see --list-variants)")
    variants = [VARIANTS[n] for n in names]
    if args.set:
        try:
            changes = dict(_setting(item) for item in args.set)
            variants = [replace(v, name=f"{v.name}[{','.join(args.set)}]", **changes) for v in variants]
        except (TypeError, ValueError) as exc:
            parser.error(f"bad --set: {exc}")
    try:
        for item in args.constant:
            set_constant(item)
    except (ImportError, ValueError) as exc:
        parser.error(f"bad --constant: {exc}")
    with tempfile.TemporaryDirectory(prefix="searchkit-relevance-") as workdir:
        for name in (n.strip() for n in args.collections.split(",") if n.strip()):
            collection = load(name, args.data)
            rows = bench_collection(collection, variants, Path(workdir), api=args.api, per_query=args.per_query,
                                    layout=args.layout)
            print_table(collection, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
