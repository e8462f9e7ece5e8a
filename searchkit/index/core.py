"""The ``Index``: open or create a searchkit index, sync it with files, search it.

This is the one place that opens Whoosh indexes, so Whoosh's own errors
(EmptyIndexError, an unreadable table of contents...) become searchkit errors
here. Writing is in ``writing.py`` and reading in ``reading.py``; ``Index``
holds the storage, the metadata and the lifetime they share.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh.filedb.filestore import FileStorage, RamStorage

from searchkit.arguments import path_argument
from searchkit.engine.whoosh.health import describe, examine
from searchkit.engine.whoosh.schema import build_schema
from searchkit.engine.whoosh.storage import DurableFileStorage, PrivateRamStorage
from searchkit.errors import IndexCorrupt, IndexNotFound, IndexOutdated, InvalidOption
from searchkit.index.documents import PeopleExtractor, default_people_extractor
from searchkit.index.faults import translated_write_errors
from searchkit.index.meta import FORMAT, LEGACY_FORMAT, IndexMeta, load_meta, save_meta
from searchkit.index.reading import REPAIR_HINT, Reading, Snapshot
from searchkit.index.roots import choose_roots, split_roots
from searchkit.index.writing import Writing

if TYPE_CHECKING:  # imported where used: a query never loads the check or repair code
    from searchkit.index.check import CheckReport
    from searchkit.index.repair import SalvageReport

INDEX_NAME = "searchkit"
DEFAULT_LOCK_TIMEOUT = 5.0


class Index(Reading, Writing):
    """A searchkit index on disk (or in memory): sync it with article files and search it.

    ``Index(path)`` opens the index at ``path``, creating it if there is none;
    ``Index.open`` only opens and ``Index.create`` always starts empty.
    Use it as a context manager, or call ``close()``.

    ``people_extractor`` replaces searchkit's own (a callable taking an
    Article and returning names); ``lock_timeout`` is how long a write waits
    for another writer, and ``on_lock_wait(timeout)`` is called when it starts
    waiting.
    """

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
        self.path = Path(path_argument(path)) if path is not None else None
        self.people_extractor = people_extractor or default_people_extractor
        self.lock_timeout = lock_timeout
        self.on_lock_wait = on_lock_wait
        if storage is None:
            if self.path is None:
                raise InvalidOption("Index needs a path or a storage")
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
    def exists(path: str | os.PathLike[str]) -> bool:
        """Whether a searchkit index (even a damaged one) exists at ``path``."""
        return any(Path(path).glob(f"_{INDEX_NAME}_*.toc"))

    @staticmethod
    def salvage(path: str | os.PathLike[str], *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
                on_lock_wait: Callable[[float], None] | None = None) -> SalvageReport:
        """Repair the index at ``path`` in place from what can still be read of it, even one that cannot be opened.

        Under the write lock, damaged segments (or, when its table of contents
        is unreadable, every segment found) are replaced by the articles that
        still read back, in one commit; nothing is deleted before that commit is
        in place. ``Index.repair`` then re-reads the rest from the article files.
        """
        from searchkit.index.repair import salvage

        if not Index.exists(path):
            raise IndexNotFound(f"no index at {path} (run `searchkit index` to build one)")
        with translated_write_errors(str(path), Path(path)):
            return salvage(DurableFileStorage(str(path)), INDEX_NAME, lock_timeout=lock_timeout,
                           on_lock_wait=on_lock_wait, where=str(path))

    # -- opening -----------------------------------------------------------

    @property
    def _where(self) -> str:
        return str(self.path) if self.path is not None else "memory"

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
                f"the index at {self._where} is damaged (its table of contents cannot be read: {describe(exc)}); "
                f"{REPAIR_HINT}"
            ) from exc
        if not create:
            raise IndexNotFound(f"no index at {self.path} (run `searchkit index` to build one)")
        with translated_write_errors(self._where, self.path):
            created = storage.create_index(build_schema(), indexname=INDEX_NAME)
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
        if self.meta.format < FORMAT and not rebuild and len(self):
            why = ("whose article ids clash between folders of the same layout" if self.meta.format == LEGACY_FORMAT
                   else "which indexed neither stop words nor exact word forms")
            raise IndexOutdated(
                f"index at {self.path} was built by an older searchkit, {why}: "
                "run `searchkit index --rebuild` to rebuild it (searches work meanwhile)")

    def _save_meta_as(self, meta: IndexMeta) -> None:
        """Make ``meta`` the index's metadata, on disk first."""
        if self.path is not None:
            save_meta(self.path, meta)
        self.meta = IndexMeta(meta.format, dict(meta.roots), dict(meta.failing))

    # -- checking ----------------------------------------------------------

    def check(self, paths: Iterable[str | os.PathLike[str]] | None = None, *,
              follow_symlinks: bool = False) -> CheckReport:
        """Whether the index reads back whole, and matches the article files under ``paths``.

        ``paths=None`` compares with the folders the index remembers (none
        remembered: no comparison); ``()`` only reads the index back.
        """
        from searchkit.index.check import CheckReport, compare_with_corpus
        from searchkit.ingest.sources import discover

        report = CheckReport()
        for _attempt in range(2):  # damage seen on a commit replaced meanwhile is looked for again
            generation = self._ix.latest_generation()
            try:
                toc = self._ix._read_toc()
            except Exception as exc:  # a TOC that became unreadable since the index was opened
                report.problems = [f"table of contents: {describe(exc)}"]
                return report
            report.articles = sum(segment.doc_count() for segment in toc.segments)
            report.problems = [h.problem for h in examine(self._storage, toc.schema, toc.segments) if h.problem]
            if not report.problems or self._ix.latest_generation() == generation:
                break
        roots = split_roots(choose_roots(paths, self.roots))
        if report.consistent and (roots.present or roots.missing):
            report.unreadable.extend(roots.missing)
            if roots.present:
                own = [self.path] if self.path is not None else []
                discovery = discover(roots.present, follow_symlinks=follow_symlinks, exclude=own)
                with self._reading():
                    compare_with_corpus(self.searcher(), discovery, report, known_failures=self._reload_meta().failing)
        return report

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
