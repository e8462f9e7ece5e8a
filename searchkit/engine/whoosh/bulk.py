"""Plain-word queries scored in bulk with NumPy, instead of one matching article at a time.

Whoosh walks a query's matchers and scores each matching article in Python; for
the commonest query, a few plain words (an Or of terms over the default fields),
that walk is most of a search's time. Here each term's posting list (decoded once
and kept, ``postings``) becomes arrays, its BM25F scores are computed with the
same formula and statistics as Whoosh's scorer (``NewsBM25F``), and filters,
the collapse of wire copies, the exact totals and the best hits come from the
same arrays. Per segment, its live articles, field lengths and near-duplicate
keys are read once and kept while the segment reader lives.

``bulk_search`` answers only queries it scores exactly as Whoosh would (terms of
BM25F-scored fields, added up); any other shape, sort, facets or a mask returns
None and the search runs through Whoosh's collectors (``collecting``). The two
paths give the same hits, scores (to rounding in the sum's order) and totals.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25F

from searchkit.engine.whoosh.collecting import Tally
from searchkit.engine.whoosh.columns import segment_column
from searchkit.engine.whoosh.exactforms import ExactStem
from searchkit.engine.whoosh.postings import cached_postings, one_at_a_time
from searchkit.engine.whoosh.ranking import _LENGTH_OF_BYTE, _field_lengths

_LENGTHS = np.array(_LENGTH_OF_BYTE, dtype=np.float64)
_SEGMENTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_KEYS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_KEY_COUNTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

Term = tuple[str, str, float]  # field, text, weight


def bulk_terms(query: wq.Query) -> list[Term] | None:
    """The (field, text, weight) of each term a query's score adds up, when it is a term or an Or of terms
    (as a plain-words query compiles); None for any other shape."""
    if type(query) is wq.Or and not query.minmatch and query.scale is None:
        terms = [_term(part, query.boost) for part in query.subqueries]
        return None if any(term is None for term in terms) else terms  # type: ignore[return-value]
    term = _term(query, 1.0)
    return None if term is None else [term]


def _term(query: wq.Query, boost: float) -> Term | None:
    if type(query) not in (wq.Term, ExactStem) or not isinstance(query.text, str) or query.minquality:
        return None
    return query.fieldname, query.text, boost * query.boost


def bulk_search(searcher, terms: list[Term], depth: int, allow: set[int] | None,
                collapse: bool) -> tuple[list[tuple[float, int]], Tally] | None:
    """The best ``depth`` (score, docnum) pairs and the exact totals, as Whoosh's collectors give them:
    articles matching no term, deleted, or outside ``allow`` left out; with ``collapse`` the best-scored
    copy of each near-duplicate key kept (the first of equal ones). None when a term's field is not
    scored by BM25F with a length table here (then Whoosh's path is the exact one)."""
    scores, matched = [], []
    for segment, _ in searcher.leaf_searchers():
        found = _segment_scores(segment, terms)
        if found is None:
            return None
        scores.append(found[0])
        matched.append(found[1])
    score = np.concatenate(scores) if len(scores) > 1 else scores[0]
    hit = np.concatenate(matched) if len(matched) > 1 else matched[0]
    if allow is not None:
        allowed = np.zeros(len(hit), dtype=bool)
        if allow:
            allowed[np.fromiter(allow, dtype=np.int64, count=len(allow))] = True
        hit &= allowed
    docnums = np.flatnonzero(hit)
    total = len(docnums)
    if collapse and total:
        docnums = _best_of_each_key(docnums, score, _keys(searcher))
    best = _top(docnums, score, depth)
    top_n = [(float(s), int(d)) for s, d in zip(score[best].tolist(), best.tolist(), strict=True)]
    return top_n, Tally(len(docnums), total - len(docnums), True)


def _segment_scores(segment, terms: list[Term]) -> tuple[np.ndarray, np.ndarray] | None:
    """One segment's summed scores and which of its live articles match any term."""
    reader = segment.reader()
    stats = _segment_stats(reader)
    score = np.zeros(stats.size, dtype=np.float64)
    hit = np.zeros(stats.size, dtype=bool)
    for field, text, weight in terms:
        ids, tf = cached_postings(reader, field, text)
        if not len(ids):
            continue
        params, lengths = _bm25(segment, field, text), stats.lengths(reader, field)
        if params is None or lengths is None:
            return None
        part = _formula(params, tf, lengths[ids])
        if weight != 1.0:
            part *= weight
        score[ids] += part  # a term's ids are distinct
        hit[ids] = True
    if stats.live is not None:
        hit &= stats.live
    return score, hit


def scores_at(searcher, fieldname: str, text: str, docnums: list[int]) -> Iterator[tuple[int, float]]:
    """``postings.scores_at`` with arrays: (docnum, BM25 score of the word) for each of the sorted, live
    ``docnums`` that holds the word (re-ranking asks this for 25 words and more on a hundred hits)."""
    wanted = np.asarray(docnums, dtype=np.int64)
    for segment, offset in searcher.leaf_searchers():
        reader = segment.reader()
        stats = _segment_stats(reader)
        local = wanted[(wanted >= offset) & (wanted < offset + stats.size)] - offset
        if not len(local):
            continue
        ids, tf = cached_postings(reader, fieldname, text)
        if not len(ids):
            continue
        params, lengths = _bm25(segment, fieldname, text), stats.lengths(reader, fieldname)
        if params is None or lengths is None:
            yield from one_at_a_time(segment, offset, fieldname, text, local.tolist())
            continue
        at = np.minimum(np.searchsorted(ids, local), len(ids) - 1)
        held = ids[at] == local
        at, local = at[held], local[held]
        part = _formula(params, tf[at], lengths[local])
        yield from zip((local + offset).tolist(), part.tolist(), strict=True)


def _bm25(segment, fieldname: str, text: str) -> tuple[float, float, float, float] | None:
    """(idf, average field length, B, K1) as Whoosh's ``BM25FScorer`` takes them, without building one (that
    reads the term's entry in the segment for bounds bulk scoring has no use for); None for another weighting."""
    weighting = segment.weighting
    if not isinstance(weighting, BM25F) or not segment.schema[fieldname].scorable:
        return None
    parent = segment.get_parent()
    avgfl = parent.avg_field_length(fieldname) or 1
    return parent.idf(fieldname, text), avgfl, weighting._field_B.get(fieldname, weighting.B), weighting.K1


def _formula(params: tuple[float, float, float, float], tf: np.ndarray, fl: np.ndarray) -> np.ndarray:
    """``whoosh.scoring.bm25`` over arrays, operation for operation (the same float64 results)."""
    idf, avgfl, b, k1 = params
    return idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))


def holding_all(searcher, docnums: list[int], words: list[wq.Query]) -> set[int] | None:
    """Which of ``docnums`` hold every word (each a term or an Or of terms), from the posting arrays;
    None when a word is another kind of query (its matcher must tell)."""
    holders = set(docnums)
    for word in words:
        terms = bulk_terms(word)
        if terms is None:
            return None
        wanted = sorted(holders)
        holders = {docnum for field, text, _ in terms for docnum in _held(searcher, field, text, wanted)}
    return holders


def _held(searcher, fieldname: str, text: str, docnums: list[int]) -> list[int]:
    """Those of the sorted, live ``docnums`` whose article holds the term."""
    wanted, held = np.asarray(docnums, dtype=np.int64), []
    for segment, offset in searcher.leaf_searchers():
        local = wanted[(wanted >= offset) & (wanted < offset + segment.doc_count_all())] - offset
        ids = cached_postings(segment.reader(), fieldname, text)[0] if len(local) else ()
        if len(ids):
            at = np.minimum(np.searchsorted(ids, local), len(ids) - 1)
            held.extend((local[ids[at] == local] + offset).tolist())
    return held


class _SegmentStats:
    """What bulk scoring reads of a segment on every query: its size, live articles and field lengths."""

    def __init__(self, reader) -> None:
        self.size = reader.doc_count_all()
        self.live = None
        if reader.has_deletions():
            self.live = np.zeros(self.size, dtype=bool)
            self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        self._lengths: dict[str, np.ndarray | None] = {}

    def lengths(self, reader, field: str) -> np.ndarray | None:
        if field not in self._lengths:
            table = _field_lengths(reader, field)
            self._lengths[field] = None if table is None else _LENGTHS[np.frombuffer(table, dtype=np.uint8)]
        return self._lengths[field]


def _segment_stats(reader) -> _SegmentStats:
    stats = _SEGMENTS.get(reader)
    if stats is None:
        stats = _SEGMENTS[reader] = _SegmentStats(reader)
    return stats


def copies(searcher, docnum: int) -> int:
    """How many other articles carry the article's near-duplicate key: ``searching._copies`` from the key
    numbers (every document slot counted, as Whoosh's document frequency counts them)."""
    keys = _keys(searcher)
    reader = searcher.reader()
    counts = _KEY_COUNTS.get(reader)
    if counts is None:
        counts = _KEY_COUNTS[reader] = np.bincount(keys[keys >= 0])
    key = keys[docnum]
    return max(0, int(counts[key]) - 1) if key >= 0 else 0


def _keys(searcher) -> np.ndarray:
    """Each article's near-duplicate key as a number, for the whole index, kept per top-level reader (keys
    are shared across segments); -1 for none and for an article's own key ("id:..."), never shared by another
    live article."""
    reader = searcher.reader()
    keys = _KEYS.get(reader)
    if keys is None:
        codes: dict[bytes, int] = {}
        parts = []
        for segment, _ in searcher.leaf_searchers():
            column = segment_column(segment.reader(), "dupkey")
            values = [column[docnum] for docnum in range(segment.doc_count_all())]
            parts.append(np.fromiter((-1 if not v or v.startswith(b"id:") else codes.setdefault(v, len(codes))
                                      for v in values),
                                     dtype=np.int64, count=len(values)))
        keys = _KEYS[reader] = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return keys


def _best_of_each_key(docnums: np.ndarray, score: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The articles a collapse keeps: those without a key, and of each key the best scored (the first of equal)."""
    key = keys[docnums]
    keyed = docnums[key >= 0]
    order = np.lexsort((keyed, -score[keyed], keys[keyed]))
    ordered = keyed[order]
    ordered_keys = keys[ordered]
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered_keys[1:] != ordered_keys[:-1]
    return np.sort(np.concatenate((docnums[key < 0], ordered[first])))


def _top(docnums: np.ndarray, score: np.ndarray, depth: int) -> np.ndarray:
    """The ``depth`` best of ``docnums``, best first, equal scores in document order (as Whoosh ranks them)."""
    if len(docnums) > depth:
        values = score[docnums]
        cut = np.partition(values, len(values) - depth)[len(values) - depth]
        docnums = docnums[values >= cut]
    order = np.lexsort((docnums, -score[docnums]))
    return docnums[order][:depth]
