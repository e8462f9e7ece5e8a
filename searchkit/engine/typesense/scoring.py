"""searchkit's BM25F on a Typesense cluster: the best matches Typesense finds, re-scored as the embedded index scores.

Typesense ranks by its text-match buckets, not BM25, and 0.24 cannot be given
another formula. So the first ``POOL`` matches in Typesense's order (the tiers
of ``filtering``) are scored here, with BM25F (k1 1.2, b 0.75, the Robertson
idf, per field then weighted, as on Whoosh) from figures kept on the cluster
itself: each document's term counts and field lengths (``documents``), the
number of articles, the mean field lengths (Typesense's facet statistics) and
each word's document frequency per field (a count per word), all asked in one
request at query time. Nothing is kept beside the documents, so the figures are
right whatever writer wrote them and whichever node answers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from searchkit.engine.typesense.documents import RANKED_FIELDS

#: How many of Typesense's best matches are re-scored (as many as the embedded engine re-ranks); the rest keep
#: its order, after them.
POOL = 100
#: Weights of the fields' scores, as the embedded engine weighs them (``engine.whoosh.compile.FIELD_BOOSTS``).
FIELD_WEIGHTS = {"headline": 2.5, "subheads": 1.5, "body": 1.0}
K1, B = 1.2, 0.75
#: Fields the pool is fetched with.
POOL_FIELDS = ("id", "group") + tuple(prefix + name for name in RANKED_FIELDS for prefix in ("t_", "c_"))


@dataclass(frozen=True)
class Statistics:
    """The collection's figures for one query's words."""

    articles: int
    mean_length: dict[str, float]
    frequency: dict[tuple[str, str], int]  # (field, word) -> articles holding it there
    held: dict[str, int]  # word -> articles holding it in any ranked field


def statistics_searches(collection: str, words: tuple[str, ...]) -> list[dict]:
    """The searches (one ``multi_search``) whose answers ``statistics`` reads."""
    count = {"collection": collection, "q": "*", "query_by": "t_body", "per_page": 0}
    searches = [{**count, "facet_by": ",".join("n_" + name for name in RANKED_FIELDS)}]
    searches += [{**count, "filter_by": f"t_{name}:=[`{word}`]"} for name in (*RANKED_FIELDS, "all") for word in words]
    return searches


def statistics(results: list[dict], words: tuple[str, ...]) -> Statistics:
    first, rest = results[0], iter(results[1:])
    means = {entry["field_name"][2:]: float(entry.get("stats", {}).get("avg", 0.0))
             for entry in first.get("facet_counts", [])}
    frequency = {(name, word): int(next(rest).get("found", 0)) for name in (*RANKED_FIELDS, "all") for word in words}
    held = {word: frequency.pop(("all", word)) for word in words}
    return Statistics(int(first.get("found", 0)), means, frequency, held)


def score(document: dict, words: tuple[str, ...], stats: Statistics) -> float | None:
    """BM25F of one document for the words (each counted once); None when it lacks its term counts."""
    total = 0.0
    holds = set()
    for name in RANKED_FIELDS:
        terms, counts = document.get("t_" + name), document.get("c_" + name)
        if counts is None or terms is None or len(terms) != len(counts):
            return None
        length, mean = sum(counts), stats.mean_length.get(name) or 1.0
        weight = FIELD_WEIGHTS[name]
        where = {term: n for n, term in enumerate(terms)}
        for word in words:
            n = where.get(word)
            if n is None:
                continue
            holds.add(word)
            tf, df = counts[n], stats.frequency.get((name, word), 0)
            idf = math.log(1 + (stats.articles - df + 0.5) / (df + 0.5))
            total += weight * idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / mean))
    return 2 * total if len(words) > 1 and len(holds) == len(words) else total


def rescore(pool: list[dict], words: tuple[str, ...], stats: Statistics) -> list[tuple[dict, float]] | None:
    """The pool best first by BM25F (ties in Typesense's order); None when a document lacks term counts or
    the collection its field lengths (one created before they were sent: Typesense's order is kept)."""
    if any(name not in stats.mean_length for name in RANKED_FIELDS):
        return None
    scored = []
    for document in pool:
        value = score(document, words, stats)
        if value is None:
            return None
        scored.append((document, value))
    return sorted(scored, key=lambda pair: -pair[1])
