"""Parse what users type into Whoosh queries, and refuse malformed queries clearly.

Whoosh's parser never fails: given ``ceasefire AND (`` it quietly guesses.
A search tool should say what is wrong instead, so the text is checked for
unbalanced brackets and quotes and for dangling operators first, and Whoosh's
own error markers in the parsed query become a ``QuerySyntaxError``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from whoosh import query as wq
from whoosh.qparser import FieldAliasPlugin, FuzzyTermPlugin, MultifieldParser, OrGroup
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.query import Query
from whoosh.query.qcore import _NullQuery

from searchkit.engine.whoosh.schema import FIELD_ALIASES, SEARCH_FIELDS
from searchkit.errors import QuerySyntaxError
from searchkit.people.names import name_key

#: Field weights for plain query words (BM25F scores per field, then weighted).
FIELD_BOOSTS = {"headline": 2.5, "subheads": 1.5, "people": 2.0, "body": 1.0}
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
MAX_QUERY_LENGTH = 2000


def parse_query(text: str, schema, *, literal: bool = False) -> Query:
    """The Whoosh query for a user's query text (``literal``: plain words, no syntax)."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(f"query too long ({len(text)} characters, at most {MAX_QUERY_LENGTH})")
    if not text.strip():
        raise QuerySyntaxError("empty query")
    if text.strip() == "*" and not literal:
        # Every article. Whoosh would parse it as "any word in any field" and read every posting
        # list of the index to find them (13 s on 2,225 articles); all documents are known at once.
        return wq.Every()
    if literal:
        parser = MultifieldParser(list(SEARCH_FIELDS), schema, fieldboosts=FIELD_BOOSTS,
                                  group=OrGroup, plugins=[])
        parsed = parser.parse(text, normalize=False)
    else:
        check_syntax(text)
        parser = MultifieldParser(list(SEARCH_FIELDS), schema, fieldboosts=FIELD_BOOSTS, group=OrGroup)
        parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
        parser.add_plugin(FuzzyTermPlugin())
        parser.add_plugin(DateParserPlugin(free=False))
        try:
            parsed = parser.parse(compact_iso_dates(text), normalize=False)
        except Exception as exc:  # Whoosh's parser raises assorted errors on odd input
            raise QuerySyntaxError(f"cannot parse query: {exc}") from exc
        _refuse_unsearchable(parsed, schema)
    return all_words_first(parsed)


def all_words_first(parsed: Query) -> Query:
    """Plain words match any of them, but an article holding all of them scores twice.

    For ``a b`` this is ``a OR b OR (a AND b)``: partial matches still count,
    and complete ones rank first unless a partial one is far more relevant.
    ``NOT`` words among plain words exclude, as users expect: ``a b NOT c``
    is ``(a OR b OR (a AND b)) ANDNOT c``. Takes the parser's un-normalised
    tree (one child per word, each an OR over the fields) and normalises it.
    """
    if not isinstance(parsed, wq.Or):
        return parsed.normalize()
    words, excluded = [], []
    for child in parsed.subqueries:
        target = excluded if isinstance(child, wq.Not) else words
        query = (child.query if isinstance(child, wq.Not) else child).normalize()
        if query is not wq.NullQuery:
            target.append(query)
    if not words:
        return parsed.normalize()
    ranked = wq.Or(words + [AllWords(words)]) if len(words) > 1 else words[0]
    if excluded:
        ranked = wq.AndNot(ranked, wq.Or(excluded) if len(excluded) > 1 else excluded[0])
    return ranked.normalize()


class AllWords(wq.And):
    """The "all of the words" clause that ``all_words_first`` adds (see ``split_all_words``)."""


def split_all_words(query: Query) -> tuple[Query, list[Query]]:
    """The query without its all-words clause, and that clause's words (none when it has no such clause).

    Inside a search the clause costs as much as the rest of the query (every
    word is matched twice); its effect, doubling the score of an article that
    holds every word, is the same when applied to the best hits afterwards
    (``ranking.favour_all_words``).
    """
    if isinstance(query, wq.AndNot):
        positive, words = split_all_words(query.a)
        return wq.AndNot(positive, query.b), words
    if isinstance(query, wq.Or) and isinstance(query.subqueries[-1], AllWords):
        rest = query.subqueries[:-1]
        return (wq.Or(rest, boost=query.boost) if len(rest) > 1 else rest[0]), list(query.subqueries[-1].subqueries)
    return query, []


_DATE_CLAUSE = re.compile(r"\bdate:(\[[^\]]*\]|\{[^}]*\}|\S+)", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")


def compact_iso_dates(text: str) -> str:
    """Write ISO dates in ``date:`` clauses as Whoosh's date parser reads them (2025-02-28 → 20250228).

    Whoosh misreads dashed dates inside ranges: ``date:[2025-01-01 to 2025-02-28]``
    would end at the end of 2025.
    """
    def compact(clause: re.Match) -> str:
        return _ISO_DATE.sub(lambda m: "".join(part for part in m.groups() if part), clause.group(0))

    return _DATE_CLAUSE.sub(compact, text)


def check_syntax(text: str) -> None:
    """Raise QuerySyntaxError for unbalanced brackets or quotes and dangling operators."""
    depth_stack: list[int] = []
    in_quote = False
    quote_at = 0
    for column, char in enumerate(text, start=1):
        if char == '"':
            in_quote = not in_quote
            quote_at = column
        elif in_quote:
            continue
        elif char == "(":
            depth_stack.append(column)
        elif char == ")":
            if not depth_stack:
                raise QuerySyntaxError(f"unbalanced parenthesis: ')' at column {column} has no matching '('")
            depth_stack.pop()
    if in_quote:
        raise QuerySyntaxError(f"unclosed quote: '\"' at column {quote_at} is never closed")
    if depth_stack:
        raise QuerySyntaxError(
            f"unbalanced parenthesis: '(' at column {depth_stack[-1]} is never closed"
        )
    _check_operators(text)


def _check_operators(text: str) -> None:
    unquoted = re.sub(r'"[^"]*"', lambda m: " " * len(m.group()), text)
    tokens = [(m.group(), m.start() + 1) for m in re.finditer(r"\(|\)|[^\s()]+", unquoted)]
    for i, (token, column) in enumerate(tokens):
        if token not in _OPERATORS:
            if token == "(" and i + 1 < len(tokens) and tokens[i + 1][0] == ")":
                raise QuerySyntaxError(f"empty parentheses at column {column}")
            continue
        after = tokens[i + 1][0] if i + 1 < len(tokens) else None
        before = tokens[i - 1][0] if i > 0 else None
        if after is None or after == ")" or after in _OPERATORS - {"NOT"}:
            raise QuerySyntaxError(f"'{token}' at column {column} has nothing after it")
        if token != "NOT" and (before is None or before == "(" or before in _OPERATORS):
            raise QuerySyntaxError(f"'{token}' at column {column} has nothing before it")


def _refuse_unsearchable(parsed: Query, schema) -> None:
    """Turn Whoosh's error markers, and terms a field cannot hold (``date:""``), into a clear error.

    Whoosh would otherwise fail only while searching, with a bare ``Exception``.
    """
    stack = [parsed]
    while stack:
        node = stack.pop()
        error = getattr(node, "error", None)
        if error:
            raise QuerySyntaxError(f"cannot parse query: {error}")
        if isinstance(node, (wq.Term, wq.Phrase)) and node.fieldname in schema:
            for text in [node.text] if isinstance(node, wq.Term) else node.words:
                try:
                    schema[node.fieldname].to_bytes(text)
                except Exception as exc:  # Whoosh's fields raise plain Exception for bad values
                    raise QuerySyntaxError(f"{node.fieldname}: cannot search for {text!r} ({exc})") from exc
        if not isinstance(node, _NullQuery):
            stack.extend(node.children())


def any_of(field: str, values: Sequence[str]) -> Query | None:
    """A filter matching any of the values (None when there are none)."""
    terms = [wq.Term(field, v) for v in dict.fromkeys(values) if v]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else wq.Or(terms)


def section_filter(sections: Sequence[str]) -> Query | None:
    """Sections match case-insensitively (the field is lower-cased)."""
    return any_of("section", [s.strip().lower() for s in sections])


def person_filter(people: Sequence[str]) -> Query | None:
    """People match by full name, variant spelling or surname (see ``people.name_key``)."""
    return any_of("people", [name_key(p) for p in people])


def date_filter(since: datetime | None, until: datetime | None) -> Query | None:
    """An inclusive date range, open at either end (dates are naive UTC in the index)."""
    if since is None and until is None:
        return None
    start = since.replace(tzinfo=None) if since else None
    end = until.replace(tzinfo=None) if until else None
    return wq.DateRange("date", start, end)
