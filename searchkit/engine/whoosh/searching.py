"""Run a search: parse, filter, rank (BM25F), page, facet, and build hits with snippets."""

from __future__ import annotations

import sys
import weakref
from dataclasses import replace

from whoosh import query as wq
from whoosh.scoring import WeightingModel

from searchkit.analysis import news
from searchkit.arguments import text_argument
from searchkit.engine.whoosh.collecting import build_collector, matching_docs, tally
from searchkit.engine.whoosh.columns import column_value
from searchkit.engine.whoosh.compile import compile_query, matches_everything
from searchkit.engine.whoosh.documents import split_list
from searchkit.engine.whoosh.exactforms import exact_stems, favour_exact_forms
from searchkit.engine.whoosh.expansion import bound_expansions
from searchkit.engine.whoosh.facets import facet_values
from searchkit.engine.whoosh.languages import index_analyses
from searchkit.engine.whoosh.people import expand_people, people_filter
from searchkit.engine.whoosh.proximity import favour_near_words
from searchkit.engine.whoosh.querying import any_of, date_filter, section_filter
from searchkit.engine.whoosh.ranking import RERANK_DEPTH, NewsBM25F, favour_all_words, rerank_with_feedback
from searchkit.engine.whoosh.spelling import respell
from searchkit.ingest.dates import as_utc
from searchkit.models import Hit, Results
from searchkit.people.directory import PeopleDirectory
from searchkit.search.budget import Budget
from searchkit.search.highlight import Highlighter, highlighter
from searchkit.search.options import SearchOptions
from searchkit.search.parser import parse
from searchkit.search.query import Query
from searchkit.search.snippets import make_snippet

#: Fields whose matched terms are highlighted in the body (they share its analyzer).
_HIGHLIGHT_FIELDS = ("body", "headline", "subheads")


def weighting() -> WeightingModel:
    """BM25F with the Robertson idf (see ``ranking``); field weights are in ``compile.FIELD_BOOSTS``."""
    return NewsBM25F()


def filter_query(options: SearchOptions, directory: PeopleDirectory) -> wq.Query | None:
    """The section, language, person and date filters as one query (None when there are none)."""
    groups = [[name] for name in options.people] if options.all_people else [options.people]
    people = [people_filter(directory, group) for group in groups]
    filters = [
        f
        for f in (section_filter(options.sections), any_of("language", options.languages), *people,
                  date_filter(options.since, options.until))
        if f is not None
    ]
    if not filters:
        return None
    return filters[0] if len(filters) == 1 else wq.And(filters)


def run_search(searcher, directory: PeopleDirectory, text: str, options: SearchOptions,
               parsed: Query | None = None) -> Results:
    """One page of results for ``text`` under ``options``, with a spelling suggestion when a word is unknown.

    ``parsed`` is ``text`` already parsed under the options (the facade's request carries it)."""
    text = text_argument(text, "query")
    budget = Budget(options.timeout)
    if parsed is None:
        parsed = parse(text, literal=options.literal)
    compiled = compile_query(parsed, searcher.schema, searcher.reader())
    query, capped = bound_expansions(compiled.query, searcher.reader())
    query = expand_people(directory, query)
    words = [expand_people(directory, word) for word in compiled.all_words]
    marks = highlighter(parsed, index_analyses(searcher.reader()))
    if compiled.typo_words:  # words found only through a typo are marked like the words typed
        marks = replace(marks, terms=marks.terms | {news.term_of(word) for word in compiled.typo_words})
    results = execute(searcher, directory, query, options, budget, highlight=marks,
                      feedback=options.feedback, all_words=words)
    results.query, results.capped_terms, results.spelling_checked = text, capped, options.suggest
    if options.suggest and compiled.unknown and not budget.exhausted():
        respelled = respell(searcher, text, compiled.checked)
        if respelled is not None:
            respelled_query = compile_query(parse(respelled, literal=options.literal), searcher.schema).query
            better, _ = bound_expansions(respelled_query, searcher.reader())
            # Each respelled word is a typo's closest neighbour: offer the respelled query when it
            # finds articles (fewer, maybe, than a typo matching every neighbour of it).
            if _count(searcher, expand_people(directory, better), filter_query(options, directory)):
                results.suggestion = respelled
    return results


def _highlight_terms(parsed: wq.Query) -> Highlighter:
    """The words of a query built here (related articles) that snippets mark."""
    return Highlighter(terms=frozenset(text for field, text in parsed.iter_all_terms() if field in _HIGHLIGHT_FIELDS))


def execute(searcher, directory: PeopleDirectory, parsed: wq.Query, options: SearchOptions,
            budget: Budget | None = None, mask: wq.Query | None = None, highlight: Highlighter | None = None,
            feedback: bool = False, all_words: list[wq.Query] | None = None) -> Results:
    """Run a parsed query under the options: filters, sort, collapse, facets, one page of hits.

    A query matching every article (``*``) is browsed newest first without
    scoring. ``highlight`` is the words snippets mark (default: every word of
    the query); ``feedback`` re-orders the best hits by words of the top few
    (relevance order only); articles holding every one of ``all_words`` have
    their score doubled (relevance order only). A page past the last one is empty.
    """
    budget = budget or Budget(options.timeout)
    base, words = parsed, all_words or []
    sort = "date" if matches_everything(base) else options.sort
    if searcher.doc_count_all() == 0:  # Whoosh's empty reader has no columns to collapse or sort by
        return Results(hits=[], total=0, page=options.page, pagelen=options.limit, sort=sort,
                       facets={name: [] for name in options.facets})
    by_relevance = sort == "relevance"
    feedback = feedback and by_relevance
    stems = exact_stems(base) if by_relevance else []
    depth = options.page * options.limit
    if by_relevance and (feedback or words or stems):
        depth = max(depth, RERANK_DEPTH)
    restrict = filter_query(options, directory)
    scored = _bulk(searcher, base, depth, options, restrict) if by_relevance and mask is None else None
    if scored is not None:
        ranked, counted = scored
    else:
        collector = build_collector(searcher, depth, options, sort, restrict, mask, budget)
        searcher.search_with_collector(base, collector)
        found = collector.results()
        ranked = found.top_n
    ranked = favour_exact_forms(searcher, ranked, stems, depth)  # every hit that can be shown
    if by_relevance and words:
        holders = None
        if scored is not None:  # the arrays are loaded: they tell who holds every word
            from searchkit.engine.whoosh.bulk import holding_all

            holders = holding_all(searcher, sorted(docnum for _, docnum in ranked[:RERANK_DEPTH]), words)
        ranked = favour_all_words(searcher, ranked, words, holders)
        ranked = favour_near_words(searcher, ranked, words)
    if feedback:
        ranked = rerank_with_feedback(searcher, ranked, base, searcher.schema["body"].analyzer)
    if highlight is None:
        highlight = _highlight_terms(parsed)
    offset = (options.page - 1) * options.limit
    hits = [_hit(searcher, docnum, score if by_relevance else 0.0, offset + i + 1, options.collapse, highlight)
            for i, (score, docnum) in enumerate(ranked[offset:offset + options.limit])]
    facets = {name: facet_values(name, found.groups(name), directory, options.facet_limit)
              for name in options.facets}
    if scored is None:
        counted = tally(searcher, base, collector, budget)
    return Results(hits=hits, total=counted.total, collapsed=counted.collapsed, page=options.page,
                   pagelen=options.limit, sort=sort, timed_out=not counted.complete and budget.exhausted(),
                   facets=facets)


#: Readers that have answered a search: their later searches may score in bulk (``bulk``).
_SEARCHED: weakref.WeakSet = weakref.WeakSet()


def _bulk(searcher, query: wq.Query, depth: int, options: SearchOptions, restrict: wq.Query | None):
    """The ranked pairs and totals of a plain-words query scored in bulk with NumPy, or None for Whoosh's path.

    An open index's first search takes Whoosh's path, so that a one-off command does not
    pay NumPy's import (0.1-0.3 s); so does any query, sort or option ``bulk`` does not cover."""
    reader = searcher.reader()
    if reader not in _SEARCHED:
        _SEARCHED.add(reader)
        return None
    if options.facets:
        return None
    from searchkit.engine.whoosh import bulk

    terms = bulk.bulk_terms(query)
    if terms is None:
        return None
    allow = searcher._filter_to_comb(restrict) if restrict is not None else None
    return bulk.bulk_search(searcher, terms, depth, allow, options.collapse)


def _count(searcher, parsed: wq.Query, restrict: wq.Query | None) -> int:
    """How many articles match (copies included), without scoring them."""
    docs = matching_docs(searcher, parsed)
    if restrict is not None:
        docs &= set(searcher.docs_for_query(restrict))
    return len(docs)


def _copies(searcher, docnum: int) -> int:
    """How many other articles in the index carry the same near-duplicate key (from bulk scoring's key
    numbers once it is loaded: no term look-up per hit)."""
    bulk = sys.modules.get("searchkit.engine.whoosh.bulk")
    if bulk is not None:
        return bulk.copies(searcher, docnum)
    key = column_value(searcher, "dupkey", docnum).decode("utf-8")
    if not key or key.startswith("id:"):
        return 0
    return max(0, searcher.doc_frequency("dupkey", key) - 1)


def _hit(searcher, docnum: int, score: float, rank: int, collapsed: bool, highlight: Highlighter) -> Hit:
    """One hit with its snippet. The snippet marks the query's words found in the body: no need to
    record which words matched each article while searching (Whoosh's ``terms=True`` walks the
    whole matcher tree for every match)."""
    stored = searcher.stored_fields(docnum)
    subheads = [s for s in stored.get("subheads", "").split("\n") if s]
    snippet = make_snippet(stored.get("body", ""), subheads, highlight, language=stored.get("language") or "")
    date = stored.get("date")
    return Hit(
        id=stored["id"],
        rank=rank,
        score=score,
        headline=stored.get("headline", ""),
        section=stored.get("section", ""),
        date=as_utc(date) if date else None,
        people=split_list(stored.get("people")),
        authors=split_list(stored.get("authors")),
        path=stored.get("path", ""),
        url=stored.get("url", ""),
        snippet=snippet.text,
        highlights=snippet.spans,
        subheading=snippet.subheading,
        similar=_copies(searcher, docnum) if collapsed else 0,
    )
