"""Parse what users type into a ``Query`` tree, refusing malformed queries with the column at fault.

The language (docs/cli.md, "The query language"): plain words (any of them;
articles holding all rank first), ``"phrases"``, ``AND`` / ``OR`` / ``NOT`` in
capitals with brackets, ``-word`` and ``+word``, ``field:value`` clauses that
restrict the search (field names in any case), ``prefix*``, ``wild?card``,
``fuzzy~`` / ``fuzzy~2`` and ``date:`` values and ranges. Precedence, loosest
first: ``OR``, words side by side, ``AND``, ``NOT``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from searchkit.errors import QuerySyntaxError
from searchkit.ingest.dates import parse_date
from searchkit.search.query import (
    FIELD_NAMES,
    And,
    DateRange,
    Everything,
    Fuzzy,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Query,
    Term,
    Wildcard,
    Words,
    known_field_names,
)

MAX_QUERY_LENGTH = 2000
#: The most edits a fuzzy term may ask for (``word~5`` is read as ``word~2``).
MAX_FUZZY_DISTANCE = 2
OPERATORS = ("AND", "OR", "NOT")

_FIELD = re.compile(r"([A-Za-z_]+):")
_FUZZY = re.compile(r"^(.+?)~(\d*)$")
_SPACE = " \t\r\n\f\v"


@dataclass(frozen=True)
class _Token:
    kind: str  # "(" ")" "op" "word" "phrase" "range"
    text: str
    column: int  # 1-based, where the token (its sign or field included) starts
    sign: str = ""  # "+" or "-"
    field: str = ""  # as typed
    field_column: int = 0


def parse(text: str, *, literal: bool = False) -> Query:
    """The query tree for ``text``; with ``literal`` every word is a plain word (no syntax at all)."""
    if not isinstance(text, str):
        raise QuerySyntaxError(f"a query is text, not {type(text).__name__}")
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(f"query too long ({len(text)} characters, at most {MAX_QUERY_LENGTH})")
    if not text.strip():
        raise QuerySyntaxError("empty query")
    if literal:
        words = tuple(Term(word) for word in text.split())
        return Query(words[0] if len(words) == 1 else Words(optional=words), text)
    return Query(_Parser(_tokens(text)).parse(), text)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in _SPACE:
            i += 1
        elif char in "()":
            tokens.append(_Token(char, char, i + 1))
            i += 1
        else:
            token, i = _atom(text, i)
            tokens.append(token)
    return tokens


def _atom(text: str, start: int) -> tuple[_Token, int]:
    """One word, phrase or range at ``start``, with its sign and field prefix."""
    i, n = start, len(text)
    sign = ""
    if text[i] in "+-" and i + 1 < n and text[i + 1] not in _SPACE + ")":
        sign, i = text[i], i + 1
    field, field_column = "", 0
    match = _FIELD.match(text, i)
    if match and not text.startswith("//", match.end()):  # "http://...": a word
        following = text[match.end()] if match.end() < n else ""
        if following and following not in _SPACE + ")":
            field, field_column, i = match.group(1), i + 1, match.end()
        elif match.group(1).lower() in FIELD_NAMES:
            raise QuerySyntaxError(f"'{match.group(0)}' at column {i + 1} has nothing after it "
                                   f"(write {match.group(0)}word, without a space)")
    if text[i] == '"':
        end = text.find('"', i + 1)
        if end < 0:
            raise QuerySyntaxError(f"unclosed quote: '\"' at column {i + 1} is never closed")
        return _Token("phrase", text[i + 1:end], start + 1, sign, field, field_column), end + 1
    if text[i] in "[{" and field:
        closing = "]" if text[i] == "[" else "}"
        end = text.find(closing, i + 1)
        if end < 0:
            raise QuerySyntaxError(f"unclosed range: '{text[i]}' at column {i + 1} is never closed")
        return _Token("range", text[i + 1:end], start + 1, sign, field, field_column), end + 1
    if text[i] == "(":
        return _Token("(", "(", start + 1, sign, field, field_column), i + 1
    end = i
    while end < n and text[end] not in _SPACE + '()"':
        end += 1
    word = text[i:end]
    kind = "op" if word in OPERATORS and not sign and not field else "word"
    return _Token(kind, word, start + 1, sign, field, field_column), end


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Node:
        node = self.parse_or(None)
        extra = self.peek()
        if extra is not None:  # only a ')' can stop parse_or early
            raise QuerySyntaxError(f"unbalanced parenthesis: ')' at column {extra.column} has no matching '('")
        return node

    def parse_or(self, field: str | None) -> Node:
        parts = [self.parse_words(field)]
        while self._at_op("OR"):
            self._operand_follows(self.take())
            parts.append(self.parse_words(field))
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def parse_words(self, field: str | None) -> Node:
        optional: list[Node] = []
        required: list[Node] = []
        excluded: list[Node] = []
        ranking_only = False
        while (token := self.peek()) is not None and token.kind != ")" and not self._at_op("OR"):
            if token.kind == "op" and token.text == "AND":
                raise QuerySyntaxError(f"'AND' at column {token.column} has nothing before it")
            node, sign, fielded = self.parse_and(field)
            if sign == "-":
                excluded.append(node)
            elif sign == "+":
                required.append(node)
                ranking_only = True
            elif fielded:
                required.append(node)
            else:
                optional.append(node)
        if not (optional or required or excluded):  # stopped at once: a leading OR, or a ')' with no '('
            token = self.take()
            if token.kind == "op":
                raise QuerySyntaxError(f"'{token.text}' at column {token.column} has nothing before it")
            raise QuerySyntaxError(f"unbalanced parenthesis: ')' at column {token.column} has no matching '('")
        if len(optional) + len(required) == 1 and not excluded:
            return (optional or required)[0]
        return Words(tuple(optional), tuple(required), tuple(excluded), ranking_only)

    def parse_and(self, field: str | None) -> tuple[Node, str, bool]:
        node, sign, fielded = self.parse_not(field)
        if not self._at_op("AND"):
            return node, sign, fielded
        parts = [Not(node) if sign == "-" else node]
        while self._at_op("AND"):
            self._operand_follows(self.take())
            part, part_sign, _ = self.parse_not(field)
            parts.append(Not(part) if part_sign == "-" else part)
        return And(tuple(parts)), "", False

    def parse_not(self, field: str | None) -> tuple[Node, str, bool]:
        """A clause: (node, "-" when excluded / "+" when required, whether it names a field)."""
        if self._at_op("NOT"):
            self._operand_follows(self.take())
            node, sign, _ = self.parse_not(field)
            return (node, "", False) if sign == "-" else (node, "-", False)  # NOT -x: x
        token = self.take()
        if token.kind == "op":
            raise QuerySyntaxError(f"'{token.text}' at column {token.column} has nothing before it")
        own_field = self._field(token) if token.field else None
        scope = own_field or field
        if token.kind == "(":
            node = self._group(token, scope)
        elif token.kind == "phrase":
            node = _phrase(token, scope)
        elif token.kind == "range":
            node = _date_range(token, scope)
        else:
            node = _word(token, scope)
        return node, token.sign, own_field is not None

    def _group(self, opening: _Token, field: str | None) -> Node:
        if (token := self.peek()) is not None and token.kind == ")":
            raise QuerySyntaxError(f"empty parentheses at column {opening.column}")
        node = self.parse_or(field) if token is not None else None
        if self.peek() is None:
            column = opening.column + len(opening.sign) + (len(opening.field) + 1 if opening.field else 0)
            raise QuerySyntaxError(f"unbalanced parenthesis: '(' at column {column} is never closed")
        self.take()
        return node

    def _field(self, token: _Token) -> str:
        canonical = FIELD_NAMES.get(token.field.lower())
        if canonical is None:
            raise QuerySyntaxError(
                f"unknown field '{token.field}:' at column {token.field_column} (fields: {known_field_names()})"
            )
        return canonical

    def _at_op(self, name: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "op" and token.text == name

    def _operand_follows(self, operator: _Token) -> None:
        after = self.peek()
        if after is None or after.kind == ")" or (after.kind == "op" and after.text != "NOT"):
            raise QuerySyntaxError(f"'{operator.text}' at column {operator.column} has nothing after it")


def _word(token: _Token, field: str | None) -> Node:
    word = token.text
    if field == "date":
        return _date_value(word, token)
    if word in ("*", "*:*") and field is None:
        return Everything()
    if word.endswith("?") and "*" not in word and "?" not in word[:-1]:
        word = word.rstrip("?") or word  # "who won?": a question mark, not a wildcard
    if (fuzzy := _FUZZY.match(word)) and "*" not in word and "?" not in word:
        distance = min(int(fuzzy.group(2) or 1), MAX_FUZZY_DISTANCE)
        return Fuzzy(fuzzy.group(1), max(distance, 1), field)
    if "*" in word or "?" in word:
        stem = word[:-1]
        if word.endswith("*") and "*" not in stem and "?" not in stem and stem:
            return Prefix(stem, field)
        return Wildcard(word, field)
    return Term(word, field)


def _phrase(token: _Token, field: str | None) -> Node:
    if field == "date":
        return _date_value(token.text, token)
    words = tuple(token.text.split())
    if not words:
        raise QuerySyntaxError(f"empty phrase at column {token.column}")
    return Term(words[0], field) if len(words) == 1 else Phrase(words, field)


def _date_range(token: _Token, field: str | None) -> Node:
    if field != "date":
        raise QuerySyntaxError(f"a range at column {token.column} works on dates only (date:[2025-01 to 2025-03])")
    parts = re.split(r"\s+to\s+|\s+TO\s+|^\s*to\s+|\s+to\s*$|^\s*TO\s+|\s+TO\s*$", token.text.strip())
    if len(parts) != 2:
        raise QuerySyntaxError(
            f"cannot read the date range at column {token.column}: write [FROM to UNTIL], either may be left out"
        )
    start = _date_period(parts[0], token)[0] if parts[0].strip() else None
    end = _date_period(parts[1], token)[1] if parts[1].strip() else None
    if start is not None and end is not None and start > end:
        raise QuerySyntaxError(f"the date range at column {token.column} ends before it starts")
    return DateRange(start, end)


def _date_value(text: str, token: _Token) -> DateRange:
    start, end = _date_period(text, token)
    return DateRange(start, end)


_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-?(\d{2})$")
_DAY = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")


def _date_period(text: str, token: _Token) -> tuple[datetime, datetime]:
    """The first and last instant of the year, month or day ``text`` names (naive UTC)."""
    value = text.strip()
    try:
        if match := _YEAR.match(value):
            year = int(match.group(1))
            return datetime(year, 1, 1), datetime(year + 1, 1, 1) - timedelta(microseconds=1)
        if match := _MONTH.match(value):
            year, month = int(match.group(1)), int(match.group(2))
            last = calendar.monthrange(year, month)[1]
            return datetime(year, month, 1), datetime(year, month, last) + timedelta(days=1, microseconds=-1)
        if match := _DAY.match(value):
            day = datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            return day, day + timedelta(days=1, microseconds=-1)
    except ValueError:
        pass
    parsed = parse_date(value)
    if parsed is None:
        raise QuerySyntaxError(
            f"date: cannot read {value!r} at column {token.column} as a date "
            "(use 2025, 2025-03, 2025-03-14 or a range such as [2025-01-01 to 2025-03-31])"
        )
    day = parsed.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    return day, day + timedelta(days=1, microseconds=-1)
