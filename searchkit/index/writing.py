"""The writing half of ``Index``: syncs, single articles, merges, repairs, each in complete commits.

Every write is one engine writer (the seam's ``EngineWriter``), which holds
the index's write lock (waiting up to ``lock_timeout``); one that fails for
any reason (a full disk, Ctrl-C, a read-only folder, a bug) is cancelled when
its block is left, and the index stays as its last commit left it. An
operating-system error then becomes one typed error (faults.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from typing import TYPE_CHECKING

from searchkit.arguments import text_argument
from searchkit.engine.base import Document, EngineWriter
from searchkit.errors import IndexNotFound, InvalidOption, SearchkitError, SourceError
from searchkit.index.documents import content_hash, duplicate_key
from searchkit.index.faults import translated_write_errors
from searchkit.index.meta import IndexMeta, meta_for_sync
from searchkit.index.roots import choose_roots, require_roots, split_roots
from searchkit.interrupts import entered
from searchkit.models import Article, SyncReport

if TYPE_CHECKING:  # imported where used: a query never loads the sync or repair code
    import threading

    from searchkit.index.repair import RepairReport
    from searchkit.index.sync import Progress


class Writing:
    """Index methods that change it (mixed into ``Index``, which provides the engine and the snapshot)."""

    #: A long sync commits what it has written this often (seconds): the most a killed sync loses.
    checkpoint_seconds: float = 120.0

    def _writing(self):
        """Translate the failures of a write into typed errors (a full disk, a read-only folder...)."""
        return translated_write_errors(self._where, self.path)

    def _commit(self, change: Callable[[EngineWriter], bool], *, replace_all: bool = False) -> bool:
        """``change(writer)`` in one commit, made when it returns True; cancelled otherwise, or on any failure."""
        with self._writing(), ExitStack() as stack:
            writer = entered(stack, self.engine.writer())
            changed = bool(change(writer))
            if changed:
                writer.commit(replace_all=replace_all)
        self._refresh()
        return changed

    def optimize(self) -> None:
        """Merge the whole index into one segment: the fastest searches, at the cost of rewriting it all.

        Commits merge small segments on their own (merging.py); this is for after
        a large sync, or a long watch, when search speed matters most.
        """
        with self._writing():
            self.engine.optimize()
        self._refresh()

    def clear(self) -> None:
        """Remove every article, in one commit; the index forgets its folders (and takes the current format)."""
        self._commit(lambda writer: True, replace_all=True)
        self._save_meta_as(IndexMeta())

    def add(self, article: Article) -> None:
        """Add or replace one article (its people are extracted if it names none)."""
        self.add_many([article])

    def add_many(self, articles: Iterable[Article]) -> int:
        """Add or replace articles in one commit; returns how many were written."""
        if not isinstance(articles, Iterable):
            raise InvalidOption(f"articles must be a list of Article objects, not {type(articles).__name__}")
        count = 0

        def write(writer) -> bool:
            nonlocal count
            for article in articles:
                if not isinstance(article, Article):
                    raise InvalidOption(f"articles must be Article objects, not {type(article).__name__}")
                digest = content_hash(article)
                if not article.people:
                    article.people = self.people_extractor(article)
                writer.replace(Document(article, digest, duplicate_key(article.body)))
                count += 1
            return count > 0

        self._commit(write)
        return count

    def delete(self, article_id: str) -> bool:
        """Remove one article by id; returns whether it was there."""
        article_id = text_argument(article_id, "article id")
        return self._commit(lambda writer: writer.delete(article_id))

    def _current_view(self):
        """The latest commit's reader, or None where there is none yet (a remote index its first
        writer creates)."""
        try:
            return self.snapshot().reader
        except IndexNotFound:
            return None

    def sync(
        self,
        paths: Iterable[str | os.PathLike[str]] | None = None,
        *,
        progress: Progress | None = None,
        follow_symlinks: bool = False,
        rebuild: bool = False,
        changed: Iterable[str | os.PathLike[str]] | None = None,
        keep_non_articles: bool = False,
    ) -> SyncReport:
        """Add new, re-index changed and remove deleted articles under ``paths`` (None: the remembered roots).

        A long sync commits every few thousand articles, so an interrupted sync
        keeps its progress; each commit is complete in itself. With ``rebuild``,
        every article is read and indexed afresh and the old contents are
        dropped in one commit at the end, so until then searches see the old index.
        An article's id is its folder's label and its path there (``corpus/world/1.txt``:
        labels are given once per folder and kept in the index's metadata), a file
        given directly keeps its name; an index of the old format (no labels) needs
        a rebuild before it can be synced (``IndexOutdated``).
        With ``changed`` (files or folders under ``paths``, present or deleted,
        e.g. from a file-system watcher) only those are looked at: the rest of
        the archive is not even listed. A folder that is not there is reported
        and its articles kept; SourceError is raised when none of them is there,
        or when one is not and ``rebuild`` would drop its articles.
        Web pages that list other pages (front pages, section indexes, galleries)
        are reported in ``skipped`` and not indexed unless ``keep_non_articles``.
        """
        from searchkit.index.prepare import Preparer
        from searchkit.index.sync import Syncer, files_to_read
        from searchkit.ingest.dates import configured_order
        from searchkit.ingest.sources import discover, given_roots

        if rebuild and changed is not None:
            raise InvalidOption("a rebuild reads every file; it cannot be limited to changed paths")
        configured_order()  # a bad SEARCHKIT_DATE_ORDER fails before anything is read
        self._reload_meta()
        self._require_current_format(rebuild)
        roots = split_roots(require_roots(choose_roots(paths, self.roots), self._where))
        if not roots.present:
            raise SourceError(roots.shown_missing, "no such file or folder (nothing was indexed)")
        if rebuild and roots.missing:  # the rebuild would replace the index without their articles
            raise SourceError(roots.shown_missing, "no such file or folder: nothing was rebuilt, so that its "
                                                   "indexed articles are kept")
        given = given_roots(roots.present)
        discovery = discover(roots.present, follow_symlinks=follow_symlinks, changed=changed,
                             labels=meta_for_sync(self.meta, given, rebuild).roots,
                             exclude=[self.path] if self.path is not None else [])
        discovery.failures[:0] = roots.missing
        block = None
        with self._writing():
            # What the latest commit holds, read without the lock: how many files need reading decides
            # whether preparing workers are forked (before the lock), and the keys are reused under
            # the lock when no commit came in between.
            view = None if rebuild else self._current_view()
            docs = [] if view is None else view.sync_keys()
            reading = files_to_read(discovery.files, docs, self.meta.failing)
            try:
                with Preparer(self.people_extractor, self.engine, reading,  # before the lock
                              keep_non_articles=keep_non_articles) as preparer:
                    block = self.engine.writer()
                    writer = block.__enter__()
                    self._reload_meta()  # under the lock now: another sync may have labelled folders meanwhile
                    self._require_current_format(rebuild)
                    meta = meta_for_sync(self.meta, given, rebuild)
                    discovery.relabel(meta.roots)
                    if not rebuild and (meta.roots, meta.format) != (self.meta.roots, self.meta.format):
                        self._save_meta_as(meta)  # before any commit holds ids made with the new labels
                    syncer = Syncer(writer, preparer, progress, rebuild=rebuild, failing=meta.failing,
                                    checkpoints=not rebuild, checkpoint_seconds=self.checkpoint_seconds,
                                    docs=docs if view is not None and view.up_to_date() else None)
                    report = syncer.run(discovery)
                    meta.failing = syncer.failing
                    if rebuild or syncer.dirty:
                        if not rebuild:
                            self._save_meta_as(meta)
                        writer.commit(replace_all=rebuild)
                        if rebuild:  # after the commit: until then the old contents, and their metadata, stand
                            self._save_meta_as(meta)
                    elif meta.failing != self.meta.failing:
                        self._save_meta_as(meta)
            finally:
                if block is not None:  # not committed (nothing to do, or a failure): cancelled once the
                    block.__exit__(None, None, None)  # workers are stopped, so that nothing writes beside it
                self._refresh()
        return report

    def watch(
        self,
        paths: Iterable[str | os.PathLike[str]] | None = None,
        *,
        stop: threading.Event | None = None,
        on_sync: Callable[[SyncReport], None] | None = None,
        on_error: Callable[[SearchkitError], None] | None = None,
        settle: float = 0.25,
        progress: Progress | None = None,
        follow_symlinks: bool = False,
        rebuild: bool = False,
        keep_non_articles: bool = False,
    ) -> None:
        """Sync ``paths`` (None: the remembered roots), then keep following them: a burst of changes, one commit.

        Blocks until ``stop`` is set (or KeyboardInterrupt). A change is searchable
        about ``settle`` seconds after the files go quiet (at most a second after it
        began) plus the time of a small sync. ``on_sync`` gets every sync's report,
        the first (full) one included; ``on_error`` gets sync errors (e.g. the index
        locked by another writer), which are then retried every few seconds; without
        it they are raised. ``progress`` follows the first sync only. The index
        folder being removed ends the watch with IndexNotFound.
        """
        from searchkit.index.watch import watch

        self._reload_meta()
        self._require_current_format(rebuild)  # fail now, rather than retry every few seconds
        roots = require_roots(choose_roots(paths, self.roots), self._where)
        watch(self, roots, stop=stop, on_sync=on_sync, on_error=on_error, settle=settle, progress=progress,
              follow_symlinks=follow_symlinks, rebuild=rebuild, keep_non_articles=keep_non_articles)

    def repair(self, paths: Iterable[str | os.PathLike[str]] | None = None, *, follow_symlinks: bool = False,
               progress: Progress | None = None) -> RepairReport:
        """Salvage damaged segments, then sync with ``paths`` (None: the remembered roots).

        The salvage keeps every segment that reads back and copies every article
        that can still be read out of the damaged ones, in one commit, under the
        write lock (see repair.py); the sync then re-reads from the files what
        could not be read and brings the rest up to date. A folder that is not
        there is an error (SourceError, after the salvage): nothing is removed
        because of it.
        """
        from searchkit.index.repair import RepairReport, rebuilt_document

        roots = split_roots(choose_roots(paths, self.roots))
        with self._writing():
            report = RepairReport(self.engine.salvage(rebuilt_document))
        self._refresh()
        if roots.missing:
            done = report.salvage.summary() if report.salvage.damaged else "nothing was changed"
            raise SourceError(roots.shown_missing,
                              f"no such file or folder: the index was not synced with it ({done}); "
                              "give the folders the index is built from")
        if roots.present:
            report.sync = self.sync(roots.present, progress=progress, follow_symlinks=follow_symlinks)
        return report
