"""Wildcards, fuzzy terms and ranges expanded once, to a bounded number of words.

Whoosh expands ``t*`` to every word of the field starting with t, in every
segment, and again for highlighting: tens of thousands of posting lists on a
large archive (over a minute for ``t*`` at 111,000 articles). Each such term
is expanded here once, against the whole index, and when it matches more
than ``MAX_EXPANSIONS`` words only the most frequent are searched for (the
ones a reader most likely meant); the search says which terms were cut.
"""

from __future__ import annotations

import heapq

from whoosh import query as wq

#: The most words one wildcard, fuzzy term or range searches for in one field.
MAX_EXPANSIONS = 1000
_EXPANDING = (wq.Prefix, wq.Wildcard, wq.Regex, wq.FuzzyTerm, wq.TermRange)


class Expanded(wq.MultiTerm):
    """A wildcard, fuzzy term or range whose words were chosen once for the whole index.

    It scores as the query it replaces (same boost, same constant or per-word
    scoring); a word missing from a segment simply matches nothing there.
    """

    def __init__(self, original: wq.MultiTerm, words: list[bytes]) -> None:
        self.original = original
        self.fieldname = original.field()
        self.words = words
        self.boost = original.boost
        self.constantscore = original.constantscore

    def _btexts(self, ixreader) -> list[bytes]:
        return self.words

    def __eq__(self, other) -> bool:
        return isinstance(other, Expanded) and self.original == other.original and self.words == other.words

    def __hash__(self) -> int:
        return hash(self.original) ^ len(self.words)

    def __repr__(self) -> str:
        return f"Expanded({self.original!r}, {len(self.words)} words)"

    def __str__(self) -> str:
        return str(self.original)


def bound_expansions(query: wq.Query, reader) -> tuple[wq.Query, list[str]]:
    """The query with each expanding term replaced by its (at most MAX_EXPANSIONS) words, and the terms cut
    (about as the user typed them)."""
    cut: list[str] = []

    def bound(node: wq.Query) -> wq.Query:
        if isinstance(node, _EXPANDING):
            words = list(dict.fromkeys(node._btexts(reader)))
            if len(words) > MAX_EXPANSIONS:
                field = node.field()
                words = heapq.nlargest(MAX_EXPANSIONS, words, key=lambda word: reader.doc_frequency(field, word))
                cut.append(_as_typed(node))
            return Expanded(node, words)
        return node if node.is_leaf() else node.apply(bound)

    return bound(query), list(dict.fromkeys(cut))


def _as_typed(node: wq.MultiTerm) -> str:
    """The term about as the user typed it (``t*``, ``minister~2``), not as stored per field (stemmed)."""
    if isinstance(node, wq.Prefix):
        return f"{node.text}*"
    if isinstance(node, wq.FuzzyTerm):
        word = getattr(node, "typed", node.text)
        return f"{word}~{node.maxdist:g}" if node.maxdist != 1 else f"{word}~"
    if isinstance(node, wq.TermRange):
        return f"{node.fieldname}:[{node.start or ''} TO {node.end or ''}]"
    return node.text
