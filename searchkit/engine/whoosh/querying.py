"""Filters as Whoosh queries: sections and dates.

People filters are in ``people``; the query text is parsed in ``searchkit.search``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from whoosh import query as wq
from whoosh.query import Query


def any_of(field: str, values: Sequence[str]) -> Query | None:
    """A filter matching any of the values (None when there are none)."""
    terms = [wq.Term(field, v) for v in dict.fromkeys(values) if v]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else wq.Or(terms)


def section_filter(sections: Sequence[str]) -> Query | None:
    """Sections match case-insensitively (the field is lower-cased)."""
    return any_of("section", [s.strip().lower() for s in sections])


def date_filter(since: datetime | None, until: datetime | None) -> Query | None:
    """An inclusive date range, open at either end (dates are naive UTC in the index)."""
    if since is None and until is None:
        return None
    start = since.replace(tzinfo=None) if since else None
    end = until.replace(tzinfo=None) if until else None
    return wq.DateRange("date", start, end)
