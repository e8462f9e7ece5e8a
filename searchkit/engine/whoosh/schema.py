"""The Whoosh schema: what searchkit stores and indexes for each article.

``people_names`` holds each name exactly as displayed, one term per spelling:
its lexicon and facets give the people directory and people counts.

``headline_exact`` and ``body_exact`` hold each word's exact form (folded, not
stemmed), as Elasticsearch users keep an ``.exact`` sub-field: a query word found
as typed ranks above other words of its stem ("Arsene" above "Arsenal").

``language`` is the article's language code ("en", "de", "ja"; ``analysis.detection``):
its text fields are analysed with that language's analysis, and ``--lang`` filters by it.

``dupkey`` is the near-duplicate key that folds wire copies of a story.

Sync bookkeeping (``source``, ``mtime_ns``, ``size``, ``content_hash``) lives
in column-only fields: a resync reads them for every document without loading
the stored article texts, and they add no terms to the index (Whoosh spends
time on every posting of every field when it commits).
"""

from __future__ import annotations

from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from searchkit.engine.whoosh.analysis import exact_analyzer, news_analyzer, people_analyzer


def build_schema() -> Schema:
    """A fresh schema; analyzers are built once and shared by the text fields."""
    text, exact = news_analyzer(), exact_analyzer()
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),
        path=STORED(),
        url=ID(stored=True),
        headline=TEXT(analyzer=text, stored=True),
        section=KEYWORD(lowercase=True, commas=True, stored=True, sortable=True),
        subheads=TEXT(analyzer=text, stored=True),
        people=TEXT(analyzer=people_analyzer(), phrase=False, stored=True),
        people_names=KEYWORD(commas=True, vector=True),
        authors=TEXT(analyzer=text, stored=True),
        body=TEXT(analyzer=text, stored=True),
        headline_exact=TEXT(analyzer=exact, phrase=False),
        body_exact=TEXT(analyzer=exact, phrase=False),
        date=DATETIME(stored=True, sortable=True),
        month=ID(sortable=True),
        dupkey=ID(sortable=True),
        description=STORED(),
        site_name=STORED(),
        language=ID(stored=True),
        source=COLUMN(VarBytesColumn()),
        content_hash=COLUMN(VarBytesColumn()),
        mtime_ns=COLUMN(NumericColumn("Q")),
        size=COLUMN(NumericColumn("Q")),
    )

