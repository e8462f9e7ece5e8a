"""``create_app``: the search site and its JSON API over one index, as an ASGI app to serve or to mount.

Read-only by construction: every route is a GET that reads the index through
the gate; nothing writes to the index or the disk. Errors become one message
with an HTTP status (400 bad parameter or query, 404 unknown article or person,
503 no answer in time), as JSON under ``/api`` and as a page elsewhere.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Awaitable, Callable, Iterable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from searchkit.errors import (
    ArticleNotFound,
    IndexCorrupt,
    IndexNotFound,
    InvalidOption,
    PersonNotFound,
    QuerySyntaxError,
    SearchkitError,
)
from searchkit.index.core import Index
from searchkit.web.api import ENDPOINTS, Endpoint
from searchkit.web.defaults import DEFAULT_TIMEOUT, LOCAL_HOSTS
from searchkit.web.gate import IndexGate, TooSlow
from searchkit.web.guards import Guard
from searchkit.web.openapi import openapi
from searchkit.web.pages import Pages, templates
from searchkit.web.params import BadRequest, read_params

log = logging.getLogger(__name__)
# searchkit logs only from here, so its library-wide NullHandler lives here too (``import logging``
# costs a command-line query a few milliseconds): without a handler of the application's, records
# are dropped rather than printed by logging's last-resort handler.
logging.getLogger("searchkit").addHandler(logging.NullHandler())

_DYNAMIC = {"cache-control": "no-cache"}  # the index changes under the pages: always ask again


def create_app(
    index: Index | str | os.PathLike[str],
    *,
    allowed_hosts: Iterable[str] | None = LOCAL_HOSTS,
    timeout: float = DEFAULT_TIMEOUT,
) -> Starlette:
    """The search pages and the JSON API over ``index``.

    ``index`` is an open ``Index`` (the caller closes it) or the path of one (opened
    here and closed when the app shuts down). ``allowed_hosts`` are the names the
    app answers to in the ``Host`` header (default: this machine's loopback names;
    ``None``: any, for a service behind a proxy that checks them). ``timeout`` is
    the longest a request waits for the index before a 503 answer.
    """
    ix = index if isinstance(index, Index) else Index.open(index)
    gate = IndexGate(ix, timeout)
    pages = Pages(gate, templates())

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        if ix is not index:
            ix.close()

    async def not_routed(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        in_api = "/api/" in request.url.path or request.url.path.endswith("/api")
        return _failure(request, pages, exc.status_code, exc.detail, as_json=in_api)

    async def description(request: Request) -> Response:
        return JSONResponse(openapi())

    routes = [
        Route("/", _page(pages, pages.search)),
        Route("/article", _page(pages, pages.article)),
        Route("/person", _page(pages, pages.person)),
        Route("/people", _page(pages, pages.people)),
        *(Route(endpoint.path, _api(gate, pages, endpoint)) for endpoint in ENDPOINTS),
        Route("/api/openapi.json", description),
        Mount("/static", StaticFiles(packages=[("searchkit.web", "static")]), name="static"),
    ]
    return Starlette(routes=routes, lifespan=lifespan, exception_handlers={HTTPException: not_routed},
                     middleware=[Middleware(Guard, allowed_hosts=allowed_hosts)])


def _page(pages: Pages, handler: Callable[[Request], Awaitable[Response]]):
    async def endpoint(request: Request) -> Response:
        try:
            response = await handler(request)
        except Exception as exc:
            return _failure(request, pages, *_status_of(request, exc), as_json=False)
        response.headers.update(_DYNAMIC)
        return response

    return endpoint


def _api(gate: IndexGate, pages: Pages, endpoint: Endpoint):
    async def answer(request: Request) -> Response:
        try:
            args = read_params(request.query_params, endpoint.params, strict=True)
            return JSONResponse(await endpoint.handler(gate, args), headers=_DYNAMIC)
        except Exception as exc:
            return _failure(request, pages, *_status_of(request, exc), as_json=True)

    return answer


def _status_of(request: Request, exc: Exception) -> tuple[int, str]:
    """The HTTP status and message for an error; an unexpected one is logged (raised with SEARCHKIT_DEBUG)."""
    if isinstance(exc, (BadRequest, InvalidOption, QuerySyntaxError)):
        return 400, str(exc)
    if isinstance(exc, (ArticleNotFound, PersonNotFound)):
        return 404, str(exc)
    if isinstance(exc, TooSlow):
        return 503, f"{exc}: try again in a moment, or narrow the query"
    if isinstance(exc, (IndexNotFound, IndexCorrupt)):
        return 503, str(exc)
    if isinstance(exc, SearchkitError):
        return 500, str(exc)
    if os.environ.get("SEARCHKIT_DEBUG"):
        raise exc
    log.error("internal error on %s: %s: %s", request.url.path, type(exc).__name__, exc,
              exc_info=log.isEnabledFor(logging.DEBUG))
    return 500, f"internal error: {type(exc).__name__} (the server's log has the details)"


def _failure(request: Request, pages: Pages, status: int, message: str, *, as_json: bool) -> Response:
    headers = {"retry-after": "5"} if status == 503 else None
    if as_json:
        return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)
    response = pages.error(request, status, message)
    if headers:
        response.headers.update(headers)
    return response
