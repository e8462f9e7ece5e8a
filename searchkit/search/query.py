"""A parsed query, as a tree every engine can read: what the user asked for, before any analysis.

Words stay as the user typed them ("Zelensky's", "U.S."); each engine analyses
them the way it analysed the articles. A node's ``field`` is a canonical field
name (``FIELDS``) or None for the plain words searched in every text field.

The one node with ranking meaning is ``Words``: a run of plain words and clauses
as the user typed them side by side. Its plain words match any of them, and
articles holding all of them rank first; its ``required`` clauses (``+word``,
``field:value``) must all match, and its ``excluded`` clauses (``-word``,
``NOT word``) must not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from searchkit.analysis.news import shouted

#: Field names users may type (case ignored) -> the canonical field.
FIELD_NAMES: dict[str, str] = {
    "headline": "headline", "title": "headline",
    "subheads": "subheads", "subhead": "subheads", "subheading": "subheads", "subheadings": "subheads",
    "body": "body", "text": "body",
    "person": "people", "people": "people", "who": "people",
    "author": "authors", "authors": "authors", "by": "authors",
    "section": "section",
    "date": "date",
}
#: Canonical fields of free text (the rest are exact values: a section, a date).
TEXT_FIELDS = ("headline", "subheads", "body", "people", "authors")
#: Fields plain words are searched in.
DEFAULT_FIELDS = ("headline", "subheads", "people", "body")


def known_field_names() -> str:
    """The field names a user can type, one per field, for error messages."""
    shown = {"people": "person", "authors": "author"}
    return ", ".join(shown.get(name, name) for name in dict.fromkeys(FIELD_NAMES.values()))


class Node:
    """A node of a parsed query."""

    def children(self) -> tuple[Node, ...]:
        return ()

    def walk(self):
        """This node and every node under it, depth first."""
        yield self
        for child in self.children():
            yield from child.walk()


@dataclass(frozen=True)
class Term(Node):
    """One word as typed (``Kursk``, ``U.S.``), in one field or (field None) the default ones."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Phrase(Node):
    """Words that must appear together and in order (``"positive message"``)."""

    words: tuple[str, ...]
    field: str | None = None


@dataclass(frozen=True)
class Prefix(Node):
    """Words starting with ``text`` (``ceasefir*``)."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Wildcard(Node):
    """Words matching a pattern with ``*`` (any run) and ``?`` (one character) (``wom?n``)."""

    pattern: str
    field: str | None = None


@dataclass(frozen=True)
class Fuzzy(Node):
    """Words within ``distance`` edits of ``text`` (``Zelenski~``, ``Zelenski~2``)."""

    text: str
    distance: int = 1
    field: str | None = None


@dataclass(frozen=True)
class DateRange(Node):
    """Articles dated from ``start`` to ``end`` inclusive (naive UTC; None: open)."""

    start: datetime | None
    end: datetime | None


@dataclass(frozen=True)
class Everything(Node):
    """Every article (``*`` alone, or a query of nothing but exclusions)."""


@dataclass(frozen=True)
class And(Node):
    """All of the parts (``a AND b``)."""

    parts: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.parts


@dataclass(frozen=True)
class Or(Node):
    """Any of the parts (``a OR b``)."""

    parts: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.parts


@dataclass(frozen=True)
class Not(Node):
    """Articles that do not match the part (``NOT word``, ``-word``)."""

    part: Node

    def children(self) -> tuple[Node, ...]:
        return (self.part,)


@dataclass(frozen=True)
class Words(Node):
    """Clauses side by side: any of ``optional`` (all of them rank first), all of ``required``, none of ``excluded``.

    When a ``+word`` is among the required, the optional words only add to the
    score (as in Lucene); field clauses (``section:tech``) restrict without
    making the words optional.
    """

    optional: tuple[Node, ...] = ()
    required: tuple[Node, ...] = ()
    excluded: tuple[Node, ...] = ()
    #: True when a required clause is a ``+word`` (the optional words then only rank).
    ranking_only: bool = False

    def children(self) -> tuple[Node, ...]:
        return self.optional + self.required + self.excluded


@dataclass(frozen=True)
class Query:
    """A parsed query: its tree and the text it came from."""

    root: Node
    text: str

    def terms(self) -> list[Node]:
        """The leaf nodes that name words (terms, phrases, prefixes, wildcards, fuzzy terms)."""
        return [node for node in self.root.walk() if isinstance(node, (Term, Phrase, Prefix, Wildcard, Fuzzy))]

    def typed_in_capitals(self) -> bool:
        """Whether its words are typed all in capitals (``news.shouted``): then none of them is an acronym."""
        typed = [" ".join(node.words) if isinstance(node, Phrase) else getattr(node, "pattern", None) or node.text
                 for node in self.terms()]
        return shouted(" ".join(typed))
