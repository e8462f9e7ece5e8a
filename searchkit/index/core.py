"""The ``Index``: open or create a searchkit index, sync it with files, search it.

This is the one place that opens Whoosh indexes and writers, so Whoosh's own
errors (LockError, EmptyIndexError...) become searchkit errors here.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import LockError
from whoosh.writing import CLEAR, OPTIMIZE

from searchkit.engine.whoosh.documents import from_fields, to_fields
from searchkit.engine.whoosh.merging import merge_tiers
from searchkit.engine.whoosh.people import directory_of
from searchkit.engine.whoosh.schema import build_schema
from searchkit.engine.whoosh.searching import SearchOptions, execute, run_search, weighting
from searchkit.engine.whoosh.segments import commit_with
from searchkit.engine.whoosh.storage import DurableFileStorage, PrivateRamStorage
from searchkit.errors import (
    ArticleNotFound,
    IndexCorrupt,
    IndexLocked,
    IndexNotFound,
    IndexOutdated,
    InvalidOption,
    SearchkitError,
)
from searchkit.index.documents import PeopleExtractor, content_hash, default_people_extractor, duplicate_key
from searchkit.index.meta import LEGACY_FORMAT, IndexMeta, load_meta, meta_for_sync, save_meta
from searchkit.models import Article, ArticleRef, IndexStats, PersonPage, Results, SyncReport
from searchkit.people.directory import PeopleDirectory, Person
from searchkit.search.options import FACET_LIMIT

if TYPE_CHECKING:  # imported where used: a query never loads the sync, check or people-page code
    import threading

    from searchkit.index.check import CheckReport
    from searchkit.index.sync import Progress

INDEX_NAME = "searchkit"
T = TypeVar("T")
DEFAULT_LOCK_TIMEOUT = 5.0


class Snapshot:
    """One commit's searcher and its people directory, used together so they always agree."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self._directory: PeopleDirectory | None = None

    @property
    def directory(self) -> PeopleDirectory:
        if self._directory is None:
            self._directory = directory_of(self.searcher.reader())
        return self._directory


def segment_count(reader) -> int:
    """How many segments a reader spans (each costs every search a little setup)."""
    return sum(1 for leaf, _ in reader.leaf_readers() if leaf.doc_count_all())


class Index:
    """A searchkit index on disk (or in memory): sync it with article files and search it.

    ``Index(path)`` opens the index at ``path``, creating it if there is none;
    ``Index.open`` only opens and ``Index.create`` always starts empty.
    Use it as a context manager, or call ``close()``.

    ``people_extractor`` replaces searchkit's own (a callable taking an
    Article and returning names); ``lock_timeout`` is how long a write waits
    for another writer, and ``on_lock_wait(timeout)`` is called when it starts
    waiting.
    """

    #: A long sync commits what it has written this often (seconds): the most a killed sync loses.
    checkpoint_seconds: float = 120.0

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        create: bool = True,
        people_extractor: PeopleExtractor | None = None,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        on_lock_wait: Callable[[float], None] | None = None,
        storage: FileStorage | RamStorage | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.people_extractor = people_extractor or default_people_extractor
        self.lock_timeout = lock_timeout
        self.on_lock_wait = on_lock_wait
        if storage is None:
            if self.path is None:
                raise ValueError("Index needs a path or a storage")
            storage = self._file_storage(create)
        self._storage = storage
        self._created = False
        self._ix = self._open(storage, create)
        self._snapshot: Snapshot | None = None
        self.meta = self._load_meta()

    @classmethod
    def open(cls, path: str | os.PathLike[str], **kwargs) -> Index:
        """Open an existing index; raises IndexNotFound if there is none."""
        return cls(path, create=False, **kwargs)

    @classmethod
    def create(cls, path: str | os.PathLike[str], **kwargs) -> Index:
        """An empty index at ``path``; an index already there is emptied (under its lock)."""
        ix = cls(path, create=True, **kwargs)
        if len(ix):
            ix.clear()
        return ix

    @classmethod
    def in_memory(cls, **kwargs) -> Index:
        """A throw-away index held in memory (for tests and short scripts)."""
        return cls(None, storage=PrivateRamStorage(), **kwargs)

    @staticmethod
    def discard_damaged(path: str | os.PathLike[str]) -> int:
        """Delete the files of an index too damaged to open (so it can be rebuilt); returns how many.

        Only Whoosh's files for this index are removed (its TOCs, segments and
        lock); anything else in the folder is left alone.
        """
        removed = 0
        for entry in Path(path).glob(f"*{INDEX_NAME}_*"):
            if entry.is_file() and entry.name.lstrip("_").startswith(f"{INDEX_NAME}_"):
                entry.unlink()
                removed += 1
        return removed

    @staticmethod
    def exists(path: str | os.PathLike[str]) -> bool:
        """Whether a searchkit index (even a damaged one) exists at ``path``."""
        return any(Path(path).glob(f"_{INDEX_NAME}_*.toc"))

    # -- opening -----------------------------------------------------------

    def _file_storage(self, create: bool) -> FileStorage:
        assert self.path is not None
        if not self.path.is_dir():
            if not create:
                raise IndexNotFound(f"no index at {self.path} (run `searchkit index` to build one)")
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise IndexNotFound(f"cannot create index folder {self.path}: {exc.strerror}") from exc
        return DurableFileStorage(str(self.path))

    def _open(self, storage, create: bool):
        """Open (or create) the Whoosh index, always with the schema of this code.

        Whoosh would otherwise unpickle the schema saved with each commit (so would its
        ``index_exists``), which names the analyzer classes of the searchkit that wrote
        it: an index would no longer open once those classes moved or changed.
        """
        try:
            if any(name.startswith(f"_{INDEX_NAME}_") and name.endswith(".toc") for name in storage.list()):
                return storage.open_index(INDEX_NAME, schema=build_schema())
        except Exception as exc:  # a damaged TOC fails in many ways (unpickling, struct, Whoosh's own)
            raise IndexCorrupt(
                f"cannot open index at {self.path or 'memory'}: {type(exc).__name__}: {exc} "
                "(`searchkit check --repair` rebuilds it from the article files)"
            ) from exc
        if not create:
            raise IndexNotFound(f"no index at {self.path} (run `searchkit index` to build one)")
        try:
            created = storage.create_index(build_schema(), indexname=INDEX_NAME)
        except OSError as exc:
            raise IndexCorrupt(f"cannot create index at {self.path}: {exc.strerror or exc}") from exc
        self._created = True
        return created

    def _load_meta(self) -> IndexMeta:
        """The index's own metadata (index/meta.py); written afresh with a new index."""
        if self.path is None:
            return IndexMeta()
        meta = load_meta(self.path)
        if meta is None:
            meta = IndexMeta() if self._created else IndexMeta(format=LEGACY_FORMAT)
            if self._created:
                save_meta(self.path, meta)
        return meta

    @property
    def roots(self) -> list[str]:
        """The folders and files this index is synced from (absolute paths, in the order first synced)."""
        return list(self._reload_meta().roots)

    def _reload_meta(self) -> IndexMeta:
        """The metadata as saved now: another process may have synced more folders."""
        if self.path is not None:
            self.meta = load_meta(self.path) or self.meta
        return self.meta

    def _require_current_format(self, rebuild: bool) -> None:
        """An index of the old format keeps answering queries, but only a rebuild may write to it."""
        if self.meta.format == LEGACY_FORMAT and not rebuild and len(self):
            raise IndexOutdated(
                f"index at {self.path} was built by an older searchkit, whose article ids clash between "
                "folders of the same layout: run `searchkit index --rebuild` to rebuild it (searches work meanwhile)")

    def _save_meta(self) -> None:
        """Write ``self.meta`` to disk; a writer calls this, under the lock, before it commits."""
        if self.path is not None:
            save_meta(self.path, self.meta)

    def _save_meta_as(self, meta: IndexMeta) -> None:
        """Make ``meta`` the index's metadata, on disk first."""
        if self.path is not None:
            save_meta(self.path, meta)
        self.meta = IndexMeta(meta.format, dict(meta.roots), dict(meta.failing))

    # -- writing -----------------------------------------------------------

    def _writer(self):
        """A Whoosh writer whose commits merge segments by tiers (merging.py)."""
        writer = self._locked_writer()
        writer.mergetype = merge_tiers
        return writer

    def _locked_writer(self):
        """A Whoosh writer, waiting up to ``lock_timeout`` for another writer to finish.

        Segments are left as separate files (``compound=False``): Whoosh would
        otherwise copy each new segment into one compound file at commit, and
        every process opening the index copies each part of a compound file out
        of its memory map again (about 45 ms of a cold query at 24,000 articles).
        """
        try:
            return self._ix.writer(compound=False)
        except LockError:
            if self.on_lock_wait is not None:
                self.on_lock_wait(self.lock_timeout)
        try:
            return self._ix.writer(timeout=self.lock_timeout, compound=False)
        except LockError as exc:
            where = self.path or "memory"
            raise IndexLocked(
                f"index at {where} is locked by another writer (waited {self.lock_timeout:g} s)"
            ) from exc

    def optimize(self) -> None:
        """Merge the whole index into one segment: the fastest searches, at the cost of rewriting it all.

        Commits merge small segments on their own (merging.py); this is for after
        a large sync, or a long watch, when search speed matters most.
        """
        writer = self._writer()
        try:
            writer.commit(mergetype=OPTIMIZE)
        except BaseException:
            writer.cancel()
            raise
        self._refresh()

    def sync(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        progress: Progress | None = None,
        follow_symlinks: bool = False,
        rebuild: bool = False,
        changed: Iterable[str | os.PathLike[str]] | None = None,
    ) -> SyncReport:
        """Add new, re-index changed and remove deleted articles under ``paths``.

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
        the archive is not even listed.
        """
        from searchkit.index.prepare import Preparer
        from searchkit.index.sync import Syncer
        from searchkit.ingest.dates import configured_order
        from searchkit.ingest.sources import discover, given_roots

        if rebuild and changed is not None:
            raise InvalidOption("a rebuild reads every file; it cannot be limited to changed paths")
        configured_order()  # a bad SEARCHKIT_DATE_ORDER fails before anything is read
        paths = list(paths)
        self._reload_meta()
        self._require_current_format(rebuild)
        discovery = discover(paths, follow_symlinks=follow_symlinks, changed=changed,
                             labels=meta_for_sync(self.meta, given_roots(paths), rebuild).roots,
                             exclude=[self.path] if self.path is not None else [])
        on_disk = isinstance(self._storage, FileStorage)  # worker processes cannot write to memory
        with Preparer(self.people_extractor, self._ix.schema, len(discovery.files),  # before the lock
                      ix=self._ix if on_disk else None) as preparer:
            writer = self._writer()
            syncer = None
            try:
                self._reload_meta()  # under the lock now: another sync may have labelled folders meanwhile
                self._require_current_format(rebuild)
                meta = meta_for_sync(self.meta, given_roots(paths), rebuild)
                discovery.relabel(meta.roots)
                if not rebuild and (meta.roots, meta.format) != (self.meta.roots, self.meta.format):
                    self._save_meta_as(meta)  # before any commit holds ids made with the new labels
                syncer = Syncer(writer, preparer, progress, rebuild=rebuild, failing=meta.failing,
                                checkpoint=None if rebuild else self._checkpoint,
                                checkpoint_seconds=self.checkpoint_seconds)
                report = syncer.run(discovery)
                meta.failing = syncer.failing
                if rebuild or syncer.dirty:
                    if not rebuild:
                        self._save_meta_as(meta)
                    commit_with(syncer.writer, syncer.segments, mergetype=CLEAR if rebuild else None)
                    if rebuild:  # after the commit: until then the old contents, and their metadata, stand
                        self._save_meta_as(meta)
                else:
                    syncer.writer.cancel()
                    if meta.failing != self.meta.failing:
                        self._save_meta_as(meta)
            except BaseException:
                current = syncer.writer if syncer is not None else writer
                if not current.is_closed:
                    current.cancel()
                raise
        self._refresh()
        return report

    def watch(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        stop: threading.Event | None = None,
        on_sync: Callable[[SyncReport], None] | None = None,
        on_error: Callable[[SearchkitError], None] | None = None,
        settle: float = 0.25,
        progress: Progress | None = None,
        follow_symlinks: bool = False,
        rebuild: bool = False,
    ) -> None:
        """Sync ``paths``, then keep following them: each burst of changes is synced in one commit.

        Blocks until ``stop`` is set (or KeyboardInterrupt). A change is searchable
        about ``settle`` seconds after the files go quiet (at most a second after it
        began) plus the time of a small sync. ``on_sync`` gets every sync's report,
        the first (full) one included; ``on_error`` gets sync errors (e.g. the index
        locked by another writer), which are then retried every few seconds; without
        it they are raised. ``progress`` follows the first sync only.
        """
        from searchkit.index.watch import watch

        self._reload_meta()
        self._require_current_format(rebuild)  # fail now, rather than retry every few seconds
        watch(self, paths, stop=stop, on_sync=on_sync, on_error=on_error, settle=settle, progress=progress,
              follow_symlinks=follow_symlinks, rebuild=rebuild)

    def _checkpoint(self, writer, segments: list):
        """Commit what a long sync has written so far (its workers' ``segments`` too); go on with a new writer."""
        commit_with(writer, segments)
        self._refresh()
        return self._writer()

    def check(self, paths: Iterable[str | os.PathLike[str]] = (), *, follow_symlinks: bool = False) -> CheckReport:
        """Whether the index reads back whole and matches the article files under ``paths``."""
        from searchkit.index.check import CheckReport, check_integrity, compare_with_corpus
        from searchkit.ingest.sources import discover

        report = CheckReport()
        try:
            searcher = self.searcher()
            report.articles = searcher.doc_count()
            report.problems = check_integrity(searcher)
            if paths:
                own = [self.path] if self.path is not None else []
                discovery = discover(paths, follow_symlinks=follow_symlinks, exclude=own)
                compare_with_corpus(searcher, discovery, report, known_failures=self._reload_meta().failing)
        except Exception as exc:  # an index that cannot even be read is the damage being looked for
            report.problems.append(f"{type(exc).__name__}: {exc}")
        return report

    def repair(self, paths: Iterable[str | os.PathLike[str]], *, follow_symlinks: bool = False,
               progress: Progress | None = None) -> SyncReport:
        """Re-index what a check finds wrong: a sync, or a rebuild from the files when the index is damaged."""
        damaged = not self.check().consistent
        if damaged:
            self._start_afresh()
        return self.sync(paths, progress=progress, follow_symlinks=follow_symlinks, rebuild=damaged)

    def _start_afresh(self) -> None:
        """Replace a damaged index with an empty one (its files cannot be trusted, even to merge)."""
        self.close()
        if self.path is None:
            self._storage = PrivateRamStorage()
        else:
            Index.discard_damaged(self.path)
        self._ix = self._open(self._storage, create=True)

    def clear(self) -> None:
        """Remove every article, in one commit; the index forgets its folders (and takes the current format)."""
        writer = self._writer()
        writer.commit(mergetype=CLEAR)
        self._save_meta_as(IndexMeta())
        self._refresh()

    def add(self, article: Article) -> None:
        """Add or replace one article (its people are extracted if it names none)."""
        self.add_many([article])

    def add_many(self, articles: Iterable[Article]) -> int:
        """Add or replace articles in one commit; returns how many were written."""
        writer = self._writer()
        count = 0
        try:
            for article in articles:
                digest = content_hash(article)
                if not article.people:
                    article.people = self.people_extractor(article)
                writer.update_document(**to_fields(article, digest=digest, dupkey=duplicate_key(article.body)))
                count += 1
        except BaseException:
            writer.cancel()
            raise
        self._finish(writer, count > 0)
        return count

    def delete(self, article_id: str) -> bool:
        """Remove one article by id; returns whether it was there."""
        writer = self._writer()
        try:
            deleted = writer.delete_by_term("id", article_id)
        except BaseException:
            writer.cancel()
            raise
        self._finish(writer, deleted > 0)
        return deleted > 0

    def _finish(self, writer, changed: bool) -> None:
        if changed:
            writer.commit()
            self._refresh()
        else:
            writer.cancel()

    # -- reading -----------------------------------------------------------

    def _refresh(self) -> None:
        """Forget the snapshot so the next read sees the latest commit.

        The old searcher is not closed here: another thread may still be
        reading from it; it closes when the last reference to it goes.
        """
        self._snapshot = None

    def snapshot(self) -> Snapshot:
        """A consistent view of the latest commit (reopened when the index changed on disk)."""
        snap = self._snapshot
        if snap is None or not snap.searcher.up_to_date():
            snap = self._snapshot = Snapshot(self._ix.searcher(weighting=weighting()))
        return snap

    def _read(self, read: Callable[[Snapshot], T]) -> T:
        """``read(snapshot)``, once more on the new commit if it failed while the index changed.

        Whoosh opens some of a segment's files only when first needed, and a commit
        deletes the files of segments it merged away: a search on a snapshot that
        went stale meanwhile can find a file gone (concurrency bench: 1 of ~17,000
        searches while a writer synced every fraction of a second).
        """
        snap = self.snapshot()
        try:
            return read(snap)
        except Exception:
            if snap.searcher.up_to_date():
                raise
            return read(self.snapshot())

    def searcher(self):
        """The Whoosh searcher of the latest commit."""
        return self.snapshot().searcher

    def directory(self) -> PeopleDirectory:
        """The canonical people of the latest commit."""
        return self.snapshot().directory

    def __len__(self) -> int:
        return self.searcher().doc_count()

    def get(self, article_id: str) -> Article:
        """The stored article with this id; raises ArticleNotFound."""
        stored = self.searcher().document(id=article_id)
        if stored is None:
            raise ArticleNotFound(f"no article with id {article_id!r}")
        return from_fields(stored)

    def ids(self) -> list[str]:
        """Every article id in the index."""
        searcher = self.searcher()
        if searcher.doc_count() == 0:
            return []
        column = searcher.reader().column_reader("id")
        return [column[docnum] for docnum in searcher.reader().all_doc_ids()]

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        page: int = 1,
        section: str | Sequence[str] | None = None,
        person: str | Sequence[str] | None = None,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
        sort: str = "relevance",
        literal: bool = False,
        facets: str | Sequence[str] | None = None,
        collapse: bool = True,
        suggest: bool = True,
        feedback: bool = True,
        facet_limit: int = FACET_LIMIT,
        all_people: bool = False,
    ) -> Results:
        """Ranked articles for a query (Whoosh query language unless ``literal``; ``*`` alone: every article).

        ``section`` and ``person`` filter (several values: any of them, or with
        ``all_people`` only articles naming every one of the people; a person
        by full name, variant spelling or surname); ``since``/``until`` are
        inclusive dates (either may be left open); ``sort`` is "relevance" or
        "date" (newest first); ``facets`` ("people", "section", "month") are
        counted over all hits into ``Results.facets``, the ``facet_limit`` most
        frequent values of each (months: the newest). Near-duplicate copies of
        one story show once (``Hit.similar`` counts the others) unless
        ``collapse=False``. When few articles match and respelling a word
        would find more, ``Results.suggestion`` holds the respelled query.
        ``feedback`` re-ranks relevance-sorted hits with words from the top
        articles (pseudo-relevance feedback; see ``searchkit.ranking``).
        """
        options = SearchOptions.build(
            limit=limit, page=page, section=section, person=person,
            since=since, until=until, sort=sort, literal=literal, facets=facets, collapse=collapse,
            suggest=suggest, feedback=feedback, facet_limit=facet_limit, all_people=all_people,
        )
        return self._read(lambda snap: run_search(snap.searcher, snap.directory, query, options))

    def copies(self, article_id: str) -> list[ArticleRef]:
        """The wire copies of an article (those a search folds under it as ``Hit.similar``), newest first."""
        from searchkit.engine.whoosh.copies import copies_of

        return self._read(lambda snap: copies_of(snap.searcher, article_id))

    def related(self, article_id: str, *, limit: int = 10, page: int = 1) -> Results:
        """Articles most like ``article_id``: shared key terms of body and headline, shared people."""
        from searchkit.engine.whoosh.related import related_query

        options = SearchOptions.build(limit=limit, page=page, suggest=False)

        def read(snap: Snapshot) -> Results:
            parsed, mask = related_query(snap.searcher, article_id)
            return execute(snap.searcher, snap.directory, parsed, options, mask=mask)

        results = self._read(read)
        results.query = f"related:{article_id}"
        return results

    def people(
        self,
        *,
        section: str | Sequence[str] | None = None,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
        limit: int = 50,
    ) -> list[Person]:
        """People with the number of articles naming them, most mentioned first."""
        options = SearchOptions.build(limit=limit, section=section, since=since, until=until)
        from searchkit.engine.whoosh.mentions import list_people

        return self._read(lambda snap: list_people(snap.searcher, snap.directory, options))

    def person(self, name: str, *, limit: int = 20) -> PersonPage:
        """A person's canonical name, spellings, newest articles and co-mentioned people."""
        from searchkit.engine.whoosh.mentions import person_page

        return self._read(lambda snap: person_page(snap.searcher, snap.directory, name, limit=limit))

    def stats(self) -> IndexStats:
        """Counts of articles, sections and people, the size on disk and the last sync."""
        snap = self.snapshot()
        searcher = snap.searcher
        reader = searcher.reader()
        sections: Counter[str] = Counter()
        shown: dict[str, str] = {}  # sections match case-insensitively: show the first spelling met
        if searcher.doc_count():
            column = reader.column_reader("section")
            for docnum in reader.all_doc_ids():
                name = column[docnum] or "(none)"
                key = shown.setdefault(name.lower(), name)
                sections[key] += 1
        return IndexStats(
            articles=searcher.doc_count(),
            sections=dict(sorted(sections.items(), key=lambda kv: (-kv[1], kv[0].lower()))),
            people=len(snap.directory.people()),
            size_bytes=self._size_on_disk(),
            segments=segment_count(reader),
            last_sync=self._last_commit_time(),
            path=str(self.path) if self.path else ":memory:",
        )

    def _size_on_disk(self) -> int:
        if self.path is None:
            return 0
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    def _last_commit_time(self) -> datetime | None:
        if self.path is None:
            return None
        tocs = list(self.path.glob(f"_{INDEX_NAME}_*.toc"))
        if not tocs:
            return None
        newest = max(toc.stat().st_mtime for toc in tocs)
        return datetime.fromtimestamp(newest, tz=timezone.utc)

    # -- lifetime ----------------------------------------------------------

    def close(self) -> None:
        """Release the searcher and the index's files."""
        if self._snapshot is not None:
            self._snapshot.searcher.close()
            self._snapshot = None
        self._ix.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Index({str(self.path) if self.path else ':memory:'!r})"
