"""Read changed files, extract their people and encode (or stage) their documents, on every core, in file order.

Reading, cleaning, people extraction, analysis and filing postings are
independent per article; what must happen in one place, in file order, is
deciding what the index keeps (duplicate ids, updates, removals) and
committing. So the files a large sync must read go, a batch at a time and in
turn, to worker processes that prepare them (the engine's ``encoder`` gives
each document the engine's own form) and, when the engine has ``staging``
(Whoosh on disk: a segment of each worker's own), write them there; the sync
reads their results back in the same order, decides, and asks the workers to
seal their parts when it commits. At most a few batches are in flight, so memory stays
bounded however large the corpus. Small syncs, and engines without staging
(an index held in memory, which a worker process cannot write to), are
prepared in the sync's own process, and written by its writer.

The workers are forked *before* the sync takes the index's write lock (a
forked child would otherwise hold the lock's file and keep the index locked
after a killed sync), and on Linux they are told to die with their parent.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import queue
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from searchkit.engine.base import Document, Engine, Staging, StagingBuilder
from searchkit.errors import SearchkitError
from searchkit.index.documents import PeopleExtractor, content_hash, duplicate_key
from searchkit.ingest.sources import SourceFile
from searchkit.interrupts import interrupts_held
from searchkit.models import Article, Failure

#: Below this many files to read, preparing in the sync's own process is faster.
PARALLEL_MIN_FILES = 64
#: A task sent to a worker holds at most this many files or, past the first, bytes;
#: and each worker has this many tasks in flight. Bytes as well as files, because
#: one JSON-lines file can hold a thousand articles: sixteen of them in one task
#: would leave the other workers idle.
BATCH = 16
BATCH_BYTES = 64 * 1024
IN_FLIGHT = 4
#: How often a sync waiting for a worker checks that it is still alive (seconds).
LIVENESS_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1


@dataclass
class PreparedArticle:
    """An article, its content hash and, when new or changed, its encoded form or where a worker wrote it.

    ``encoded`` is ``Engine.encoder()``'s form of the document; ``written`` is
    (worker, document number in the part that worker is building).
    """

    article: Article
    digest: str
    encoded: object = None
    written: tuple[int, int] | None = None


@dataclass
class Prepared:
    """One file's prepared articles, what failed in it and what was read but not understood."""

    source: SourceFile
    articles: list[PreparedArticle] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)
    skipped: list[Failure] = field(default_factory=list)


@dataclass
class Sealed:
    """The workers' parts, sealed after every Prepared before it: [(worker, part)]."""

    parts: list[tuple[int, object]] = field(default_factory=list)


Task = tuple[SourceFile, dict[str, str]]  # the file, and {id: content hash} of its indexed articles


#: ``Engine.encoder()``: a document in the engine's own form.
Encode = Callable[[Document], object]


def prepare(source: SourceFile, known: dict[str, str], extractor: PeopleExtractor, encode: Encode,
            keep_non_articles: bool = False) -> Prepared:
    """Read one file; for articles that are new or changed, extract people and encode the documents.

    Everything per article that can be done apart from the index happens here,
    down to what ``encode`` does (Whoosh: analysing the text fields).
    """
    from searchkit.ingest.reading import read_file  # the readers load only when a file is read

    try:
        result = read_file(Path(source.path), article_id=source.article_id, section=source.section,
                           display_path=source.display, keep_non_articles=keep_non_articles)
    except Exception as exc:  # a reader's bug costs this file, not the whole sync
        if os.environ.get("SEARCHKIT_DEBUG"):
            raise
        reason = f"cannot read: internal error {type(exc).__name__}: {exc} (please report it)"
        return Prepared(source, failures=[Failure(source.display, reason)])
    prepared = Prepared(source, failures=result.failures, warnings=result.warnings, skipped=result.skipped)
    for article in result.articles:
        digest = content_hash(article)
        encoded = None
        if known.get(article.id) != digest:
            if not article.people:
                article.people = extractor(article)
            encoded = encode(source_document(article, digest, source))
        prepared.articles.append(PreparedArticle(article, digest, encoded))
    return prepared


def source_document(article: Article, digest: str, source: SourceFile) -> Document:
    """The document of an article read from ``source`` (its path, size and mtime kept for sync)."""
    return Document(article, digest, duplicate_key(article.body), source=source.path, mtime_ns=source.mtime_ns,
                    size=source.size)


def worker_count() -> int:
    """How many processes prepare files (SEARCHKIT_WORKERS overrides; 1 = none)."""
    configured = os.environ.get("SEARCHKIT_WORKERS", "")
    if configured.isdigit():
        return max(1, int(configured))
    return os.cpu_count() or 1


def batches(tasks: Sequence[Task]) -> Iterator[list[Task]]:
    """``tasks`` in order, cut into batches of at most BATCH files, closed once they pass BATCH_BYTES."""
    batch: list[Task] = []
    size = 0
    for task in tasks:
        batch.append(task)
        size += task[0].size
        if len(batch) >= BATCH or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


class Preparer:
    """Prepares files in order, with worker processes when a sync has many files to read.

    The workers write into ``engine``'s staging when it has one (otherwise
    they hand the encoded documents back). Use as a context manager around the
    whole sync, entered before the write lock is taken.
    """

    def __init__(self, extractor: PeopleExtractor, engine: Engine, files: int, keep_non_articles: bool = False) -> None:
        self.extractor = extractor
        self.encode = engine.encoder()
        self.keep_non_articles = keep_non_articles
        self.workers: list[_Worker] = []
        self.staging: Staging | None = None
        if worker_count() > 1 and files >= PARALLEL_MIN_FILES and "fork" in multiprocessing.get_all_start_methods():
            self.staging = engine.staging()
            if self.staging is not None:
                self.staging.__enter__()
            # fork: workers inherit the extractor (even a lambda), the encoder and the readers
            # (imported once, here) instead of unpickling or importing them each
            import searchkit.ingest.reading  # noqa: F401
            context = multiprocessing.get_context("fork")
            self.workers = [_Worker(context, number, extractor, self.encode,
                                    self.staging.builder() if self.staging is not None else None, keep_non_articles)
                            for number in range(worker_count())]

    def __enter__(self) -> Preparer:
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        for worker in self.workers:
            worker.stop(kill=exc_type is not None)
        if self.staging is not None:
            self.staging.__exit__(exc_type, *exc_info)

    def prepare_all(self, tasks: Sequence[Task], pause: Callable[[], bool] = lambda: False,
                    ) -> Iterator[Prepared | Sealed]:
        """Prepared files in the order of ``tasks``, then the workers' sealed segments.

        When ``pause()`` is true after a file, a Sealed follows once everything
        sent to the workers so far has been yielded: what it holds is exactly
        what was yielded before it (a point at which the sync can commit).
        """
        if not self.workers or len(tasks) < PARALLEL_MIN_FILES:
            for source, known in tasks:
                yield prepare(source, known, self.extractor, self.encode, self.keep_non_articles)
                if pause():
                    yield Sealed()
            yield Sealed()
            return
        pending: deque[_Worker] = deque()
        pausing = False
        for number, batch in enumerate(batches(tasks)):
            worker = self.workers[number % len(self.workers)]
            worker.send(batch)
            pending.append(worker)
            while pending and (pausing or len(pending) >= len(self.workers) * IN_FLIGHT):
                for prepared in pending.popleft().result():
                    yield prepared
                    pausing = pausing or pause()
            if pausing:
                yield self._seal()
                pausing = False
        while pending:
            yield from pending.popleft().result()
        yield self._seal()

    def _seal(self) -> Sealed:
        for worker in self.workers:
            worker.send(_SEAL)
        return Sealed([(worker.number, part) for worker in self.workers
                       if (part := worker.result()) is not None])


_SEAL = "seal"


class _Worker:
    """One worker process, its queue of tasks and its queue of results (read back in order)."""

    def __init__(self, context, number: int, extractor: PeopleExtractor, encode: Encode,
                 builder: StagingBuilder | None, keep_non_articles: bool = False) -> None:
        self.number = number
        self.tasks = context.Queue()
        self.results = context.Queue()
        self.process = context.Process(target=_work, args=(number, self.tasks, self.results, extractor, encode,
                                                           builder, keep_non_articles), daemon=True)
        self.process.start()

    def send(self, task) -> None:
        """Queue a task for the worker, with Ctrl-C held back until it is queued: a KeyboardInterrupt inside
        ``Queue.put`` can leave the queue's lock held, and the process then hangs at exit."""
        with interrupts_held():
            self.tasks.put(task)

    def result(self):
        """The next result; a worker's exception is raised here, and so is its death."""
        while True:
            try:
                result = self.results.get(timeout=LIVENESS_SECONDS)
                break
            except queue.Empty:
                if not self.process.is_alive():
                    raise SearchkitError(
                        f"a worker preparing articles died (exit code {self.process.exitcode})") from None
        if isinstance(result, BaseException):
            raise result
        return result

    def stop(self, kill: bool) -> None:
        """End the worker: asked to when the sync went well, killed when it failed (its segment unlisted)."""
        self.tasks.cancel_join_thread()
        if not kill:
            self.send(None)
            self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def _work(number: int, tasks, results, extractor: PeopleExtractor, encode: Encode,
          builder: StagingBuilder | None, keep_non_articles: bool = False) -> None:
    """A worker's loop: prepare each batch (writing what changed with ``builder``) until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if sys.platform.startswith("linux"):  # die with the sync, rather than linger if it is killed
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    while (batch := tasks.get()) is not None:
        try:
            if batch == _SEAL:
                results.put(builder.seal() if builder is not None else None)
                continue
            prepared = [prepare(source, known, extractor, encode, keep_non_articles) for source, known in batch]
            if builder is not None:
                for item in (item for each in prepared for item in each.articles if item.encoded is not None):
                    item.written, item.encoded = (number, builder.add(item.encoded)), None
            results.put(prepared)
        except OSError as exc:  # writing its part failed (a full disk...): the sync says what it means
            results.put(exc)
        except Exception as exc:  # reported to the sync, which stops; this worker's segment is never listed
            results.put(SearchkitError(f"preparing articles failed: {type(exc).__name__}: {exc}"))
