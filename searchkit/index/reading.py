"""The reading half of ``Index``: snapshots of the latest commit, searches, articles, people, statistics.

Readers take no lock and see the last completed commit. A read that fails on
a damaged index (a truncated or overwritten file fails in whatever way its
decoder trips) is reported as ``IndexCorrupt`` naming the damaged segment and
the repair command, once the segments have been read back to tell damage
from a bug (a bug is raised as it is).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import TypeVar

from searchkit.arguments import text_argument
from searchkit.engine.base import EngineReader, EngineResults
from searchkit.errors import REPAIR_HINT, ArticleNotFound, IndexCorrupt, PersonNotFound, SearchkitError
from searchkit.index.results import filters_of, request_of, results_of
from searchkit.models import Article, ArticleRef, IndexStats, PersonPage, Results
from searchkit.people.directory import PeopleDirectory, Person
from searchkit.search.budget import DEFAULT_TIMEOUT
from searchkit.search.options import FACET_LIMIT, SearchOptions
from searchkit.search.parser import parse
from searchkit.search.people_suggestions import closest_people, did_you_mean, person_suggestions

T = TypeVar("T")


class Snapshot:
    """One commit's engine reader, whose people directory and searches always agree."""

    def __init__(self, reader: EngineReader) -> None:
        self.reader = reader

    @property
    def directory(self) -> PeopleDirectory:
        return self.reader.directory()


class Reading:
    """Index methods that read it (mixed into ``Index``, which provides ``engine`` and ``path``)."""

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
            if snap is None or not snap.reader.up_to_date():
                snap = self._snapshot = Snapshot(self.engine.reader())
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
        return self.engine.damage()

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
                if snap.reader.up_to_date():
                    raise
            return read(self.snapshot())

    def directory(self) -> PeopleDirectory:
        """The canonical people of the latest commit."""
        return self._read(lambda snap: snap.directory)

    def __len__(self) -> int:
        return self.snapshot().reader.count()

    def first_sync_running(self) -> bool:
        """Whether the index has no articles yet while a writer holds its lock (a first sync under way)."""
        return len(self) == 0 and self.engine.writer_active()

    def get(self, article_id: str) -> Article:
        """The stored article with this id; raises ArticleNotFound."""
        article_id = text_argument(article_id, "article id")
        article = self._read(lambda snap: snap.reader.get(article_id))
        if article is None:
            empty = " (the index has no articles)" if len(self) == 0 else ""
            raise ArticleNotFound(f"no article with id {article_id!r}{empty}")
        return article

    def ids(self) -> list[str]:
        """Every article id in the index."""
        return self._read(lambda snap: snap.reader.ids())

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
        lang: str | Sequence[str] | None = None,
    ) -> Results:
        """Ranked articles for a query (searchkit's query language; plain words with ``literal``; ``*``: every article).

        ``section``, ``lang`` (language codes: "de", "ja") and ``person`` filter (several values: any of them, or with
        ``all_people`` only articles naming every one of the people; a person
        by full name, variant spelling or surname); ``since``/``until`` are
        inclusive dates (either may be left open); ``sort`` is "relevance" or
        "date" (newest first); ``facets`` ("people", "section", "month") are
        counted over all hits into ``Results.facets``, the ``facet_limit`` most
        frequent values of each (months: the newest). Near-duplicate copies of
        one story show once (``Hit.similar`` counts the others) unless
        ``collapse=False``. When a word looks like a typo and the respelled
        query finds articles, ``Results.suggestion`` holds it; a ``person`` that
        names nobody gets the people it may mean in ``Results.person_suggestions``.
        ``feedback`` re-ranks relevance-sorted hits with words from the top
        articles (pseudo-relevance feedback; see ``searchkit.ranking``).
        A search stops after ``timeout`` seconds (None: never) and returns what
        it found, flagged ``Results.timed_out``.
        """
        options = SearchOptions.build(
            limit=limit, page=page, section=section, person=person,
            since=since, until=until, sort=sort, literal=literal, facets=facets, collapse=collapse,
            suggest=suggest, feedback=feedback, facet_limit=facet_limit, all_people=all_people,
            timeout=timeout, lang=lang,
        )
        query = text_argument(query, "query")
        request = request_of(parse(query, literal=options.literal), query, options)
        checked = options.suggest and bool(options.people)

        def read(snap: Snapshot) -> tuple[EngineResults, dict[str, list[str]] | None]:
            found = snap.reader.search(request)
            return found, person_suggestions(snap.directory, options.people) if checked else None

        found, people = self._read(read)
        results = results_of(found, request, options)
        results.person_suggestions = people
        return results

    def copies(self, article_id: str) -> list[ArticleRef]:
        """The wire copies of an article (those a search folds under it as ``Hit.similar``), newest first."""
        return self._read(lambda snap: snap.reader.copies(article_id))

    def related(self, article_id: str, *, limit: int = 10, page: int = 1,
                timeout: float | None = DEFAULT_TIMEOUT) -> Results:
        """Articles most like ``article_id``: shared key terms of body and headline, shared people."""
        options = SearchOptions.build(limit=limit, page=page, suggest=False, timeout=timeout)
        request = request_of(None, f"related:{article_id}", options)
        return results_of(self._read(lambda snap: snap.reader.related(article_id, request)), request, options)

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
        return self._read(lambda snap: snap.reader.people(filters_of(options), options.limit))

    def person(self, name: str, *, limit: int = 20) -> PersonPage:
        """A person's canonical name, spellings, newest articles and co-mentioned people.

        Raises ``PersonNotFound``, naming in its message and ``suggestions`` the
        people a misspelt name may mean ("Tony Blar": Tony Blair).
        """

        def read(snap: Snapshot) -> PersonPage:
            try:
                return snap.reader.person(name, limit)
            except PersonNotFound as missing:
                close = closest_people(snap.directory, name)
                if not close:
                    raise
                raise PersonNotFound(f"{missing}; did you mean {did_you_mean(close)}?", close) from None

        return self._read(read)

    def stats(self) -> IndexStats:
        """Counts of articles, sections and people, the size on disk and the last sync."""

        def read(snap: Snapshot) -> IndexStats:
            sections = snap.reader.section_counts()
            engine = self.engine.stats()
            return IndexStats(
                articles=snap.reader.count(),
                sections=dict(sorted(sections.items(), key=lambda kv: (-kv[1], kv[0].lower()))),
                people=len(snap.directory.people()),
                size_bytes=engine.size_bytes,
                segments=engine.segments,
                last_sync=engine.last_commit,
                path=self.location or (str(self.path) if self.path else ":memory:"),
                nodes=engine.nodes,
            )

        return self._read(read)
