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

Shape changes made when the ``Index`` facade was moved onto this seam (each is
marked "Seam change" where it is defined):

- ``Filters.all_people``: "naming every one of the people" as well as "any of them".
- ``SearchRequest.query`` is the parsed ``Query`` (None for ``related``);
  ``text``, ``literal`` and ``suggest``: the query as typed (echoed in results;
  an engine that respells words suggests a respelled query from it).
- ``EngineHit.snippet``: an engine that keeps the text beside its postings makes
  the snippet where the text is (Whoosh); the facade makes it from
  ``article.body`` when it is None.
- ``EngineResults.sort``, ``suggestion`` and ``capped_terms``.
- ``EngineReader``: ``directory``, ``related``, ``copies``, ``people``,
  ``person`` and ``section_counts`` (searchkit's own views, which an engine
  answers from its facets or aggregations, a request each).
- ``EngineWriter.delete`` says whether the article was there; ``add`` and
  ``replace`` take an optional ``encoded`` form of the document (see ``Staging``);
  ``adopt`` takes parts that worker processes built (``Staging``).
- ``Engine``: ``verify`` (moved from the reader: it reads the latest commit),
  ``damage``, ``writer_active``, ``encoder``, ``staging`` and ``salvage`` replace
  ``readable_articles``; ``SalvageReport`` lives here. ``created``,
  ``on_commit``, ``lock_timeout`` and ``on_lock_wait`` are attributes the
  facade reads or sets. ``read_meta``/``write_meta`` went: the facade keeps its
  metadata beside the index (``index/meta.py``).
- ``Engine.writer()``'s context manager cancels what was not committed when it is left.
- ``EngineStats.nodes``: a cluster's servers as each reports itself (role, health, memory, disk).

The facade calls every method here but ``people_spellings``,
``doc_frequencies`` and ``respell``, which an engine's own search uses (the
Whoosh engine suggests respelled queries itself, from ``SearchRequest.text``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple, Protocol

from searchkit.models import Article, ArticleRef, NodeStats, PersonPage
from searchkit.people.directory import PeopleDirectory, Person
from searchkit.search.query import Query
from searchkit.search.snippets import Snippet


@dataclass
class Document:
    """An article as the index keeps it: its text and people, and what sync compares."""

    article: Article  # people already extracted
    content_hash: str  # of the article as read, before people were extracted
    dupkey: str  # near-duplicate key ("" when the body is too short to have one)
    source: str = ""  # absolute path of the file it came from ("" when added directly)
    mtime_ns: int = 0
    size: int = 0


class SyncKey(NamedTuple):
    """What sync compares for one indexed article, without loading its text.

    A named tuple rather than a frozen dataclass: a sync builds one per indexed
    article, and a tuple is made several times faster.
    """

    id: str
    source: str
    mtime_ns: int
    size: int
    content_hash: str


@dataclass(frozen=True)
class Filters:
    """Restrictions that do not rank: any of ``sections``, any of the people ``keys``, a date range."""

    sections: tuple[str, ...] = ()  # lower-cased
    #: ``people.names.name_key`` of each name asked for; the engine lets a full name also match
    #: articles naming the person by surname only (``PeopleDirectory.surname_key_of``).
    people_keys: tuple[str, ...] = ()
    since: datetime | None = None  # naive UTC, inclusive
    until: datetime | None = None
    exclude_ids: tuple[str, ...] = ()
    exclude_dupkeys: tuple[str, ...] = ()
    #: Seam change: articles naming every one of ``people_keys`` (default: any of them).
    all_people: bool = False
    #: Seam change: articles in any of these languages (codes such as "de", ``analysis.detection``).
    languages: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.sections or self.people_keys or self.since or self.until
                    or self.exclude_ids or self.exclude_dupkeys or self.languages)


@dataclass(frozen=True)
class SearchRequest:
    """One page of a search, as every engine is asked for it.

    ``query`` is the parsed query (``searchkit.search.query.Query``: its tree
    and the dates it asks for; seam change: it was the bare ``Node``, and it is
    None for ``EngineReader.related``); ``person_keys``
    maps the key of a full name typed in it to every key the person is indexed
    under (the people directory's resolution). ``depth`` is how many of the best
    hits the engine must rank exactly (at least ``offset + limit``: more when
    searchkit re-ranks the best ones). Facets count over every match, each
    value its number of articles; ``facet_size`` None means every value.
    """

    query: Query | None
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
    #: Seam change: the query as typed, and whether a respelled query may be suggested from it.
    #: ``offset`` is a multiple of ``limit`` (pages), which embedded engines rank to ``offset + limit``.
    text: str = ""
    suggest: bool = False
    literal: bool = False  # ``text`` is plain words (parsed so into ``query``)


@dataclass
class EngineHit:
    """One hit: the stored article, its score, and how many other copies of it the index holds.

    Seam change: ``snippet`` is the engine's, when it made one where the text
    is stored (``article.body`` may then be left empty); None: the facade makes it.
    """

    article: Article
    score: float | None  # None when sorted by date
    similar: int = 0
    snippet: Snippet | None = None


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
    #: Seam changes: what the hits are ordered by ("*" is browsed by date whatever was asked),
    #: a respelled query that finds more (``SearchRequest.suggest``), and the wildcard, fuzzy or
    #: range terms that matched too many words (only the most frequent were searched).
    sort: str = "relevance"
    suggestion: str | None = None
    capped_terms: list[str] = field(default_factory=list)


TOC_PROBLEM = "table of contents"


@dataclass
class SalvageReport:
    """What a salvage found damaged, and how many articles it kept, copied and lost."""

    damaged: list[str] = field(default_factory=list)  # one problem per damaged segment (or the TOC)
    kept: int = 0  # articles of the healthy segments, kept as they were
    salvaged: int = 0  # articles read back from damaged segments and re-indexed
    lost: int = 0  # articles that could not be read back (a sync re-reads them from their files)

    def summary(self) -> str:
        if not self.damaged:
            return "index consistent: nothing to salvage"
        if self.damaged[0].startswith(TOC_PROBLEM):
            return (f"the table of contents could not be read: salvaged {self.salvaged} articles from the "
                    f"segment files, {self.lost} could not be read")
        return (f"salvaged {self.salvaged} articles from {len(self.damaged)} damaged segment(s), {self.lost} "
                f"could not be read; {self.kept} articles of undamaged segments kept as they were")


@dataclass(frozen=True)
class EngineStats:
    """What the engine can tell of its size; a cluster engine also of each of its nodes."""

    size_bytes: int
    segments: int
    last_commit: datetime | None
    nodes: tuple[NodeStats, ...] = ()


class EngineReader(Protocol):
    """A consistent view of the index as of one commit (as far as the engine keeps views)."""

    def up_to_date(self) -> bool:
        """Whether no commit has been made since this view was taken."""

    def count(self) -> int: ...

    def get(self, article_id: str) -> Article | None: ...

    def ids(self) -> list[str]: ...

    def sync_keys(self) -> list[SyncKey]: ...

    def search(self, request: SearchRequest) -> EngineResults: ...

    def related(self, article_id: str, request: SearchRequest) -> EngineResults:
        """Articles most like ``article_id`` (key terms, people), under the request's paging (``query`` unused).

        Seam change (OpenSearch: ``more_like_this``); raises ``ArticleNotFound``.
        """

    def copies(self, article_id: str) -> list[ArticleRef]:
        """The other articles with the dupkey of ``article_id``, newest first (seam change)."""

    def directory(self) -> PeopleDirectory:
        """The people of this view, built from ``people_spellings`` once (seam change)."""

    def people(self, filters: Filters, limit: int) -> list[Person]:
        """People with the number of articles naming them within ``filters``, most mentioned first (seam change)."""

    def person(self, name: str, limit: int) -> PersonPage:
        """The page of the person ``name`` refers to (seam change); raises ``PersonNotFound``."""

    def section_counts(self) -> dict[str, int]:
        """Articles per section, sections told apart case-insensitively, each shown as first met (seam change)."""

    def people_spellings(self) -> dict[str, int]:
        """Each spelling of a person's name the index holds, with the number of articles using it."""

    def doc_frequencies(self, field: str, terms: list[str]) -> dict[str, int]:
        """How many articles hold each analysed term in ``field`` (for key terms and suggestions)."""

    def respell(self, word: str) -> str | None:
        """The known word nearest to an unknown ``word`` as articles write it, or None."""

    def close(self) -> None: ...


class EngineWriter(Protocol):
    """Changes to the index, made visible by ``commit``; one writer at a time."""

    def sync_keys(self) -> list[SyncKey]:
        """The sync keys as this writer sees them (under its lock)."""

    def stored(self, article_id: str) -> Article | None:
        """The article as stored (to keep its people when only its file moved)."""

    def add(self, document: Document, encoded: object = None) -> None:
        """Add a document whose id the index does not hold (``encoded``: ``Engine.encoder()``'s form of it)."""

    def replace(self, document: Document, encoded: object = None) -> None:
        """Add a document, replacing any with its id."""

    def delete(self, article_id: str) -> bool:
        """Remove the article; whether it was there (seam change: it returned None)."""

    def adopt(self, part: object, drop: list[int]) -> None:
        """Take a part built by a ``Staging`` builder into the next commit, less its documents ``drop``."""

    def checkpoint(self) -> None:
        """Commit what is written so far and go on writing (a long sync's progress is kept)."""

    def commit(self, *, replace_all: bool = False) -> None:
        """Make the changes visible and durable; ``replace_all``: drop everything written before this writer."""

    def cancel(self) -> None:
        """Give up what was written since the last commit (where the engine can; a no-op after a commit)."""


class StagingBuilder(Protocol):
    """Used in one worker process: documents written apart from the index, sealed into parts."""

    def add(self, encoded: object) -> int:
        """Write one encoded document; its number within the part being built (for ``EngineWriter.adopt``)."""

    def seal(self) -> object | None:
        """Finish the part being built (None if nothing was added); it travels to the writer."""


class Staging(Protocol):
    """Where a large sync's worker processes write documents before the sync decides on them.

    Seam change. Whoosh builds segments in the workers and the writer lists
    them at commit; a remote engine has no use for it (``Engine.staging``
    returns None) and its writer sends the encoded documents in bulk instead.
    Used as a context manager around the sync: leaving it removes what was
    staged and never adopted.
    """

    def builder(self) -> StagingBuilder:
        """A builder for one worker, made before the worker is forked."""

    def __enter__(self) -> Staging: ...

    def __exit__(self, *exc_info) -> None: ...


class Engine(Protocol):
    """A search engine holding one index (a folder, or a collection on a cluster)."""

    location: str
    #: Seam change: whether opening it made a new, empty index.
    created: bool
    #: Seam change: called after every commit (the facade forgets its reader then).
    on_commit: Callable[[], None]
    #: Seam change: how long a writer waits for another (seconds), and who is told when it starts waiting.
    lock_timeout: float
    on_lock_wait: Callable[[float], None] | None

    def reader(self) -> EngineReader: ...

    def writer(self) -> AbstractContextManager[EngineWriter]:
        """A writer, waiting for another writer up to the engine's lock timeout (``IndexLocked`` after).

        Leaving the block without a commit cancels what was written.
        """

    def writer_active(self) -> bool:
        """Whether a writer holds the index now (seam change)."""

    def encoder(self) -> Callable[[Document], object]:
        """A function giving the engine's own form of a document, run in worker processes (seam change)."""

    def staging(self) -> Staging | None:
        """Somewhere worker processes can write documents, or None (seam change)."""

    def stats(self) -> EngineStats: ...

    def optimize(self) -> None:
        """Reorganise for the fastest searches (Whoosh: merge into one segment; a cluster: nothing)."""

    def verify(self) -> tuple[int, list[str]]:
        """The articles of the latest commit, and the problems found reading every part back (seam change)."""

    def damage(self) -> str | None:
        """The first problem found reading the latest commit back, or None (cheaper than ``verify``)."""

    def salvage(self, rebuild: Callable[[Article, SyncKey], Document]) -> SalvageReport:
        """Replace damaged parts by what reads back of them, in one commit (seam change).

        ``rebuild(article, key)`` makes the document to write again from a stored
        article and what was kept of its sync key (zeros and "" where unreadable).
        """

    def close(self) -> None: ...
