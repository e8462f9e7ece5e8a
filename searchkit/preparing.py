"""Read changed files and extract their people, on every core, in file order.

Reading, cleaning and people extraction are independent per file, while the
Whoosh writer must stay a single object in one process. So the files a sync
must read are prepared by a pool of worker processes and handed back, in
order, to the writer; at most a few batches are in flight, so memory stays
bounded however large the corpus. Small syncs skip the pool: starting
processes would cost more than it saves.

The workers are forked *before* the sync takes the index's write lock (a
forked child would otherwise hold the lock's file and keep the index locked
after a killed sync), and on Linux they are told to die with their parent.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.fields import Schema

from .documents import PeopleExtractor, content_hash, to_fields
from .models import Article, Failure
from .preanalysis import pre_analysed
from .reading import read_file
from .sources import SourceFile

#: Below this many files to read, preparing in the writer's process is faster.
PARALLEL_MIN_FILES = 64
#: Files per task sent to a worker, and tasks in flight per worker.
BATCH = 16
IN_FLIGHT = 4
_PR_SET_PDEATHSIG = 1


@dataclass
class PreparedArticle:
    """An article, its content hash and, when new or changed, its people and Whoosh fields."""

    article: Article
    digest: str
    fields: dict | None = None


@dataclass
class Prepared:
    """One file's prepared articles, and what failed in it."""

    source: SourceFile
    articles: list[PreparedArticle] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


Task = tuple[SourceFile, dict[str, str]]  # the file, and {id: content hash} of its indexed articles


def prepare(source: SourceFile, known: dict[str, str], extractor: PeopleExtractor, schema: Schema) -> Prepared:
    """Read one file; for articles that are new or changed, extract people and build the fields.

    Everything per article that can be done apart from the index happens here,
    on a worker, down to analysing the text fields with ``schema``'s analyzers,
    so that the single writer process only files postings.
    """
    result = read_file(Path(source.path), article_id=source.article_id, section=source.section,
                       display_path=source.display)
    prepared = Prepared(source, failures=result.failures)
    for article in result.articles:
        digest = content_hash(article)
        fields = None
        if known.get(article.id) != digest:
            if not article.people:
                article.people = extractor(article)
            fields = pre_analysed(source_fields(article, digest, source), schema)
        prepared.articles.append(PreparedArticle(article, digest, fields))
    return prepared


def source_fields(article: Article, digest: str, source: SourceFile) -> dict:
    """The Whoosh fields of an article read from ``source`` (its path, size and mtime kept for sync)."""
    return to_fields(article, digest=digest, source=source.path, mtime_ns=source.mtime_ns, size=source.size)


def worker_count() -> int:
    """How many processes prepare files (SEARCHKIT_WORKERS overrides; 1 = none)."""
    configured = os.environ.get("SEARCHKIT_WORKERS", "")
    if configured.isdigit():
        return max(1, int(configured))
    return os.cpu_count() or 1


class Preparer:
    """Prepares files in order, with worker processes when a sync has many files to read.

    Use as a context manager around the whole sync, entered before the write
    lock is taken.
    """

    def __init__(self, extractor: PeopleExtractor, schema: Schema, files: int) -> None:
        self.extractor = extractor
        self.schema = schema
        self.pool: ProcessPoolExecutor | None = None
        workers = worker_count()
        if workers > 1 and files >= PARALLEL_MIN_FILES and "fork" in multiprocessing.get_all_start_methods():
            # fork: workers inherit the extractor (even a lambda) instead of unpickling it
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_start_worker, initargs=(extractor, schema))
            self.workers = workers
            for started in [self.pool.submit(os.getpid) for _ in range(workers)]:
                started.result()  # fork them all now, while no lock is held

    def __enter__(self) -> Preparer:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def prepare_all(self, tasks: Sequence[Task]) -> Iterator[Prepared]:
        """Prepared files, in the order of ``tasks``."""
        if self.pool is None or len(tasks) < PARALLEL_MIN_FILES:
            for source, known in tasks:
                yield prepare(source, known, self.extractor, self.schema)
            return
        pending: deque[Future] = deque()
        for start in range(0, len(tasks), BATCH):
            pending.append(self.pool.submit(_prepare_batch, tasks[start : start + BATCH]))
            if len(pending) >= self.workers * IN_FLIGHT:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


_extractor: PeopleExtractor | None = None
_schema: Schema | None = None


def _start_worker(extractor: PeopleExtractor, schema: Schema) -> None:
    global _extractor, _schema
    _extractor, _schema = extractor, schema
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if sys.platform.startswith("linux"):  # die with the sync, rather than linger if it is killed
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _prepare_batch(batch: list[Task]) -> list[Prepared]:
    assert _extractor is not None and _schema is not None
    return [prepare(source, known, _extractor, _schema) for source, known in batch]
