"""Languages on every engine: each article analysed in its language, query words in every language the
index holds, CJK words as adjacent bigrams, and the language filter, with the same answers on Whoosh and
on a Typesense cluster."""

from __future__ import annotations

import pytest

from searchkit.engine.base import Document, Filters, SearchRequest
from searchkit.models import Article
from searchkit.search.parser import parse

from .engines import ENGINES, close_engine, open_engine

ARTICLES = [
    Article(id="de", headline="Neue Wohnungen für Hamburg",
            body="Hamburg will bis 2030 zehntausend Wohnungen in neuen Häusern bauen, teilte der Senat mit."),
    Article(id="fr", headline="Élection municipale à Lyon",
            body="Les électeurs lyonnais ont voté dimanche pour l'élection municipale, marquée par une forte "
                 "abstention."),
    Article(id="ja", headline="新しいアプリ", body="大阪の会社が観光客向けの新しいアプリを公開した。"),
    Article(id="en", headline="Hamburg housing", body="Hamburg plans new houses for ten thousand families.",
            language="en-GB"),
]


@pytest.fixture(scope="module", params=ENGINES)
def engine(request):
    engine = open_engine(request.param, request)
    with engine.writer() as writer:
        for article in ARTICLES:
            writer.add(Document(article, "h-" + article.id, "id:" + article.id))
        writer.commit()
    yield engine
    close_engine(engine)


def found(engine, text: str, **filters) -> set[str]:
    reader = engine.reader()
    try:
        request = SearchRequest(parse(text), text=text, limit=50, collapse=False, filters=Filters(**filters))
        return {hit.article.id for hit in reader.search(request).hits}
    finally:
        reader.close()


@pytest.mark.parametrize(("text", "expected"), [
    ("Häuser", {"de"}),  # German stem: "Häusern" in the text
    ("Hausern", {"de"}),  # accents folded
    ("élections", {"fr"}),  # French stem and elision: "l'élection"
    ("houses", {"en"}),
    ("Hamburg", {"de", "en"}),
    ("アプリ", {"ja"}),
    ("アプリケーション", set()),  # the bigrams of a CJK word must all be there
])
def test_words_match_in_each_language(engine, text, expected):
    assert found(engine, text) == expected


def test_the_language_is_stored_and_filters(engine):
    assert engine.reader().get("ja").language == "ja"
    assert engine.reader().get("en").language == "en"  # "en-GB" from the metadata
    assert found(engine, "Hamburg", languages=("de",)) == {"de"}
    assert found(engine, "*", languages=("fr", "ja")) == {"fr", "ja"}
