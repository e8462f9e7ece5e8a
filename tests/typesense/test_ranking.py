"""searchkit's BM25F on a cluster: Typesense finds the best matches, searchkit orders them as the embedded index."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from searchkit.analysis import news
from searchkit.engine.base import Document, SearchRequest
from searchkit.engine.typesense import TypesenseEngine
from searchkit.engine.typesense.documents import to_document
from searchkit.engine.typesense.scoring import Statistics, rescore, score
from searchkit.models import Article
from searchkit.search.parser import parse

from .cluster import API_KEY

FILLER = " ".join(["The council met on Tuesday and heard from residents about parking and street lights."] * 6)


def story(number: int, headline: str, body: str) -> Document:
    article = Article(id=f"desk/{number}", headline=headline, body=body, section="World",
                      date=datetime(2024, 5, number, tzinfo=timezone.utc), path=f"/desk/{number}.txt")
    return Document(article, f"hash{number}", f"dup{number}", source=article.path)


DESK = [
    story(1, "Council meeting", "A grain shipment was mentioned once. " + FILLER),
    story(2, "Grain exports rise", "Grain exports from the port rose again as grain prices fell; silos are full."),
    story(3, "Harbour works", "Dredging of the harbour began. " + FILLER),
    story(4, "Rail strike ends", "Drivers returned to work after the rail strike, the union said."),
]


def statistics_of(documents: list[dict], words: tuple[str, ...]) -> Statistics:
    """The figures the cluster would give, counted here over ``documents``."""
    fields = ("headline", "subheads", "body")
    means = {name: sum(doc["n_" + name] for doc in documents) / len(documents) for name in fields}
    frequency = {(name, word): sum(word in doc["t_" + name] for doc in documents) for name in fields for word in words}
    held = {word: sum(word in doc["t_all"] for doc in documents) for word in words}
    return Statistics(len(documents), means, frequency, held)


def test_bm25f_favours_the_word_in_the_headline_and_often_in_a_short_text():
    documents = [to_document(document) for document in DESK]
    words = ("grain",)
    order = [doc["id"] for doc, _ in rescore(documents[:2], words, statistics_of(documents, words))]
    assert order == ["desk/2", "desk/1"]
    assert score(documents[3], words, statistics_of(documents, words)) == 0.0


def test_every_word_held_doubles_and_a_document_without_counts_keeps_typesense_order():
    documents = [to_document(document) for document in DESK]
    words = ("grain", "harbour")
    stats = statistics_of(documents, words)
    both = dict(documents[0], t_body=documents[0]["t_body"] + ["harbour"], c_body=documents[0]["c_body"] + [1])
    assert score(both, words, stats) > 2 * score(documents[0], words, stats)
    old = {key: value for key, value in documents[0].items() if not key.startswith("c_")}
    assert rescore([old, documents[1]], words, stats) is None
    assert rescore(documents[:2], words, Statistics(4, {}, stats.frequency, stats.held)) is None  # no lengths


def test_the_cluster_ranks_by_bm25f_and_pages_through_every_match_once(cluster, collection):
    engine = TypesenseEngine(cluster.location(collection), api_key=API_KEY)
    try:
        with engine.writer() as writer:
            for document in DESK:
                writer.add(document)
            writer.commit()
        reader = engine.reader()
        results = reader.search(SearchRequest(parse("grain harbour"), collapse=False, limit=10))
        ids = [hit.article.id for hit in results.hits]
        documents = [to_document(document) for document in DESK]
        words = tuple(news.query_terms("grain harbour"))
        expected = rescore(documents[:3], words, statistics_of(documents, words))
        assert ids == [doc["id"] for doc, _ in expected] and results.total == 3
        assert [hit.score for hit in results.hits] == [pytest.approx(value) for _, value in expected]
        reader.searcher.pool = 1  # past the pool, Typesense's order goes on: every match once
        paged = [hit.article.id for page in range(3)
                 for hit in reader.search(SearchRequest(parse("grain harbour"), collapse=False, limit=1,
                                                        offset=page)).hits]
        assert sorted(paged) == sorted(ids)
    finally:
        engine.drop()
        engine.close()
