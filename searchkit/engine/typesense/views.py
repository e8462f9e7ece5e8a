"""searchkit's own views of a Typesense collection: the people directory, people, a person's page, copies, sections.

Each is answered from facets (``f_people``: each spelling as written;
``f_section``: each section as written) and filters, a request or two each; the
merging of spellings into people is the ``PeopleDirectory``'s, as on every engine.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

from searchkit.analysis.languages import analyses_of
from searchkit.engine.base import Filters
from searchkit.engine.typesense.client import Cluster, ClusterError
from searchkit.engine.typesense.documents import hex_of, key_token, unhex
from searchkit.engine.typesense.filtering import Const, Expr, Match, _all, _any, dates
from searchkit.errors import ArticleNotFound, PersonNotFound
from searchkit.models import ArticleRef, PersonPage
from searchkit.people.directory import PeopleDirectory, Person

#: "Every value" of a facet, as Typesense is asked for it.
ALL_VALUES = 1_000_000
CO_MENTIONED = 10
_REF_FIELDS = "id,headline,section,date"


def person_clause(directory: PeopleDirectory, name: str) -> Expr | None:
    """Articles naming the person ``name`` refers to: the spellings the directory gives that person, or,
    for a surname no one person owns, every name under that key."""
    spellings = directory.spellings_of(name)
    if spellings is not None:
        return Match("f_people", tuple(hex_of(spelling) for spelling in spellings))
    key = directory.search_key(name)
    return Match("p_keys", (key_token(key),)) if key else None


def people_clauses(directory: PeopleDirectory, filters: Filters) -> list[Expr]:
    """The filter's people: any of them (one clause), or each of them (``all_people``)."""
    clauses = [person_clause(directory, key) or Const(False) for key in filters.people_keys]
    if not clauses:
        return []
    joined = _all(clauses) if filters.all_people else _any(clauses)
    return [joined] if joined is not None else []


class Views:
    """The views, over one collection, sharing one directory (built on first use)."""

    def __init__(self, cluster: Cluster, collection: str) -> None:
        self.cluster, self.collection = cluster, collection
        self._directory: PeopleDirectory | None = None
        self._analyses: tuple[str, ...] | None = None

    def search(self, params: dict) -> dict:
        return self.cluster.search(self.collection, {"q": "*", "query_by": "t_body", **params})

    def facet(self, field: str, filter_by: str = "") -> dict[str, int]:
        params = {"per_page": 0, "facet_by": field, "max_facet_values": ALL_VALUES}
        if filter_by:
            params["filter_by"] = filter_by
        reply = self.search(params)
        counts = (reply.get("facet_counts") or [{"counts": []}])[0]["counts"]
        return {unhex(v["value"]): v["count"] for v in counts if v["value"]}

    def spellings(self) -> dict[str, int]:
        return self.facet("f_people")

    def directory(self) -> PeopleDirectory:
        if self._directory is None:
            self._directory = PeopleDirectory(self.spellings)
        return self._directory

    def analyses(self) -> tuple[str, ...]:
        """The analyses of the collection's languages, English first (one facet request, then kept)."""
        if self._analyses is None:
            params = {"per_page": 0, "facet_by": "f_lang", "max_facet_values": ALL_VALUES}
            try:
                counts = (self.search(params).get("facet_counts") or [{"counts": []}])[0]["counts"]
            except ClusterError:  # a collection built before languages were kept: English
                counts = []
            self._analyses = analyses_of(entry["value"] for entry in counts)
        return self._analyses

    def people(self, filters: Filters, limit: int) -> list[Person]:
        restrict = [Match("f_section_key", tuple(hex_of(s.lower()) for s in filters.sections))] \
            if filters.sections else []
        if filters.since or filters.until:
            restrict.append(dates(filters.since, filters.until))
        directory = self.directory()
        if not restrict:
            return directory.people()[:limit]
        where = " && ".join(part.text() for part in restrict)
        people = directory.people(self.facet("f_people", where))
        for person in people[:limit + 20]:  # one article may use two spellings: count articles, not spellings
            clause = person_clause(directory, person.name)
            if len(person.variants) > 1 and clause is not None:
                person.count = self.search({"per_page": 0, "filter_by": f"{clause.text()} && {where}"})["found"]
        people.sort(key=lambda p: (-p.count, p.name))
        return people[:limit]

    def person(self, name: str, limit: int) -> PersonPage:
        directory = self.directory()
        person = directory.canonical(name)
        clause = person_clause(directory, person.name) if person is not None else None
        if person is None or clause is None:
            raise PersonNotFound(f"no person named {name!r} in the index")
        reply = self.search({"filter_by": clause.text(), "per_page": min(limit, 250), "sort_by": "sort_date:desc",
                             "include_fields": _REF_FIELDS, "facet_by": "f_people",
                             "max_facet_values": ALL_VALUES})
        counts = (reply.get("facet_counts") or [{"counts": []}])[0]["counts"]
        others = [p for p in directory.people({unhex(v["value"]): v["count"] for v in counts})
                  if p.key != person.key]
        return PersonPage(name=person.name, variants=sorted(person.variants), count=reply["found"],
                          articles=[_ref(hit["document"]) for hit in reply["hits"]],
                          co_mentioned=[(p.name, p.count) for p in others[:CO_MENTIONED]])

    def copies(self, article_id: str, group: str | None) -> list[ArticleRef]:
        if group is None:
            raise ArticleNotFound(f"no article with id {article_id!r}")
        if unhex(group).startswith("id:"):  # too short to have copies: a key of its own
            return []
        reply = self.search({"filter_by": f"group:=[`{group}`] && key:!=[`{hex_of(article_id)}`]",
                             "per_page": 250, "include_fields": _REF_FIELDS})
        refs = [_ref(hit["document"]) for hit in reply["hits"]]
        return sorted(refs, key=lambda r: (r.date is None, -(r.date.timestamp() if r.date else 0), r.id))

    def section_counts(self) -> dict[str, int]:
        merged: Counter[str] = Counter()
        shown: dict[str, str] = {}  # sections match case-insensitively: show the first spelling met
        for name, count in sorted(self.facet("f_section").items(), key=lambda kv: -kv[1]):
            name = name or "(none)"
            merged[shown.setdefault(name.lower(), name)] += count
        return dict(merged)


def _ref(stored: dict) -> ArticleRef:
    date = stored.get("date")
    return ArticleRef(stored["id"], stored.get("headline", ""), stored.get("section", ""),
                      datetime.fromisoformat(date).astimezone(timezone.utc) if date else None)
