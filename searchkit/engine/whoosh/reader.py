"""The engine seam's reader on Whoosh: one searcher (one commit) and its people directory, used together.

Search requests are answered by the Whoosh search pipeline (searching.py),
which compiles the request's parsed query and respells words of ``request.text``
(the text that query was parsed from): the request's
filters and paging become ``SearchOptions`` again, and the results, snippets
made where the stored text is, become ``EngineResults``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from searchkit.engine.base import EngineHit, EngineResults, Filters, SearchRequest, SyncKey
from searchkit.engine.whoosh.documents import from_fields
from searchkit.engine.whoosh.people import directory_of
from searchkit.engine.whoosh.searching import execute, run_search
from searchkit.engine.whoosh.spelling import respell
from searchkit.models import Article, ArticleRef, Hit, PersonPage, Results
from searchkit.people.directory import PeopleDirectory, Person
from searchkit.search.options import SearchOptions
from searchkit.search.snippets import Snippet


def options_of(request: SearchRequest) -> SearchOptions:
    """The Whoosh pipeline's options for a request (``offset`` is a whole number of pages)."""
    filters = request.filters
    return SearchOptions(
        limit=request.limit, page=request.offset // request.limit + 1, sections=filters.sections,
        people=filters.people_keys, since=filters.since, until=filters.until, sort=request.sort,
        literal=request.literal, facets=request.facets, collapse=request.collapse, suggest=request.suggest,
        feedback=request.feedback,
        facet_limit=request.facet_size or 2**31, all_people=filters.all_people, timeout=request.timeout,
        languages=filters.languages)


def engine_results(results: Results) -> EngineResults:
    """The pipeline's results as the seam carries them."""
    return EngineResults(
        hits=[_engine_hit(hit, results.sort) for hit in results.hits], total=results.total + results.collapsed,
        groups=results.total, facets={name: dict(values) for name, values in results.facets.items()},
        timed_out=results.timed_out, sort=results.sort, suggestion=results.suggestion,
        capped_terms=list(results.capped_terms))


def _engine_hit(hit: Hit, sort: str) -> EngineHit:
    article = Article(id=hit.id, headline=hit.headline, section=hit.section, date=hit.date, authors=hit.authors,
                      people=hit.people, url=hit.url, path=hit.path)
    score = hit.score if sort == "relevance" else None  # hits in date order are not scored
    return EngineHit(article, score, hit.similar, Snippet(hit.snippet, hit.highlights, hit.subheading))


class WhooshReader:
    """``EngineReader`` on a Whoosh searcher; the directory is built on first use."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self._directory: PeopleDirectory | None = None

    def up_to_date(self) -> bool:
        return self.searcher.up_to_date()

    def directory(self) -> PeopleDirectory:
        if self._directory is None:
            self._directory = directory_of(self.searcher.reader())
        return self._directory

    def count(self) -> int:
        return self.searcher.doc_count()

    def get(self, article_id: str) -> Article | None:
        stored = self.searcher.document(id=article_id)
        return from_fields(stored) if stored is not None else None

    def ids(self) -> list[str]:
        if self.searcher.doc_count() == 0:
            return []
        reader = self.searcher.reader()
        column = reader.column_reader("id")
        return [column[docnum] for docnum in reader.all_doc_ids()]

    def sync_keys(self) -> list[SyncKey]:
        from searchkit.engine.whoosh.writer import sync_keys  # writing code: not loaded for a query

        return sync_keys(self.searcher.reader())

    def search(self, request: SearchRequest) -> EngineResults:
        return engine_results(run_search(self.searcher, self.directory(), request.text, options_of(request),
                                         request.query))

    def related(self, article_id: str, request: SearchRequest) -> EngineResults:
        from searchkit.engine.whoosh.related import related_query

        parsed, mask = related_query(self.searcher, article_id)
        options = replace(options_of(request), suggest=False)
        return engine_results(execute(self.searcher, self.directory(), parsed, options, mask=mask))

    def copies(self, article_id: str) -> list[ArticleRef]:
        from searchkit.engine.whoosh.copies import copies_of

        return copies_of(self.searcher, article_id)

    def people(self, filters: Filters, limit: int) -> list[Person]:
        from searchkit.engine.whoosh.mentions import list_people

        options = SearchOptions(limit=limit, sections=filters.sections, since=filters.since, until=filters.until)
        return list_people(self.searcher, self.directory(), options)

    def person(self, name: str, limit: int) -> PersonPage:
        from searchkit.engine.whoosh.mentions import person_page

        return person_page(self.searcher, self.directory(), name, limit=limit)

    def section_counts(self) -> dict[str, int]:
        sections: Counter[str] = Counter()
        shown: dict[str, str] = {}  # sections match case-insensitively: show the first spelling met
        if self.searcher.doc_count():
            reader = self.searcher.reader()
            column = reader.column_reader("section")
            for docnum in reader.all_doc_ids():
                name = column[docnum] or "(none)"
                sections[shown.setdefault(name.lower(), name)] += 1
        return dict(sections)

    def people_spellings(self) -> dict[str, int]:
        directory = self.directory()
        directory.people()  # built on first use
        return dict(directory.spellings)

    def doc_frequencies(self, field: str, terms: list[str]) -> dict[str, int]:
        return {term: self.searcher.doc_frequency(field, term) for term in terms}

    def respell(self, word: str) -> str | None:
        return respell(self.searcher, word)

    def segments(self) -> int:
        """How many segments this view spans (each costs every search a little setup)."""
        return sum(1 for leaf, _ in self.searcher.reader().leaf_readers() if leaf.doc_count_all())

    def close(self) -> None:
        self.searcher.close()
