"""The Whoosh engine behind the seam: an index in a folder (or in memory), opened with this code's schema.

This is the one place that opens Whoosh indexes, so Whoosh's own errors
(EmptyIndexError, an unreadable table of contents...) become searchkit errors
here; readers are ``WhooshReader`` (reader.py), writers ``WhooshWriter``
(writer.py), and a repair is repairing.py's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh.filedb.filestore import FileStorage

from searchkit.engine.base import EngineStats, SalvageReport
from searchkit.engine.whoosh.health import describe, examine, first_problem
from searchkit.engine.whoosh.reader import WhooshReader
from searchkit.engine.whoosh.schema import build_schema
from searchkit.engine.whoosh.searching import weighting
from searchkit.engine.whoosh.storage import DurableFileStorage, PrivateRamStorage
from searchkit.errors import REPAIR_HINT, IndexCorrupt, IndexNotFound
from searchkit.interrupts import entered

if TYPE_CHECKING:  # writing and repair are imported when used: a query needs neither
    from searchkit.engine.whoosh.repairing import Rebuild
    from searchkit.engine.whoosh.writer import Encoder, WhooshStaging, WhooshWriter

INDEX_NAME = "searchkit"


def index_exists(path: str | Path) -> bool:
    """Whether a Whoosh index of searchkit's (even a damaged one) is in the folder ``path``."""
    return any(Path(path).glob(f"_{INDEX_NAME}_*.toc"))


class WhooshEngine:
    """``Engine`` on Whoosh. ``path`` None: held in memory (``storage`` may be given instead).

    ``lock_timeout`` is how long a writer waits for another, ``on_lock_wait(timeout)``
    is called when it starts waiting, and ``on_commit()`` after each commit.
    ``open=False`` gives an engine that only salvages (an index that cannot be opened).
    """

    def __init__(self, path: Path | None, *, create: bool, lock_timeout: float,
                 on_lock_wait: Callable[[float], None] | None = None, storage=None, open: bool = True) -> None:
        self.path = path
        self.location = str(path) if path is not None else "memory"
        self.lock_timeout, self.on_lock_wait = lock_timeout, on_lock_wait
        self.on_commit: Callable[[], None] = lambda: None
        self.created = False
        self.storage = storage if storage is not None else self._file_storage(create)
        self.ix = self._open(create) if open else None

    @classmethod
    def in_memory(cls, **kwargs) -> WhooshEngine:
        return cls(None, create=True, storage=PrivateRamStorage(), **kwargs)

    def _file_storage(self, create: bool):
        if self.path is None:
            return PrivateRamStorage()
        if not self.path.is_dir():
            if not create:
                raise IndexNotFound(f"no index at {self.path} (run `searchkit index` to build one)")
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise IndexNotFound(f"cannot create index folder {self.path}: {exc.strerror}") from exc
        return DurableFileStorage(str(self.path))

    def _open(self, create: bool):
        """Open (or create) the Whoosh index, always with the schema of this code.

        Whoosh would otherwise unpickle the schema saved with each commit (so would its
        ``index_exists``), which names the analyzer classes of the searchkit that wrote
        it: an index would no longer open once those classes moved or changed.
        """
        try:
            if any(name.startswith(f"_{INDEX_NAME}_") and name.endswith(".toc") for name in self.storage.list()):
                return self.storage.open_index(INDEX_NAME, schema=build_schema())
        except Exception as exc:  # a damaged TOC fails in many ways (unpickling, struct, Whoosh's own)
            raise IndexCorrupt(
                f"the index at {self.location} is damaged (its table of contents cannot be read: {describe(exc)}); "
                f"{REPAIR_HINT}"
            ) from exc
        if not create:
            raise IndexNotFound(f"no index at {self.path} (run `searchkit index` to build one)")
        created = self.storage.create_index(build_schema(), indexname=INDEX_NAME)
        self.created = True
        return created

    @property
    def on_disk(self) -> bool:
        return isinstance(self.storage, FileStorage)

    # -- reading -----------------------------------------------------------

    def reader(self) -> WhooshReader:
        return WhooshReader(self.ix.searcher(weighting=weighting()))

    def verify(self) -> tuple[int, list[str]]:
        for _attempt in range(2):  # damage seen on a commit replaced meanwhile is looked for again
            generation = self.ix.latest_generation()
            try:
                toc = self.ix._read_toc()
            except Exception as exc:  # a TOC that became unreadable since the index was opened
                return 0, [f"table of contents: {describe(exc)}"]
            articles = sum(segment.doc_count() for segment in toc.segments)
            problems = [h.problem for h in examine(self.storage, toc.schema, toc.segments) if h.problem]
            if not problems or self.ix.latest_generation() == generation:
                break
        return articles, problems

    def damage(self) -> str | None:
        try:
            toc = self.ix._read_toc()
        except Exception as exc:  # the TOC itself
            return f"table of contents: {describe(exc)}"
        return first_problem(self.storage, toc.schema, toc.segments)

    def stats(self) -> EngineStats:
        reader = self.reader()
        try:
            segments = reader.segments()
        finally:
            reader.close()
        return EngineStats(self._size_on_disk(), segments, self._last_commit_time())

    def _size_on_disk(self) -> int:
        if self.path is None:
            return 0
        size = 0
        for entry in self.path.rglob("*"):
            with contextlib.suppress(OSError):  # a file a commit deletes meanwhile
                size += entry.stat().st_size if entry.is_file() else 0
        return size

    def _last_commit_time(self) -> datetime | None:
        """When the latest commit was made (None: never, for an index created and not yet synced)."""
        if self.path is None or self.ix.latest_generation() < 1:
            return None
        toc = self.path / f"_{self.ix.indexname}_{self.ix.latest_generation()}.toc"
        with contextlib.suppress(OSError):
            return datetime.fromtimestamp(toc.stat().st_mtime, tz=timezone.utc)
        return None

    # -- writing -----------------------------------------------------------

    def writer(self) -> WhooshWriter:
        """A writer holding the lock (also its own context manager, which cancels it on leaving)."""
        from searchkit.engine.whoosh.writer import WhooshWriter

        return WhooshWriter(self.ix, timeout=self.lock_timeout, on_wait=self.on_lock_wait, where=self.location,
                            on_commit=self.on_commit)

    def writer_active(self) -> bool:
        from searchkit.engine.whoosh.writers import lock_held

        return lock_held(self.storage, INDEX_NAME)

    def encoder(self) -> Encoder:
        from searchkit.engine.whoosh.writer import Encoder

        return Encoder(self.ix.schema)

    def staging(self) -> WhooshStaging | None:
        """Worker segments, for an index on disk (worker processes cannot write to memory)."""
        from searchkit.engine.whoosh.writer import WhooshStaging

        return WhooshStaging(self.ix) if self.on_disk else None

    def optimize(self) -> None:
        with ExitStack() as stack:
            entered(stack, self.writer()).optimize()

    def salvage(self, rebuild: Rebuild) -> SalvageReport:
        from searchkit.engine.whoosh.repairing import salvage

        return salvage(self.storage, INDEX_NAME, rebuild, lock_timeout=self.lock_timeout,
                       on_lock_wait=self.on_lock_wait, where=self.location)

    def close(self) -> None:
        if self.ix is not None:
            self.ix.close()
