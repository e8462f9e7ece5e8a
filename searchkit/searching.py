"""Run a search: parse, filter, rank (BM25F), page, and build hits with snippets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from whoosh import query as wq
from whoosh import sorting
from whoosh.scoring import BM25F, WeightingModel

from .dates import as_utc, parse_date_option
from .documents import split_list
from .errors import InvalidOption
from .models import Hit, Results
from .querying import date_filter, parse_query, person_filter, section_filter
from .snippets import make_snippet

SORTS = ("relevance", "date")
#: Fields whose matched terms are highlighted in the body (they share its analyzer).
_HIGHLIGHT_FIELDS = ("body", "headline", "subheads")
MAX_LIMIT = 10_000


#: Dated articles newest first, then undated ones (Whoosh would put those first).
NEWEST_FIRST = sorting.MultiFacet(
    [sorting.QueryFacet({0: wq.Every("date")}, other=1), sorting.FieldFacet("date", reverse=True)]
)


def weighting() -> WeightingModel:
    """BM25F with the classic parameters; field weights are in ``querying.FIELD_BOOSTS``."""
    return BM25F(B=0.75, K1=1.2)


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
    ) -> SearchOptions:
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidOption(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
        if page < 1:
            raise InvalidOption(f"page must be 1 or more, not {page}")
        if sort not in SORTS:
            raise InvalidOption(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        start = parse_date_option(since, "since")
        end = parse_date_option(until, "until")
        if end is not None and _is_whole_day(until):
            end = end + timedelta(days=1) - timedelta(microseconds=1)
        if start and end and start > end:
            raise InvalidOption("since is after until")
        return cls(limit, page, _tuple(section), _tuple(person), start, end, sort, literal)


def _tuple(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _is_whole_day(value: object) -> bool:
    """A date given without a time ("2025-03-14") means the whole day when it ends a range."""
    return isinstance(value, str) and len(value.strip()) <= 10


def run_search(searcher, text: str, options: SearchOptions) -> Results:
    """One page of results for ``text`` under ``options``."""
    schema = searcher.schema
    parsed = parse_query(text, schema, literal=options.literal)
    filters = [
        f
        for f in (
            section_filter(options.sections),
            person_filter(options.people),
            date_filter(options.since, options.until),
        )
        if f is not None
    ]
    kwargs = {"terms": True}
    if filters:
        kwargs["filter"] = filters[0] if len(filters) == 1 else wq.And(filters)
    if options.sort == "date":
        kwargs["sortedby"] = NEWEST_FIRST
    page = searcher.search_page(parsed, options.page, pagelen=options.limit, **kwargs)
    analyzer = schema["body"].analyzer
    hits = []
    for offset, hit in enumerate(page):
        stored = hit.fields()
        terms = {
            term.decode("utf-8") if isinstance(term, bytes) else term
            for field, term in hit.matched_terms()
            if field in _HIGHLIGHT_FIELDS
        }
        subheads = [s for s in stored.get("subheads", "").split("\n") if s]
        snippet = make_snippet(stored.get("body", ""), subheads, analyzer, terms)
        date = stored.get("date")
        hits.append(
            Hit(
                id=stored["id"],
                rank=page.offset + offset + 1,
                score=hit.score if isinstance(hit.score, (int, float)) else 0.0,  # sorted: no score
                headline=stored.get("headline", ""),
                section=stored.get("section", ""),
                date=as_utc(date) if date else None,
                people=split_list(stored.get("people")),
                authors=split_list(stored.get("authors")),
                path=stored.get("path", ""),
                url=stored.get("url", ""),
                snippet=snippet.text,
                highlights=snippet.spans,
                subheading=snippet.subheading,
            )
        )
    return Results(hits=hits, total=page.total, page=options.page, pagelen=options.limit, query=text)
