"""Term proximity: articles where the query's words stand near each other rank above those where they are far apart.

The bonus is Büttcher, Clarke and Lushman's BM25TP ("Term proximity scoring for
ad-hoc retrieval on very large text collections", SIGIR 2006). The positions of
the query's words in an article's body are merged in order; for each two
neighbouring positions that hold different query words, each word's accumulator
gains the other word's idf divided by the squared distance between them. Each
word's accumulator is then saturated like a BM25 term frequency and weighted by
``min(1, idf)``, and the sum is added to the article's score. Words next to each
other count four times as much as words two apart; words a sentence apart
almost nothing. It is computed for the best RERANK_DEPTH hits only, from the
positions the index keeps for phrase queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from whoosh import query as wq
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25FScorer

from searchkit.engine.whoosh.ranking import RERANK_DEPTH, _standing_on

#: The field whose word positions are read.
PROXIMITY_FIELD = "body"
#: Weight of the proximity score added to an article's score. BM25TP adds it at 1; on the judged
#: collections that lowers every figure (topic words matter more than their order there), so it
#: is kept small enough to hold them and to order articles whose words score alike (docs/ranking.md).
PROXIMITY_WEIGHT = 0.05

Occurrence = tuple[int, int]  # (position, index of the query word)


def favour_near_words(searcher, top_n: list[tuple[float, int]], words: list[wq.Query]) -> list[tuple[float, int]]:
    """The ranked (score, docnum) pairs, the best RERANK_DEPTH re-ordered with each article's proximity score added.

    ``words`` are the query's plain words (each a query over the default fields);
    with fewer than two of them found in the body, the order is left as it is.
    """
    groups = [terms for terms in (_body_terms(word) for word in words) if terms]
    if len(groups) < 2:
        return top_n
    head = top_n[:RERANK_DEPTH]
    bonus = _proximity_scores(searcher, sorted(docnum for _, docnum in head), groups)
    if not bonus:
        return top_n
    rescored = sorted(((score + PROXIMITY_WEIGHT * bonus.get(docnum, 0.0), docnum) for score, docnum in head),
                      key=lambda pair: -pair[0])
    return rescored + top_n[RERANK_DEPTH:]


def _body_terms(word: wq.Query) -> frozenset[str]:
    """The body terms a query word is matched by (its stem; several for a word split in tokens or a typo)."""
    return frozenset(text for field, text in word.iter_all_terms() if field == PROXIMITY_FIELD)


def _proximity_scores(searcher, docnums: list[int], groups: list[frozenset[str]]) -> dict[int, float]:
    """BM25TP's proximity score of each of the sorted ``docnums`` holding two or more of the words."""
    scores: dict[int, float] = {}
    for segment, offset in searcher.leaf_searchers():
        end = offset + segment.doc_count_all()
        local = [docnum - offset for docnum in docnums if offset <= docnum < end]
        if not local:
            continue
        weights, occurrences, scorer = _segment_occurrences(segment, local, groups)
        if not isinstance(scorer, BM25FScorer):  # no word here, or another weighting (no BM25 parameters)
            continue
        for docnum, found in occurrences.items():
            if len({word for _, word in found}) < 2:
                continue
            saturation = scorer.K1 * ((1 - scorer.B) + scorer.B * scorer.dfl(docnum) / scorer.avgfl)
            accumulated = _accumulate(sorted(found), weights)
            scores[docnum + offset] = sum(
                min(1.0, weights[word]) * acc * (scorer.K1 + 1) / (acc + saturation)
                for word, acc in accumulated.items()
            )
    return scores


def _segment_occurrences(segment, local: list[int], groups: list[frozenset[str]]):
    """For one segment: each word's idf, the (position, word) occurrences per local docnum, and a BM25 scorer
    of the field (for its parameters and lengths; None when no word is in the segment)."""
    reader = segment.reader()
    weights: list[float] = []
    occurrences: dict[int, list[Occurrence]] = {}
    scorer = None
    for index, terms in enumerate(groups):
        weight = 0.0
        for text in sorted(terms):
            positions = dict(_positions_at(reader, text, local))
            if not positions:
                continue
            found = segment.weighting.scorer(segment, PROXIMITY_FIELD, text)
            scorer = scorer or found
            weight = max(weight, found.idf)
            for docnum, where in positions.items():
                occurrences.setdefault(docnum, []).extend((pos, index) for pos in where)
        weights.append(weight)
    return weights, occurrences, scorer


def _positions_at(reader, text: str, local: list[int]) -> Iterator[tuple[int, list[int]]]:
    """(docnum, positions of the word) for each of the sorted segment-local ``local`` docnums that holds it."""
    try:
        matcher = reader.postings(PROXIMITY_FIELD, text)
    except TermNotFound:
        return
    if not matcher.supports("positions"):
        return
    for docnum in _standing_on(matcher, local):
        yield docnum, matcher.value_as("positions")


def _accumulate(found: list[Occurrence], weights: list[float]) -> dict[int, float]:
    """Each word's accumulator: the other words' idf over the squared distance, for neighbouring occurrences."""
    accumulated: dict[int, float] = {}
    for (pos, word), (next_pos, next_word) in pairwise(found):
        if word == next_word or next_pos == pos:
            continue
        closeness = 1.0 / (next_pos - pos) ** 2
        accumulated[word] = accumulated.get(word, 0.0) + weights[next_word] * closeness
        accumulated[next_word] = accumulated.get(next_word, 0.0) + weights[word] * closeness
    return accumulated

