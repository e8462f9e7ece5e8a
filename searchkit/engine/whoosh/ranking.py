"""How searchkit scores articles: BM25F with a Robertson idf, then feedback from the top hits.

Both choices were measured on judged news queries (TIME) and four classic test
collections; ``docs/ranking.md`` has the table. In short:

- Whoosh's idf, ``ln(N/(n+1)) + 1``, never falls below about 1, so a word found
  in nearly every article still weighs a sixth of the rarest; the Robertson
  (Lucene) idf, ``ln(1 + (N - n + 0.5)/(n + 0.5))``, tends to 0 for such words.
- Pseudo-relevance feedback (RM3): the five best articles for the query are
  taken as relevant, their most telling words (found in at most a tenth of the
  articles) are weighted by how much of those articles they make up, and they
  re-rank the best hundred articles that match the query. The hits stay
  exactly the articles the query matches; only their order changes.
"""

from __future__ import annotations

import math
import weakref
from collections import Counter
from collections.abc import Iterator

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
from whoosh.reading import SegmentReader
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.util.numeric import byte_to_length

from searchkit.analysis.languages import ENGLISH, analysis_of
from searchkit.analysis.news import (
    NEWS_STOP_WORDS,
    TOKEN,
    is_acronym,
    is_stop_term,
    repeats_lead,
    shouted,
    term_in,
)
from searchkit.engine.whoosh.analysis import NewsTokenizer, analysed_words
from searchkit.engine.whoosh.postings import scores_at

#: RM3: feedback articles, expansion words, weight of the user's query in the mix,
#: and the largest share of articles an expansion word may appear in.
FEEDBACK_DOCS = 5
FEEDBACK_TERMS = 25
QUERY_WEIGHT = 0.7
FEEDBACK_MAX_DF = 0.1
#: Expansion words are looked up in the body only: in headline and sub-headings as well cost
#: three times the term lookups for the same TIME and MED figures (docs/ranking.md).
FEEDBACK_FIELD = "body"
#: How many of the best hits are re-scored (all words, feedback); the rest keep the query's order.
RERANK_DEPTH = 100


class NewsBM25F(BM25F):
    """BM25F (k1 = 1.2, b = 0.75) with the Robertson/Lucene idf."""

    def __init__(self) -> None:
        super().__init__(B=0.75, K1=1.2)

    def idf(self, searcher, fieldname: str, text: bytes) -> float:
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        total = parent.doc_count_all()
        return math.log(1 + (total - n + 0.5) / (n + 0.5))

    def scorer(self, searcher, fieldname: str, text: bytes, qf: int = 1):
        """Whoosh's BM25F scorer, reading each article's field length from a table kept per segment.

        Whoosh reads the length from the segment's length column one posting at a time (a seek,
        a read and six Python calls each): a fifth of the search time, for the same numbers.
        """
        scorer = super().scorer(searcher, fieldname, text, qf)
        lengths = _field_lengths(searcher.reader(), fieldname) if isinstance(scorer, BM25FScorer) else None
        if lengths is not None:
            scorer.dfl = lambda docnum: _LENGTH_OF_BYTE[lengths[docnum]]
        return scorer


_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]
_LENGTHS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _field_lengths(reader, fieldname: str) -> bytes | None:
    """A segment's length column of a field (one byte an article, as Whoosh encodes it), read once.

    None when Whoosh would not read lengths there (another codec, no column): its own lookup is kept.
    """
    if not isinstance(reader, SegmentReader) or not isinstance(reader._perdoc, W3PerDocReader):
        return None
    tables = _LENGTHS.setdefault(reader, {})
    if fieldname not in tables:
        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        tables[fieldname] = None if column is None else column._dbfile.get(column._basepos, column._count)
    return tables[fieldname]


def favour_all_words(searcher, top_n: list[tuple[float, int]], words: list[wq.Query],
                     holders: set[int] | None = None) -> list[tuple[float, int]]:
    """The ranked (score, docnum) pairs, the best RERANK_DEPTH re-ordered with the score of those holding
    every word doubled: what an "all the words" clause would add inside the search, at a fraction of its cost.
    ``holders``: those of the best that hold every word, when the caller knows (else the words' matchers tell)."""
    head = top_n[:RERANK_DEPTH]
    if holders is None:
        holders = {docnum for _, docnum in head}
        for word in words:
            holders &= set(_standing_on(word.matcher(searcher), sorted(holders)))
    rescored = sorted(((2 * score if docnum in holders else score, docnum) for score, docnum in head),
                      key=lambda pair: -pair[0])
    return rescored + top_n[RERANK_DEPTH:]


def _standing_on(matcher, docnums: list[int]) -> Iterator[int]:
    """Each of the (sorted) documents the matcher holds, yielded while the matcher stands on it."""
    for docnum in docnums:
        if matcher.is_active() and matcher.id() < docnum:
            matcher.skip_to(docnum)
        if not matcher.is_active():
            return
        if matcher.id() == docnum:
            yield docnum


def rerank_with_feedback(searcher, top_n: list[tuple[float, int]], parsed: wq.Query,
                         analyzer) -> list[tuple[float, int]]:
    """The ranked (score, docnum) pairs, the best RERANK_DEPTH re-ordered by words of the top few (RM3).

    The query's own scores are kept (scaled by QUERY_WEIGHT per query word) and
    each expansion word's BM25 score is added where the article holds it. Only
    the best hits are re-scored, by skipping through each word's postings to
    them: re-ranking every match cost a second full search, for the same
    figures on the judged collections (docs/ranking.md).
    """
    expansion = _expansion(searcher, _feedback_docs(searcher, top_n), analyzer)
    if not expansion:
        return top_n
    words = len({text for field, text in parsed.iter_all_terms() if field == "body"}) or 1
    factor = QUERY_WEIGHT / words
    head = top_n[:RERANK_DEPTH]
    bonus = _expansion_scores(searcher, sorted(docnum for _, docnum in head), expansion)
    rescored = sorted(((factor * score + bonus.get(docnum, 0.0), docnum) for score, docnum in head),
                      key=lambda pair: -pair[0])
    return rescored + [(factor * score, docnum) for score, docnum in top_n[RERANK_DEPTH:]]


def _feedback_docs(searcher, top_n: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """The FEEDBACK_DOCS best hits, hits tied at the cut taken by article id: the same articles
    whichever segments (and so document numbers) the index has."""
    if len(top_n) <= FEEDBACK_DOCS or top_n[FEEDBACK_DOCS][0] < top_n[FEEDBACK_DOCS - 1][0]:
        return top_n[:FEEDBACK_DOCS]
    cut = top_n[FEEDBACK_DOCS - 1][0]
    above = [pair for pair in top_n if pair[0] > cut]
    tied = sorted((pair for pair in top_n if pair[0] == cut), key=lambda pair: searcher.stored_fields(pair[1])["id"])
    return above + tied[:FEEDBACK_DOCS - len(above)]


def _expansion(searcher, top: list[tuple[float, int]], analyzer) -> list[tuple[str, float]]:
    """RM3: the words that make up most of the top articles (weighted by their scores), with weights summing to 1."""
    if not top:
        return []
    reader = searcher.reader()
    total_score = sum(score for score, _ in top) or 1.0
    model: Counter[str] = Counter()
    for score, docnum in top:
        stored = reader.stored_fields(docnum)
        headline, body = stored.get("headline", ""), stored.get("body", "")
        text = body if repeats_lead(headline, body) else f"{headline}\n{body}"
        lang = analysis_of(stored.get("language") or "")  # the terms the article was indexed under
        counts = _content_terms(analyzer, text, lang)
        length = sum(counts.values()) or 1
        for word, tf in counts.items():
            model[word] += (score / total_score) * tf / length
    limit = FEEDBACK_MAX_DF * reader.doc_count_all()
    expansion = []
    for word, weight in sorted(model.items(), key=lambda item: (-item[1], item[0])):  # ties: by the word
        if len(expansion) == FEEDBACK_TERMS:
            break
        if _body_frequency(reader, word) <= limit:
            expansion.append((word, weight))
    mass = sum(weight for _, weight in expansion) or 1.0
    return [(word, weight / mass) for word, weight in expansion]


def _content_terms(analyzer, text: str, lang: str = ENGLISH) -> Counter[str]:
    """How often each term of ``text`` but stop words' occurs, stop words left out before they are analysed
    (about a third of English news text; for other analyzers and languages, the terms then left out)."""
    if not isinstance(analyzer, NewsTokenizer) or analyzer.exact or lang != ENGLISH:
        return Counter(term for _, _, term in analysed_words(analyzer, text, lang=lang) if not is_stop_term(term))
    loud = shouted(text)
    counts: Counter[str] = Counter()
    for word in TOKEN.findall(text):
        if word.lower() in NEWS_STOP_WORDS and (loud or not is_acronym(word)):
            continue  # a stop word for sure; the rest (apostrophes, accents) is told after analysis
        term = term_in(word, loud)
        if not is_stop_term(term):
            counts[term] += 1
    return counts


#: Words whose body document frequency a reader remembers for feedback (about 150 bytes each).
REMEMBERED_FREQUENCIES = 100_000
_FREQUENCIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _body_frequency(reader, word: str) -> int:
    """How many articles of the reader's commit hold ``word`` in the body, remembered per reader.

    Feedback tests about 30 candidate words a query, mostly the same common words
    ("said", "pct", "year") that every article list brings up again.
    """
    known = _FREQUENCIES.setdefault(reader, {})
    frequency = known.get(word)
    if frequency is None:
        if len(known) >= REMEMBERED_FREQUENCIES:
            known.clear()
        frequency = known[word] = reader.doc_frequency(FEEDBACK_FIELD, word)
    return frequency


def _expansion_scores(searcher, docnums: list[int], expansion: list[tuple[str, float]]) -> dict[int, float]:
    """Sum of (1 - QUERY_WEIGHT) x weight x BM25 of each expansion word, for the given (sorted) articles."""
    scores: dict[int, float] = {}
    for word, weight in expansion:
        boost = (1 - QUERY_WEIGHT) * weight
        for docnum, score in scores_at(searcher, FEEDBACK_FIELD, word, docnums):
            scores[docnum] = scores.get(docnum, 0.0) + boost * score
    return scores
