"""The engine seam's writer on Whoosh: one ``SegmentWriter`` under the write lock, tier merges, worker segments.

Every write holds the index's write lock. A writer left without a commit (a
full disk, Ctrl-C, a bug) is abandoned (writers.py): what it wrote is deleted
before its lock is released, and the index stays as its last commit left it.
Segments that a sync's worker processes built (``WhooshStaging``) are listed
in the writer's commit beside its own (segments.commit_with).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable

from whoosh.writing import CLEAR, OPTIMIZE

from searchkit.engine.base import Document, SyncKey
from searchkit.engine.whoosh.documents import from_fields, to_fields
from searchkit.engine.whoosh.merging import merge_tiers
from searchkit.engine.whoosh.preanalysis import pre_analysed
from searchkit.engine.whoosh.segments import SegmentBuilder, commit_with, new_spill_folder
from searchkit.engine.whoosh.wholecolumns import column_values
from searchkit.engine.whoosh.writers import abandon, open_writer
from searchkit.models import Article


def document_fields(document: Document) -> dict:
    """The Whoosh fields of a document (its sync key among them)."""
    return to_fields(document.article, digest=document.content_hash, dupkey=document.dupkey,
                     source=document.source, mtime_ns=document.mtime_ns, size=document.size)


def sync_keys(reader) -> list[SyncKey]:
    """Every live document's sync key, read from columns (no stored text is loaded).

    Each segment's columns are read whole (wholecolumns.py) and decoded a column at a
    time: looking values up one document at a time costs several times more, and a
    sync with nothing to do is mostly this.
    """
    if reader.doc_count_all() == 0:
        return []
    keys: list[SyncKey] = []
    for leaf, _offset in reader.leaf_readers():
        columns = [column_values(leaf, name) for name in ("id", "source", "mtime_ns", "size", "content_hash")]
        if leaf.has_deletions():
            live = list(leaf.all_doc_ids())
            columns = [[column[docnum] for docnum in live] for column in columns]
        ids, sources, mtimes, sizes, hashes = columns
        keys.extend(map(SyncKey, [value.decode("utf-8") for value in ids],
                        [value.decode("utf-8", "surrogateescape") for value in sources], mtimes, sizes,
                        [value.decode("ascii") for value in hashes]))
    return keys


class Encoder:
    """``Engine.encoder()`` on Whoosh: a document's fields, already analysed (preanalysis.py).

    A plain object holding the schema, so forked worker processes run it as is.
    """

    def __init__(self, schema) -> None:
        self.schema = schema

    def __call__(self, document: Document) -> dict:
        return pre_analysed(document_fields(document), self.schema)


class WhooshStaging:
    """Segments built by a sync's worker processes, spilling into a folder of the sync's own."""

    def __init__(self, ix) -> None:
        self.ix = ix
        self.folder: str | None = None

    def __enter__(self) -> WhooshStaging:
        self.folder = new_spill_folder(self.ix)
        return self

    def builder(self) -> SegmentBuilder:
        assert self.folder is not None, "builders are made inside the staging's block"
        return SegmentBuilder(self.ix, self.folder)

    def __exit__(self, *exc_info) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


class WhooshWriter:
    """``EngineWriter`` on Whoosh (see the module docstring); ``on_commit`` runs after every commit."""

    def __init__(self, ix, *, timeout: float, on_wait: Callable[[float], None] | None, where: str,
                 on_commit: Callable[[], None]) -> None:
        self.ix = ix
        self.timeout, self.on_wait, self.where = timeout, on_wait, where
        self.on_commit = on_commit
        self.encode = Encoder(ix.schema)  # documents not encoded ahead are analysed in their language here
        self.segments: list = []
        self.raw = None

    def _open(self) -> None:
        """Take the lock and start a segment; ``self.raw`` is set before a Ctrl-C can take effect, so that
        ``cancel`` finds what was begun."""
        open_writer(self.ix, timeout=self.timeout, on_wait=self.on_wait, where=self.where, keep=self._keep)

    def _keep(self, writer) -> None:
        writer.mergetype = merge_tiers
        self.raw = writer

    def sync_keys(self) -> list[SyncKey]:
        return sync_keys(self.raw.reader())

    def stored(self, article_id: str) -> Article | None:
        stored = self.raw.searcher().document(id=article_id)
        return from_fields(stored) if stored is not None else None

    def add(self, document: Document, encoded: object = None) -> None:
        self.raw.add_document(**(encoded if encoded is not None else self.encode(document)))

    def replace(self, document: Document, encoded: object = None) -> None:
        self.raw.update_document(**(encoded if encoded is not None else self.encode(document)))

    def delete(self, article_id: str) -> bool:
        return self.raw.delete_by_term("id", article_id) > 0

    def adopt(self, part: object, drop: list[int]) -> None:
        for docnum in drop:
            part.delete_document(docnum)
        self.segments.append(part)

    def checkpoint(self) -> None:
        self.commit()
        self._open()

    def commit(self, *, replace_all: bool = False) -> None:
        self._commit(CLEAR if replace_all else None)

    def optimize(self) -> None:
        """Commit, merging every segment into one."""
        self._commit(OPTIMIZE)

    def _commit(self, mergetype) -> None:
        commit_with(self.raw, self.segments, mergetype=mergetype)
        self.segments = []
        self.on_commit()

    def cancel(self) -> None:
        if self.raw is not None:
            abandon(self.raw)  # a no-op after a commit

    def __enter__(self) -> WhooshWriter:
        """Take the lock and open the writer. When this fails half-way (Ctrl-C), ``__exit__`` still gives
        back what was taken: register it before entering (``interrupts.entered``)."""
        self._open()
        return self

    def __exit__(self, *exc_info) -> None:
        self.cancel()  # not committed: what the writer opened goes
