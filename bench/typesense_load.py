"""Bulk sync and queries: a 3-node Typesense cluster vs the embedded Whoosh index, one run side by side.

Whoosh: ``searchkit index CORPUS --index DIR -q`` in a fresh process (wall time,
peak memory of its process tree, index size on disk). Typesense: a 3-node
cluster on 127.0.0.1 from the pinned server (``.ci/install-typesense``); the
same files read, cleaned and given their people by searchkit's own code in as
many worker processes as ``searchkit index`` uses, then written through the
engine (bulk upserts in batches); wall time, each node's resident memory and
data folder size. Then the same queries (bench/speed_common.py's 240
headline-word queries, a fifth with a person filter) on both, top 10 with
snippets made by searchkit, p50/p95 after a warm-up pass.

Usage::

    python bench/typesense_load.py --data DATA                 # BBC + Reuters (23,803 articles)
    python bench/typesense_load.py --data DATA --size 200000   # replicated (speed_common.build_corpus)
    python bench/typesense_load.py --size 200000 --whoosh-index bench/out/work-corpus-200000/sk-index
        # queries only on the Whoosh side: an index ``searchkit index`` (scale.py) built of the same corpus
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from speed_common import (  # noqa: E402
    DATA,
    PYTHON,
    BenchQuery,
    build_corpus,
    corpus_path,
    du_mib,
    ensure_texts,
    make_queries,
    percentile,
    run_measured,
    searchkit_index,
)
from typesense.cluster import API_KEY, LocalCluster, server_binary  # noqa: E402


def _prepare(task: tuple[str, str, str, str, int, int]) -> list:
    """Read one file and give its articles their people, hashes and duplicate keys (a worker process)."""
    from searchkit.engine.base import Document
    from searchkit.index.documents import content_hash, default_people_extractor, duplicate_key
    from searchkit.ingest.reading import read_file

    path, article_id, section, display, mtime_ns, size = task
    documents = []
    for article in read_file(Path(path), article_id=article_id, section=section, display_path=display).articles:
        digest = content_hash(article)
        article.people = default_people_extractor(article)
        documents.append(Document(article, digest, duplicate_key(article.body), path, mtime_ns, size))
    return documents


def typesense_sync(corpus: Path, location: str) -> dict:
    """Sync a corpus into a Typesense collection as a user's sync does (the worker of ``sync``)."""
    from searchkit.engine.typesense import TypesenseEngine
    from searchkit.index.prepare import worker_count
    from searchkit.ingest.sources import discover

    started = time.perf_counter()
    files = discover([corpus]).files
    tasks = [(f.path, f.article_id, f.section, f.display, f.mtime_ns, f.size) for f in files]
    engine = TypesenseEngine(location, api_key=API_KEY)
    written = 0
    writing = 0.0
    with ProcessPoolExecutor(worker_count()) as pool, engine.writer() as writer:
        for documents in pool.map(_prepare, tasks, chunksize=16):
            began = time.perf_counter()
            for document in documents:
                writer.add(document)
            writing += time.perf_counter() - began
            written += len(documents)
        began = time.perf_counter()
        writer.commit()
        writing += time.perf_counter() - began
    count = engine.reader().count()
    engine.close()
    return {"articles": written, "count": count, "seconds": time.perf_counter() - started, "writing": writing}


def node_memory_mib(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) of a server process, MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def whoosh_queries(index: Path, queries: list[BenchQuery]) -> list[float]:
    from searchkit import Index

    times = []
    with Index.open(index) as ix:
        for rounds in (0, 1):  # a warm-up pass, then the timed one
            for query in queries:
                began = time.perf_counter()
                results = ix.search(query.text, limit=10, person=query.person)
                for hit in results:
                    _ = hit.snippet, hit.highlights
                if rounds:
                    times.append((time.perf_counter() - began) * 1000)
    return times


def typesense_queries(location: str, queries: list[BenchQuery]) -> list[float]:
    from searchkit.engine.base import Filters, SearchRequest
    from searchkit.engine.typesense import TypesenseEngine
    from searchkit.people.names import name_key
    from searchkit.search.highlight import highlighter
    from searchkit.search.parser import parse
    from searchkit.search.snippets import make_snippet

    engine = TypesenseEngine(location, api_key=API_KEY)
    reader = engine.reader()
    times = []
    for rounds in (0, 1):
        for query in queries:
            began = time.perf_counter()
            parsed = parse(query.text)
            filters = Filters(people_keys=(name_key(query.person),)) if query.person else Filters()
            results = reader.search(SearchRequest(parsed, filters=filters, limit=10, text=query.text))
            marks = highlighter(parsed)
            for hit in results.hits:
                make_snippet(hit.article.body, hit.article.subheads, marks)
            if rounds:
                times.append((time.perf_counter() - began) * 1000)
    engine.close()
    return times


def write_pause(cluster: LocalCluster, location: str) -> float:
    """Seconds from the leader's SIGKILL until a one-article write is applied (the client waits for a new leader)."""
    from searchkit.engine.base import Document
    from searchkit.engine.typesense import TypesenseEngine
    from searchkit.models import Article

    engine = TypesenseEngine(location, api_key=API_KEY)
    leader = cluster.leader()
    assert leader is not None
    leader.kill()
    began = time.perf_counter()
    with engine.writer() as writer:
        writer.replace(Document(Article(id="bench/pause", headline="Written after the leader died"), "pause", ""))
        writer.commit()
    seconds = time.perf_counter() - began
    engine.close()
    return seconds


def bench_people(index: Path, n: int = 60) -> list[str]:
    from searchkit import Index

    with Index.open(index) as ix:
        return [p.name for p in ix.people(limit=400) if " " in p.name][:n]


def progress(line: str) -> None:
    """A phase's figure on stderr as soon as it is measured: a long run that is stopped keeps what it found."""
    print("# " + line, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=None, help="articles (default: the 23,803 originals)")
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("SEARCHKIT_BENCH_DATA") or DATA),
                        help="the shared data folder holding bbc_news/ and reuters21578/")
    parser.add_argument("--whoosh-index", type=Path, default=None,
                        help="an index `searchkit index` built of the same corpus: queried, not built again")
    parser.add_argument("--sync-worker", nargs=2, metavar=("CORPUS", "LOCATION"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sync_worker:
        print(json.dumps(typesense_sync(Path(args.sync_worker[0]), args.sync_worker[1])))
        return
    if not server_binary().exists():
        sys.exit(f"no Typesense server at {server_binary()}: run .ci/install-typesense")
    corpus = corpus_path(args.size)
    if not (corpus.parent / f"{corpus.name}.info.json").exists():
        build_corpus(corpus, size=args.size, data=args.data)
    texts = ensure_texts(corpus)
    work = Path(tempfile.mkdtemp(prefix="typesense-load-"))
    try:
        whoosh_dir = args.whoosh_index or work / "whoosh"
        whoosh = None if args.whoosh_index else searchkit_index(corpus, whoosh_dir)
        whoosh_disk = du_mib(whoosh_dir)
        if whoosh is not None:
            progress(f"whoosh sync {whoosh.seconds:.1f} s, {whoosh_disk:.0f} MiB on disk")
        cluster = LocalCluster(work / "cluster").start()
        try:
            location = cluster.location("news")
            empty = [node_memory_mib(node.process.pid)[0] for node in cluster.nodes]
            run = run_measured([PYTHON, __file__, "--sync-worker", str(corpus), location])
            if run.returncode != 0:
                sys.exit(f"the Typesense sync failed: {run.stderr[-2000:]}")
            synced = json.loads(run.stdout)
            progress(f"typesense sync {synced['seconds']:.1f} s, {synced['count']} articles")
            nodes = [(node_memory_mib(node.process.pid), du_mib(node.folder / "data")) for node in cluster.nodes]
            queries = make_queries(texts, bench_people(whoosh_dir), n=args.queries)
            whoosh_ms = whoosh_queries(whoosh_dir, queries)
            typesense_ms = typesense_queries(location, queries)
            pause = write_pause(cluster, location)
        finally:
            cluster.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    articles = synced["articles"]
    print(f"corpus: {articles} articles ({corpus.name}); {len(queries)} queries; {os.cpu_count()} cores")
    if whoosh is not None:
        print(f"sync  whoosh (searchkit index): {whoosh.seconds:7.1f} s wall, peak {whoosh.tree_mib:6.0f} MiB (tree), "
              f"{whoosh_disk:6.0f} MiB on disk")
    else:
        print(f"sync  whoosh: not run (the index at {args.whoosh_index}: {whoosh_disk:.0f} MiB on disk)")
    ratio = f"ratio {synced['seconds'] / whoosh.seconds:.2f}x whoosh; " if whoosh is not None else ""
    print(f"sync  typesense 3 nodes:        {synced['seconds']:7.1f} s wall ({synced['writing']:.1f} s writing), "
          f"client peak {run.max_rss_mib:.0f} MiB; {ratio}count {synced['count']}")
    for number, (((rss, peak), disk), base) in enumerate(zip(nodes, empty, strict=True)):
        print(f"      node {number}: {rss:6.0f} MiB resident (peak {peak:6.0f}; {base:.0f} empty), {disk:6.0f} MiB "
              f"on disk; {(rss - base) / articles * 1e6 / 1024:5.1f} GiB of memory per million articles")
    print(f"write pause after the leader's SIGKILL: {pause:.1f} s until a write was applied")
    for name, times in (("whoosh", whoosh_ms), ("typesense", typesense_ms)):
        print(f"query {name:9s}: p50 {percentile(times, 50):6.1f} ms, p95 {percentile(times, 95):6.1f} ms")
    print(f"query ratio typesense/whoosh: p50 {percentile(typesense_ms, 50) / percentile(whoosh_ms, 50):.2f}x, "
          f"p95 {percentile(typesense_ms, 95) / percentile(whoosh_ms, 95):.2f}x")


if __name__ == "__main__":
    main()
