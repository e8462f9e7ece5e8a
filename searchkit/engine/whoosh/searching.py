"""Run a search: parse, filter, rank (BM25F), page, facet, and build hits with snippets."""

from __future__ import annotations

from collections import Counter

from whoosh import collectors, sorting
from whoosh import query as wq
from whoosh.scoring import WeightingModel
from whoosh.searching import ResultsPage

from searchkit.engine.whoosh.columns import CachedColumnFacet, column_value
from searchkit.engine.whoosh.compile import compile_query
from searchkit.engine.whoosh.documents import split_list
from searchkit.engine.whoosh.people import expand_people
from searchkit.engine.whoosh.querying import date_filter, person_filter, section_filter
from searchkit.engine.whoosh.ranking import RERANK_DEPTH, NewsBM25F, favour_all_words, rerank_with_feedback
from searchkit.engine.whoosh.spelling import FEW_HITS, respell
from searchkit.ingest.dates import as_utc
from searchkit.models import Hit, Results
from searchkit.people.directory import PeopleDirectory
from searchkit.search.highlight import Highlighter, highlighter
from searchkit.search.options import SearchOptions
from searchkit.search.parser import parse
from searchkit.search.snippets import make_snippet

#: Fields whose matched terms are highlighted in the body (they share its analyzer).
_HIGHLIGHT_FIELDS = ("body", "headline", "subheads")

#: Dated articles newest first, then undated ones (Whoosh would put those first).
NEWEST_FIRST = sorting.MultiFacet(
    [sorting.QueryFacet({0: wq.Every("date")}, other=1), sorting.FieldFacet("date", reverse=True)]
)
#: Wire copies of a story share a near-duplicate key (fingerprint.py); collapsing keeps the best.
COPIES = CachedColumnFacet("dupkey")


class _VectorKeys(sorting.Categorizer):
    """Each article's terms of a vectored field; none for an article without them.

    Whoosh's own (``FieldFacet(allow_overlap=True)``) reads the vector of every
    matching article and fails on one that has none, as an article naming no
    people has none in ``people_names``.
    """

    allow_overlap = True

    def __init__(self, fieldname: str) -> None:
        self.fieldname = fieldname
        self.reader = None

    def set_searcher(self, segment_searcher, docoffset: int) -> None:
        self.reader = segment_searcher.reader()

    def keys_for(self, matcher, docid: int) -> list:
        if not self.reader.has_vector(docid, self.fieldname):
            return []
        return list(self.reader.vector(docid, self.fieldname).all_ids())


class _VectorFacet(sorting.FacetType):
    """Facet by the terms of a vectored field (see _VectorKeys)."""

    def __init__(self, fieldname: str) -> None:
        self.fieldname = fieldname

    def categorizer(self, global_searcher) -> _VectorKeys:
        return _VectorKeys(self.fieldname)


_FACET_FIELDS = {
    "people": _VectorFacet("people_names"),
    "section": sorting.FieldFacet("section"),
    "month": sorting.FieldFacet("month"),
}


def weighting() -> WeightingModel:
    """BM25F with the Robertson idf (see ``ranking``); field weights are in ``compile.FIELD_BOOSTS``."""
    return NewsBM25F()


def filter_query(options: SearchOptions, directory: PeopleDirectory) -> wq.Query | None:
    """The section, person and date filters as one query (None when there are none)."""
    groups = [[name] for name in options.people] if options.all_people else [options.people]
    people = [expand_people(directory, query) for query in map(person_filter, groups) if query is not None]
    filters = [
        f
        for f in (section_filter(options.sections), *people, date_filter(options.since, options.until))
        if f is not None
    ]
    if not filters:
        return None
    return filters[0] if len(filters) == 1 else wq.And(filters)


def run_search(searcher, directory: PeopleDirectory, text: str, options: SearchOptions) -> Results:
    """One page of results for ``text`` under ``options``, with a spelling suggestion if few match."""
    parsed = parse(text, literal=options.literal)
    compiled = compile_query(parsed, searcher.schema)
    query = expand_people(directory, compiled.query)
    words = [expand_people(directory, word) for word in compiled.all_words]
    highlight = highlighter(parsed)
    results = execute(searcher, directory, query, options, highlight=highlight, feedback=options.feedback,
                      all_words=words)
    results.query = text
    if options.suggest and results.total < FEW_HITS:
        respelled = respell(searcher, text)
        if respelled is not None:
            better = expand_people(directory, compile_query(parse(respelled, literal=options.literal),
                                                            searcher.schema).query)
            # Every respelled word was unknown and is now a known one, so the respelled
            # query matches more words; offer it unless it finds fewer articles.
            found = _count(searcher, better, filter_query(options, directory))
            if found and found >= results.total:
                results.suggestion = respelled
    return results


def _highlight_terms(parsed: wq.Query) -> Highlighter:
    """The words of a query built here (related articles) that snippets mark."""
    return Highlighter(terms=frozenset(text for field, text in parsed.iter_all_terms() if field in _HIGHLIGHT_FIELDS))


def execute(searcher, directory: PeopleDirectory, parsed: wq.Query, options: SearchOptions,
            mask: wq.Query | None = None, highlight: Highlighter | None = None, feedback: bool = False,
            all_words: list[wq.Query] | None = None) -> Results:
    """Run a parsed query under the options: filters, sort, collapse, facets, one page of hits.

    ``highlight`` is the words snippets mark (default: every word of the query);
    ``feedback`` re-orders the best hits by words of the top few (relevance order only);
    articles holding every one of ``all_words`` have their score doubled (relevance order only).
    """
    if searcher.doc_count_all() == 0:  # Whoosh's empty reader has no columns to collapse or sort by
        return Results(hits=[], total=0, page=options.page, pagelen=options.limit,
                       facets={name: [] for name in options.facets})
    base, words = parsed, all_words or []
    by_relevance = options.sort == "relevance"
    feedback = feedback and by_relevance
    depth = options.page * options.limit
    if by_relevance and (feedback or words):
        depth = max(depth, RERANK_DEPTH)
    collector = _collector(searcher, depth, options, filter_query(options, directory), mask)
    searcher.search_with_collector(base, collector)
    found = collector.results()
    if by_relevance and words:
        found.top_n = favour_all_words(searcher, found.top_n, words)
    if feedback:
        found.top_n = rerank_with_feedback(searcher, found.top_n, base, searcher.schema["body"].analyzer)
    page = ResultsPage(found, options.page, options.limit)
    if highlight is None:
        highlight = _highlight_terms(parsed)
    hits = [_hit(hit, page.offset + i + 1, searcher, options.collapse, highlight) for i, hit in enumerate(page)]
    facets = {name: facet_values(name, page.results.groups(name), directory, options.facet_limit)
              for name in options.facets}
    total = matched_total(searcher, base, collector)
    return Results(hits=hits, total=total, page=options.page, pagelen=options.limit, facets=facets)


class _ScoresOnce:
    """Mixin for Whoosh's scored collectors: the score a collapse asked for is reused to collect.

    Whoosh's CollapseCollector scores a document for its key, then the collector scores
    it again to keep it, and each score walks the whole matcher tree: -15% of the search.
    """

    _last: tuple[int, int, float] = (-1, -1, 0.0)

    def sort_key(self, sub_docnum: int) -> float:
        score = self.matcher.score()
        self._last = (self.offset, sub_docnum, score)
        return 0 - score

    def collect(self, sub_docnum: int):
        offset, docnum, score = self._last
        if offset != self.offset or docnum != sub_docnum:
            score = self.matcher.score()
        global_docnum = self.offset + sub_docnum
        if self.final_fn:
            score = self.final_fn(self.top_searcher, global_docnum, score)
        return self._collect(global_docnum, score)


class _CountsMatches:
    """Counts the matches it visits, and whether Whoosh may have left some unvisited.

    Whoosh's TopCollector, once its heap is full, replaces an Or whose branch
    cannot reach the top by an AndMaybe: articles matching only that branch are
    not visited. That makes large searches much faster (200,000 articles: p95
    287 ms instead of 648 ms when every match is scored), but then the matches
    must be counted apart (``matched_total``).
    """

    matched = 0
    skipped_some = False

    def matches(self):
        for docnum in super().matches():
            self.matched += 1
            yield docnum
            if getattr(self, "minscore", 0):  # the next replacement of the matcher may prune
                self.skipped_some = True


class _TopCollector(_CountsMatches, _ScoresOnce, collectors.TopCollector):
    pass


class _AllCollector(_CountsMatches, _ScoresOnce, collectors.UnlimitedCollector):
    pass


class _SortingCollector(_CountsMatches, collectors.SortingCollector):
    pass


def matched_total(searcher, query: wq.Query, collector: collectors.Collector) -> int:
    """Articles that matched ``query`` and passed the filters, collapsed copies included.

    Whoosh's own counts leave out collapsed copies; when the collector visited
    every match they are its count less those filtered out, else the matching
    documents are listed without scoring them.
    """
    filtered, allow, restrict = 0, None, None
    while isinstance(collector, collectors.WrappingCollector):
        if isinstance(collector, collectors.FilterCollector):
            filtered, allow, restrict = collector.filtered_count, collector._allow, collector._restrict
        collector = collector.child
    assert isinstance(collector, _CountsMatches)
    if not collector.skipped_some:
        return collector.matched - filtered
    docs = matching_docs(searcher, query)
    if allow is not None:
        docs = {docnum for docnum in docs if docnum in allow}
    if restrict is not None:
        docs = {docnum for docnum in docs if docnum not in restrict}
    return len(docs)


def matching_docs(searcher, query: wq.Query) -> set[int]:
    """The documents matching ``query``; an Or as the union of its parts' (each read as a list of ids)."""
    if isinstance(query, wq.Or) and not getattr(query, "minmatch", 0):
        return set().union(*(matching_docs(searcher, part) for part in query.subqueries))
    return set(searcher.docs_for_query(query))


def _collector(searcher, depth: int, options: SearchOptions, restrict: wq.Query | None,
               mask: wq.Query | None) -> collectors.Collector:
    """The collectors ``Searcher.search`` would chain for these options, scoring each match once."""
    if options.sort == "date":
        collector = _SortingCollector(NEWEST_FIRST, limit=depth)
    elif options.facets or depth >= searcher.doc_count():
        collector = _AllCollector()
    else:
        collector = _TopCollector(depth, usequality=False)
    if options.facets:
        groups = {name: _FACET_FIELDS[name] for name in options.facets}
        collector = collectors.FacetCollector(collector, groups, maptype=sorting.Count)
    if restrict is not None or mask is not None:
        collector = _FilterFirst(collector, restrict, mask)
    if options.collapse:
        collector = collectors.CollapseCollector(collector, COPIES)
    return collector


class _FilterFirst(collectors.FilterCollector):
    """Filters the matches it hands on, so a CollapseCollector around it folds only the articles kept.

    Whoosh's FilterCollector filters in its own ``collect_matches`` and feeds its
    child's ``collect`` directly: around a CollapseCollector (Whoosh's own order)
    it skipped the collapsing, so any filter (a section, a date) showed every wire
    copy; inside one, its ``collect_matches`` is never called and nothing is filtered.
    """

    def matches(self):
        allow, restrict = self._allow, self._restrict
        for sub_docnum in self.child.matches():
            docnum = self.offset + sub_docnum
            if (allow is not None and docnum not in allow) or (restrict is not None and docnum in restrict):
                self.filtered_count += 1
                continue
            yield sub_docnum

    def collect_matches(self):
        for sub_docnum in self.matches():
            self.child.collect(sub_docnum)


def _count(searcher, parsed: wq.Query, restrict: wq.Query | None) -> int:
    return len(searcher.search(parsed, limit=1, filter=restrict))


def facet_values(name: str, groups: dict, directory: PeopleDirectory, limit: int) -> list[tuple[str, int]]:
    """The top ``limit`` values of one facet with their article counts (months: the newest)."""
    counts = {str(k): v for k, v in groups.items() if k not in (None, "")}
    if name == "people":
        return [(p.name, p.count) for p in directory.people(counts)[:limit]]
    if name == "month":
        return sorted(counts.items(), reverse=True)[:limit]
    merged: Counter[str] = Counter()
    shown: dict[str, str] = {}  # sections group case-insensitively: show the first spelling
    for value, count in counts.items():
        merged[shown.setdefault(value.lower(), value)] += count
    return sorted(merged.items(), key=lambda kv: (-kv[1], kv[0].lower()))[:limit]


def _copies(searcher, hit) -> int:
    """How many other articles in the index carry the same near-duplicate key."""
    key = column_value(searcher, "dupkey", hit.docnum).decode("utf-8")
    if not key or key.startswith("id:"):
        return 0
    return max(0, searcher.doc_frequency("dupkey", key) - 1)


def _hit(hit, rank: int, searcher, collapsed: bool, highlight: Highlighter) -> Hit:
    """One hit with its snippet. The snippet marks the query's words found in the body: no need to
    record which words matched each article while searching (Whoosh's ``terms=True`` walks the
    whole matcher tree for every match)."""
    stored = hit.fields()
    subheads = [s for s in stored.get("subheads", "").split("\n") if s]
    snippet = make_snippet(stored.get("body", ""), subheads, highlight)
    date = stored.get("date")
    return Hit(
        id=stored["id"],
        rank=rank,
        score=hit.score if isinstance(hit.score, (int, float)) else 0.0,  # sorted by date: no score
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
        similar=_copies(searcher, hit) if collapsed else 0,
    )
