"""The Typesense engine: one searchkit index as a collection on a Typesense cluster (``engine.base``).

Locations look like ``typesense://host:port[,host:port...]/collection``; the
API key never travels in them. Beside the collection, a small one named
``<collection>__searchkit`` keeps the facade's metadata, a generation number
that each commit raises (readers compare it to know they are stale) and the
writer's lock.
"""

from __future__ import annotations

import json
import math
import os
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from urllib.parse import quote

from searchkit.analysis import news
from searchkit.analysis.languages import analysis_of
from searchkit.engine.base import (
    Document,
    EngineResults,
    EngineStats,
    Filters,
    SalvageReport,
    SearchRequest,
    SyncKey,
)
from searchkit.engine.typesense.client import Cluster, ClusterError
from searchkit.engine.typesense.documents import (
    collection_schema,
    sync_key,
    to_article,
    to_document,
)
from searchkit.engine.typesense.filtering import TERM_FIELDS, Compiled, Match, Negation, compile_request
from searchkit.engine.typesense.nodes import node_stats
from searchkit.engine.typesense.searching import Searcher
from searchkit.engine.typesense.views import Views
from searchkit.engine.typesense.writing import Writer
from searchkit.errors import ArticleNotFound, IndexLocked, IndexNotFound, InvalidOption
from searchkit.models import Article, ArticleRef, PersonPage
from searchkit.people.directory import PeopleDirectory, Person

SCHEME = "typesense://"
API_KEY_VARIABLE = "SEARCHKIT_TYPESENSE_API_KEY"
#: A writer's lock is taken over when its holder has not renewed it for this long (seconds).
LOCK_STALE = 600.0
#: How long a commit waits for a lagging node to apply it (seconds).
COMMIT_WAIT = 60.0
_META_SCHEMA = [{"name": "generation", "type": "int64", "optional": True}]
_SYNC_FIELDS = "id,source,mtime_ns,size,content_hash"


def is_location(text: str) -> bool:
    return text.startswith(SCHEME)


def parse_location(location: str) -> tuple[list[str], str]:
    """The nodes and the collection of a ``typesense://`` location."""
    rest = location[len(SCHEME):]
    hosts, _, collection = rest.partition("/")
    nodes = [host.strip() for host in hosts.split(",") if host.strip()]
    collection = collection.strip("/")
    if not nodes or not collection or "@" in hosts or not collection.replace("-", "").replace("_", "").isalnum():
        raise InvalidOption(f"{location!r} is not a Typesense index location: write "
                            "typesense://host:port[,host:port...]/collection (the API key goes in "
                            f"{API_KEY_VARIABLE})")
    return nodes, collection


class TypesenseEngine:
    """An index held by a Typesense cluster."""

    def __init__(self, location: str, *, api_key: str | None = None, lock_timeout: float = 30.0) -> None:
        nodes, self.collection = parse_location(location)
        key = api_key if api_key is not None else os.environ.get(API_KEY_VARIABLE, "")
        if not key:
            raise InvalidOption(f"a Typesense index needs its API key in the environment variable {API_KEY_VARIABLE}")
        self.location = location
        self.cluster = Cluster(nodes, key)
        self.lock_timeout = lock_timeout
        self.on_lock_wait: Callable[[float], None] | None = None
        self.on_commit: Callable[[], None] = lambda: None
        self.meta_collection = self.collection + "__searchkit"
        self.created = False

    # -- collections ---------------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.cluster.read("GET", f"/collections/{self.collection}").status == 200

    def create(self) -> None:
        """Create the collection and its metadata collection where missing."""
        for schema in (collection_schema(self.collection),
                       {"name": self.meta_collection, "fields": _META_SCHEMA}):
            if self.cluster.read("GET", f"/collections/{schema['name']}").status == 404:
                try:
                    self.cluster.write("POST", "/collections", json=schema)
                    self.created = True
                except ClusterError as error:
                    if error.status != 409:  # created meanwhile (or by a retried request)
                        raise

    def drop(self) -> None:
        for name in (self.collection, self.meta_collection):
            self.cluster.write("DELETE", f"/collections/{name}")

    def _require(self) -> None:
        if not self.exists():
            raise IndexNotFound(f"no index at {self.location}: create it with `searchkit index`")

    # -- the seam ------------------------------------------------------------------------------------
    def reader(self) -> TypesenseReader:
        self._require()
        return TypesenseReader(self)

    @contextmanager
    def writer(self) -> Iterator[Writer]:
        """The writer, under the lock; leaving without a commit drops what is still buffered."""
        self.create()
        owner = self._lock()
        writer = Writer(self, owner)
        try:
            yield writer
        finally:
            writer.cancel()
            self._meta_delete("lock")

    def writer_active(self) -> bool:
        """Asked of the leader: a follower may not have applied the lock's latest change yet."""
        reply = self.cluster.write("GET", f"/collections/{self.meta_collection}/documents/lock")
        return reply.status == 200

    def encoder(self) -> Callable[[Document], object]:
        """The document as Typesense stores it, made in the sync's worker processes."""
        return to_document

    def staging(self) -> None:
        """None: a cluster takes documents in bulk imports, not parts built apart."""
        return None

    def count(self) -> int:
        reply = self.cluster.read("GET", f"/collections/{self.collection}")
        return int(reply.body["num_documents"]) if reply.status == 200 else 0

    def verify(self) -> tuple[int, list[str]]:
        """Every document reads back: an export of all of them parses and counts what the collection says."""
        count = self.count()
        exported = sum(1 for _ in self.export("id"))
        problems = [f"the collection counts {count} articles but {exported} could be read back"] \
            if exported != count else []
        return exported, problems

    def damage(self) -> str | None:
        return None if self.exists() else f"the collection {self.collection} is gone"

    def salvage(self, rebuild: Callable[[Article, SyncKey], Document]) -> SalvageReport:
        """Nothing to salvage: every node holds a replica, and a node that lost its data copies it back."""
        return SalvageReport()

    def read_meta(self) -> str | None:
        stored = self._meta_get("meta")
        return stored.get("text") if stored else None

    def write_meta(self, text: str) -> None:
        self.create()
        self._meta_put({"id": "meta", "text": text})

    def stats(self) -> EngineStats:
        """The size is the memory of the leader (every node holds a whole replica); each node as it reports."""
        self._require()
        nodes = node_stats(self.cluster)
        memory = [node.memory_bytes for node in sorted(nodes, key=lambda n: n.role != "leader") if node.memory_bytes]
        stored = self._meta_get("generation") or {}
        last = stored.get("committed")
        return EngineStats(memory[0] if memory else 0, 0, datetime.fromtimestamp(last, timezone.utc) if last else None,
                           nodes)

    def optimize(self) -> None:
        """Nothing to do: Typesense keeps its index in memory, organised as it goes."""

    def close(self) -> None:
        self.cluster.close()

    # -- helpers the reader and writer share --------------------------------------------------------
    def export(self, fields: str | None = None) -> Iterator[dict]:
        params = {"include_fields": fields} if fields else {}
        reply = self.cluster.read("GET", f"/collections/{self.collection}/documents/export", params=params)
        if reply.status == 404:
            return
        for line in str(reply.body).splitlines():
            if line.strip():
                yield json.loads(line)

    def sync_keys(self) -> list[SyncKey]:
        return [sync_key(stored) for stored in self.export(_SYNC_FIELDS)]

    def stored(self, article_id: str) -> dict | None:
        """The document as Typesense stores it, or None."""
        reply = self.cluster.read("GET", f"/collections/{self.collection}/documents/{quote(article_id, safe='')}")
        return reply.body if reply.status == 200 and isinstance(reply.body, dict) else None

    def get(self, article_id: str) -> Article | None:
        stored = self.stored(article_id)
        return to_article(stored) if stored is not None else None

    def generation(self) -> int:
        stored = self._meta_get("generation")
        return int(stored.get("generation", 0)) if stored else 0

    def bump_generation(self) -> None:
        """Raise the generation, then wait until every node that answers has applied it (and what came before).

        Reads go to any node, and a follower applies the leader's writes a moment
        later: waiting here makes a commit visible to every reader once it returns.
        """
        generation = self.generation() + 1
        self._meta_put({"id": "generation", "generation": generation, "committed": time.time()})
        path = f"/collections/{self.meta_collection}/documents/generation"
        for node in self.cluster.nodes:
            deadline = time.monotonic() + COMMIT_WAIT
            while time.monotonic() < deadline:
                reply = self.cluster.ask(node, "GET", path)
                if reply is None or (reply.status == 200 and reply.body.get("generation", 0) >= generation):
                    break  # a node that does not answer catches up when it returns
                time.sleep(0.1)

    def _meta_get(self, doc_id: str) -> dict | None:
        reply = self.cluster.read("GET", f"/collections/{self.meta_collection}/documents/{doc_id}")
        return reply.body if reply.status == 200 else None

    def _meta_put(self, document: dict) -> None:
        self.cluster.write("POST", f"/collections/{self.meta_collection}/documents",
                           params={"action": "upsert"}, json=document)

    def _meta_delete(self, doc_id: str) -> None:
        self.cluster.write("DELETE", f"/collections/{self.meta_collection}/documents/{doc_id}")

    def _lock(self) -> str:
        """Take the writer's lock (a document only one create can make), waiting up to the lock timeout."""
        owner = f"{socket.gethostname()}:{os.getpid()}:{time.time()}"
        deadline = time.monotonic() + self.lock_timeout
        told = False
        while True:
            try:
                self.cluster.write("POST", f"/collections/{self.meta_collection}/documents",
                                   json={"id": "lock", "owner": owner, "renewed": time.time()})
                return owner
            except ClusterError as error:
                if error.status != 409:
                    raise
            held = self._meta_get("lock")
            if held and held.get("owner") == owner:  # our create was applied, its reply lost
                return owner
            if held and time.time() - float(held.get("renewed", 0)) > LOCK_STALE:
                self._meta_delete("lock")
                continue
            if time.monotonic() > deadline:
                raise IndexLocked(f"another writer is updating {self.location} (held by "
                                  f"{(held or {}).get('owner', 'an unknown writer')})")
            if not told and self.on_lock_wait is not None:
                self.on_lock_wait(self.lock_timeout)
                told = True
            time.sleep(0.5)

    def renew_lock(self, owner: str) -> None:
        self._meta_put({"id": "lock", "owner": owner, "renewed": time.time()})


class TypesenseReader:
    """Reads of one collection; a cluster keeps no snapshots, so a reader sees commits as they land."""

    def __init__(self, engine: TypesenseEngine) -> None:
        self.engine = engine
        self.views = Views(engine.cluster, engine.collection)
        self.searcher = Searcher(engine.cluster, engine.collection, self.views)
        self.generation = engine.generation()

    def up_to_date(self) -> bool:
        return self.engine.generation() == self.generation

    def count(self) -> int:
        return self.engine.count()

    def get(self, article_id: str) -> Article | None:
        return self.engine.get(article_id)

    def ids(self) -> list[str]:
        return [stored["id"] for stored in self.engine.export("id")]

    def sync_keys(self) -> list[SyncKey]:
        return self.engine.sync_keys()

    def search(self, request: SearchRequest) -> EngineResults:
        return self.searcher.search(request)

    def related(self, article_id: str, request: SearchRequest) -> EngineResults:
        """Other stories sharing the most telling words of ``article_id`` (its terms weighed by rarity);
        neither the article nor its wire copies."""
        stored = self.engine.stored(article_id)
        if stored is None:
            raise ArticleNotFound(f"no article with id {article_id!r}")
        words = key_terms(to_article(stored), self.doc_frequencies, self.count())
        compiled = compile_request(request, [Match("t_all", words), Negation(Match("group", (stored["group"],)))])
        return self.searcher.run(request, Compiled(compiled.filter_by if words else None, words))

    def copies(self, article_id: str) -> list[ArticleRef]:
        stored = self.engine.stored(article_id)
        return self.views.copies(article_id, stored["group"] if stored else None)

    def directory(self) -> PeopleDirectory:
        return self.views.directory()

    def people(self, filters: Filters, limit: int) -> list[Person]:
        return self.views.people(filters, limit)

    def person(self, name: str, limit: int) -> PersonPage:
        return self.views.person(name, limit)

    def section_counts(self) -> dict[str, int]:
        return self.views.section_counts()

    def people_spellings(self) -> dict[str, int]:
        return self.views.spellings()

    def doc_frequencies(self, field: str, terms: list[str]) -> dict[str, int]:
        target = TERM_FIELDS.get(field, "t_all")
        if not terms:
            return {}
        searches = [{"collection": self.engine.collection, "q": "*", "query_by": "t_body", "per_page": 0,
                     "filter_by": Match(target, (term,)).text()} for term in terms]
        reply = self.engine.cluster.read("POST", "/multi_search", json={"searches": searches})
        return {term: int(result.get("found", 0)) for term, result in zip(terms, reply.body["results"], strict=True)}

    def respell(self, word: str) -> str | None:
        """None: Typesense keeps no term list to find the nearest known word in."""
        return None

    def close(self) -> None:
        """Nothing held open: the cluster client belongs to the engine."""


def key_terms(article: Article, frequencies, articles: int, count: int = 12) -> tuple[str, ...]:
    """The terms of an article that tell it apart: frequent in it, rare in the index."""
    text = article.headline + "\n" + article.body
    held = Counter(term for _, _, term in news.terms(text, lang=analysis_of(article.language)))
    candidates = [term for term, _ in held.most_common(40)]
    df = frequencies("all", candidates)
    weight = {term: held[term] * math.log((articles + 1) / (df.get(term, 0) + 0.5)) for term in candidates}
    return tuple(sorted(candidates, key=lambda term: -weight[term])[:count])
