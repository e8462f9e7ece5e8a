"""The HTML pages: search (with facets, timeline and paging), article, person, people.

Each page makes its index reads in one turn at the gate and renders a Jinja
template with autoescaping on: article text, headlines, names and the query
typed are always text, never markup. Only the snippets' ``<mark>`` tags are
markup, wrapped around text escaped here.
"""

from __future__ import annotations

import html

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from searchkit.errors import InvalidOption, QuerySyntaxError
from searchkit.models import Hit, Results
from searchkit.web.charts import month_range, timeline
from searchkit.web.gate import IndexGate
from searchkit.web.params import ARTICLE_ID, PEOPLE, PERSON_NAME, SEARCH_PAGE, read_params
from searchkit.web.views import SearchState, address, page_numbers, safe_link, without_controls

HITS_PER_PAGE = 10
#: Values listed per facet on the page (the month facet is read whole, for the timeline).
FACET_ROWS = 10
ALL_MONTHS = 1000
RELATED = 5
PERSON_ARTICLES = 20
HOME_PEOPLE = 24
HOME_LATEST = 8


def templates() -> Environment:
    env = Environment(loader=PackageLoader("searchkit.web", "templates"), autoescape=True,
                      undefined=StrictUndefined, finalize=without_controls, trim_blocks=True, lstrip_blocks=True)
    env.filters["day"] = lambda date: date.date().isoformat() if date else ""
    env.filters["link"] = safe_link
    env.filters["thousands"] = lambda number: f"{number:,}"
    return env


def root_of(request: Request) -> str:
    """Where the app is mounted (``""`` at the top of its own server)."""
    return request.scope.get("root_path", "").rstrip("/")


def marked(hit: Hit) -> Markup:
    """The snippet with its matched words in ``<mark>``, the text escaped."""
    return Markup(hit.marked_snippet("<mark>", "</mark>", escape=html.escape))


class Pages:
    """The site's HTML pages over one gated index."""

    def __init__(self, gate: IndexGate, env: Environment) -> None:
        self.gate = gate
        self.env = env

    def render(self, request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        root = root_of(request)
        context.setdefault("state", SearchState(root))
        context.setdefault("controls", False)
        page = self.env.get_template(name).render(
            root=root, link=lambda path, **params: address(root, path, list(_pairs(params))), **context)
        return HTMLResponse(page, status_code=status)

    async def search(self, request: Request) -> HTMLResponse:
        state = SearchState.from_params(root_of(request), read_params(request.query_params, SEARCH_PAGE, strict=False))
        if not state.searching:
            stats, people, latest = await self.gate.read(lambda ix: (
                ix.stats(), ix.people(limit=HOME_PEOPLE),
                ix.search("*", sort="date", limit=HOME_LATEST, suggest=False, feedback=False)))
            return self.render(request, "home.html", controls=True, stats=stats, people=people, latest=latest)

        def read(ix):
            results = ix.search(state.q.strip() or "*", page=state.page, limit=HITS_PER_PAGE, section=state.sections,
                                person=state.people, all_people=True, since=state.since or None,
                                until=state.until or None, sort=state.order, facets=("section", "people", "month"),
                                facet_limit=ALL_MONTHS)
            return results, {hit.id: ix.copies(hit.id) for hit in results if hit.similar}

        try:
            results, copies = await self.gate.read(read)
        except (InvalidOption, QuerySyntaxError) as exc:  # shown under the search box, the query kept to fix
            return self.render(request, "search.html", 400, controls=True, state=state, error=str(exc))
        return self.render(request, "search.html", controls=True, state=state, error=None, results=results,
                           copies=copies, marked=marked, facets=_facet_rows(results), pager=_pager(results),
                           month_range=month_range, timeline=timeline(results.facets["month"], state.with_range))

    async def article(self, request: Request) -> HTMLResponse:
        article_id = read_params(request.query_params, (ARTICLE_ID,), strict=False)["id"]

        def read(ix):
            return ix.get(article_id), ix.related(article_id, limit=RELATED), ix.copies(article_id)

        article, related, copies = await self.gate.read(read)
        return self.render(request, "article.html", article=article, related=related, copies=copies,
                           subheads=set(article.subheads))

    async def person(self, request: Request) -> HTMLResponse:
        name = read_params(request.query_params, (PERSON_NAME,), strict=False)["name"]
        page, months = await self.gate.read(lambda ix: person_with_timeline(ix, name, PERSON_ARTICLES))
        scope = SearchState(root_of(request), people=(page.name,))  # searches among the person's articles
        return self.render(request, "person.html", person=page, scope=scope,
                           timeline=timeline(months, scope.with_range))

    async def people(self, request: Request) -> HTMLResponse:
        params = read_params(request.query_params, PEOPLE, strict=False)
        people = await self.gate.read(lambda ix: ix.people(section=params["section"], since=params["since"],
                                                           until=params["until"], limit=params["limit"]))
        return self.render(request, "people.html", people=people, params=params)

    def error(self, request: Request, status: int, message: str) -> HTMLResponse:
        return self.render(request, "error.html", status, code=status, message=message)


def person_with_timeline(ix, name: str, limit: int):
    """A person's page and their articles per month (every copy counted, as the person's count is)."""
    page = ix.person(name, limit=limit)
    months = ix.search("*", person=page.name, facets="month", facet_limit=ALL_MONTHS, collapse=False, limit=1,
                       suggest=False, feedback=False).facets["month"]
    return page, months


def _facet_rows(results: Results) -> dict[str, list[tuple[str, int]]]:
    return {
        "section": results.facets["section"][:FACET_ROWS],
        "people": results.facets["people"][:FACET_ROWS],
        "month": results.facets["month"][:FACET_ROWS],
    }


def _pager(results: Results) -> dict:
    pages = max(1, -(-results.total // results.pagelen))
    first = (results.page - 1) * results.pagelen + 1
    return {"pages": pages, "first": first, "last": first + len(results) - 1,
            "past_end": first > results.total or not results.hits,  # Whoosh would repeat the last page
            "numbers": page_numbers(min(results.page, pages), pages) if pages > 1 else []}


def _pairs(params: dict):
    for key, value in params.items():
        for one in value if isinstance(value, (list, tuple)) else [value]:
            yield key, str(one)
