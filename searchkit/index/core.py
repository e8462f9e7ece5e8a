"""The ``Index``: open or create a searchkit index, sync it with files, search it.

The facade speaks to its engine only through the seam (``engine/base.py``);
the Whoosh engine is the one made here by default, and the only engine name
in this package. Writing is in ``writing.py`` and reading in ``reading.py``;
``Index`` holds the engine, the metadata and the lifetime they share.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from searchkit.arguments import path_argument
from searchkit.engine.base import Engine
from searchkit.engine.whoosh.engine import WhooshEngine, index_exists
from searchkit.errors import IndexNotFound, IndexOutdated, InvalidOption
from searchkit.index.documents import PeopleExtractor, default_people_extractor
from searchkit.index.faults import translated_write_errors
from searchkit.index.meta import FORMAT, LEGACY_FORMAT, IndexMeta, load_meta, save_meta
from searchkit.index.reading import Reading, Snapshot
from searchkit.index.roots import choose_roots, split_roots
from searchkit.index.writing import Writing

if TYPE_CHECKING:  # imported where used: a query never loads the check or repair code
    from searchkit.index.check import CheckReport
    from searchkit.index.repair import SalvageReport

DEFAULT_LOCK_TIMEOUT = 5.0


class Index(Reading, Writing):
    """A searchkit index on disk (or in memory): sync it with article files and search it.

    ``Index(path)`` opens the index at ``path``, creating it if there is none;
    ``Index.open`` only opens and ``Index.create`` always starts empty.
    Use it as a context manager, or call ``close()``.

    ``people_extractor`` replaces searchkit's own (a callable taking an
    Article and returning names); ``lock_timeout`` is how long a write waits
    for another writer, and ``on_lock_wait(timeout)`` is called when it starts
    waiting. ``engine`` is an engine of the seam to use instead of the Whoosh
    index at ``path`` (for a throw-away in-memory index, see ``Index.in_memory``).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        create: bool = True,
        people_extractor: PeopleExtractor | None = None,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        on_lock_wait: Callable[[float], None] | None = None,
        engine: Engine | None = None,
    ) -> None:
        self.location = str(path) if is_remote(path) else None
        self.path = Path(path_argument(path)) if path is not None and self.location is None else None
        self.people_extractor = people_extractor or default_people_extractor
        if engine is None and self.location is not None:
            engine = remote_engine(self.location, create=create, lock_timeout=lock_timeout)
        if engine is None:
            if self.path is None:
                raise InvalidOption("Index needs a path or an engine")
            with translated_write_errors(str(self.path), self.path):
                engine = WhooshEngine(self.path, create=create, lock_timeout=lock_timeout, on_lock_wait=on_lock_wait)
        self.engine = engine
        self.engine.on_commit = self._refresh
        self.engine.lock_timeout, self.engine.on_lock_wait = lock_timeout, on_lock_wait
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
        return cls(None, engine=WhooshEngine.in_memory(lock_timeout=DEFAULT_LOCK_TIMEOUT), **kwargs)

    @staticmethod
    def exists(path: str | os.PathLike[str]) -> bool:
        """Whether a searchkit index (even a damaged one) exists at ``path`` (a folder or a cluster's URL)."""
        if is_remote(path):
            engine = remote_engine(str(path), create=False, lock_timeout=DEFAULT_LOCK_TIMEOUT, must_exist=False)
            try:
                return engine.exists()
            finally:
                engine.close()
        return index_exists(path)

    @staticmethod
    def salvage(path: str | os.PathLike[str], *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
                on_lock_wait: Callable[[float], None] | None = None) -> SalvageReport:
        """Repair the index at ``path`` in place from what can still be read of it, even one that cannot be opened.

        Under the write lock, damaged segments (or, when its table of contents
        is unreadable, every segment found) are replaced by the articles that
        still read back, in one commit; nothing is deleted before that commit is
        in place. ``Index.repair`` then re-reads the rest from the article files.
        """
        from searchkit.index.repair import rebuilt_document

        if not Index.exists(path):
            raise IndexNotFound(f"no index at {path} (run `searchkit index` to build one)")
        if is_remote(path):  # every node holds a replica: there is nothing to salvage
            return remote_engine(str(path), create=False, lock_timeout=lock_timeout).salvage(rebuilt_document)
        with translated_write_errors(str(path), Path(path)):
            engine = WhooshEngine(Path(path), create=False, lock_timeout=lock_timeout, on_lock_wait=on_lock_wait,
                                  open=False)
            return engine.salvage(rebuilt_document)

    @property
    def lock_timeout(self) -> float:
        """How long a write waits for another writer (seconds)."""
        return self.engine.lock_timeout

    @lock_timeout.setter
    def lock_timeout(self, seconds: float) -> None:
        self.engine.lock_timeout = seconds

    @property
    def on_lock_wait(self) -> Callable[[float], None] | None:
        """Called with the timeout when a write starts waiting for another writer."""
        return self.engine.on_lock_wait

    @on_lock_wait.setter
    def on_lock_wait(self, callback: Callable[[float], None] | None) -> None:
        self.engine.on_lock_wait = callback

    # -- opening -----------------------------------------------------------

    @property
    def _where(self) -> str:
        return self.location or (str(self.path) if self.path is not None else "memory")

    def _load_meta(self) -> IndexMeta:
        """The index's own metadata (index/meta.py); written afresh with a new index."""
        if self.location is not None:  # kept on the cluster, beside the collection
            text = self.engine.read_meta()
            return IndexMeta.from_json(text) if text else IndexMeta()
        if self.path is None:
            return IndexMeta()
        meta = load_meta(self.path)
        if meta is None:
            meta = IndexMeta() if self.engine.created else IndexMeta(format=LEGACY_FORMAT)
            if self.engine.created:
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
        elif self.location is not None:
            self.meta = self._load_meta()
        return self.meta

    def _require_current_format(self, rebuild: bool) -> None:
        """An index of the old format keeps answering queries, but only a rebuild may write to it."""
        if self.meta.format >= FORMAT or rebuild or not len(self):
            return
        why = {LEGACY_FORMAT: "whose article ids clash between folders of the same layout",
               2: "whose people were found and keyed differently and which indexed neither stop words nor "
                  "exact word forms",
               4: "which analysed every article as English and Chinese or Japanese text not by word"}.get(
                   self.meta.format, "which indexed neither stop words nor exact word forms")
        raise IndexOutdated(f"index at {self.path} was built by an older searchkit, {why}: "
                            "run `searchkit index --rebuild` to rebuild it (searches work meanwhile)")

    def _save_meta_as(self, meta: IndexMeta) -> None:
        """Make ``meta`` the index's metadata, on disk first."""
        if self.path is not None:
            save_meta(self.path, meta)
        elif self.location is not None:
            self.engine.write_meta(meta.to_json())
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
        report.articles, report.problems = self.engine.verify()
        roots = split_roots(choose_roots(paths, self.roots))
        if report.consistent and (roots.present or roots.missing):
            report.unreadable.extend(roots.missing)
            if roots.present:
                own = [self.path] if self.path is not None else []
                discovery = discover(roots.present, follow_symlinks=follow_symlinks, exclude=own)
                with self._reading():
                    compare_with_corpus(self.snapshot().reader.sync_keys(), discovery, report,
                                        known_failures=self._reload_meta().failing)
        return report

    # -- lifetime ----------------------------------------------------------

    def close(self) -> None:
        """Release the searcher and the index's files."""
        if self._snapshot is not None:
            self._snapshot.reader.close()
            self._snapshot = None
        self.engine.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Index({self.location or (str(self.path) if self.path else ':memory:')!r})"


REMOTE_SCHEMES = ("typesense://",)


def is_remote(path: object) -> bool:
    """Whether an index location names a search cluster (``typesense://host:port[,...]/collection``)."""
    return isinstance(path, str) and path.startswith(REMOTE_SCHEMES)


def remote_engine(location: str, *, create: bool, lock_timeout: float, must_exist: bool = True):
    """The engine of a cluster's location (imported only then: it needs the ``typesense`` extra)."""
    try:
        from searchkit.engine.typesense import TypesenseEngine
    except ImportError as exc:
        raise InvalidOption(f"{location}: a Typesense index needs the typesense extra "
                            "(pip install 'searchkit[typesense]')") from exc
    engine = TypesenseEngine(location, lock_timeout=lock_timeout)
    if must_exist and not create and not engine.exists():
        engine.close()
        raise IndexNotFound(f"no index at {location} (run `searchkit index PATH --index {location}` to build one)")
    return engine
