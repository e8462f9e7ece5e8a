"""The collectors a search runs: which matches are kept, how they are counted, and when to stop looking.

Searchkit chains Whoosh's collectors itself (``build_collector``) instead of
letting ``Searcher.search`` do it, for four reasons: a collapsed search scores
each match once (``_ScoresOnce``); filters are applied where a collapse
around them sees them (``_Filter``); facets forget a copy the collapse
replaced (``facets.KeptCount``); and every match is counted and the time
budget checked as it goes (``_CountsMatches``), so ``tally`` can say how many
hits can be paged and how many copies were folded under them.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import collectors
from whoosh import query as wq

from searchkit.engine.whoosh.columns import segment_column
from searchkit.engine.whoosh.facets import COPIES, FACET_FIELDS, NEWEST_FIRST, KeptCount
from searchkit.search.budget import Budget
from searchkit.search.options import SearchOptions

#: Matches between two looks at the clock (a look costs about as much as scoring a match).
BUDGET_CHECK_EVERY = 256


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
    """Counts the matches it visits and the kept ones a collapse removed; stops when the budget is spent.

    Whoosh's TopCollector, once its heap is full, replaces an Or whose branch
    cannot reach the top by an AndMaybe: articles matching only that branch are
    not visited. That makes large searches much faster (200,000 articles: p95
    287 ms instead of 648 ms when every match is scored), but then the matches
    must be counted apart (``tally``).
    """

    matched = 0
    removed = 0
    skipped_some = False
    timed_out = False
    budget = Budget(None)

    def matches(self):
        budget = self.budget
        if budget.exhausted():
            self.timed_out = True
            return
        for docnum in super().matches():
            if self.matched % BUDGET_CHECK_EVERY == BUDGET_CHECK_EVERY - 1 and budget.exhausted():
                self.timed_out = True
                return
            self.matched += 1
            yield docnum
            if getattr(self, "minscore", 0):  # the next replacement of the matcher may prune
                self.skipped_some = True

    def remove(self, global_docnum: int):
        self.removed += 1
        return super().remove(global_docnum)


class _RemovesLazily:
    """Mixin for collectors that keep every match: a hit the collapse removes is left out at the end.

    Whoosh finds the hit to remove by a linear search of all those kept so far,
    so a collapsed search keeping every match took quadratic time (56 s of
    ``*`` at 111,000 articles, for 6,000 copies).
    """

    def prepare(self, top_searcher, q, context) -> None:
        super().prepare(top_searcher, q, context)
        self.removed_docs: set[int] = set()

    def remove(self, global_docnum: int) -> None:
        self.removed_docs.add(global_docnum)

    def results(self):
        if self.removed_docs:
            self.items = [item for item in self.items if item[1] not in self.removed_docs]
        return super().results()


class _TopCollector(_CountsMatches, _ScoresOnce, collectors.TopCollector):
    pass


class _AllCollector(_CountsMatches, _RemovesLazily, _ScoresOnce, collectors.UnlimitedCollector):
    pass


class _SortingCollector(_CountsMatches, _RemovesLazily, collectors.SortingCollector):
    pass


class _Facets(collectors.FacetCollector):
    """Whoosh's facet collector, telling its counts (``KeptCount``) when a collapse removes a hit."""

    def remove(self, global_docnum: int):
        for facetmap in self.facetmaps.values():
            facetmap.discard(global_docnum)
        return self.child.remove(global_docnum)


class _Filter(collectors.FilterCollector):
    """Whoosh's filter collector, filtering in ``matches()``.

    Whoosh filters in ``collect_matches``, which hands the allowed documents
    straight to the collector inside: a collapse there never runs, so a
    filtered search showed every wire copy. Filtering in ``matches()`` lets the
    collapse wrap the filter and see only allowed documents.
    """

    def matches(self):
        allow, restrict, offset = self._allow, self._restrict, self.offset
        for sub_docnum in self.child.matches():
            docnum = offset + sub_docnum
            if (allow is not None and docnum not in allow) or (restrict is not None and docnum in restrict):
                self.filtered_count += 1
                continue
            yield sub_docnum

    def collect_matches(self):
        for sub_docnum in self.matches():
            self.child.collect(sub_docnum)


def build_collector(searcher, depth: int, options: SearchOptions, sort: str, restrict: wq.Query | None,
                    mask: wq.Query | None, budget: Budget) -> collectors.Collector:
    """The collectors for these options, innermost first: keep, facet, filter, collapse."""
    if sort == "date":
        collector = _SortingCollector(NEWEST_FIRST, limit=depth)
    elif options.facets or depth >= searcher.doc_count():
        collector = _AllCollector()
    else:
        collector = _TopCollector(depth, usequality=False)
    collector.budget = budget
    if options.facets:
        groups = {name: FACET_FIELDS[name] for name in options.facets}
        collector = _Facets(collector, groups, maptype=KeptCount)
    if restrict is not None or mask is not None:
        collector = _Filter(collector, restrict, mask)
    if options.collapse:
        collector = collectors.CollapseCollector(collector, COPIES)
    return collector


@dataclass(frozen=True)
class Tally:
    """What a finished search found: hits that can be paged, copies folded under them, and whether all were seen."""

    total: int
    collapsed: int
    complete: bool


def tally(searcher, query: wq.Query, collector: collectors.Collector, budget: Budget) -> Tally:
    """Count the hits of a finished search (``query`` is what it ran, without the filters).

    When the collector visited every match, its counts say it all. When Whoosh
    pruned some, the matching documents are listed without scoring them (the
    parts of an Or apart) and their copies counted by their near-duplicate key.
    When the time budget ran out, the counts are of what was seen.
    """
    filtered, allow, restrict, collapse = 0, None, None, None
    while isinstance(collector, collectors.WrappingCollector):
        if isinstance(collector, collectors.FilterCollector):
            filtered, allow, restrict = collector.filtered_count, collector._allow, collector._restrict
        elif isinstance(collector, collectors.CollapseCollector):
            collapse = collector
        collector = collector.child
    assert isinstance(collector, _CountsMatches)
    if collector.timed_out or not collector.skipped_some or budget.exhausted():
        folded = collapse.collapsed_total + collector.removed if collapse is not None else 0
        complete = not collector.timed_out and not collector.skipped_some
        return Tally(collector.matched - filtered - folded, folded, complete)
    docs = matching_docs(searcher, query)
    if allow is not None:
        docs = {docnum for docnum in docs if docnum in allow}
    if restrict is not None:
        docs = {docnum for docnum in docs if docnum not in restrict}
    stories = count_stories(searcher, docs) if collapse is not None else len(docs)
    return Tally(stories, len(docs) - stories, True)


def matching_docs(searcher, query: wq.Query) -> set[int]:
    """The documents matching ``query``; an Or as the union of its parts' (each read as a list of ids)."""
    if isinstance(query, wq.Or) and not getattr(query, "minmatch", 0):
        return set().union(*(matching_docs(searcher, part) for part in query.subqueries))
    return set(searcher.docs_for_query(query))


def count_stories(searcher, docnums: set[int]) -> int:
    """How many stories the documents tell: copies sharing a near-duplicate key count once."""
    keys, alone = set(), 0
    ordered, i = sorted(docnums), 0
    for segment, offset in searcher.leaf_searchers():
        column = segment_column(segment.reader(), "dupkey")
        end = offset + segment.doc_count_all()
        while i < len(ordered) and ordered[i] < end:
            key = column[ordered[i] - offset]
            if key:
                keys.add(key)
            else:
                alone += 1
            i += 1
    return alone + len(keys)
