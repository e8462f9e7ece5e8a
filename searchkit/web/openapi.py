"""The OpenAPI 3.1 description of the JSON API, built from the endpoints' own declarations (``api.ENDPOINTS``)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from searchkit.web.api import ENDPOINTS
from searchkit.web.params import Param

_STRING, _INTEGER, _NUMBER, _BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}
_DATE = {"type": ["string", "null"], "description": "ISO 8601, UTC; null when undated"}
_FIGURE = {"type": ["integer", "null"], "description": "null when the node did not give it"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _array(items: dict) -> dict:
    return {"type": "array", "items": items}


def _object(properties: dict, optional: dict | None = None) -> dict:
    return {"type": "object", "properties": {**properties, **(optional or {})}, "required": list(properties)}


_COUNTED = _object({"value": _STRING, "count": _INTEGER})
_PAGED = {
    "query": _STRING, "page": _INTEGER, "limit": _INTEGER,
    "total": {**_INTEGER, "description": "hits that can be paged through (wire copies of a story count once)"},
    "collapsed": {**_INTEGER, "description": "matching copies folded under a better hit"},
    "pages": _INTEGER, "sort": {**_STRING, "enum": ["relevance", "date"]},
    "timed_out": {"type": "boolean", "description": "the search ran out of time: hits may be incomplete"},
    "capped_terms": {**_array(_STRING), "description": "wildcard or fuzzy terms cut to their most frequent words"},
    "hits": _array(_ref("Hit")),
}

SCHEMAS = {
    "Hit": _object({
        "id": _STRING, "rank": _INTEGER,
        "score": {**_NUMBER, "nullable": True, "description": "null when sorted by date"},
        "headline": _STRING, "section": _STRING, "date": _DATE,
        "people": _array(_STRING), "authors": _array(_STRING), "path": _STRING, "url": _STRING,
        "snippet": _STRING, "highlights": _array({**_array(_INTEGER), "description": "[start, end) in snippet"}),
        "subheading": _STRING, "similar": {**_INTEGER, "description": "wire copies folded under this hit"},
    }),
    "SearchResults": _object(_PAGED, {
        "facets": {"type": "object", "description": "facet name -> values, most frequent first (months: newest); "
                                                    "only when facets are asked for",
                   "additionalProperties": _array(_COUNTED)},
        "suggestion": {**_STRING, "nullable": True,
                       "description": "a respelled query that finds articles (null: none); only when one was "
                                      "looked for"},
        "person_suggestions": {"type": "object", "additionalProperties": _array(_STRING),
                               "description": "each person asked for who is named nowhere -> the people it may "
                                              "mean, most mentioned first; only with person and suggest"}}),
    "RelatedResults": _object({"id": _STRING, **_PAGED}),
    "Article": _object({
        "id": _STRING, "headline": _STRING, "section": _STRING, "date": _DATE, "authors": _array(_STRING),
        "people": _array(_STRING), "subheads": _array(_STRING), "description": _STRING, "url": _STRING,
        "path": _STRING, "site_name": _STRING, "language": _STRING,
        "body": {**_STRING, "description": "paragraphs separated by a blank line, sub-headings among them"},
    }),
    "ArticleRef": _object({"id": _STRING, "headline": _STRING, "section": _STRING, "date": _DATE}),
    "Copies": _object({"id": _STRING, "copies": _array(_ref("ArticleRef"))}),
    "Person": _object({"name": _STRING, "count": _INTEGER, "variants": _array(_STRING)}),
    "People": _object({"people": _array(_ref("Person"))}),
    "PersonPage": _object({
        "name": _STRING, "variants": _array(_STRING), "count": _INTEGER, "articles": _array(_ref("ArticleRef")),
        "co_mentioned": _array(_object({"name": _STRING, "count": _INTEGER})),
        "timeline": _array(_object({"month": _STRING, "count": _INTEGER})),
    }),
    "Stats": _object({
        "articles": _INTEGER, "sections": {"type": "object", "additionalProperties": _INTEGER}, "people": _INTEGER,
        "size_bytes": _INTEGER, "segments": _INTEGER, "last_sync": _DATE, "path": _STRING,
        "nodes": {**_array(_object({
            "address": _STRING, "role": {**_STRING, "enum": ["leader", "follower", "candidate", "starting", "down"]},
            "healthy": _BOOLEAN, "memory_bytes": _FIGURE, "disk_used_bytes": _FIGURE, "disk_total_bytes": _FIGURE,
            "pending_writes": _FIGURE, "version": {"type": ["string", "null"]},
        })), "description": "a cluster's servers as each reports itself (empty for an index folder)"},
    }),
    "Error": _object({"error": _STRING, "status": _INTEGER}),
}

_ERRORS = {
    "400": "a parameter or the query is not valid (the message says which and why)",
    "404": "no such article or person",
    "503": "the index did not answer in time, or cannot be opened",
}


def _parameter(param: Param) -> dict:
    schema: dict = {"type": "string" if param.kind == "date" else param.kind}
    if param.kind == "date":
        schema["format"] = "date"
    if param.choices:
        schema["enum"] = list(param.choices)
    if param.kind == "integer":
        schema.update({k: v for k, v in (("minimum", param.minimum), ("maximum", param.maximum)) if v is not None})
    elif param.maximum is not None:
        schema["maxLength"] = param.maximum
    if param.default is not None:
        schema["default"] = param.default
    if param.many:
        schema = {"type": "array", "items": schema}
    return {"name": param.name, "in": "query", "required": param.required, "description": param.help,
            "schema": schema, **({"explode": True} if param.many else {})}


def _operation(endpoint) -> dict:
    responses = {"200": {"description": "OK", "content": {"application/json": {"schema": _ref(endpoint.answer)}}}}
    for status, why in _ERRORS.items():
        responses[status] = {"description": why, "content": {"application/json": {"schema": _ref("Error")}}}
    return {"get": {"summary": endpoint.summary, "operationId": endpoint.path.rsplit("/", 1)[1],
                    "parameters": [_parameter(param) for param in endpoint.params], "responses": responses}}


def openapi() -> dict:
    """The OpenAPI document (paths relative to where the app is served)."""
    try:
        release = version("searchkit")
    except PackageNotFoundError:  # running from a source tree that was never installed
        release = "0"
    return {
        "openapi": "3.1.0",
        "info": {"title": "searchkit", "version": release,
                 "description": "Search an archive of news articles. Read-only; every endpoint is a GET."},
        "paths": {endpoint.path: _operation(endpoint) for endpoint in ENDPOINTS},
        "components": {"schemas": SCHEMAS},
    }
