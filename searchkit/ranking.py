"""How searchkit scores articles: BM25F with a Robertson idf, then feedback from the top hits.

Both choices were measured on judged news queries (TIME) and four classic test
collections; ``docs/ranking.md`` has the table. In short:

- Whoosh's idf, ``ln(N/(n+1)) + 1``, never falls below about 1, so a word found
  in nearly every article still weighs a sixth of the rarest; the Robertson
  (Lucene) idf, ``ln(1 + (N - n + 0.5)/(n + 0.5))``, tends to 0 for such words.
- Pseudo-relevance feedback (RM3): the five best articles for the query are
  taken as relevant, their most telling words (found in at most a tenth of the
  articles) are weighted by how much of those articles they make up, and they
  re-rank the articles that match the query. The hits stay exactly the
  articles the query matches; only their order changes.
"""

from __future__ import annotations

import math
from collections import Counter

from whoosh import query as wq
from whoosh.scoring import BM25F

#: RM3: feedback articles, expansion words, weight of the user's query in the mix,
#: and the largest share of articles an expansion word may appear in.
FEEDBACK_DOCS = 5
FEEDBACK_TERMS = 25
QUERY_WEIGHT = 0.7
FEEDBACK_MAX_DF = 0.1
#: Expansion words are looked up in the body only: in headline and sub-headings as well cost
#: three times the term lookups for the same TIME and MED figures (docs/ranking.md).
FEEDBACK_FIELDS = ("body",)


class NewsBM25F(BM25F):
    """BM25F (k1 = 1.2, b = 0.75) with the Robertson/Lucene idf."""

    def __init__(self) -> None:
        super().__init__(B=0.75, K1=1.2)

    def idf(self, searcher, fieldname: str, text: bytes) -> float:
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        total = parent.doc_count_all()
        return math.log(1 + (total - n + 0.5) / (n + 0.5))


def with_feedback(searcher, parsed: wq.Query, restrict: wq.Query | None, analyzer,
                  field_boosts: dict[str, float]) -> wq.Query:
    """The query re-ranked by words from its top articles (the query itself when there are none)."""
    top = searcher.search(parsed, limit=FEEDBACK_DOCS, filter=restrict).top_n
    if not top:
        return parsed
    reader = searcher.reader()
    total_score = sum(score for score, _ in top) or 1.0
    model: Counter[str] = Counter()
    for score, docnum in top:
        stored = reader.stored_fields(docnum)
        counts = Counter(t.text for t in analyzer(f"{stored.get('headline', '')}\n{stored.get('body', '')}"))
        length = sum(counts.values()) or 1
        for word, tf in counts.items():
            model[word] += (score / total_score) * tf / length
    limit = FEEDBACK_MAX_DF * reader.doc_count_all()
    expansion = []
    for word, weight in model.most_common():
        if len(expansion) == FEEDBACK_TERMS:
            break
        if reader.doc_frequency("body", word) <= limit:
            expansion.append((word, weight))
    if not expansion:
        return parsed
    mass = sum(weight for _, weight in expansion)
    words = len({text for field, text in parsed.iter_all_terms() if field == "body"}) or 1
    extra = [
        wq.Term(field, word, boost=(1 - QUERY_WEIGHT) * weight / mass * field_boosts.get(field, 1.0))
        for word, weight in expansion
        for field in FEEDBACK_FIELDS
    ]
    return wq.AndMaybe(_scaled(parsed, QUERY_WEIGHT / words), wq.Or(extra))


def _scaled(query: wq.Query, factor: float) -> wq.Query:
    """The query with every leaf's boost multiplied by ``factor`` (scores scale with it)."""
    if query.is_leaf():
        return query.with_boost(query.boost * factor)
    return query.apply(lambda sub: _scaled(sub, factor))
