"""searchkit: full-text search for news articles.

>>> from searchkit import Index
>>> with Index("index") as ix:                      # doctest: +SKIP
...     ix.sync(["corpus"])
...     for hit in ix.search("ceasefire Kursk"):
...         print(hit.rank, hit.headline)
"""

# First: loads Whoosh without the modules a search never uses (see the module).
from searchkit.engine.whoosh import startup  # noqa: F401
from searchkit.errors import (
    ArticleNotFound,
    DiskFull,
    IndexCorrupt,
    IndexLocked,
    IndexNotFound,
    IndexOutdated,
    IndexReadOnly,
    InvalidOption,
    PersonNotFound,
    QuerySyntaxError,
    SearchkitError,
    SourceError,
)
from searchkit.index.core import Index
from searchkit.models import Article, Failure, Hit, IndexStats, PersonPage, Results, SyncReport
from searchkit.people.directory import Person

__all__ = [
    "Article",
    "ArticleNotFound",
    "CheckReport",
    "DiskFull",
    "Failure",
    "Hit",
    "Index",
    "IndexCorrupt",
    "IndexLocked",
    "IndexNotFound",
    "IndexOutdated",
    "IndexReadOnly",
    "IndexStats",
    "InvalidOption",
    "Person",
    "PersonNotFound",
    "PersonPage",
    "QuerySyntaxError",
    "RepairReport",
    "Results",
    "SearchkitError",
    "SourceError",
    "SyncReport",
]

# Loaded on first use, so that `searchkit query` does not import the check code.
_LAZY = {"CheckReport": "searchkit.index.check", "RepairReport": "searchkit.index.repair"}


def __getattr__(name: str):
    if name == "__version__":
        return _installed_version()
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _installed_version() -> str:
    """The version of the installed package, as ``searchkit --version`` prints it (read when first asked for)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("searchkit")
    except PackageNotFoundError:  # imported from a source tree that was never installed
        return "0+unknown"


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | {"__version__"})
