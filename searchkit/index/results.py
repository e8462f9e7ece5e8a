"""Search options to the engine seam's requests, and its results back to ``Results`` with snippets.

What a search means (options checked, the query parsed, people keys, pages,
snippets for an engine that made none) is the facade's, the same on every engine.
"""

from __future__ import annotations

from searchkit.analysis.languages import analyses_of
from searchkit.engine.base import EngineHit, EngineResults, Filters, SearchRequest
from searchkit.models import Hit, Results
from searchkit.people.names import name_key
from searchkit.search.highlight import Highlighter, highlighter
from searchkit.search.options import SearchOptions
from searchkit.search.query import Query
from searchkit.search.snippets import Snippet, make_snippet


def filters_of(options: SearchOptions) -> Filters:
    """The restrictions of ``options`` as the seam carries them (sections lower-cased, people as keys)."""
    return Filters(
        sections=tuple(section.strip().lower() for section in options.sections),
        people_keys=tuple(name_key(person) for person in options.people),
        since=options.since.replace(tzinfo=None) if options.since else None,
        until=options.until.replace(tzinfo=None) if options.until else None,
        all_people=options.all_people,
        languages=options.languages,
    )


def request_of(query: Query | None, text: str, options: SearchOptions) -> SearchRequest:
    """One page of a search under ``options``, as every engine is asked for it."""
    return SearchRequest(
        query=query, filters=filters_of(options), sort=options.sort, offset=(options.page - 1) * options.limit,
        limit=options.limit, facets=options.facets, facet_size=options.facet_limit, collapse=options.collapse,
        feedback=options.feedback, timeout=options.timeout, text=text, suggest=options.suggest,
        literal=options.literal)


def results_of(found: EngineResults, request: SearchRequest, options: SearchOptions) -> Results:
    """An engine's page of hits as ``Results``: ranks, snippets, counts of stories and of folded copies."""
    marks: list[Highlighter] = []  # the query's words, worked out only for an engine that made no snippet

    def snippet(hit: EngineHit) -> Snippet:
        if hit.snippet is not None:
            return hit.snippet
        if not marks:  # the query's words in the languages of the page's articles
            analyses = analyses_of(other.article.language for other in found.hits)
            marks.append(highlighter(request.query, analyses) if request.query is not None else Highlighter())
        return make_snippet(hit.article.body, hit.article.subheads, marks[0], language=hit.article.language)

    hits = [_hit(hit, request.offset + i + 1, snippet(hit)) for i, hit in enumerate(found.hits)]
    return Results(
        hits=hits, total=found.groups, page=options.page, pagelen=options.limit, query=request.text,
        suggestion=found.suggestion, facets={name: list(values.items()) for name, values in found.facets.items()},
        collapsed=found.total - found.groups, sort=found.sort, timed_out=found.timed_out,
        capped_terms=list(found.capped_terms), spelling_checked=request.suggest)


def _hit(hit: EngineHit, rank: int, snippet: Snippet) -> Hit:
    article = hit.article
    return Hit(id=article.id, rank=rank, score=hit.score or 0.0, headline=article.headline, section=article.section,
               date=article.date, people=article.people, authors=article.authors, path=article.path, url=article.url,
               snippet=snippet.text, highlights=snippet.spans, subheading=snippet.subheading, similar=hit.similar)
