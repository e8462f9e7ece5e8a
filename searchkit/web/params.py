"""The parameters each page and API endpoint takes: declared once, checked on every request, documented in OpenAPI.

A request's parameters are strings; each ``Param`` says what it becomes (text,
integer, yes/no, one of a few words), its bounds and its default, so a bad value
is refused with a message naming the parameter before the index is touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from searchkit.search.options import SORTS

if TYPE_CHECKING:
    from starlette.datastructures import QueryParams

#: Longest query text accepted (characters); the engine's own bound is higher.
MAX_QUERY = 1000
#: Most values a repeatable parameter takes (sections, people).
MAX_VALUES = 20
#: Deepest hit a search may page to (page × limit).
MAX_DEPTH = 10_000

_YES = {"1", "true", "yes", "on"}
_NO = {"0", "false", "no", "off"}


class BadRequest(Exception):
    """A parameter a request cannot have; the message names it and what is allowed."""


@dataclass(frozen=True)
class Param:
    """One query-string parameter: its name, kind (string, integer, boolean, date), bounds and meaning."""

    name: str
    kind: str
    help: str
    default: object = None
    many: bool = False
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def read(self, values: list[str]) -> object:
        values = [v.strip() for v in values]
        values = [v for v in values if v]
        if self.many:
            if len(values) > MAX_VALUES:
                raise BadRequest(f"{self.name}: at most {MAX_VALUES} values")
            return [self._one(v) for v in values]
        if not values:
            if self.required:
                raise BadRequest(f"{self.name} is required")
            return self.default
        return self._one(values[-1])

    def _one(self, value: str) -> object:
        if self.kind == "integer":
            try:
                number = int(value)
            except ValueError:
                raise BadRequest(f"{self.name} must be a whole number, not {value!r}") from None
            if (self.minimum is not None and number < self.minimum) or (
                    self.maximum is not None and number > self.maximum):
                raise BadRequest(f"{self.name} must be between {self.minimum} and {self.maximum}, not {number}")
            return number
        if self.kind == "boolean":
            if value.lower() in _YES:
                return True
            if value.lower() in _NO:
                return False
            raise BadRequest(f"{self.name} must be true or false, not {value!r}")
        if self.choices and value not in self.choices:
            raise BadRequest(f"{self.name} must be one of {', '.join(self.choices)}, not {value!r}")
        if self.maximum is not None and len(value) > self.maximum:
            raise BadRequest(f"{self.name} is too long ({len(value)} characters, at most {self.maximum})")
        return value


def order(query: str, sort: str | None) -> str:
    """The order of the hits: as asked, else by relevance, but newest first when there is no query to rank by."""
    return "date" if query.strip() in ("", "*") else sort or "relevance"


def read_params(query: QueryParams, specs: Sequence[Param], *, strict: bool) -> dict[str, object]:
    """The request's parameters as Python values (``strict``: an unknown parameter is an error)."""
    known = {spec.name for spec in specs}
    if strict:
        unknown = sorted(set(query.keys()) - known)
        if unknown:
            raise BadRequest(f"unknown parameter {unknown[0]!r} (this endpoint takes: {', '.join(sorted(known))})")
    values = {spec.name: spec.read(query.getlist(spec.name)) for spec in specs}
    if "page" in values and "limit" in values and values["page"] * values["limit"] > MAX_DEPTH:
        raise BadRequest(f"page too deep: page × limit may be at most {MAX_DEPTH}")
    return values


QUERY = Param("q", "string", "Query text in the query language (see the search page); empty or `*`: every article.",
              default="", maximum=MAX_QUERY)
SECTION = Param("section", "string", "Only articles of this section (repeat: any of them).", many=True)
PERSON = Param("person", "string", "Only articles naming this person: full name, variant spelling or surname "
                                   "(repeat: any of them, or all of them with all_people).", many=True)
LANG = Param("lang", "string", "Only articles in this language: a code such as en, de, ja (repeat: any of them).",
             many=True)
SINCE = Param("since", "date", "Only articles dated on or after this date (2025-03-01).")
UNTIL = Param("until", "date", "Only articles dated on or before this date (a date alone: the whole day).")
SORT = Param("sort", "string", "relevance, or date (newest first); without a query: date.", choices=SORTS)
PAGE = Param("page", "integer", "Page of hits.", default=1, minimum=1, maximum=MAX_DEPTH)


def limit(default: int, maximum: int, what: str = "Hits per page.") -> Param:
    return Param("limit", "integer", what, default=default, minimum=1, maximum=maximum)


SEARCH = (
    QUERY, SECTION, PERSON, LANG, SINCE, UNTIL, SORT, PAGE, limit(10, 100),
    Param("all_people", "boolean", "With several people: only articles naming all of them.", default=False),
    Param("facets", "string", "Count values over all hits: people, section, month (repeat or comma-separate).",
          many=True),
    Param("facet_limit", "integer", "Values per facet (months: the newest).", default=10, minimum=1, maximum=1000),
    Param("collapse", "boolean", "Fold wire copies of a story into one hit with a similar count.", default=True),
    Param("suggest", "boolean", "Suggest a respelled query when few articles match.", default=True),
    Param("feedback", "boolean", "Re-rank with words of the top hits (pseudo-relevance feedback).", default=True),
    Param("literal", "boolean", "Read q as plain words, not query syntax.", default=False),
)
#: What the search page keeps in its address: the query, the filters, the order and the page.
SEARCH_PAGE = (QUERY, SECTION, PERSON, SINCE, UNTIL, SORT, PAGE)
ARTICLE_ID = Param("id", "string", "An article id, as in a hit's id.", required=True)
RELATED = (ARTICLE_ID, PAGE, limit(10, 100))
PERSON_NAME = Param("name", "string", "A person's full name, variant spelling or surname.", required=True)
PERSON_PAGE = (PERSON_NAME, limit(20, 200, "How many of the person's newest articles to list."))
PEOPLE = (SECTION, SINCE, UNTIL, limit(50, 1000, "How many people to list, most mentioned first."))

