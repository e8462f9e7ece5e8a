"""What the index keeps of an article beyond its text: its people, its content hash, its near-duplicate key."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from searchkit.index.fingerprint import duplicate_key
from searchkit.models import Article

__all__ = ["PeopleExtractor", "content_hash", "default_people_extractor", "duplicate_key"]

PeopleExtractor = Callable[[Article], list[str]]


def default_people_extractor(article: Article) -> list[str]:
    """searchkit's own rule-based extractor over the headline and body (imported only to index)."""
    from searchkit.people.extract import extract_people

    return extract_people(article.body, headline=article.headline)


def content_hash(article: Article) -> str:
    """A digest of what an article says, to tell an edited article from an untouched one."""
    payload = json.dumps(
        [
            article.headline,
            article.body,
            article.section,
            article.date.isoformat() if article.date else "",
            article.authors,
            article.people,
            article.url,
            article.description,
            article.language,
        ],
        ensure_ascii=False,
    )
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()
