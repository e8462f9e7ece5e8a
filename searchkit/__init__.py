"""searchkit: full-text search for news articles.

>>> from searchkit import Index
>>> with Index("index") as ix:                      # doctest: +SKIP
...     ix.sync(["corpus"])
...     for hit in ix.search("ceasefire Kursk"):
...         print(hit.rank, hit.headline)
"""

import logging

from .directory import Person
from .errors import (
    ArticleNotFound,
    IndexCorrupt,
    IndexLocked,
    IndexNotFound,
    InvalidOption,
    PersonNotFound,
    QuerySyntaxError,
    SearchkitError,
    SourceError,
)
from .indexing import Index, IndexStats
from .models import Article, Failure, Hit, Results, SyncReport

__all__ = [
    "Article",
    "ArticleNotFound",
    "CheckReport",
    "Failure",
    "Hit",
    "Index",
    "IndexCorrupt",
    "IndexLocked",
    "IndexNotFound",
    "IndexStats",
    "InvalidOption",
    "Person",
    "PersonNotFound",
    "PersonPage",
    "QuerySyntaxError",
    "Results",
    "SearchkitError",
    "SourceError",
    "SyncReport",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())

# Loaded on first use, so that `searchkit query` does not import the check and people-page code.
_LAZY = {"CheckReport": "checking", "PersonPage": "mentions"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
