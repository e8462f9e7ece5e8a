"""A seeded desk of news articles for the engine contract tests: sections, dates, people, wire copies, accents.

Texts come from ``corpus_factory`` (phrases written for the tests); people are
given as an extractor would have found them, so the tests need no extraction.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta, timezone

from corpus_factory import PEOPLE, SECTIONS, article_text

from searchkit.analysis import news
from searchkit.engine.base import Document
from searchkit.models import Article

START = datetime(2024, 1, 3, 9, 30, tzinfo=timezone.utc)


def newsdesk(count: int = 48, seed: int = 11) -> list[Document]:
    """``count`` articles; every sixth is a wire copy of the one before it; a few are undated."""
    rng = random.Random(seed)
    documents: list[Document] = []
    for n in range(count):
        if n % 6 == 5:
            original = documents[-1]
            article = Article(**{**original.article.__dict__, "id": f"desk/{n:03d}",
                                 "headline": original.article.headline + " (wire)"})
            documents.append(Document(article, _digest(article), original.dupkey, source=f"/desk/{n:03d}.txt"))
            continue
        text = article_text(rng, n)
        headline, _, body = text.partition("\n\n")
        if n % 7 == 3:
            body += "\n\nMicheál Ó Briain, a spokesman, said the U.S. envoy would attend."
        named = [p for p in PEOPLE if p in body] + (["Micheál Ó Briain"] if "Micheál" in body else [])
        article = Article(
            id=f"desk/{n:03d}", headline=headline, body=body.strip(), section=SECTIONS[n % len(SECTIONS)].title(),
            date=None if n % 10 == 9 else START + timedelta(days=n * 3, hours=n % 5),
            authors=[rng.choice(["Ruth Adeyemi", "Karl Jensen"])], people=named,
            subheads=[], url=f"https://news.example/{n}", path=f"/desk/{n:03d}.txt", language="en")
        documents.append(Document(article, _digest(article), f"dup{n:03d}", source=article.path,
                                  mtime_ns=1_700_000_000_000_000_000 + n, size=len(body)))
    return documents


def _digest(article: Article) -> str:
    return hashlib.sha256((article.headline + article.body).encode()).hexdigest()


def holding(documents: list[Document], word: str, fields=("headline", "body")) -> set[str]:
    """Ids of the articles one of whose ``fields`` holds ``word`` as analysis sees it."""
    term = news.term_of(word)
    found = set()
    for document in documents:
        texts = [getattr(document.article, name) for name in fields]
        if any(term == t for text in texts for _, _, t in news.terms(text)):
            found.add(document.article.id)
    return found
