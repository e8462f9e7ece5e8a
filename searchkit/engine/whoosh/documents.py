"""Convert between Articles and the field dicts Whoosh stores."""

from __future__ import annotations

from datetime import timezone

from searchkit.analysis.detection import article_language
from searchkit.analysis.news import repeats_lead
from searchkit.models import Article
from searchkit.people.names import PEOPLE_SEPARATOR


def to_fields(
    article: Article, *, digest: str, dupkey: str = "", source: str = "", mtime_ns: int = 0, size: int = 0
) -> dict:
    """The Whoosh document for an article (people must already be extracted).

    ``_<field>_boost`` multiplies the weight of the field's postings for this document.

    ``digest`` is the article's content_hash taken before its people were
    extracted, so an unchanged article is recognised without extracting again.
    """
    # a headline repeating the body's first words is found by headline: but adds no weight (news.repeats_lead)
    derived = repeats_lead(article.headline, article.body)
    fields = {
        "id": article.id,
        "source": (source or article.path or article.id).encode("utf-8", "surrogateescape"),
        "path": article.path,
        "url": article.url,
        "headline": article.headline,
        "headline_exact": "" if derived else article.headline,
        "section": article.section,
        "subheads": "\n".join(article.subheads),
        "people": PEOPLE_SEPARATOR.join(article.people),
        "people_names": ",".join(name.replace(",", " ") for name in article.people),
        "authors": PEOPLE_SEPARATOR.join(article.authors),
        "body": article.body,
        "body_exact": article.body,
        "description": article.description,
        "site_name": article.site_name,
        "language": article_language(article),
        "content_hash": digest.encode("ascii"),
        "dupkey": dupkey or "id:" + article.id,  # no key: a key of its own, never collapsed
        "mtime_ns": mtime_ns,
        "size": size,
    }
    if derived:
        fields["_headline_boost"] = 0.0  # Whoosh multiplies each posting's weight (the tf BM25 sees) by it
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
        date=date.replace(tzinfo=timezone.utc) if date else None,  # stored as naive UTC
        authors=split_list(stored.get("authors")),
        people=split_list(stored.get("people")),
        subheads=[s for s in stored.get("subheads", "").split("\n") if s],
        description=stored.get("description", ""),
        url=stored.get("url", ""),
        path=stored.get("path", ""),
        site_name=stored.get("site_name", ""),
        language=stored.get("language", ""),
    )
