"""Typed errors raised by the searchkit library.

Every error a user can act on derives from one root, so a caller (and the CLI)
catches ``SearchkitError`` alone::

    SearchkitError
     +-- SourceError          a file cannot be read, decoded or parsed
     +-- IndexNotFound        no index at the given location
     +-- IndexLocked          another writer holds the index lock
     +-- IndexCorrupt         the index exists but cannot be opened or read back
     +-- IndexReadOnly        the index cannot be written (read-only file system, permissions)
     +-- IndexOutdated        the index was written by an older searchkit: rebuild it to sync
     +-- DiskFull             no space left for the index; it stays at its last commit
     +-- QuerySyntaxError     the query text cannot be parsed
     +-- InvalidOption        an argument or option value is not valid (wrong type, bad date...)
     +-- ArticleNotFound      no article with the requested id
     +-- PersonNotFound       no person of that name in the index
"""

from __future__ import annotations

#: What an ``IndexCorrupt`` message tells the user to do.
REPAIR_HINT = "`searchkit check --repair` salvages what can be read and re-reads the rest from the article files"


class SearchkitError(Exception):
    """Root of every error searchkit raises on purpose; its message is shown to users."""


class SourceError(SearchkitError):
    """A source file cannot be read, decoded or parsed into articles."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class IndexNotFound(SearchkitError):
    """No index exists at the given location."""


class IndexLocked(SearchkitError):
    """Another writer holds the index lock and did not release it in time."""


class IndexCorrupt(SearchkitError):
    """The index directory exists but its files cannot be opened or read back."""


class IndexReadOnly(SearchkitError):
    """The index can be searched but not written: a read-only file system or folder."""


class DiskFull(SearchkitError):
    """No space was left to write the index; the write was undone and the index is at its last commit."""


class IndexOutdated(SearchkitError):
    """The index was written by an older searchkit in a format a sync cannot extend (searches still work)."""


class QuerySyntaxError(SearchkitError):
    """The query text cannot be parsed."""


class InvalidOption(SearchkitError):
    """An argument, option or filter value is not valid (a query that is not a string, an unparsable date,
    a negative limit...)."""


class ArticleNotFound(SearchkitError):
    """No article with the requested id is in the index."""


class PersonNotFound(SearchkitError):
    """No person of the requested name is in the index; ``suggestions``: the people it may mean."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = list(suggestions or [])
