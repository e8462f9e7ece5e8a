"""Bring an index in line with the files on disk: add, update, remove, skip the unchanged.

A file whose size and modification time match what the index recorded is not
read at all. A changed file is read and each of its articles compared by
content hash, so touching a file costs no re-indexing. Articles whose files
were deleted from the synced folders are removed; articles whose files merely
failed to read this time are kept (a read error never loses indexed data).

A file that failed is remembered (``failing``: as it was then) and not read
again until it changes, so a permanently broken file is reported as still
failing, apart from this run's failures. An id is never taken over from a
file of a folder this sync was not given: that would replace another folder's
article.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from searchkit.engine.base import EngineWriter, SyncKey
from searchkit.index.meta import KnownFailure
from searchkit.index.prepare import Prepared, PreparedArticle, Preparer, Sealed, source_document
from searchkit.ingest.files import printable
from searchkit.ingest.sources import Discovery, SourceFile, under_roots
from searchkit.models import Failure, SyncReport

#: progress(done, total, display_path) after each file.
Progress = Callable[[int, int, str], None]


def file_status(source: SourceFile, old: list[SyncKey], known: KnownFailure | None) -> tuple[bool, bool]:
    """(current, still_failing): whether the index holds the file as it is now, and whether it failed
    before and has not changed since. From the file's stat alone: nothing is read."""
    current = bool(old) and all(d.mtime_ns == source.mtime_ns and d.size == source.size for d in old)
    still_failing = known is not None and known.unchanged(source.mtime_ns, source.size, source.ctime_ns)
    return current, still_failing


def files_to_read(files: list[SourceFile], docs: list[SyncKey], failing: dict[str, KnownFailure]) -> int:
    """How many of ``files`` a sync over ``docs`` (the index's sync keys) will read: it forks
    preparing workers only when there are enough of them to share."""
    by_source = _by_source(docs)
    count = 0
    for source in files:
        known = failing.get(source.path)
        current, still_failing = file_status(source, by_source.get(source.path, []), known)
        count += not (still_failing or (current and known is None))
    return count


def _by_source(docs: list[SyncKey]) -> dict[str, list[SyncKey]]:
    by_source: dict[str, list[SyncKey]] = {}
    for doc in docs:
        by_source.setdefault(doc.source, []).append(doc)
    return by_source


class Syncer:
    """One sync run over an engine writer; call ``run`` once.

    Articles the preparing workers wrote apart from the index (``Staging``) are
    kept or discarded here, and their parts handed to the writer
    (``EngineWriter.adopt``); the rest are written with ``writer``.

    With ``checkpoints``, the writer commits once ``checkpoint_seconds`` have
    passed since the sync began or last committed, and goes on, so an
    interrupted sync loses at most that much work (each commit is complete on
    its own). Time rather than a count of articles, because each commit leaves
    segments that every later search pays for.
    """

    def __init__(
        self,
        writer: EngineWriter,
        preparer: Preparer,
        progress: Progress | None = None,
        *,
        rebuild: bool = False,
        checkpoints: bool = False,
        checkpoint_seconds: float = 120.0,
        failing: dict[str, KnownFailure] | None = None,
        docs: list[SyncKey] | None = None,
    ) -> None:
        self.writer = writer
        self.preparer = preparer
        self.progress = progress
        self.checkpoints = checkpoints
        self.checkpoint_seconds = checkpoint_seconds
        self.last_commit = time.monotonic()
        if rebuild:
            docs = []
        elif docs is None:  # not read already from a view as of the writer's commit
            docs = writer.sync_keys()
        self.by_id = {doc.id: doc for doc in docs}
        self.by_source = _by_source(docs)
        self.seen_ids: dict[str, str] = {}
        self.report = SyncReport()
        self.rewritten = 0  # unchanged articles re-stored only to record a new mtime
        self.adopted = 0  # parts the workers built, handed to the writer
        self.unwanted: dict[int, list[int]] = {}  # worker -> documents of its open segment to delete
        #: Files that failed, as they were then (path -> KnownFailure); updated by ``run``.
        self.failing = dict(failing or {})
        self.roots: list[str] = []

    def run(self, discovery: Discovery) -> SyncReport:
        report = self.report
        report.failures.extend(self._new_listing_failures(discovery))
        report.skipped.extend(discovery.skipped)
        self.roots = discovery.roots
        total, done = len(discovery.files), 0
        to_read = []
        for source in discovery.files:
            old = self.by_source.get(source.path, [])
            known = self.failing.get(source.path)
            current, still_failing = file_status(source, old, known)
            if still_failing:
                report.still_failing.append(Failure(source.display, known.reason))
            if still_failing or (current and known is None):  # a failing file that changed (a chmod too) is read
                report.unchanged += len(old) if current else 0
                self.seen_ids.update((d.id, source.display) for d in old)
                done += 1
                if self.progress:
                    self.progress(done, total, source.display)
            else:
                to_read.append((source, {d.id: d.content_hash for d in old}))
        for prepared in self.preparer.prepare_all(to_read, pause=self._checkpoint_due):
            if isinstance(prepared, Sealed):
                self._take(prepared)
                continue
            self._apply(prepared)
            done += 1
            if self.progress:
                self.progress(done, total, prepared.source.display)
        found = {source.path for source in discovery.files}
        for path, docs in self.by_source.items():
            gone = under_roots(path, discovery.roots) and not under_roots(path, discovery.unlisted)
            if gone and path not in found:
                self._remove(docs)
        for path in list(self.failing):
            if path not in found and under_roots(path, discovery.roots) and not under_roots(path, discovery.unlisted):
                del self.failing[path]  # deleted, or no longer an article file
        return report

    def _new_listing_failures(self, discovery: Discovery) -> list[Failure]:
        """Discovery's failures less folders that still cannot be listed, untouched since they last failed:
        those are counted apart, as files that keep failing are, so a cron job sees only new failures."""
        known_again = []
        for folder, failure in discovery.unlisted.items():
            try:
                status = os.stat(folder)
            except OSError:
                continue
            known = self.failing.get(folder)
            if known is not None and known.unchanged(status.st_mtime_ns, 0, status.st_ctime_ns):
                self.report.still_failing.append(failure)
                known_again.append(failure)
            else:
                self.failing[folder] = KnownFailure(status.st_mtime_ns, 0, failure.reason, status.st_ctime_ns)
        return [failure for failure in discovery.failures if not any(failure is known for known in known_again)]

    @property
    def dirty(self) -> bool:
        return self.report.changed or self.rewritten > 0 or self.adopted > 0

    def _checkpoint_due(self) -> bool:
        return self.checkpoints and time.monotonic() - self.last_commit >= self.checkpoint_seconds

    def _take(self, sealed: Sealed) -> None:
        """Keep the workers' sealed parts, less the documents this sync decided against; commit if due."""
        for worker, part in sealed.parts:
            self.writer.adopt(part, self.unwanted.pop(worker, []))
            self.adopted += 1
        if self._checkpoint_due():
            self.writer.checkpoint()
            self.adopted = 0
            self.last_commit = time.monotonic()

    def _apply(self, prepared: Prepared) -> None:
        """Write one prepared file; when it could not be read at all, its old articles stay."""
        source = prepared.source
        old = self.by_source.get(source.path, [])
        self.report.failures.extend(prepared.failures)
        self.report.warnings.extend(prepared.warnings)
        self.report.skipped.extend(prepared.skipped)
        self._remember(prepared)
        if not prepared.articles and prepared.failures:
            self.seen_ids.update((d.id, source.display) for d in old)
            return
        new_ids = set()
        for item in prepared.articles:
            article = item.article
            owner = self._owner(article.id, source)
            if owner is not None:
                reason = f"duplicate id {article.id!r} (already used by {owner})"
                self.report.failures.append(Failure(article.path, reason))
                self._discard(item)
                continue
            self.seen_ids[article.id] = source.display
            new_ids.add(article.id)
            self._write(item, source)
        self._remove([doc for doc in old if doc.id not in new_ids])

    def _owner(self, article_id: str, source: SourceFile) -> str | None:
        """The file that holds ``article_id`` already: one read in this sync, or one of a folder it was not given."""
        if article_id in self.seen_ids:
            return self.seen_ids[article_id]
        previous = self.by_id.get(article_id)
        if previous is not None and previous.source != source.path and not under_roots(previous.source, self.roots):
            return printable(previous.source)
        return None

    def _remember(self, prepared: Prepared) -> None:
        """Record a file whose reading failed (in part), as it is now; forget it once it reads cleanly."""
        source = prepared.source
        if not prepared.failures:
            self.failing.pop(source.path, None)
            return
        first = prepared.failures[0].reason
        reason = first if len(prepared.failures) == 1 else f"{len(prepared.failures)} failures, the first: {first}"
        self.failing[source.path] = KnownFailure(source.mtime_ns, source.size, reason, source.ctime_ns)

    def _remove(self, docs: list[SyncKey]) -> None:
        """Delete documents, unless another file took over their id in this run."""
        for doc in docs:
            if doc.id not in self.seen_ids:
                self.writer.delete(doc.id)
                self.report.removed += 1

    def _write(self, item: PreparedArticle, source: SourceFile) -> None:
        article, previous = item.article, self.by_id.get(item.article.id)
        unchanged = previous is not None and previous.content_hash == item.digest
        if unchanged:
            self.report.unchanged += 1
            if (previous.mtime_ns, previous.size, previous.source) == (source.mtime_ns, source.size, source.path):
                self._discard(item)
                return
            if item.encoded is None and item.written is None and not article.people:  # kept from before
                stored = self.writer.stored(article.id)
                article.people = stored.people if stored is not None else []
            self.rewritten += 1  # re-stored only to record where and when the file now is
        self._store(item, source, new=previous is None)
        if previous is None:
            self.report.added += 1
        elif not unchanged:
            self.report.updated += 1

    def _store(self, item: PreparedArticle, source: SourceFile, new: bool) -> None:
        """Write one article, or keep the copy a worker wrote; a new id needs no look-up of an old copy."""
        if item.written is not None:
            if not new:
                self.writer.delete(item.article.id)
            return
        document = source_document(item.article, item.digest, source)
        if new:
            self.writer.add(document, item.encoded)
        else:
            self.writer.replace(document, item.encoded)

    def _discard(self, item: PreparedArticle) -> None:
        """Delete a worker's copy of an article the index is not to keep (once its segment is sealed)."""
        if item.written is not None:
            worker, docnum = item.written
            self.unwanted.setdefault(worker, []).append(docnum)
