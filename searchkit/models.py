"""The plain data that flows through the pipeline: articles in, hits out.

These dataclasses import nothing from the rest of searchkit, so every stage
(reading, cleaning, people, indexing, searching) can depend on them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import overload


@dataclass
class Article:
    """One news article after reading and cleaning.

    ``body`` holds the article text as paragraphs separated by a blank line;
    each sub-heading stays in place as a paragraph of its own and is also
    listed, in order, in ``subheads`` (snippets name the sub-heading they fall
    under). ``date`` is timezone-aware (UTC) or ``None``.
    """

    id: str
    headline: str = ""
    body: str = ""
    section: str = ""
    date: datetime | None = None
    authors: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    subheads: list[str] = field(default_factory=list)
    description: str = ""
    url: str = ""
    path: str = ""
    site_name: str = ""
    language: str = ""

    @property
    def paragraphs(self) -> list[str]:
        """The body split into its paragraphs (sub-headings included)."""
        return [p for p in self.body.split("\n\n") if p.strip()]

    def to_dict(self) -> dict:
        """Every field, JSON-ready (the date as ISO 8601): what ``searchkit show --json`` prints."""
        return {
            "id": self.id,
            "headline": self.headline,
            "section": self.section,
            "date": self.date.isoformat() if self.date else None,
            "authors": self.authors,
            "people": self.people,
            "subheads": self.subheads,
            "description": self.description,
            "url": self.url,
            "path": self.path,
            "site_name": self.site_name,
            "language": self.language,
            "body": self.body,
        }


@dataclass(frozen=True)
class Hit:
    """One ranked search result, with a highlighted snippet from the body."""

    id: str
    rank: int
    score: float
    headline: str
    section: str
    date: datetime | None
    people: list[str]
    authors: list[str]
    path: str
    url: str
    snippet: str
    #: (start, end) character spans of the matched words within ``snippet``.
    highlights: tuple[tuple[int, int], ...] = ()
    subheading: str = ""
    #: Near-duplicate copies of this article (wire copies) folded under it.
    similar: int = 0

    def marked_snippet(self, before: str, after: str, escape: Callable[[str], str] = str) -> str:
        """The snippet with each matched word wrapped in ``before``/``after``.

        ``escape`` is applied to the text (not the marks), e.g. ``html.escape``.
        """
        out, index = [], 0
        for start, end in self.highlights:
            out.append(escape(self.snippet[index:start]))
            out.append(before + escape(self.snippet[start:end]) + after)
            index = end
        out.append(escape(self.snippet[index:]))
        return "".join(out)

    def to_dict(self, *, scored: bool = True) -> dict:
        """A JSON-ready dict (the date as ISO 8601; the score None when the hits were not ranked by it)."""
        return {
            "id": self.id,
            "rank": self.rank,
            "score": round(self.score, 4) if scored else None,
            "headline": self.headline,
            "section": self.section,
            "date": self.date.isoformat() if self.date else None,
            "people": list(self.people),
            "authors": list(self.authors),
            "path": self.path,
            "url": self.url,
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
            "subheading": self.subheading,
            "similar": self.similar,
        }


@dataclass
class Results(Sequence[Hit]):
    """One page of hits, and what the whole search found.

    ``total`` counts the hits that can be paged through: every matching
    article, except copies of a story folded under its best hit
    (``collapsed`` counts those). A page past the last one is empty.
    ``timed_out`` says the search ran out of its time budget and answered
    with what it had found: the hits may then be incomplete and the counts
    are lower bounds. ``capped_terms`` are the wildcard, fuzzy or range terms
    that matched too many words, for which only the most frequent were
    searched.
    """

    hits: list[Hit]
    total: int
    page: int = 1
    pagelen: int = 10
    query: str = ""
    suggestion: str | None = None
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    collapsed: int = 0
    #: "relevance", or "date" (newest first, no scores): what the hits are ordered by.
    sort: str = "relevance"
    timed_out: bool = False
    capped_terms: list[str] = field(default_factory=list)
    #: Whether a respelled query was looked for (``suggestion`` then holds it, or None).
    spelling_checked: bool = False
    #: Each ``person`` filter name that finds nobody, with the people it may mean (closest first by
    #: mentions; empty when none is close); None when no person filter was checked.
    person_suggestions: dict[str, list[str]] | None = None

    @property
    def pages(self) -> int:
        """How many pages the hits fill (at least one, even when there are none)."""
        return max(1, -(-self.total // self.pagelen))

    @property
    def first(self) -> int:
        """The rank of the first hit on this page (the page may be empty)."""
        return (self.page - 1) * self.pagelen + 1

    def to_dict(self) -> dict:
        """The JSON form of a result page, the same for every caller (the CLI's ``--json``, a web API).

        ``facets`` is there when facets were asked for, ``suggestion`` when a
        respelled query was looked for, ``person_suggestions`` when the people of
        a person filter were too.
        """
        shape = {
            "query": self.query,
            "total": self.total,
            "collapsed": self.collapsed,
            "page": self.page,
            "pages": self.pages,
            "limit": self.pagelen,
            "sort": self.sort,
            "timed_out": self.timed_out,
            "capped_terms": list(self.capped_terms),
            "hits": [hit.to_dict(scored=self.sort == "relevance") for hit in self.hits],
        }
        if self.facets:
            shape["facets"] = {name: [{"value": value, "count": count} for value, count in values]
                               for name, values in self.facets.items()}
        if self.spelling_checked:
            shape["suggestion"] = self.suggestion
        if self.person_suggestions is not None:
            shape["person_suggestions"] = {name: list(people) for name, people in self.person_suggestions.items()}
        return shape

    @overload
    def __getitem__(self, index: int) -> Hit: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Hit]: ...
    def __getitem__(self, index):
        return self.hits[index]

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)


@dataclass(frozen=True)
class Failure:
    """A source that could not be indexed, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class SyncReport:
    """What one ``Index.sync`` changed, and what it could not do."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    #: What failed in this run: files (or JSONL lines) that could not be read, duplicate ids.
    failures: list[Failure] = field(default_factory=list)
    #: Files met while walking a folder that searchkit does not read (not errors).
    skipped: list[Failure] = field(default_factory=list)
    #: What was read but not fully understood (a date, invalid Unicode): the article is indexed.
    warnings: list[Failure] = field(default_factory=list)
    #: Files that failed in an earlier sync and have not changed since: not read again, not in ``failed``.
    still_failing: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged, {self.failed} failed"
        )


@dataclass(frozen=True)
class ArticleRef:
    """An article in a listing: enough to show it and to fetch it."""

    id: str
    headline: str
    section: str
    date: datetime | None

    def to_dict(self) -> dict:
        return {"id": self.id, "headline": self.headline, "section": self.section,
                "date": self.date.isoformat() if self.date else None}


@dataclass(frozen=True)
class PersonPage:
    """One person: canonical name, spellings seen, articles, and who appears with them."""

    name: str
    variants: list[str]
    count: int
    articles: list[ArticleRef]
    co_mentioned: list[tuple[str, int]]

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "variants": self.variants,
            "count": self.count,
            "articles": [a.to_dict() for a in self.articles],
            "co_mentioned": [{"name": n, "count": c} for n, c in self.co_mentioned],
        }


@dataclass(frozen=True)
class NodeStats:
    """One server of a cluster as it reports itself, so a user sees which node is short of memory or down.

    ``role`` is ``leader``, ``follower``, ``candidate`` (an election is on),
    ``starting`` or ``down`` (no answer); figures a node did not give are None.
    Disk figures are the file system holding the node's data.
    """

    address: str
    role: str
    healthy: bool
    memory_bytes: int | None = None
    disk_used_bytes: int | None = None
    disk_total_bytes: int | None = None
    pending_writes: int | None = None
    version: str | None = None

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class IndexStats:
    """A summary of an index's contents, for ``searchkit stats``."""

    articles: int
    sections: dict[str, int]
    people: int
    size_bytes: int
    segments: int
    last_sync: datetime | None
    path: str
    nodes: tuple[NodeStats, ...] = ()

    def to_dict(self) -> dict:
        return {
            "articles": self.articles,
            "sections": self.sections,
            "people": self.people,
            "size_bytes": self.size_bytes,
            "segments": self.segments,
            "last_sync": self.last_sync.isoformat() if self.last_sync else None,
            "path": self.path,
            "nodes": [node.to_dict() for node in self.nodes],
        }
