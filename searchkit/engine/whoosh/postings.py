"""Score one word on a few chosen articles, fast: feedback re-ranking does this 25 times a query.

Most of the cost is decoding the word's posting blocks (unpickle, decompress,
delta-decode), and the same expansion words come back query after query (59% of
the look-ups over the speed bench's 240 queries). So each segment reader keeps
the decoded posting lists it was asked for, least recently used dropped first,
and an article's entry is found by binary search. Decoding a whole list reads
three private parts of whoosh-reloaded 2.7's posting reader (``W3LeafMatcher``:
``_ids``, ``_weights`` and ``_next_block``, pinned by ``whoosh-reloaded<2.8``);
any other matcher is read posting by posting.
"""

from __future__ import annotations

import sys
import threading
import weakref
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterator

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

#: Decoded postings kept per segment reader, in all (8 bytes each: 8 MB a segment at most).
CACHED_POSTINGS = 1_000_000

Postings = tuple[array, array]  # document numbers, term frequencies


def scores_at(searcher, fieldname: str, text: str, docnums: list[int]) -> Iterator[tuple[int, float]]:
    """(docnum, BM25 score of the word) for each of the sorted, live ``docnums`` that holds the word.

    Once bulk scoring is loaded (an open index's later searches), its array version answers."""
    bulk = sys.modules.get("searchkit.engine.whoosh.bulk")
    if bulk is not None:
        yield from bulk.scores_at(searcher, fieldname, text, docnums)
        return
    for segment, offset in searcher.leaf_searchers():
        end = offset + segment.doc_count_all()
        local = [docnum - offset for docnum in docnums if offset <= docnum < end]
        if local:
            yield from one_at_a_time(segment, offset, fieldname, text, local)


def one_at_a_time(segment, offset: int, fieldname: str, text: str, local: list[int]) -> Iterator[tuple[int, float]]:
    """``scores_at`` in one segment (``local``: its sorted document numbers), a document at a time."""
    ids, weights = _cache_of(segment.reader()).get(fieldname, text)
    if not ids:
        return
    scorer = segment.weighting.scorer(segment, fieldname, text)
    start = 0
    for docnum in local:
        start = bisect_left(ids, docnum, start)
        if start == len(ids):
            break
        if ids[start] == docnum:
            yield docnum + offset, scorer._score(weights[start], scorer.dfl(docnum))


def cached_postings(reader, fieldname: str, text: str):
    """A word's posting list in one segment as NumPy arrays (document numbers, term frequencies as float64),
    deleted articles included; decoded once and kept like those ``scores_at`` reads."""
    import numpy as np  # bulk scoring only: not loaded by commands that never search

    ids, weights = _cache_of(reader).get(fieldname, text)
    return np.frombuffer(ids, dtype=np.int32), np.frombuffer(weights, dtype=np.float32).astype(np.float64)


class _PostingCache:
    """One segment's decoded posting lists, least recently used dropped first."""

    def __init__(self, reader) -> None:
        self._reader = weakref.ref(reader)
        self._lists: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, fieldname: str, text: str) -> Postings:
        key = (fieldname, text)
        with self._lock:
            postings = self._lists.get(key)
            if postings is not None:
                self._lists.move_to_end(key)
                return postings
        postings = _decode(self._reader(), fieldname, text)
        with self._lock:
            if key not in self._lists:
                self._lists[key] = postings
                self._size += len(postings[0])
                while self._size > CACHED_POSTINGS and len(self._lists) > 1:
                    _, (dropped, _) = self._lists.popitem(last=False)
                    self._size -= len(dropped)
        return postings


_CACHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def _cache_of(reader) -> _PostingCache:
    with _CACHES_LOCK:
        cache = _CACHES.get(reader)
        if cache is None:
            cache = _CACHES[reader] = _PostingCache(reader)
        return cache


def _decode(reader, fieldname: str, text: str) -> Postings:
    """A word's whole posting list in one segment, deleted articles included (callers ask for live ones)."""
    ids, weights = array("i"), array("f")
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return ids, weights
    while isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():  # a block at a time
            if matcher._ids is None:
                matcher._read_ids()
            if matcher._weights is None:
                matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return ids, weights
