"""A parsed query and its filters as a Typesense ``filter_by`` expression, and the words that rank.

Which articles match is decided by ``filter_by`` alone, over the exact terms
and keys searchkit sent (``documents``), so a query matches the same articles
on Typesense as on Whoosh: plain words in the default fields, field clauses,
AND / OR / NOT, +required and -excluded words (negations are pushed down to
the terms, which ``!=`` on a list can exclude). Two forms differ: a phrase
matches articles holding all of its words (Typesense filters cannot ask for
adjacency; articles holding the phrase rank first), and prefix, wildcard and
fuzzy words are refused (Typesense has no term list to expand them against).
Ranking is Typesense's own, by the query's positive words (``q``), in tiers
(``tiers``): the articles holding all of them first (as on Whoosh).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone

from searchkit.analysis import cjk, news
from searchkit.analysis.languages import ENGLISH
from searchkit.engine.base import Filters, SearchRequest
from searchkit.engine.typesense.documents import UNDATED, hex_of, key_token
from searchkit.errors import InvalidOption
from searchkit.people.names import name_key
from searchkit.search import query as sq

#: searchkit's field -> the Typesense list of its terms or keys.
TERM_FIELDS = {"headline": "t_headline", "subheads": "t_subheads", "body": "t_body", "authors": "t_authors",
               "people": "p_keys", "all": "t_all"}
#: The fields ``q`` ranks by, with Typesense's weights: every text term, and the headline and sub-headings
#: again so that words there weigh more. An article holding all the words in ``t_all`` is matched by ``q``.
RANK_FIELDS = {"t_all": 1, "t_headline": 3, "t_subheads": 2}
#: Fields whose terms rank (people keys and authors restrict, but are not in ``t_all``).
_RANKED = ("t_headline", "t_subheads", "t_body", "t_all")
_LATEST = 2**62
#: Queries of up to this many words rank the articles holding all of them first, strictly.
ALL_WORDS_TIER = 12


class Expr:
    """A boolean expression over Typesense filter clauses; ``text(negated)`` writes it (De Morgan for NOT)."""

    def text(self, negated: bool = False) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class Const(Expr):
    """Every article (True) or none; folded away before a filter is written."""

    value: bool

    def text(self, negated: bool = False) -> str:
        raise ValueError("a constant has no filter text")


@dataclass(frozen=True)
class Match(Expr):
    """Any of ``values`` in the list field ``name``."""

    name: str
    values: tuple[str, ...]

    def text(self, negated: bool = False) -> str:
        values = ",".join("`" + value + "`" for value in self.values)
        return f"{self.name}:{'!=' if negated else '='}[{values}]"


@dataclass(frozen=True)
class Dates(Expr):
    low: int
    high: int

    def text(self, negated: bool = False) -> str:
        if negated:
            return f"(sort_date:<{self.low} || sort_date:>{self.high})"
        return f"sort_date:>={self.low} && sort_date:<={self.high}"


@dataclass(frozen=True)
class Junction(Expr):
    all: bool
    parts: tuple[Expr, ...]

    def text(self, negated: bool = False) -> str:
        joiner = " && " if self.all != negated else " || "
        return "(" + joiner.join(part.text(negated) for part in self.parts) + ")"


@dataclass(frozen=True)
class Negation(Expr):
    part: Expr

    def text(self, negated: bool = False) -> str:
        return self.part.text(not negated)


def _any(parts: list[Expr | None]) -> Expr | None:
    return _join(False, [part for part in parts if part is not None])


def _all(parts: list[Expr]) -> Expr | None:
    return _join(True, parts)


def _join(conjunction: bool, parts: list[Expr]) -> Expr | None:
    """Parts joined, constants folded away (``Const`` only survives alone), as few clauses as can be.

    Typesense 0.24 refuses filters of more than a few dozen clauses, so nested
    junctions of one kind are flattened and, in an OR, the values sought in one
    field are sought together (``t_all:=[a,b]``).
    """
    kept: list[Expr] = []
    for part in parts:
        if isinstance(part, Const):
            if part.value != conjunction:  # True in an OR, False in an AND decides it
                return part
            continue
        kept.extend(part.parts if isinstance(part, Junction) and part.all == conjunction else (part,))
    if not kept:
        return Const(conjunction) if parts else None
    if not conjunction:
        kept = _merged(kept)
    return kept[0] if len(kept) == 1 else Junction(conjunction, tuple(kept))


def _merged(parts: list[Expr]) -> list[Expr]:
    """The parts of an OR with the matches on one field made one match of all their values."""
    values: dict[str, list[str]] = {}
    for part in parts:
        if isinstance(part, Match):
            values.setdefault(part.name, []).extend(part.values)
    merged: list[Expr] = []
    for part in parts:
        if not isinstance(part, Match):
            merged.append(part)
        elif part.name in values:
            merged.append(Match(part.name, tuple(dict.fromkeys(values.pop(part.name)))))
    return merged


def _not(part: Expr) -> Expr:
    return Const(not part.value) if isinstance(part, Const) else Negation(part)


def _seconds(moment: datetime) -> int:
    return int(moment.replace(tzinfo=timezone.utc).timestamp()) if moment.tzinfo is None \
        else int(moment.timestamp())


def dates(start: datetime | None, end: datetime | None) -> Expr:
    return Dates(_seconds(start) if start else UNDATED + 1, _seconds(end) if end else _LATEST)


@dataclass
class Compiler:
    """Compiles one request's query; collects the words that rank (``tokens``, per Typesense field)."""

    person_keys: Callable[[str], tuple[str, ...]] | None = None
    tokens: list[str] = field(default_factory=list)
    #: The analyses of the collection's languages (``languages.analysis_of``): a word is sought in each.
    analyses: tuple[str, ...] = (ENGLISH,)

    def node(self, node: sq.Node, ranks: bool = True) -> Expr | None:
        if isinstance(node, sq.Words):
            return self.words(node, ranks)
        if isinstance(node, sq.And):
            positive = [self.node(part, ranks) for part in node.parts if not isinstance(part, sq.Not)]
            negative = [self.node(part.part, False) for part in node.parts if isinstance(part, sq.Not)]
            base = _all([part for part in positive if part is not None]) or Const(True)
            excluded = _any(negative)
            return _all([base, _not(excluded)]) if excluded is not None else base
        if isinstance(node, sq.Or):
            return _any([self.node(part, ranks) for part in node.parts])
        if isinstance(node, sq.Not):
            inner = self.node(node.part, False)
            return _not(inner) if inner is not None else None
        if isinstance(node, sq.Everything):
            return Const(True)
        if isinstance(node, sq.DateRange):
            return dates(node.start, node.end)
        return self.leaf(node, ranks)

    def words(self, node: sq.Words, ranks: bool) -> Expr:
        optional = [e for e in (self.node(part, ranks) for part in node.optional) if e is not None]
        required = [e for e in (self.node(part, ranks) for part in node.required) if e is not None]
        excluded = [e for e in (self.node(part, False) for part in node.excluded) if e is not None]
        any_word = _any(optional)
        if required and any_word is not None:
            base = _all(required) if node.ranking_only else _all(required + [any_word])
        else:
            base = _all(required) if required else any_word
        if base is None:
            base = Const(bool(excluded and not (node.optional or node.required)))
        if excluded:
            base = _all([base, _not(_any(excluded))])
        return base

    def leaf(self, node: sq.Node, ranks: bool) -> Expr | None:
        if isinstance(node, (sq.Prefix, sq.Wildcard, sq.Fuzzy)):
            raise InvalidOption("prefix, wildcard and fuzzy words (*, ?, ~) are not supported on a Typesense "
                                "index: type the whole word")
        if node.field == "section":
            text = node.text if isinstance(node, sq.Term) else " ".join(node.words)
            return Match("f_section_key", (hex_of(text.lower()),))
        names = [node.field] if node.field else ["all", "people"]
        return _any([self.in_field(node, name, ranks) for name in names])

    def in_field(self, node: sq.Node, name: str, ranks: bool) -> Expr | None:
        target = TERM_FIELDS.get(name)
        if target is None:
            raise InvalidOption(f"the field {name!r} cannot be searched for words")
        text = node.text if isinstance(node, sq.Term) else " ".join(node.words)
        if name == "people":
            key = "" if text.strip().lower() in news.NEWS_STOP_WORDS else name_key(text)
            if not key:
                return None
            keys = self.person_keys(key) if self.person_keys else (key,)
            values = tuple(dict.fromkeys(key_token(k) for k in keys or (key,)))
            self._rank(target, values, ranks)
            return Match(target, values)
        every = isinstance(node, sq.Phrase) or cjk.has_cjk(text)  # a phrase's words, a CJK word's bigrams
        found = []
        for lang in self.analyses:
            if isinstance(node, sq.Phrase):  # a phrase keeps every word
                terms = tuple(dict.fromkeys(term for _, _, term in news.terms(text, lang=lang)))
            else:  # a plain word that is a stop word in any of the index's languages goes (news.is_stop_anywhere)
                if news.is_stop_anywhere(text, self.analyses):
                    return None
                terms = tuple(dict.fromkeys(news.query_terms(text, lang=lang)))
            if terms:
                self._rank(target, terms, ranks)
                found.append(_all([Match(target, (term,)) for term in terms]) if every else Match(target, terms))
        return _any(list(dict.fromkeys(found)))

    def _rank(self, target: str, values: tuple[str, ...], ranks: bool) -> None:
        if ranks and target in _RANKED:
            self.tokens.extend(values)


def filters_expr(filters: Filters) -> list[Expr]:
    """The request's restrictions but people (sections, dates, exclusions) as clauses."""
    parts: list[Expr] = []
    if filters.sections:
        parts.append(Match("f_section_key", tuple(hex_of(s.lower()) for s in filters.sections)))
    if filters.languages:
        parts.append(Match("f_lang", tuple(filters.languages)))
    if filters.since or filters.until:
        parts.append(dates(filters.since, filters.until))
    if filters.exclude_ids:
        parts.append(_not(Match("key", tuple(hex_of(i) for i in filters.exclude_ids))))
    if filters.exclude_dupkeys:
        parts.append(_not(Match("group", tuple(hex_of(k) for k in filters.exclude_dupkeys))))
    return parts


@dataclass(frozen=True)
class Compiled:
    """``filter_by`` ("" for every article, None for none) and the words that rank, as analysed."""

    filter_by: str | None
    words: tuple[str, ...]


def compile_request(request: SearchRequest, people: list[Expr] = (),
                    analyses: tuple[str, ...] = (ENGLISH,)) -> Compiled:
    """The request's filter and ranking words; ``people`` are the clauses of its people filter, ``analyses``
    those of the collection's languages."""
    compiler = Compiler(request.person_keys, analyses=analyses)
    root = request.query.root if request.query is not None else sq.Everything()
    expr = compiler.node(root) or Const(False)
    whole = _all([expr, *people, *filters_expr(request.filters)]) or Const(True)
    filter_by = ("" if whole.value else None) if isinstance(whole, Const) else whole.text()
    return Compiled(filter_by, tuple(dict.fromkeys(compiler.tokens)))


def tiers(filter_by: str, words: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """(filter, q) of each tier of a ranked search, best first; q "" ranks by date.

    ``words`` come rarest first. First the matches holding every word; then
    those holding the rarest word, then those holding the next one but not the
    rarest, and so on, each tier ranked by Typesense over the words from its
    own on (dropping words from the last, the commonest, while it looks for
    matches: every article of the tier holds the first); last the matches
    holding none of the words (a person, date or section clause found them).
    Past ``ALL_WORDS_TIER`` words the first tier is left out (its filter would
    be too long for Typesense, and few articles hold so many words).
    """
    def joined(*parts: str) -> str:
        return " && ".join(part for part in parts if part)

    excluded = ""
    if len(words) <= ALL_WORDS_TIER:
        yield filter_by, " ".join(words)
        excluded = "(" + " || ".join(Match("t_all", (word,)).text(negated=True) for word in words) + ")"
    for number, word in enumerate(words if len(words) > 1 or not excluded else ()):
        before = Match("t_all", words[:number]).text(negated=True) if number else ""
        yield joined(filter_by, excluded, before, Match("t_all", (word,)).text()), " ".join(words[number:])
    yield joined(filter_by, excluded, Match("t_all", words).text(negated=True) if words else ""), ""
