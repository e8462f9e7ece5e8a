"""The plain BM25 baseline searchkit's ranking is measured against.

Lowercase ``[a-z0-9]+`` tokens, no stemming, no stop words, k1=1.2, b=0.75, Lucene's
idf ``ln(1 + (N - n + 0.5) / (n + 0.5))``, each query token occurrence scored (a word
typed twice counts twice), over headline and body concatenated.  A few lines of
Python so the reference is exact and has no dependency to drift.
"""

from __future__ import annotations

import math
import re
from collections import Counter

_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    """The baseline's tokens: lowercase alphanumeric runs."""
    return _TOKEN.findall(text.lower())


class BM25:
    """An in-memory BM25 index over ``{doc_id: text}``."""

    def __init__(self, docs: dict[str, str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.postings: dict[str, list[tuple[str, int]]] = {}
        self.length: dict[str, int] = {}
        for doc_id, text in docs.items():
            counts = Counter(tokens(text))
            self.length[doc_id] = sum(counts.values())
            for term, tf in counts.items():
                self.postings.setdefault(term, []).append((doc_id, tf))
        self.avgdl = sum(self.length.values()) / max(len(self.length), 1)

    def idf(self, term: str) -> float:
        """Lucene's non-negative BM25 idf."""
        n = len(self.postings.get(term, ()))
        return math.log(1 + (len(self.length) - n + 0.5) / (n + 0.5))

    def search(self, query: str, limit: int = 1000) -> dict[str, float]:
        """The top ``limit`` documents' scores for a plain-words query."""
        scores: dict[str, float] = {}
        for term, qtf in Counter(tokens(query)).items():
            idf = self.idf(term)
            for doc_id, tf in self.postings.get(term, ()):
                norm = self.k1 * (1 - self.b + self.b * self.length[doc_id] / self.avgdl)
                scores[doc_id] = scores.get(doc_id, 0.0) + qtf * idf * tf * (self.k1 + 1) / (tf + norm)
        top = sorted(scores.items(), key=lambda kv: -kv[1])[:limit]
        return dict(top)
