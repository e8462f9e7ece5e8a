"""Convert between Articles and the field dicts Whoosh stores."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from .analysis import PEOPLE_SEPARATOR
from .dates import as_utc
from .fingerprint import duplicate_key
from .models import Article

PeopleExtractor = Callable[[Article], list[str]]


def default_people_extractor(article: Article) -> list[str]:
    """searchkit's own rule-based extractor over the headline and body (imported only to index)."""
    from .people import extract_people

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
        ],
        ensure_ascii=False,
    )
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def to_fields(
    article: Article, *, digest: str = "", source: str = "", mtime_ns: int = 0, size: int = 0
) -> dict:
    """The Whoosh document for an article (people must already be extracted).

    ``digest`` is the article's content_hash taken before its people were
    extracted, so an unchanged article is recognised without extracting again.
    """
    fields = {
        "id": article.id,
        "source": (source or article.path or article.id).encode("utf-8", "surrogateescape"),
        "path": article.path,
        "url": article.url,
        "headline": article.headline,
        "section": article.section,
        "subheads": "\n".join(article.subheads),
        "people": PEOPLE_SEPARATOR.join(article.people),
        "people_names": ",".join(name.replace(",", " ") for name in article.people),
        "authors": PEOPLE_SEPARATOR.join(article.authors),
        "body": article.body,
        "description": article.description,
        "site_name": article.site_name,
        "language": article.language,
        "content_hash": (digest or content_hash(article)).encode("ascii"),
        "dupkey": duplicate_key(article.body) or "id:" + article.id,
        "mtime_ns": mtime_ns,
        "size": size,
    }
    if article.date is not None:
        fields["date"] = article.date.replace(tzinfo=None)  # Whoosh stores naive UTC
        fields["month"] = article.date.strftime("%Y-%m")
    return fields


def split_list(value: str | None) -> list[str]:
    """A stored people/authors value back to its list."""
    return [item for item in (value or "").split(PEOPLE_SEPARATOR) if item]


def from_fields(stored: dict) -> Article:
    """The Article for a stored Whoosh document."""
    date = stored.get("date")
    return Article(
        id=stored["id"],
        headline=stored.get("headline", ""),
        body=stored.get("body", ""),
        section=stored.get("section", ""),
        date=as_utc(date) if date else None,
        authors=split_list(stored.get("authors")),
        people=split_list(stored.get("people")),
        subheads=[s for s in stored.get("subheads", "").split("\n") if s],
        description=stored.get("description", ""),
        url=stored.get("url", ""),
        path=stored.get("path", ""),
        site_name=stored.get("site_name", ""),
        language=stored.get("language", ""),
    )
