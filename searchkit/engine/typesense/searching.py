"""One search on a Typesense collection: which articles match, the page of them, counts and facets.

The filter (``filtering``) decides the matches; a first request counts them
(and their facets, and the stories when copies are collapsed), a second ranks
the page with Typesense's text match on the query's words, over the articles
holding all of them, then the other matches tier by tier (``filtering.tiers``),
so paging goes through every match exactly once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from searchkit.engine.base import EngineHit, EngineResults, SearchRequest
from searchkit.engine.typesense.client import Cluster
from searchkit.engine.typesense.documents import STORED_FIELDS, hex_of, to_article, unhex
from searchkit.engine.typesense.filtering import ALL_WORDS_TIER, RANK_FIELDS, Compiled, Match, compile_request, tiers
from searchkit.engine.typesense.scoring import POOL, POOL_FIELDS, Statistics, rescore, statistics, statistics_searches
from searchkit.engine.typesense.views import ALL_VALUES, Views, people_clauses

#: searchkit's facets -> Typesense's facet fields (hex-encoded values but for months).
FACET_FIELDS = {"people": "f_people", "section": "f_section", "month": "f_month"}
#: Typesense's largest page.
PAGE_MAX = 250
#: Fields a hit is read with.
FETCHED = STORED_FIELDS + ("group",)
#: Typesense drops query words (from the last) while it finds fewer matches than this: always.
_DROP_ALL = 2**31 - 1
_EXACT = {"num_typos": 0, "typo_tokens_threshold": 0, "prefix": "false", "drop_tokens_threshold": 0,
          "prioritize_exact_match": "false", "highlight_fields": "none", "enable_highlight_v1": "false"}


@dataclass
class _Page:
    hits: list[dict]  # (document, text match or None)
    found: int


class Searcher:
    """Runs ``SearchRequest``s against one collection."""

    def __init__(self, cluster: Cluster, collection: str, views: Views) -> None:
        self.cluster = cluster
        self.collection = collection
        self.views = views
        self.pool = POOL  # matches re-scored with BM25F (0: Typesense's order alone)

    def search(self, request: SearchRequest) -> EngineResults:
        people = people_clauses(self.views.directory(), request.filters) if request.filters.people_keys else []
        return self.run(request, compile_request(request, people, self.views.analyses()))

    def run(self, request: SearchRequest, compiled: Compiled) -> EngineResults:
        """The page, counts and facets of a compiled request."""
        sort = request.sort if compiled.words else "date"
        if compiled.filter_by is None:
            return EngineResults([], 0, 0, {name: {} for name in request.facets}, sort=sort)
        base = {"q": "*", "query_by": "t_body"}
        if compiled.filter_by:
            base["filter_by"] = compiled.filter_by
        if request.timeout:
            base["search_cutoff_ms"] = max(1, int(request.timeout * 1000))
        total, facets, timed_out = self._count(base, request)
        groups = self._groups(base) if request.collapse else total
        page = self._page(base, compiled, request, groups if request.collapse else total)
        similar = self._similar(base, page) if request.collapse else {}
        hits = [EngineHit(to_article(doc), score if sort == "relevance" else None,
                          similar.get(doc["group"], 0)) for doc, score in page]
        return EngineResults(hits, total, groups, facets, timed_out, sort=sort)

    def _get(self, params: dict) -> dict:
        return self.cluster.search(self.collection, params)

    def _count(self, base: dict, request: SearchRequest) -> tuple[int, dict[str, dict[str, int]], bool]:
        params = {**base, "per_page": 0}
        if request.facets:
            params["facet_by"] = ",".join(FACET_FIELDS[name] for name in request.facets)
            params["max_facet_values"] = ALL_VALUES  # people and sections merge values: count them all
        reply = self._get(params)
        facets: dict[str, dict[str, int]] = {}
        counts = {entry["field_name"]: entry["counts"] for entry in reply.get("facet_counts", [])}
        size = request.facet_size or ALL_VALUES
        for name in request.facets:
            values = counts.get(FACET_FIELDS[name], [])
            decode = (lambda v: v) if name == "month" else unhex
            found = {decode(v["value"]): v["count"] for v in values if v["value"]}
            facets[name] = self._facet_values(name, found, size)
        return reply["found"], facets, bool(reply.get("search_cutoff"))

    def _facet_values(self, name: str, counts: dict[str, int], size: int) -> dict[str, int]:
        """The top values as searchkit shows them: people merged by the directory, the newest months,
        sections told apart case-insensitively (the first spelling shown)."""
        if name == "people":
            return {p.name: p.count for p in self.views.directory().people(counts)[:size]}
        if name == "month":
            return dict(sorted(counts.items(), reverse=True)[:size])
        merged: Counter[str] = Counter()
        shown: dict[str, str] = {}
        for value, count in counts.items():
            merged[shown.setdefault(value.lower(), value)] += count
        return dict(sorted(merged.items(), key=lambda kv: (-kv[1], kv[0].lower()))[:size])

    def _groups(self, base: dict) -> int:
        return self._get({**base, "per_page": 0, "group_by": "group", "group_limit": 1})["found"]

    def _page(self, base: dict, compiled: Compiled, request: SearchRequest, matches: int) -> list[tuple[dict, float]]:
        """The hits at ``offset`` to ``offset + limit``: by relevance, the best ``POOL`` re-scored with BM25F
        (``scoring``), then Typesense's order; by date, newest first."""
        start, count = request.offset, min(request.limit, max(0, matches - request.offset))
        if count <= 0:
            return []
        group = {"group_by": "group", "group_limit": 1} if request.collapse else {}
        if request.sort != "relevance" or not compiled.words:
            return self._window({**base, **group, "sort_by": "sort_date:desc"}, start, count).hits
        stats = self._statistics(compiled.words)
        words = tuple(sorted(compiled.words, key=lambda word: stats.held[word]))  # the rarest first
        ranked = self._ranked(base, group, words, matches)
        if start < self.pool:
            pool = self._pool(base, group, words, min(self.pool, matches))
            best = rescore(pool, compiled.words, stats)
            if best is not None:
                chosen = best[start:start + count]
                stored = self._stored([document["id"] for document, _ in chosen])
                hits = [(stored[document["id"]], value) for document, value in chosen if document["id"] in stored]
                if len(hits) == len(chosen):
                    rest = count - len(hits)
                    return hits + ([(document, 0.0) for document, _ in ranked(self.pool, rest)] if rest else [])
        return ranked(start, count)

    def _tier(self, base: dict, group: dict, words: tuple[str, ...], number: int, filter_by: str, q: str) -> dict:
        """The search of one tier in Typesense's order (``filtering.tiers``)."""
        if q:
            every = number == 0 and len(words) <= ALL_WORDS_TIER  # the tier of articles holding every word
            params = {**base, **group, **_EXACT, "query_by": ",".join(RANK_FIELDS), "q": q,
                      "query_by_weights": ",".join(str(weight) for weight in RANK_FIELDS.values()),
                      "sort_by": "_text_match:desc,sort_date:desc", "drop_tokens_threshold": 0 if every else _DROP_ALL}
        else:
            params = {**base, **group, "sort_by": "sort_date:desc"}
        params["filter_by"] = filter_by
        if not filter_by:
            del params["filter_by"]
        return params

    def _ranked(self, base: dict, group: dict, words: tuple[str, ...], matches: int):
        """``window(start, count)``: matches ``start`` to ``start + count`` in Typesense's order, the articles
        holding every word first, then tier by tier (``filtering.tiers``)."""

        def window(start: int, count: int) -> list[tuple[dict, float]]:
            hits: list[tuple[dict, float]] = []
            passed = 0  # matches in the tiers before this one
            for number, (filter_by, q) in enumerate(tiers(base.get("filter_by", ""), words)):
                params = self._tier(base, group, words, number, filter_by, q)
                tier = self._window(params, max(0, start + len(hits) - passed), count - len(hits))
                hits.extend(tier.hits)
                passed += tier.found
                if len(hits) >= count or passed >= matches:
                    break
            return hits

        return window

    def _pool(self, base: dict, group: dict, words: tuple[str, ...], size: int) -> list[dict]:
        """The first ``size`` matches in Typesense's order, as a set, with their term counts.

        Tiers that fit whole are fetched by their filter alone, in no order (they are re-scored anyway);
        only the tier cut short is ranked by Typesense, the costly part, to take its best.
        """
        cut = list(tiers(base.get("filter_by", ""), words))
        counts = self.cluster.multi_search([{"collection": self.collection, **base, **group, "per_page": 0,
                                             **({"filter_by": filter_by} if filter_by else {})}
                                            for filter_by, _ in cut])
        pool: list[dict] = []
        for number, ((filter_by, q), found) in enumerate(zip(cut, counts, strict=True)):
            want = size - len(pool)
            if want <= 0:
                break
            if not found.get("found"):
                continue
            whole = found["found"] <= want
            params = {**base, **group, **({"filter_by": filter_by} if filter_by else {})} if whole \
                else self._tier(base, group, words, number, filter_by, q)
            pool += [document for document, _ in self._window(params, 0, min(want, found["found"]),
                                                                POOL_FIELDS).hits]
        return pool

    def _statistics(self, words: tuple[str, ...]) -> Statistics:
        """The figures BM25F needs for the words (and that order the tiers), in one request."""
        return statistics(self.cluster.multi_search(statistics_searches(self.collection, words)), words)

    def _stored(self, ids: list[str]) -> dict[str, dict]:
        """The stored documents of ``ids`` (a request a page of them)."""
        found: dict[str, dict] = {}
        for first in range(0, len(ids), PAGE_MAX):
            keys = tuple(hex_of(article_id) for article_id in ids[first:first + PAGE_MAX])
            reply = self._get({"q": "*", "query_by": "t_body", "filter_by": Match("key", keys).text(),
                               "per_page": len(keys), "include_fields": ",".join(FETCHED)})
            found.update((hit["document"]["id"], hit["document"]) for hit in reply["hits"])
        return found

    def _window(self, params: dict, start: int, count: int, fields: tuple[str, ...] = ()) -> _Page:
        """Hits ``start`` to ``start + count`` of a search, asked for in Typesense's pages."""
        size = count if start % count == 0 and count <= PAGE_MAX else PAGE_MAX
        hits: list[tuple[dict, float]] = []
        found = 0
        page = start // size + 1
        skip = start - (page - 1) * size
        while len(hits) < count:
            reply = self._get({**params, "per_page": size, "page": page,
                               "include_fields": ",".join(fields or FETCHED)})
            found = reply["found"]
            batch = [group["hits"][0] for group in reply["grouped_hits"]] if "grouped_hits" in reply \
                else reply["hits"]
            hits.extend((hit["document"], float(hit.get("text_match", 0))) for hit in batch[skip:])
            skip = 0
            if len(batch) < size:
                break
            page += 1
        return _Page(hits[:count], found)

    def _similar(self, base: dict, page: list[tuple[dict, float]]) -> dict[str, int]:
        """How many other matching copies each hit's story has."""
        keys = list(dict.fromkeys(doc["group"] for doc, _ in page))
        if not keys:
            return {}
        clause = "group:=[" + ",".join("`" + key + "`" for key in keys) + "]"
        filter_by = " && ".join(part for part in (base.get("filter_by"), clause) if part)
        reply = self._get({**base, "filter_by": filter_by, "per_page": 0, "facet_by": "group",
                           "max_facet_values": len(keys)})
        counts = {v["value"]: v["count"] for entry in reply.get("facet_counts", []) for v in entry["counts"]}
        return {key: counts.get(key, 1) - 1 for key in keys}
