"""The languages an index holds, as the analyses its query words must go through."""

from __future__ import annotations

import weakref

from searchkit.analysis.languages import ENGLISH, analyses_of

#: Each reader's analyses, worked out once per commit (every search and its snippets ask).
_KNOWN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def index_analyses(reader) -> tuple[str, ...]:
    """The analyses of the languages the index's articles are in (``languages.analyses_of``); English
    alone without a reader or for an index built before languages were indexed."""
    if reader is None:
        return (ENGLISH,)
    known = _KNOWN.get(reader)
    if known is None:
        indexed = "language" in reader.indexed_field_names()
        known = _KNOWN[reader] = analyses_of(reader.field_terms("language")) if indexed else (ENGLISH,)
    return known
