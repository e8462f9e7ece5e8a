"""Exact forms ranked above other words of their stem, on the best hits only.

A plain word whose exact form tells articles apart ("Arsene" against "Arsenal",
both stemmed "arsen") is searched by its stem (``ExactStem``) and scored there
by it alone. The best hits are then re-scored as if the stem had kept only its
share of the word's weight and the exact form the rest (``compile.STEM_SHARE``):
two posting lists a word for a hundred articles, where scoring the exact form
inside the search cost another term on every match (a third of a query's time).
A hit's re-scored value is what the search would have given it with both terms in
the query; only which hits are re-scored (the best by the stem) can differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq

from searchkit.engine.whoosh.postings import scores_at


class ExactStem(wq.Term):
    """A word's stem in a field, with its exact form in the field's exact twin and the share of the
    term's weight that moves to the exact form on re-scoring."""

    def __init__(self, fieldname: str, text: str, exact_field: str, exact: str, share: float,
                 boost: float = 1.0) -> None:
        super().__init__(fieldname, text, boost=boost)
        self.exact_field, self.exact, self.share = exact_field, exact, share

    def __eq__(self, other: object) -> bool:
        return super().__eq__(other) and (self.exact_field, self.exact, self.share) == (
            other.exact_field, other.exact, other.share)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return super().__hash__() ^ hash((self.exact_field, self.exact))

    def __repr__(self) -> str:
        return f"ExactStem({self.fieldname!r}, {self.text!r}, {self.exact_field!r}, {self.exact!r}, boost={self.boost})"


@dataclass(frozen=True)
class Weighted:
    """An ``ExactStem`` of a query and the weight it scores with there (its boost times its parents')."""

    term: ExactStem
    weight: float


def exact_stems(query: wq.Query, weight: float = 1.0) -> list[Weighted]:
    """The ``ExactStem`` terms whose scores add up in a query's score: not those of excluded or
    constant-scored parts; Or, And and AndMaybe add their parts' scores, Require keeps its first part's."""
    if isinstance(query, (wq.Not, wq.ConstantScoreQuery)) or (query.is_leaf() and not isinstance(query, ExactStem)):
        return []
    weight *= getattr(query, "boost", 1.0)  # a wrapping query has none of its own
    if isinstance(query, ExactStem):
        return [Weighted(query, weight)]
    if isinstance(query, (wq.AndNot, wq.Require)):
        return exact_stems(query.a, weight)
    return [found for child in query.children() for found in exact_stems(child, weight)]


def favour_exact_forms(searcher, top_n: list[tuple[float, int]], stems: list[Weighted],
                       depth: int) -> list[tuple[float, int]]:
    """The ranked (score, docnum) pairs, the best ``depth`` re-scored with each stem's share moved to its exact form."""
    if not stems:
        return top_n
    head = top_n[:depth]
    docnums = sorted(docnum for _, docnum in head)
    change: dict[int, float] = {}
    for found in stems:
        term, moved = found.term, found.term.share * found.weight
        for field, text, sign in ((term.fieldname, term.text, -moved), (term.exact_field, term.exact, moved)):
            for docnum, score in scores_at(searcher, field, text, docnums):
                change[docnum] = change.get(docnum, 0.0) + sign * score
    rescored = sorted(((score + change.get(docnum, 0.0), docnum) for score, docnum in head),
                      key=lambda pair: -pair[0])
    return rescored + top_n[depth:]
