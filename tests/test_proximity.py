"""Articles where the query's words stand together rank above articles holding the same words far apart.

The two housing stories below hold exactly the same words, so BM25 scores them alike; only the
order of their words differs. The one with the words apart is written first, so it would win a tie.
"""

import json

import pytest

from searchkit import Index

ARTICLES = [
    ("housing-apart", "Lenders brace for a slow spring",
     "Mortgage lenders expect interest to climb again this year. Builders in the north said sales rates "
     "slowed during the wet summer months, and estate agents reported fewer viewings."),
    ("housing-together", "Lenders brace for a slow spring",
     "Mortgage lenders expect interest rates to climb again this year. Builders in the north said sales "
     "slowed during the wet summer months, and estate agents reported fewer viewings."),
    ("cup-final", "Rovers reach the cup final",
     "Rovers beat City two goals to one on Saturday and will play United in the final next month."),
    ("rail-strike", "Rail staff vote to strike",
     "Train drivers voted to strike over pay, the union said, warning of disruption before the holidays."),
    ("savings", "Savers look abroad",
     "Savers are moving money to foreign banks that pay more interest, a survey of advisers found."),
]


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    folder = tmp_path_factory.mktemp("feed")
    with open(folder / "news.jsonl", "w", encoding="utf-8") as handle:
        for article_id, title, body in ARTICLES:
            handle.write(json.dumps({"id": article_id, "title": title, "body": body}) + "\n")
    ix = Index(tmp_path_factory.mktemp("index") / "ix")
    ix.sync([folder])
    yield ix
    ix.close()


@pytest.mark.parametrize("feedback", [True, False])
def test_words_next_to_each_other_rank_above_the_same_words_apart(news, feedback):
    hits = news.search("interest rates", feedback=feedback).hits
    order = [hit.id for hit in hits]
    assert order[:2] == ["housing-together", "housing-apart"]
    assert hits[0].score > hits[1].score


def test_word_order_in_the_query_does_not_matter(news):
    assert [hit.id for hit in news.search("rates interest").hits][:2] == ["housing-together", "housing-apart"]


def test_an_article_with_one_of_the_words_still_matches(news):
    assert "savings" in {hit.id for hit in news.search("interest rates").hits}
