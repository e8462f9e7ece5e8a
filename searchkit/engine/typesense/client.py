"""A small HTTP client for a Typesense cluster: reads from any node, writes to the leader, retries with back-off.

Typesense replicates with Raft: one node (the leader) applies writes, every
node answers reads. While a leader is being elected (a few seconds after one
dies) writes answer 503 or the connection fails; the client then waits, looks
for the new leader and sends the same request again. Only the API that
Typesense 0.24 and current releases share is used.

``httpx2`` is imported here, so only users of a cluster need it (the
``typesense`` extra).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpx2

from searchkit.errors import SearchkitError

#: Back-off between attempts: doubles from the first to the last, then stays.
FIRST_WAIT, LAST_WAIT = 0.2, 3.0
#: How long one request may go on retrying before the cluster is declared unreachable (seconds).
RETRY_FOR = 90.0
#: Statuses that mean "not now, maybe another node or a moment later" (no leader, lagging, overloaded).
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Searches Typesense takes in one ``multi_search`` (its ``limit_multi_searches`` default).
MULTI_SEARCH_MAX = 50


class ClusterUnavailable(SearchkitError):
    """No node of the cluster answered (or none could take writes) within the retry time."""


class ClusterError(SearchkitError):
    """The cluster refused a request (a bad API key, a malformed request): retrying would not help."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Response:
    status: int
    body: Any


class Cluster:
    """The nodes of one cluster and the API key; thread-safe for reads (httpx2 clients are)."""

    def __init__(self, nodes: Iterable[str], api_key: str, *, timeout: float = 30.0,
                 retry_for: float = RETRY_FOR) -> None:
        self.nodes = [node if "://" in node else "http://" + node for node in nodes]
        if not self.nodes:
            raise ClusterError(0, "a Typesense location names no node (typesense://host:port/collection)")
        self.retry_for = retry_for
        self._http = httpx2.Client(headers={"X-TYPESENSE-API-KEY": api_key}, timeout=timeout)
        self._leader: str | None = None
        self._next_read = 0

    def close(self) -> None:
        self._http.close()

    # -- requests -----------------------------------------------------------------------------------
    def read(self, method: str, path: str, **kwargs) -> Response:
        """A request any node can answer, sent to the nodes in turn until one does."""
        self._next_read = (self._next_read + 1) % len(self.nodes)
        order = self.nodes[self._next_read:] + self.nodes[:self._next_read]
        return self._send(method, path, lambda attempt: order[attempt % len(order)], kwargs)

    def write(self, method: str, path: str, **kwargs) -> Response:
        """A request the leader must apply, re-sent to the new leader while one is elected."""

        def target(attempt: int) -> str:
            if attempt or self._leader is None:
                self._leader = self.find_leader() or self.nodes[attempt % len(self.nodes)]
            return self._leader

        return self._send(method, path, target, kwargs)

    def _send(self, method: str, path: str, target, kwargs: dict) -> Response:
        deadline = time.monotonic() + self.retry_for
        wait, attempt, problem = FIRST_WAIT, 0, ""
        while True:
            node = target(attempt)
            try:
                reply = self._http.request(method, node + path, **kwargs)
            except httpx2.TransportError as error:
                problem = f"{node}: {type(error).__name__}"
            else:
                if reply.status_code not in _RETRY_STATUSES:
                    body = _body(reply)
                    if reply.status_code >= 400 and reply.status_code != 404:
                        message = body.get("message", reply.text) if isinstance(body, dict) else reply.text
                        raise ClusterError(reply.status_code, f"Typesense at {node} refused {method} {path}: "
                                                              f"{message}")
                    return Response(reply.status_code, body)
                problem = f"{node}: HTTP {reply.status_code}"
            attempt += 1
            if time.monotonic() + wait > deadline:
                raise ClusterUnavailable(f"no Typesense node answered for {self.retry_for:.0f} s (last: {problem}); "
                                         "check that the cluster is running and has a leader")
            time.sleep(wait)
            wait = min(wait * 2, LAST_WAIT)

    def ask(self, node: str, method: str, path: str, **kwargs) -> Response | None:
        """One request to one node, no retry; None when the node does not answer."""
        try:
            reply = self._http.request(method, node + path, timeout=5.0, **kwargs)
        except httpx2.TransportError:
            return None
        return Response(reply.status_code, _body(reply))

    def search(self, collection: str, params: dict) -> dict:
        """One search, sent in a request body (``multi_search``): long queries exceed a URL's limit."""
        reply = self.read("POST", "/multi_search", json={"searches": [{"collection": collection, **params}]})
        result = reply.body["results"][0]
        if "error" in result:
            raise ClusterError(int(result.get("code", 400)), f"Typesense refused a search: {result['error']}")
        return result

    def multi_search(self, searches: list[dict]) -> list[dict]:
        """The results of many searches, sent in as few requests as Typesense takes (at most
        ``MULTI_SEARCH_MAX`` a request, its default limit)."""
        results: list[dict] = []
        for first in range(0, len(searches), MULTI_SEARCH_MAX):
            chunk = searches[first:first + MULTI_SEARCH_MAX]
            results += self.read("POST", "/multi_search", json={"searches": chunk}).body["results"]
        return results

    def find_leader(self) -> str | None:
        """The node that says it is the Raft leader (``/debug`` state 1), or None during an election."""
        for node in self.nodes:
            try:
                reply = self._http.get(node + "/debug", timeout=2.0)
                if reply.status_code == 200 and reply.json().get("state") == 1:
                    return node
            except (httpx2.TransportError, ValueError):
                continue
        return None

    def import_jsonl(self, collection: str, documents: list[dict]) -> list[tuple[str, str]]:
        """Upsert documents in one bulk request; (id, error) of the lines that failed (empty: all applied).

        A retried import is harmless: an upsert of the same document twice leaves one.
        """
        lines = "\n".join(json.dumps(document, ensure_ascii=False) for document in documents)
        reply = self.write("POST", f"/collections/{collection}/documents/import",
                           params={"action": "upsert"}, content=lines.encode("utf-8"),
                           headers={"Content-Type": "text/plain"})
        results = [json.loads(line) for line in reply.body.splitlines() if line.strip()] \
            if isinstance(reply.body, str) else [reply.body]
        if len(results) != len(documents):  # a reply that is not one line per document: count none as applied
            return [(doc["id"], f"unexpected reply {str(reply.body)[:200]!r}") for doc in documents]
        return [(doc["id"], str(result.get("error"))) for doc, result in zip(documents, results, strict=True)
                if not result.get("success")]


def _body(reply) -> Any:
    if reply.headers.get("content-type", "").startswith("application/json"):
        try:
            return reply.json()
        except ValueError:
            return reply.text
    return reply.text
