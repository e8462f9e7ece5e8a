"""What a search may ask for, checked once before any engine sees it: paging, filters, sort, facets, time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from searchkit.arguments import date_argument, flag_argument, int_argument, seconds_argument, texts_argument
from searchkit.errors import InvalidOption
from searchkit.ingest.dates import parse_date_option
from searchkit.search.budget import DEFAULT_TIMEOUT

SORTS = ("relevance", "date")
FACETS = ("people", "section", "month")
MAX_LIMIT = 10_000
#: How many values each facet reports unless asked for more.
FACET_LIMIT = 10


@dataclass(frozen=True)
class SearchOptions:
    """Validated search options (see ``Index.search`` for their meaning)."""

    limit: int = 10
    page: int = 1
    sections: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    sort: str = "relevance"
    literal: bool = False
    facets: tuple[str, ...] = ()
    collapse: bool = True
    suggest: bool = True
    feedback: bool = True
    facet_limit: int = FACET_LIMIT
    all_people: bool = False
    timeout: float | None = DEFAULT_TIMEOUT
    #: Language codes ("de", "ja"): only articles in one of them.
    languages: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        *,
        limit: int = 10,
        page: int = 1,
        section: str | Sequence[str] | None = None,
        person: str | Sequence[str] | None = None,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
        sort: str = "relevance",
        literal: bool = False,
        facets: str | Sequence[str] | None = None,
        collapse: bool = True,
        suggest: bool = True,
        feedback: bool = True,
        facet_limit: int = FACET_LIMIT,
        all_people: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT,
        lang: str | Sequence[str] | None = None,
    ) -> SearchOptions:
        limit = int_argument(limit, "limit", 1, MAX_LIMIT)
        facet_limit = int_argument(facet_limit, "facet_limit", 1, MAX_LIMIT)
        page = int_argument(page, "page", 1)
        if sort not in SORTS:
            raise InvalidOption(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        asked = texts_argument(facets, "facets")
        wanted = tuple(dict.fromkeys(f.strip().lower() for f in asked for f in f.split(",") if f.strip()))
        unknown = [f for f in wanted if f not in FACETS]
        if unknown:
            raise InvalidOption(f"unknown facet {unknown[0]!r} (choose from {', '.join(FACETS)})")
        start = parse_date_option(date_argument(since, "since"), "since")
        end = parse_date_option(date_argument(until, "until"), "until")
        if end is not None and _is_whole_day(until):
            end = end + timedelta(days=1) - timedelta(microseconds=1)
        if start and end and start > end:
            raise InvalidOption("since is after until")
        return cls(limit, page, texts_argument(section, "section"), texts_argument(person, "person"), start, end,
                   sort, flag_argument(literal, "literal"), wanted, flag_argument(collapse, "collapse"),
                   flag_argument(suggest, "suggest"), flag_argument(feedback, "feedback"), facet_limit,
                   flag_argument(all_people, "all_people"), seconds_argument(timeout, "timeout"),
                   _languages(lang))


def _languages(lang: str | Sequence[str] | None) -> tuple[str, ...]:
    """Language codes asked for ("de", "de-CH", "German" → "de"); InvalidOption for a value naming none."""
    from searchkit.analysis.detection import language_tag

    codes = []
    for value in texts_argument(lang, "lang"):
        code = language_tag(value)
        if not code:
            raise InvalidOption(f"lang must be a language code such as en, de or ja, not {value!r}")
        codes.append(code)
    return tuple(dict.fromkeys(codes))


def _is_whole_day(value: object) -> bool:
    """A date given without a time ("2025-03-14") means the whole day when it ends a range."""
    return isinstance(value, str) and len(value.strip()) <= 10
