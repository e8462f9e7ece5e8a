"""The languages an index holds, as the analyses its query words must go through."""

from __future__ import annotations

from searchkit.analysis.languages import ENGLISH, analyses_of


def index_analyses(reader) -> tuple[str, ...]:
    """The analyses of the languages the index's articles are in (``languages.analyses_of``); English
    alone without a reader or for an index built before languages were indexed."""
    if reader is None or "language" not in reader.indexed_field_names():
        return (ENGLISH,)
    return analyses_of(reader.field_terms("language"))
