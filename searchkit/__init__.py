"""searchkit: full-text search for news articles.

>>> from searchkit import Index
>>> with Index("index") as ix:                      # doctest: +SKIP
...     ix.sync(["corpus"])
...     for hit in ix.search("ceasefire Kursk"):
...         print(hit.rank, hit.headline)
"""

import logging

from .checking import CheckReport
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
from .mentions import PersonPage
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
