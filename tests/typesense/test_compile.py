"""Locations and filters, without a cluster: what the engine sends Typesense for what users type."""

from __future__ import annotations

from datetime import datetime

import pytest

from searchkit.engine.base import Filters, SearchRequest
from searchkit.engine.typesense import TypesenseEngine, parse_location
from searchkit.engine.typesense.documents import hex_of
from searchkit.engine.typesense.filtering import compile_request, tiers
from searchkit.errors import InvalidOption
from searchkit.search.parser import parse


def compiled(text: str, **options):
    return compile_request(SearchRequest(parse(text), **options))


def test_a_location_names_nodes_and_a_collection():
    assert parse_location("typesense://127.0.0.1:8108/news") == (["127.0.0.1:8108"], "news")
    assert parse_location("typesense://a:8108, b:9108,c:10108/news_2024") == (["a:8108", "b:9108", "c:10108"],
                                                                               "news_2024")


@pytest.mark.parametrize("location", ["typesense://127.0.0.1:8108", "typesense:///news",
                                      "typesense://key@127.0.0.1:8108/news", "typesense://h:1/a b"])
def test_a_malformed_location_says_how_to_write_one(location):
    with pytest.raises(InvalidOption, match="typesense://host:port"):
        parse_location(location)


def test_the_api_key_comes_from_the_environment_only(monkeypatch):
    monkeypatch.delenv("SEARCHKIT_TYPESENSE_API_KEY", raising=False)
    with pytest.raises(InvalidOption, match="SEARCHKIT_TYPESENSE_API_KEY"):
        TypesenseEngine("typesense://127.0.0.1:8108/news")


def test_words_are_matched_by_their_analysed_terms_in_every_default_field():
    result = compiled("Negotiations")
    assert result.filter_by == "(t_all:=[`negoti`] || p_keys:=[`negotiations`])"
    assert result.words == ("negoti",)


def test_negations_reach_the_terms():
    result = compiled("NOT (grain OR body:flood)")
    assert result.filter_by == "(t_all:!=[`grain`] && p_keys:!=[`grain`] && t_body:!=[`flood`])"
    assert result.words == ()  # excluded words do not rank


def test_stop_words_alone_match_nothing_and_star_matches_everything():
    assert compiled("the").filter_by is None
    assert compiled("*").filter_by == ""
    assert compiled("* -grain").filter_by == "(t_all:!=[`grain`] && p_keys:!=[`grain`])"


def test_plain_words_are_sought_together_so_long_queries_stay_within_typesense_limits():
    words = " ".join(f"word{n}" for n in range(60))
    assert compiled(words).filter_by.count("||") == 1  # t_all:=[...] || p_keys:=[...]


def test_filters_use_exact_keys_that_typesense_does_not_normalise():
    result = compiled("*", filters=Filters(sections=("World",), since=datetime(2024, 1, 1),
                                            exclude_ids=("a/b c",)))
    assert f"f_section_key:=[`{hex_of('world')}`]" in result.filter_by
    assert "sort_date:>=1704067200" in result.filter_by
    assert f"key:!=[`{hex_of('a/b c')}`]" in result.filter_by


def test_prefix_wildcard_and_fuzzy_words_are_refused_with_a_remedy():
    for text in ("ceasefir*", "wom?n", "Zelenski~"):
        with pytest.raises(InvalidOption, match="type the whole word"):
            compiled(text)


def test_ranked_tiers_cover_every_match_once_holding_all_words_first():
    filters = [filter_by for filter_by, _ in tiers("x:=[1]", ("a", "b", "c"))]
    qs = [q for _, q in tiers("x:=[1]", ("a", "b", "c"))]
    assert qs == ["a b c", "a b c", "b c", "c", ""]
    assert filters[0] == "x:=[1]"
    some = "(t_all:!=[`a`] || t_all:!=[`b`] || t_all:!=[`c`])"
    assert filters[1] == f"x:=[1] && {some} && t_all:=[`a`]"
    assert filters[2] == f"x:=[1] && {some} && t_all:!=[`a`] && t_all:=[`b`]"
    assert filters[3] == f"x:=[1] && {some} && t_all:!=[`a`,`b`] && t_all:=[`c`]"
    assert filters[4] == f"x:=[1] && {some} && t_all:!=[`a`,`b`,`c`]"
    assert [q for _, q in tiers("", ("a",))] == ["a", ""]
    long = tuple(f"w{n}" for n in range(20))  # no all-words tier: its filter would be too long
    assert [filter_by for filter_by, _ in tiers("", long)][0] == "t_all:=[`w0`]"
