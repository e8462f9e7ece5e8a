"""The reading half of ``Index``: snapshots of the latest commit, searches, articles, people, statistics.

Readers take no lock and see the last completed commit. A read that fails on
a damaged index (a truncated or overwritten file fails in whatever way its
decoder trips) is reported as ``IndexCorrupt`` naming the damaged segment and
the repair command, once the segments have been read back to tell damage
from a bug (a bug is raised as it is).
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from typing import TypeVar

from searchkit.arguments import text_argument
from searchkit.engine.whoosh.documents import from_fields
from searchkit.engine.whoosh.health import describe, first_problem
from searchkit.engine.whoosh.people import directory_of
from searchkit.engine.whoosh.searching import execute, run_search, weighting
from searchkit.engine.whoosh.writers import lock_held
from searchkit.errors import ArticleNotFound, IndexCorrupt, SearchkitError
from searchkit.models import Article, ArticleRef, IndexStats, PersonPage, Results
from searchkit.people.directory import PeopleDirectory, Person
from searchkit.search.budget import DEFAULT_TIMEOUT
from searchkit.search.options import FACET_LIMIT, SearchOptions

T = TypeVar("T")
REPAIR_HINT = "`searchkit check --repair` salvages what can be read and re-reads the rest from the article files"


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


class Reading:
    """Index methods that read it (mixed into ``Index``, which provides ``_ix``, ``path`` and the lock)."""

    def _refresh(self) -> None:
        """Forget the snapshot so the next read sees the latest commit.

        The old searcher is not closed here: another thread may still be
        reading from it; it closes when the last reference to it goes.
        """
        self._snapshot = None

    def snapshot(self) -> Snapshot:
        """A consistent view of the latest commit (reopened when the index changed on disk)."""
        with self._reading():
            snap = self._snapshot
            if snap is None or not snap.searcher.up_to_date():
                snap = self._snapshot = Snapshot(self._ix.searcher(weighting=weighting()))
            return snap

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """Raise IndexCorrupt for a read that failed because the index is damaged."""
        try:
            yield
        except SearchkitError:
            raise
        except Exception as exc:
            problem = self._damage()
            if problem is None:
                raise
            raise IndexCorrupt(f"the index at {self._where} is damaged ({problem}); {REPAIR_HINT}") from exc

    def _damage(self) -> str | None:
        """The first damaged part of the latest commit, or None when it reads back whole."""
        try:
            toc = self._ix._read_toc()
        except Exception as exc:  # the TOC itself
            return f"table of contents: {describe(exc)}"
        return first_problem(self._storage, toc.schema, toc.segments)

    def _read(self, read: Callable[[Snapshot], T]) -> T:
        """``read(snapshot)``, once more on the new commit if it failed while the index changed.

        Whoosh opens some of a segment's files only when first needed, and a commit
        deletes the files of segments it merged away: a search on a snapshot that
        went stale meanwhile can find a file gone (concurrency bench: 1 of ~17,000
        searches while a writer synced every fraction of a second).
        """
        snap = self.snapshot()
        with self._reading():
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
        return self._read(lambda snap: snap.directory)

    def __len__(self) -> int:
        return self.searcher().doc_count()

    def first_sync_running(self) -> bool:
        """Whether the index has no articles yet while a writer holds its lock (a first sync under way)."""
        return len(self) == 0 and lock_held(self._storage, self._ix.indexname)

    def get(self, article_id: str) -> Article:
        """The stored article with this id; raises ArticleNotFound."""
        article_id = text_argument(article_id, "article id")
        stored = self._read(lambda snap: snap.searcher.document(id=article_id))
        if stored is None:
            empty = " (the index has no articles)" if len(self) == 0 else ""
            raise ArticleNotFound(f"no article with id {article_id!r}{empty}")
        return from_fields(stored)

    def ids(self) -> list[str]:
        """Every article id in the index."""

        def read(snap: Snapshot) -> list[str]:
            reader = snap.searcher.reader()
            if snap.searcher.doc_count() == 0:
                return []
            column = reader.column_reader("id")
            return [column[docnum] for docnum in reader.all_doc_ids()]

        return self._read(read)

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
        timeout: float | None = DEFAULT_TIMEOUT,
    ) -> Results:
        """Ranked articles for a query (searchkit's query language; plain words with ``literal``; ``*``: every article).

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
        A search stops after ``timeout`` seconds (None: never) and returns what
        it found, flagged ``Results.timed_out``.
        """
        options = SearchOptions.build(
            limit=limit, page=page, section=section, person=person,
            since=since, until=until, sort=sort, literal=literal, facets=facets, collapse=collapse,
            suggest=suggest, feedback=feedback, facet_limit=facet_limit, all_people=all_people,
            timeout=timeout,
        )
        return self._read(lambda snap: run_search(snap.searcher, snap.directory, query, options))

    def copies(self, article_id: str) -> list[ArticleRef]:
        """The wire copies of an article (those a search folds under it as ``Hit.similar``), newest first."""
        from searchkit.engine.whoosh.copies import copies_of

        return self._read(lambda snap: copies_of(snap.searcher, article_id))

    def related(self, article_id: str, *, limit: int = 10, page: int = 1,
                timeout: float | None = DEFAULT_TIMEOUT) -> Results:
        """Articles most like ``article_id``: shared key terms of body and headline, shared people."""
        from searchkit.engine.whoosh.related import related_query

        options = SearchOptions.build(limit=limit, page=page, suggest=False, timeout=timeout)

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

        def read(snap: Snapshot) -> IndexStats:
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

        return self._read(read)

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
        if self.path is None or self._ix.latest_generation() < 1:
            return None
        toc = self.path / f"_{self._ix.indexname}_{self._ix.latest_generation()}.toc"
        with contextlib.suppress(OSError):
            return datetime.fromtimestamp(toc.stat().st_mtime, tz=timezone.utc)
        return None
