"""The engine seam: what the ``Index`` facade needs of a search engine, and nothing engine-specific.

An engine stores documents, finds them and counts them. Everything before it
(reading, cleaning, people, content hashes, sync decisions) and after it (people
names, snippets, highlights, result pages) is searchkit's own and the same on
every engine. Only plain data crosses: ``Document`` in, ``SearchRequest`` in,
``EngineResults`` out; no engine type ever does.

The shapes follow what the engines users run can do in one request each:
Whoosh (embedded), Typesense (bulk import with ``action=upsert``, ``filter_by``,
``facet_by``, ``group_by``) and OpenSearch / Elasticsearch (``_bulk``, ``bool``
queries with ``filter`` clauses, ``terms`` aggregations, ``collapse``,
``search_after``). A writer's ``commit`` makes its changes visible together
where the engine can (Whoosh); where it cannot (a cluster that applies each
batch as it arrives) the sync is written so that running it again converges.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from searchkit.models import Article
from searchkit.search.query import Node


@dataclass
class Document:
    """An article as the index keeps it: its text and people, and what sync compares."""

    article: Article  # people already extracted
    content_hash: str  # of the article as read, before people were extracted
    dupkey: str  # near-duplicate key ("" when the body is too short to have one)
    source: str = ""  # absolute path of the file it came from ("" when added directly)
    mtime_ns: int = 0
    size: int = 0


@dataclass(frozen=True)
class SyncKey:
    """What sync compares for one indexed article, without loading its text."""

    id: str
    source: str
    mtime_ns: int
    size: int
    content_hash: str


@dataclass(frozen=True)
class Filters:
    """Restrictions that do not rank: any of ``sections``, any of the people ``keys``, a date range."""

    sections: tuple[str, ...] = ()  # lower-cased
    people_keys: tuple[str, ...] = ()  # index keys (``people.names``), already expanded
    since: datetime | None = None  # naive UTC, inclusive
    until: datetime | None = None
    exclude_ids: tuple[str, ...] = ()
    exclude_dupkeys: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.sections or self.people_keys or self.since or self.until
                    or self.exclude_ids or self.exclude_dupkeys)


@dataclass(frozen=True)
class SearchRequest:
    """One page of a search, as every engine is asked for it.

    ``query`` is the parsed tree (``searchkit.search.query``); ``person_keys``
    maps the key of a full name typed in it to every key the person is indexed
    under (the people directory's resolution). ``depth`` is how many of the best
    hits the engine must rank exactly (at least ``offset + limit``: more when
    searchkit re-ranks the best ones). Facets count over every match, each
    value its number of articles; ``facet_size`` None means every value.
    """

    query: Node
    filters: Filters = Filters()
    sort: str = "relevance"  # or "date": newest first, undated last
    offset: int = 0
    limit: int = 10
    facets: tuple[str, ...] = ()  # of "people", "section", "month"
    facet_size: int | None = 10
    collapse: bool = True  # wire copies (same dupkey) count once, ranked where the best ranks
    feedback: bool = False  # re-rank with words of the best hits, where the engine can
    timeout: float | None = None  # seconds; past it the engine returns what it has
    person_keys: Callable[[str], tuple[str, ...]] | None = None


@dataclass
class EngineHit:
    """One hit: the stored article, its score, and how many other copies of it the index holds."""

    article: Article
    score: float | None  # None when sorted by date
    similar: int = 0


@dataclass
class EngineResults:
    """One page of hits, and counts over every match.

    ``total`` counts every matching article, copies included; ``groups`` counts
    the hits a collapsed search can page through (each story once).
    """

    hits: list[EngineHit]
    total: int
    groups: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    timed_out: bool = False


@dataclass(frozen=True)
class EngineStats:
    """What the engine can tell of its size."""

    size_bytes: int
    segments: int
    last_commit: datetime | None


class EngineReader(Protocol):
    """A consistent view of the index as of one commit (as far as the engine keeps views)."""

    def up_to_date(self) -> bool:
        """Whether no commit has been made since this view was taken."""

    def count(self) -> int: ...

    def get(self, article_id: str) -> Article | None: ...

    def ids(self) -> list[str]: ...

    def sync_keys(self) -> list[SyncKey]: ...

    def search(self, request: SearchRequest) -> EngineResults: ...

    def people_spellings(self) -> dict[str, int]:
        """Each spelling of a person's name the index holds, with the number of articles using it."""

    def doc_frequencies(self, field: str, terms: list[str]) -> dict[str, int]:
        """How many articles hold each analysed term in ``field`` (for key terms and suggestions)."""

    def respell(self, word: str) -> str | None:
        """The known word nearest to an unknown ``word`` as articles write it, or None."""

    def verify(self) -> list[str]:
        """Problems found reading every part of the index back (empty: it reads whole)."""

    def close(self) -> None: ...


class EngineWriter(Protocol):
    """Changes to the index, made visible by ``commit``; one writer at a time."""

    def sync_keys(self) -> list[SyncKey]:
        """The sync keys as this writer sees them (under its lock)."""

    def stored(self, article_id: str) -> Article | None:
        """The article as stored (to keep its people when only its file moved)."""

    def add(self, document: Document) -> None:
        """Add a document whose id the index does not hold."""

    def replace(self, document: Document) -> None:
        """Add a document, replacing any with its id."""

    def delete(self, article_id: str) -> None: ...

    def checkpoint(self) -> None:
        """Commit what is written so far and go on writing (a long sync's progress is kept)."""

    def commit(self, *, replace_all: bool = False) -> None:
        """Make the changes visible and durable; ``replace_all``: drop everything written before this writer."""

    def cancel(self) -> None:
        """Give up what was written since the last commit (where the engine can)."""


class Engine(Protocol):
    """A search engine holding one index (a folder, or a collection on a cluster)."""

    location: str

    def reader(self) -> EngineReader: ...

    def writer(self) -> AbstractContextManager[EngineWriter]:
        """A writer, waiting for another writer up to the engine's lock timeout (``IndexLocked`` after)."""

    def read_meta(self) -> str | None:
        """The facade's metadata (``index.meta``) saved with the index, or None."""

    def write_meta(self, text: str) -> None: ...

    def stats(self) -> EngineStats: ...

    def optimize(self) -> None:
        """Reorganise for the fastest searches (Whoosh: merge into one segment; a cluster: nothing)."""

    def readable_articles(self) -> Iterator[Document]:
        """Every document that can still be read back, damaged parts skipped (for a repair)."""

    def close(self) -> None: ...
