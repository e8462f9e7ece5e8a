"""Writes to a Typesense collection: bulk upserts in batches, deletes by id, a commit that raises the generation.

A cluster applies each batch as it arrives, so ``commit`` cannot make a sync's
changes appear together and ``cancel`` cannot take back batches already sent;
every write is an upsert or a delete by id, so running an interrupted sync
again converges. A batch the cluster did not acknowledge (the leader died
mid-request) is sent again, to the new leader, by the client's retries.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from searchkit.engine.base import Document, SyncKey
from searchkit.engine.typesense.client import FIRST_WAIT, LAST_WAIT
from searchkit.engine.typesense.documents import hex_of, to_article, to_document
from searchkit.engine.typesense.filtering import Match
from searchkit.errors import SearchkitError
from searchkit.models import Article

if TYPE_CHECKING:
    from searchkit.engine.typesense.engine import TypesenseEngine

#: Documents per bulk import (a few hundred KB of JSON lines for news articles).
BATCH = 200
#: Attempts at a line of an import that the cluster refused.
LINE_RETRIES = 5
#: Ids per delete-by-filter request.
DELETE_BATCH = 100


class WriteRejected(SearchkitError):
    """The cluster refused some documents of an import (they are named)."""


class Writer:
    """Buffers upserts and deletes and sends them in batches; one at a time per collection (the engine's lock)."""

    def __init__(self, engine: TypesenseEngine, owner: str) -> None:
        self.engine = engine
        self.owner = owner
        self.pending: dict[str, dict] = {}
        self.deletes: list[str] = []
        self.written: set[str] = set()
        self.acknowledged: list[str] = []  # ids the cluster confirmed, in order (what a fault test checks)

    def sync_keys(self) -> list[SyncKey]:
        return self.engine.sync_keys()

    def stored(self, article_id: str) -> Article | None:
        pending = self.pending.get(article_id)
        if pending is not None:
            return to_article(pending)
        return self.engine.get(article_id)

    def add(self, document: Document, encoded: object = None) -> None:
        self.replace(document, encoded)

    def replace(self, document: Document, encoded: object = None) -> None:
        article_id = document.article.id
        if article_id in self.deletes:
            self._send_deletes()
        self.pending[article_id] = encoded if isinstance(encoded, dict) else to_document(document)
        self.written.add(article_id)
        if len(self.pending) >= BATCH:
            self._send_upserts()

    def delete(self, article_id: str) -> bool:
        """Remove the article (sent with the next batch of deletes); whether it was there."""
        was_there = self.pending.pop(article_id, None) is not None or self.engine.get(article_id) is not None
        self.written.discard(article_id)
        self.deletes.append(article_id)
        if len(self.deletes) >= DELETE_BATCH:
            self._send_deletes()
        return was_there

    def adopt(self, part: object, drop: list[int]) -> None:
        raise TypeError("a Typesense index has no staging: its documents come through add and replace")

    def checkpoint(self) -> None:
        self._flush()
        self.engine.renew_lock(self.owner)

    def commit(self, *, replace_all: bool = False) -> None:
        self._flush()
        if replace_all:
            self.deletes = [key.id for key in self.engine.sync_keys() if key.id not in self.written]
            self._send_deletes()
        self.engine.bump_generation()
        self.engine.on_commit()

    def cancel(self) -> None:
        """Drop what is still buffered; batches already sent stay (a cluster cannot take them back)."""
        self.pending.clear()
        self.deletes.clear()

    def _flush(self) -> None:
        self._send_upserts()
        self._send_deletes()

    def _send_upserts(self) -> None:
        """Import the pending documents; lines refused (a node lagging mid-election) are sent again, a few times."""
        batch = list(self.pending.values())
        wait = FIRST_WAIT
        for _attempt in range(LINE_RETRIES):
            if not batch:
                break
            refused = self.engine.cluster.import_jsonl(self.engine.collection, batch)
            refused_ids = {article_id for article_id, _ in refused}
            self.acknowledged.extend(doc["id"] for doc in batch if doc["id"] not in refused_ids)
            batch = [doc for doc in batch if doc["id"] in refused_ids]
            if batch:
                time.sleep(wait)
                wait = min(2 * wait, LAST_WAIT)
        if batch:
            reasons = "; ".join(f"{article_id}: {error}" for article_id, error in refused[:3])
            raise WriteRejected(f"Typesense refused {len(batch)} articles after {LINE_RETRIES} attempts: {reasons}")
        self.pending.clear()

    def _send_deletes(self) -> None:
        while self.deletes:
            chunk, self.deletes = self.deletes[:DELETE_BATCH], self.deletes[DELETE_BATCH:]
            self.engine.cluster.write("DELETE", f"/collections/{self.engine.collection}/documents",
                                      params={"filter_by": Match("key", tuple(hex_of(i) for i in chunk)).text()})
