"""What a search may ask for, checked once before any engine sees it: paging, filters, sort, facets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from searchkit.errors import InvalidOption
from searchkit.ingest.dates import parse_date_option

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
    ) -> SearchOptions:
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidOption(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
        if not 1 <= facet_limit <= MAX_LIMIT:
            raise InvalidOption(f"facet_limit must be between 1 and {MAX_LIMIT}, not {facet_limit}")
        if page < 1:
            raise InvalidOption(f"page must be 1 or more, not {page}")
        if sort not in SORTS:
            raise InvalidOption(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        wanted = tuple(dict.fromkeys(f.strip().lower() for f in _tuple(facets) for f in f.split(",") if f.strip()))
        unknown = [f for f in wanted if f not in FACETS]
        if unknown:
            raise InvalidOption(f"unknown facet {unknown[0]!r} (choose from {', '.join(FACETS)})")
        start = parse_date_option(since, "since")
        end = parse_date_option(until, "until")
        if end is not None and _is_whole_day(until):
            end = end + timedelta(days=1) - timedelta(microseconds=1)
        if start and end and start > end:
            raise InvalidOption("since is after until")
        return cls(limit, page, _tuple(section), _tuple(person), start, end, sort, literal, wanted, collapse,
                   suggest, feedback, facet_limit, all_people)


def _tuple(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _is_whole_day(value: object) -> bool:
    """A date given without a time ("2025-03-14") means the whole day when it ends a range."""
    return isinstance(value, str) and len(value.strip()) <= 10
