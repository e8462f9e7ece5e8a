"""Relevance on both engines: MAP and nDCG@10 of searchkit on Whoosh and on a 3-node Typesense cluster.

The same documents (``relevance_data``) go into a searchkit index (``Index.add_many``:
searchkit's analysis and people) and, with the same people, into a Typesense
collection through the engine; each judged query runs as a user's plain words
(``literal``), top 1000, scored with trec_eval semantics beside the plain BM25
baseline (``bench/relevance.py``). Typesense's order is its own: its hits are
scored by rank.

Usage::

    python bench/typesense_relevance.py --data ../shared/data --collections time,cran
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from relevance import LIMIT, Run, api_run, baseline_run, evaluate, print_table, query_text  # noqa: E402
from relevance_data import DEFAULT_DATA, Collection, load  # noqa: E402
from relevance_variants import VARIANTS, build_index  # noqa: E402
from typesense.cluster import API_KEY, LocalCluster, server_binary  # noqa: E402

from searchkit.engine.base import Document, SearchRequest  # noqa: E402
from searchkit.engine.typesense import TypesenseEngine  # noqa: E402
from searchkit.index.documents import content_hash, default_people_extractor  # noqa: E402
from searchkit.models import Article  # noqa: E402
from searchkit.search.parser import parse  # noqa: E402


def typesense_run(collection: Collection, location: str, pool: int | None = None) -> Run:
    """Index the collection into a fresh Typesense collection; the top 1000 of each judged query
    (``pool``: how many of Typesense's best are re-scored with BM25F; None: the engine's default)."""
    engine = TypesenseEngine(location, api_key=API_KEY)
    with engine.writer() as writer:
        for doc in collection.docs:
            article = Article(id=doc.id, headline=doc.headline, body=doc.body, date=doc.date)
            digest = content_hash(article)
            article.people = default_people_extractor(article)
            writer.add(Document(article, digest, ""))
        writer.commit()
    reader = engine.reader()
    if pool is not None:
        reader.searcher.pool = pool
    run: Run = {}
    for q, text in collection.judged_queries.items():
        results = reader.search(SearchRequest(parse(query_text(text), literal=True), limit=LIMIT,
                                              collapse=False))
        run[q] = {hit.article.id: float(LIMIT - rank) for rank, hit in enumerate(results.hits)}
    engine.drop()
    engine.close()
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--collections", default="time,cran", help="comma-separated collection names")
    parser.add_argument("--pools", default="",
                        help="also run Typesense re-scoring this many of its best with BM25F (comma-separated; "
                             "0: Typesense's order alone)")
    parser.add_argument("--typesense-only", action="store_true", help="leave out the BM25 and Whoosh runs")
    args = parser.parse_args(argv)
    if not server_binary().exists():
        sys.exit(f"no Typesense server at {server_binary()}: run .ci/install-typesense")
    with tempfile.TemporaryDirectory(prefix="typesense-relevance-") as work:
        cluster = LocalCluster(Path(work) / "cluster").start()
        try:
            for name in (n.strip() for n in args.collections.split(",") if n.strip()):
                collection = load(name, args.data)
                rows = []
                runners = [] if args.typesense_only else [
                    ("bm25-baseline", lambda c=collection: baseline_run(c)),
                    ("searchkit on whoosh", lambda c=collection: api_run(c, build_index(c, VARIANTS["default"],
                                                                                          Path(work)))),
                ]
                runners.append(("searchkit on typesense", lambda c=collection, n=name: typesense_run(
                    c, cluster.location(n.replace("-", "_")))))
                for pool in (int(p) for p in args.pools.split(",") if p.strip()):
                    runners.append((f"typesense, pool {pool}", lambda c=collection, n=name, p=pool: typesense_run(
                        c, cluster.location(f"{n.replace('-', '_')}_{p}"), p)))
                for label, runner in runners:
                    started = time.perf_counter()
                    means, _ = evaluate(collection, runner())
                    rows.append((label, means, time.perf_counter() - started))
                print_table(collection, rows)
        finally:
            cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
