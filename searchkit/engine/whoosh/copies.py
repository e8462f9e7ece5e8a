"""The wire copies of an article: the other articles with its near-duplicate key."""

from __future__ import annotations

from searchkit.engine.whoosh.columns import column_value
from searchkit.errors import ArticleNotFound
from searchkit.ingest.dates import as_utc
from searchkit.models import ArticleRef


def copies_of(searcher, article_id: str) -> list[ArticleRef]:
    """The articles a search folds under ``article_id`` as its "+N similar", newest first."""
    docnum = searcher.document_number(id=article_id)
    if docnum is None:
        raise ArticleNotFound(f"no article with id {article_id!r}")
    key = column_value(searcher, "dupkey", docnum).decode("utf-8")
    if not key or key.startswith("id:"):  # too short to have copies: a key of its own
        return []
    refs = []
    for other in searcher.document_numbers(dupkey=key):
        if other == docnum:
            continue
        stored = searcher.stored_fields(other)
        date = stored.get("date")
        refs.append(ArticleRef(stored["id"], stored.get("headline", ""), stored.get("section", ""),
                               as_utc(date) if date else None))
    return sorted(refs, key=lambda ref: (ref.date is None, -(ref.date.timestamp() if ref.date else 0), ref.id))
