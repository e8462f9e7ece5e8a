"""The languages an index holds, as the analyses its query words must go through."""

from __future__ import annotations

from searchkit.analysis.languages import ENGLISH, analysis_of


def index_analyses(reader) -> tuple[str, ...]:
    """The analyses of the languages the index's articles are in (``languages.analysis_of``), English
    first; English alone without a reader, for an empty index, or one built before languages were indexed."""
    if reader is None or "language" not in reader.indexed_field_names():
        return (ENGLISH,)
    found = {analysis_of(code) for code in reader.field_terms("language")}
    return tuple(sorted(found, key=lambda analysis: (analysis != ENGLISH, analysis))) or (ENGLISH,)
