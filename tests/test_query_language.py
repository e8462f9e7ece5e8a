"""The query language as users type it: operators, signs, fields, and the mistakes it refuses."""

import pytest

from searchkit import Article, Index, QuerySyntaxError
from searchkit.search import query as sq
from searchkit.search.parser import parse

ARTICLES = [
    Article(id="tech/phones", section="tech", headline="Phone makers bet on foldable screens",
            body="Phone makers showed foldable screens at the trade fair. Analysts said the phone market "
                 "needs a new idea after years of slow sales."),
    Article(id="tech/mobile", section="tech", headline="Mobile phone sales slow",
            body="Sales of mobile phones fell for a third quarter as buyers kept their handsets longer."),
    Article(id="tech/oil-rigs", section="tech", headline="Sensors watch ageing oil rigs",
            body="A start-up fits sensors to oil rigs in the North Sea to spot cracks before they spread."),
    Article(id="business/oil-price", section="business", headline="Oil price climbs as output falls",
            body="The oil price rose again as producers cut output. Oil traders expect oil to stay dear, and "
                 "oil companies reported higher profits."),
    Article(id="business/oil-tax", section="business", headline="Oil windfall tax criticised",
            body="Oil firms criticised the windfall tax on oil profits, saying investment in oil fields would fall."),
    Article(id="sport/final", section="sport", headline="Who won the cup final?",
            body="The home side won the final after extra time; the visitors said they won't forget the match."),
]


@pytest.fixture
def news():
    with Index.in_memory() as ix:
        ix.add_many(ARTICLES)
        yield ix


def ids(results) -> set[str]:
    return {hit.id for hit in results}


def test_not_excludes_whether_written_with_and_or_not(news):
    plain = ids(news.search("phone NOT mobile"))
    assert plain == ids(news.search("phone AND NOT mobile")) == ids(news.search("phone -mobile"))
    assert plain == {"tech/phones"}
    assert ids(news.search("-mobile phone")) == {"tech/phones"}


def test_an_excluded_word_that_comes_first_in_the_index_still_excludes():
    """The excluded word's first article is added before the first one of the searched word; the
    latter also holds the excluded word and must go (Whoosh's own ANDNOT kept it)."""
    articles = [
        Article(id="world/lima-talks", headline="Trade talks open in Lima", body="Delegates met in Lima on Monday."),
        Article(id="world/lima-grain", headline="Grain exports resume in Lima",
                body="Officials in Lima reopened grain exports on Tuesday."),
        Article(id="world/odesa-grain", headline="Grain ships leave Odesa", body="Three grain ships left Odesa."),
    ]
    with Index.in_memory() as ix:
        ix.add_many(articles)
        for text in ("grain -Lima", "grain NOT Lima", "grain AND NOT lima"):
            assert ids(ix.search(text)) == {"world/odesa-grain"}, text
        assert ids(ix.search("-Lima")) == {"world/odesa-grain"}


def test_plus_requires_a_word_and_the_others_only_rank(news):
    required = news.search("+oil price")
    assert ids(required) == {"tech/oil-rigs", "business/oil-price", "business/oil-tax"}
    assert required[0].id == "business/oil-price"  # "price" still ranks


def test_a_field_clause_restricts_the_search(news):
    assert ids(news.search("oil section:tech")) == {"tech/oil-rigs"}
    assert ids(news.search("oil section:business")) == {"business/oil-price", "business/oil-tax"}
    assert ids(news.search("headline:oil price")) == {"business/oil-price"}


def test_field_names_ignore_case_and_unknown_ones_are_named(news):
    assert ids(news.search("Headline:windfall")) == ids(news.search("HEADLINE:windfall")) == {"business/oil-tax"}
    assert ids(news.search("Title:windfall")) == {"business/oil-tax"}
    for typo in ("heading:oil", "foo:oil"):
        with pytest.raises(QuerySyntaxError, match=r"unknown field '\w+:' at column 1 \(fields: headline, "):
            news.search(typo)


def test_a_colon_that_is_not_a_field_is_text(news):
    assert ids(news.search("http://example.com/oil")) <= {"tech/oil-rigs", "business/oil-price", "business/oil-tax"}
    assert "business/oil-tax" in ids(news.search("Breaking: windfall"))
    with pytest.raises(QuerySyntaxError, match="without a space"):
        news.search("headline: oil")


def test_a_question_mark_ends_a_question_rather_than_making_a_wildcard(news):
    assert ids(news.search("who won?")) == {"sport/final"}
    assert parse("wom?n").root == sq.Wildcard("wom?n")


def test_star_alone_and_exclusions_alone_browse(news):
    assert ids(news.search("*", limit=20)) == {article.id for article in ARTICLES}
    assert ids(news.search("NOT oil", limit=20)) == {"tech/phones", "tech/mobile", "sport/final"}


def test_date_values_are_checked():
    with pytest.raises(QuerySyntaxError, match="cannot read 'yesterday'"):
        parse("date:yesterday")
    with pytest.raises(QuerySyntaxError, match="ends before it starts"):
        parse("date:[2026 to 2025]")
    assert parse("date:[2025-03 to]").root == sq.DateRange(parse("date:2025-03").root.start, None)


@pytest.mark.parametrize(("text", "tree"), [
    ("a b", sq.Words(optional=(sq.Term("a"), sq.Term("b")))),
    ("a AND b c", sq.Words(optional=(sq.And((sq.Term("a"), sq.Term("b"))), sq.Term("c")))),
    ("a b OR c", sq.Or((sq.Words(optional=(sq.Term("a"), sq.Term("b"))), sq.Term("c")))),
    ("a AND NOT b", sq.And((sq.Term("a"), sq.Not(sq.Term("b"))))),
    ("NOT NOT a", sq.Term("a")),
    ('person:"Tony Blair" -"Gordon Brown"', sq.Words(required=(sq.Phrase(("Tony", "Blair"), "people"),),
                                                      excluded=(sq.Phrase(("Gordon", "Brown")),))),
    ("headline:(oil OR gas)", sq.Or((sq.Term("oil", "headline"), sq.Term("gas", "headline")))),
    ("Zelenski~ ceasefir* ~", sq.Words(optional=(sq.Fuzzy("Zelenski"), sq.Prefix("ceasefir"), sq.Term("~")))),
    ("word~9", sq.Fuzzy("word", 2)),
])
def test_precedence_and_shapes(text, tree):
    assert parse(text).root == tree


def test_literal_mode_reads_every_character_as_text():
    assert parse('oil AND ("gas', literal=True).root == sq.Words(
        optional=(sq.Term("oil"), sq.Term("AND"), sq.Term('("gas')))


def test_a_query_must_be_text():
    with pytest.raises(QuerySyntaxError, match="a query is text, not NoneType"):
        parse(None)
