"""Which words of an article a query matched, decided from the query alone (no engine needed).

Snippets mark the query's words in the body as analysis sees them: a plain word
or phrase by its term ("negotiations" marks "negotiation"), a prefix by the
terms starting with it, a wildcard by the terms its pattern fits, a fuzzy word by
the terms within its edits. Words that only exclude (``NOT``, ``-``) and clauses
on fields the body does not share (a section, a date, a person key) mark nothing.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from searchkit.analysis import news
from searchkit.analysis.languages import ENGLISH
from searchkit.search import query as sq
from searchkit.search.edits import within

#: Fields whose words are the body's words (the same analysis).
_BODY_LIKE = (None, "headline", "subheads", "body")


class _Pattern:
    """A wildcard pattern over terms, keeping its text (the part before the first wildcard is a clue)."""

    def __init__(self, text: str) -> None:
        self.pattern_text = text
        self._regex = re.compile(fnmatch.translate(text))

    def fullmatch(self, term: str) -> re.Match | None:
        return self._regex.fullmatch(term)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Pattern) and other.pattern_text == self.pattern_text

    def __hash__(self) -> int:
        return hash(self.pattern_text)


@dataclass(frozen=True)
class Highlighter:
    """The terms a query matches: exact ones, and the prefixes, patterns and fuzzy terms it expands."""

    terms: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    patterns: tuple[_Pattern, ...] = ()
    fuzzy: tuple[tuple[str, int], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes or self.patterns or self.fuzzy)

    def matches(self, term: str) -> bool:
        return (term in self.terms or term.startswith(self.prefixes)
                or any(pattern.fullmatch(term) for pattern in self.patterns)
                or any(within(term, text, distance, swaps=False) for text, distance in self.fuzzy))

    def clues(self) -> tuple[str, ...] | None:
        """Substrings one of which a paragraph must hold (folded) to hold a match; None: any paragraph may."""
        if self.fuzzy:
            return None
        literal = [re.split(r"[*?]", pattern.pattern_text, maxsplit=1)[0] for pattern in self.patterns]
        if any(not text for text in literal):
            return None
        return tuple({news.stem_prefix(term) for term in self.terms} | set(self.prefixes) | set(literal))


def highlighter(query: sq.Query, analyses: tuple[str, ...] = (ENGLISH,)) -> Highlighter:
    """The words ``query`` marks in snippets: its words' terms in each of the ``analyses`` (the index's
    languages, ``languages.analyses_of``), as the query searched them."""
    terms: set[str] = set()
    prefixes: list[str] = []
    patterns: list[_Pattern] = []
    fuzzy: list[tuple[str, int]] = []
    loud = query.typed_in_capitals()
    for node in _marking_leaves(query.root):
        if node.field not in _BODY_LIKE:
            continue
        if isinstance(node, (sq.Term, sq.Phrase)):  # a phrase's stop words are not marked all over the snippet
            text = node.text if isinstance(node, sq.Term) else " ".join(node.words)
            for lang in analyses:
                terms.update(news.query_terms(text.lower() if loud else text, lang=lang))
        else:
            term = news.term_of(node.pattern if isinstance(node, sq.Wildcard) else node.text)
            if isinstance(node, sq.Prefix):
                prefixes.append(term)
            elif isinstance(node, sq.Wildcard):
                patterns.append(_Pattern(term))
            else:
                fuzzy.append((term, node.distance))
    return Highlighter(frozenset(terms), tuple(prefixes), tuple(patterns), tuple(fuzzy))


def _marking_leaves(node: sq.Node):
    """The word leaves of the tree that must match, leaving out everything under an exclusion."""
    if isinstance(node, sq.Not):
        return
    if isinstance(node, sq.Words):
        for part in node.optional + node.required:
            yield from _marking_leaves(part)
        return
    if isinstance(node, (sq.Term, sq.Phrase, sq.Prefix, sq.Wildcard, sq.Fuzzy)):
        yield node
        return
    for child in node.children():
        yield from _marking_leaves(child)
