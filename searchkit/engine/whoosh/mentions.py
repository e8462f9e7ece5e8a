"""Who is mentioned where: the people listing and a person's page."""

from __future__ import annotations

from whoosh import query as wq
from whoosh import sorting

from searchkit.arguments import int_argument, text_argument
from searchkit.engine.whoosh.facets import NEWEST_FIRST, VectorFacet
from searchkit.engine.whoosh.people import person_query
from searchkit.engine.whoosh.searching import filter_query
from searchkit.errors import PersonNotFound
from searchkit.ingest.dates import as_utc
from searchkit.models import ArticleRef, PersonPage
from searchkit.people.directory import PeopleDirectory, Person
from searchkit.search.options import SearchOptions

#: Articles naming nobody have no ``people_names`` vector: Whoosh's own overlapping facet fails on them.
_PEOPLE_FACET = {"people": VectorFacet("people_names")}
CO_MENTIONED = 10
#: People recounted beyond the listed ones, since a recount can only lower a count and reorder.
_RECOUNT_MARGIN = 20


def list_people(searcher, directory: PeopleDirectory, options: SearchOptions) -> list[Person]:
    """People with their article counts, most mentioned first, within the options' filters."""
    restrict = filter_query(options, directory)
    if restrict is None or searcher.doc_count_all() == 0:
        people = directory.people()
    else:
        results = searcher.search(restrict, limit=1, groupedby=_PEOPLE_FACET, maptype=sorting.Count)
        people = directory.people(results.groups("people"))
    shown = people[: options.limit + _RECOUNT_MARGIN]
    for person in shown:
        if len(person.variants) > 1:
            person.count = _articles(searcher, directory, person, restrict)
    shown.sort(key=lambda p: (-p.count, p.name))
    return shown[: options.limit]


def _articles(searcher, directory: PeopleDirectory, person: Person, restrict: wq.Query | None) -> int:
    """How many articles name the person in any spelling (one article may use two)."""
    query = person_query(directory, person.name) or wq.NullQuery
    if restrict is not None:
        query = wq.And([query, restrict])
    return sum(1 for _ in searcher.docs_for_query(query))


def person_page(searcher, directory: PeopleDirectory, name: str, limit: int = 20) -> PersonPage:
    """The page of the person ``name`` (full name, variant spelling or surname) refers to."""
    name, limit = text_argument(name, "name"), int_argument(limit, "limit", 1)
    person = directory.canonical(name)
    if person is None:
        raise PersonNotFound(f"no person named {name!r} in the index")
    matching = person_query(directory, person.name) or wq.NullQuery
    results = searcher.search(matching, limit=limit, sortedby=NEWEST_FIRST, groupedby=_PEOPLE_FACET,
                              maptype=sorting.Count)
    articles = [
        ArticleRef(hit["id"], hit.get("headline", ""), hit.get("section", ""),
                   as_utc(hit["date"]) if hit.get("date") else None)
        for hit in results
    ]
    others = [p for p in directory.people(results.groups("people")) if p.key != person.key]
    return PersonPage(
        name=person.name,
        variants=sorted(person.variants),
        count=len(results),
        articles=articles,
        co_mentioned=[(p.name, p.count) for p in others[:CO_MENTIONED]],
    )
