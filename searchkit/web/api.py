"""The JSON API: the CLI's ``--json`` shapes over HTTP, one endpoint per library call.

Each endpoint is declared once in ``ENDPOINTS`` (path, parameters, what it
answers); the routes and the OpenAPI description are both built from it, so
they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from searchkit.web import params as p
from searchkit.web.gate import IndexGate
from searchkit.web.pages import person_with_timeline

Handler = Callable[[IndexGate, dict], Awaitable[object]]


@dataclass(frozen=True)
class Endpoint:
    path: str
    handler: Handler
    params: tuple[p.Param, ...]
    summary: str
    answer: str  # the name of its response schema in openapi.py


async def search(gate: IndexGate, args: dict) -> dict:
    results = await gate.read(lambda ix: ix.search(
        args["q"].strip() or "*", limit=args["limit"], page=args["page"], section=args["section"],
        person=args["person"], all_people=args["all_people"], since=args["since"], until=args["until"],
        sort=args["sort"] or p.order(args["q"], None),
        literal=args["literal"], facets=args["facets"], facet_limit=args["facet_limit"],
        collapse=args["collapse"], suggest=args["suggest"], feedback=args["feedback"], lang=args["lang"]))
    return results.to_dict()


async def article(gate: IndexGate, args: dict) -> dict:
    found = await gate.read(lambda ix: ix.get(args["id"]))
    return found.to_dict()


async def copies(gate: IndexGate, args: dict) -> dict:
    found = await gate.read(lambda ix: ix.copies(args["id"]))
    return {"id": args["id"], "copies": [ref.to_dict() for ref in found]}


async def related(gate: IndexGate, args: dict) -> dict:
    results = await gate.read(lambda ix: ix.related(args["id"], limit=args["limit"], page=args["page"]))
    return {"id": args["id"], **results.to_dict()}


async def people(gate: IndexGate, args: dict) -> dict:
    found = await gate.read(lambda ix: ix.people(section=args["section"], since=args["since"], until=args["until"],
                                                 limit=args["limit"]))
    return {"people": [person.to_dict() for person in found]}


async def person(gate: IndexGate, args: dict) -> dict:
    page, months = await gate.read(lambda ix: person_with_timeline(ix, args["name"], args["limit"]))
    return {**page.to_dict(), "timeline": [{"month": m, "count": c} for m, c in sorted(months)]}


async def stats(gate: IndexGate, args: dict) -> dict:
    figures = await gate.read(lambda ix: ix.stats())
    return figures.to_dict()


ENDPOINTS = (
    Endpoint("/api/search", search, p.SEARCH, "Ranked hits with snippets; facets, paging and a did-you-mean.",
             "SearchResults"),
    Endpoint("/api/article", article, (p.ARTICLE_ID,), "One stored article, every field.", "Article"),
    Endpoint("/api/copies", copies, (p.ARTICLE_ID,), "The wire copies folded under an article ('+N similar').",
             "Copies"),
    Endpoint("/api/related", related, p.RELATED, "Articles most like one article.", "RelatedResults"),
    Endpoint("/api/people", people, p.PEOPLE, "People with the number of articles naming them.", "People"),
    Endpoint("/api/person", person, p.PERSON_PAGE,
             "One person: spellings, newest articles, who they are mentioned with, their articles per month.",
             "PersonPage"),
    Endpoint("/api/stats", stats, (), "What the index holds.", "Stats"),
)
