"""Bring an index in line with the files on disk: add, update, remove, skip the unchanged.

A file whose size and modification time match what the index recorded is not
read at all. A changed file is read and each of its articles compared by
content hash, so touching a file costs no re-indexing. Articles whose files
were deleted from the synced folders are removed; articles whose files merely
failed to read this time are kept (a read error never loses indexed data).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .documents import PeopleExtractor, content_hash, split_list, to_fields
from .models import Article, Failure, SyncReport
from .reading import read_file
from .sources import Discovery, SourceFile, under_roots

#: progress(done, total, display_path) after each file.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class IndexedDoc:
    """What the index recorded about one document, read from its columns."""

    docnum: int
    id: str
    source: str
    mtime_ns: int
    size: int
    content_hash: str


def indexed_docs(reader) -> list[IndexedDoc]:
    """Every live document's bookkeeping, read from columns (no stored text is loaded)."""
    names = ("id", "source", "mtime_ns", "size", "content_hash")
    if reader.doc_count_all() == 0:
        return []
    columns = [reader.column_reader(name) for name in names]
    return [
        IndexedDoc(docnum, *(column[docnum] for column in columns))
        for docnum in reader.all_doc_ids()
    ]


class Syncer:
    """One sync run over an open Whoosh writer; call ``run`` once."""

    def __init__(
        self, writer, extractor: PeopleExtractor, progress: Progress | None = None, *, rebuild: bool = False
    ) -> None:
        self.writer = writer
        self.extractor = extractor
        self.progress = progress
        docs = [] if rebuild else indexed_docs(writer.reader())
        self.by_id = {doc.id: doc for doc in docs}
        self.by_source: dict[str, list[IndexedDoc]] = {}
        for doc in docs:
            self.by_source.setdefault(doc.source, []).append(doc)
        self.seen_ids: dict[str, str] = {}
        self.report = SyncReport()
        self.rewritten = 0  # unchanged articles re-stored only to record a new mtime

    def run(self, discovery: Discovery) -> SyncReport:
        report = self.report
        report.failures.extend(discovery.failures)
        report.skipped.extend(discovery.skipped)
        found = {source.path for source in discovery.files}
        total = len(discovery.files)
        for done, source in enumerate(discovery.files, start=1):
            self._sync_file(source)
            if self.progress:
                self.progress(done, total, source.display)
        for path, docs in self.by_source.items():
            gone = under_roots(path, discovery.roots) and not under_roots(path, discovery.unlisted)
            if gone and path not in found:
                self._remove(docs)
        return report

    def _remove(self, docs: list[IndexedDoc]) -> None:
        """Delete documents, unless another file took over their id in this run."""
        for doc in docs:
            if doc.id not in self.seen_ids:
                self.writer.delete_document(doc.docnum)
                self.report.removed += 1

    @property
    def dirty(self) -> bool:
        return self.report.changed or self.rewritten > 0

    def _sync_file(self, source: SourceFile) -> None:
        """Sync one file; when it cannot be read at all, its old articles stay."""
        old = self.by_source.get(source.path, [])
        if old and all(d.mtime_ns == source.mtime_ns and d.size == source.size for d in old):
            self.report.unchanged += len(old)
            self.seen_ids.update((d.id, source.display) for d in old)
            return
        result = read_file(
            Path(source.path), article_id=source.article_id, section=source.section, display_path=source.display
        )
        self.report.failures.extend(result.failures)
        if not result.articles and result.failures:
            self.seen_ids.update((d.id, source.display) for d in old)
            return
        new_ids = set()
        for article in result.articles:
            if article.id in self.seen_ids:
                self.report.failures.append(
                    Failure(article.path, f"duplicate id {article.id!r} (already used by {self.seen_ids[article.id]})")
                )
                continue
            self.seen_ids[article.id] = source.display
            new_ids.add(article.id)
            self._write(article, source)
        self._remove([doc for doc in old if doc.id not in new_ids])

    def _write(self, article: Article, source: SourceFile) -> None:
        digest = content_hash(article)
        previous = self.by_id.get(article.id)
        if previous is not None and previous.content_hash == digest:
            self.report.unchanged += 1
            if (previous.mtime_ns, previous.size, previous.source) != (source.mtime_ns, source.size, source.path):
                stored = self.writer.reader().stored_fields(previous.docnum)
                article.people = split_list(stored.get("people"))
                self.rewritten += 1
                self._store(article, source, digest)
            return
        if not article.people:
            article.people = self.extractor(article)
        self._store(article, source, digest)
        if previous is None:
            self.report.added += 1
        else:
            self.report.updated += 1

    def _store(self, article: Article, source: SourceFile, digest: str) -> None:
        fields = to_fields(article, digest=digest, source=source.path, mtime_ns=source.mtime_ns, size=source.size)
        self.writer.update_document(**fields)
