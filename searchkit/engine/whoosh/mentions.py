"""Who is mentioned where: the people listing and a person's page."""

from __future__ import annotations

from whoosh import query as wq
from whoosh import sorting

from searchkit.arguments import int_argument, text_argument
from searchkit.engine.whoosh.facets import NEWEST_FIRST, VectorFacet
from searchkit.engine.whoosh.people import expand_people
from searchkit.engine.whoosh.querying import person_filter
from searchkit.engine.whoosh.searching import filter_query
from searchkit.errors import PersonNotFound
from searchkit.ingest.dates import as_utc
from searchkit.models import ArticleRef, PersonPage
from searchkit.people.directory import PeopleDirectory, Person
from searchkit.search.options import SearchOptions

#: Articles naming nobody have no ``people_names`` vector: Whoosh's own overlapping facet fails on them.
_PEOPLE_FACET = {"people": VectorFacet("people_names")}
CO_MENTIONED = 10


def list_people(searcher, directory: PeopleDirectory, options: SearchOptions) -> list[Person]:
    """People with their article counts, most mentioned first, within the options' filters."""
    restrict = filter_query(options, directory)
    if restrict is None or searcher.doc_count_all() == 0:
        return directory.people()[: options.limit]
    results = searcher.search(restrict, limit=1, groupedby=_PEOPLE_FACET, maptype=sorting.Count)
    return directory.people(results.groups("people"))[: options.limit]


def person_page(searcher, directory: PeopleDirectory, name: str, limit: int = 20) -> PersonPage:
    """The page of the person ``name`` (full name, variant spelling or surname) refers to."""
    name, limit = text_argument(name, "name"), int_argument(limit, "limit", 1)
    person = directory.canonical(name)
    if person is None:
        raise PersonNotFound(f"no person named {name!r} in the index")
    entry = next(p for p in directory.people() if p.key == person.key)
    matching = expand_people(directory, person_filter([person.name]) or wq.NullQuery)
    results = searcher.search(matching, limit=limit, sortedby=NEWEST_FIRST, groupedby=_PEOPLE_FACET,
                              maptype=sorting.Count)
    articles = [
        ArticleRef(hit["id"], hit.get("headline", ""), hit.get("section", ""),
                   as_utc(hit["date"]) if hit.get("date") else None)
        for hit in results
    ]
    others = [p for p in directory.people(results.groups("people")) if p.key != person.key]
    return PersonPage(
        name=entry.name,
        variants=sorted(entry.variants),
        count=entry.count,
        articles=articles,
        co_mentioned=[(p.name, p.count) for p in others[:CO_MENTIONED]],
    )
