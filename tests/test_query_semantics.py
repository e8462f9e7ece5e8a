"""Queries mean what a user typed: acronyms are words, phrases keep every word, exact forms beat stems,
and a headline derived from the body adds no weight of its own. Each test indexes articles from files,
the way a user does (``Index.sync``), unless it checks the library's ``add_many`` alike."""

import json

import pytest

from searchkit import Article, Index


def ids(results) -> list[str]:
    return [hit.id for hit in results]


def highlighted(hit) -> list[str]:
    return [hit.snippet[s:e] for s, e in hit.highlights]


ARTICLES = {
    "who-vaccines": (
        "WHO warns of measles surge",
        "The WHO said on Tuesday that measles cases had doubled in Europe, and urged health ministries "
        "to close gaps in vaccination before the winter.",
    ),
    "who-pronoun": (
        "Nurses who stayed on",
        "Nurses who stayed through the outbreak told us they were exhausted. Those who left were not replaced.",
    ),
    "us-economy": (
        "US economy grows faster than expected",
        "The US economy grew at an annual rate of 3.9% in the third quarter, the Commerce Department said.",
    ),
    "eu-economy": (
        "Eurozone economy stalls",
        "The economy of the eurozone stalled in the third quarter as German factories cut output, "
        "officials told us.",
    ),
    "it-budgets": (
        "Firms raise IT budgets",
        "Companies plan to spend more on IT next year, with cloud services and security taking most of it.",
    ),
    "wenger": (
        "Wenger signs new deal",
        "Arsene Wenger has agreed a new contract. The Frenchman said Arsenal's young squad could win the league.",
    ),
    "match-1": (
        "Arsenal 3-1 Chelsea",
        "Arsenal beat Chelsea at Highbury. Arsenal led through Henry before Arsenal's defence held firm, "
        "and Arsenal sealed it late.",
    ),
    "match-2": (
        "Bolton 0-2 Arsenal",
        "Arsenal won at Bolton. Two Arsenal goals in the second half left Arsenal top of the table.",
    ),
}


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    """The articles above as a scraper's JSON-lines feed, indexed by Index.sync."""
    folder = tmp_path_factory.mktemp("feed")
    with open(folder / "news.jsonl", "w", encoding="utf-8") as handle:
        for article_id, (title, body) in ARTICLES.items():
            handle.write(json.dumps({"id": article_id, "title": title, "body": body}) + "\n")
    ix = Index(tmp_path_factory.mktemp("index") / "ix")
    ix.sync([folder])
    yield ix
    ix.close()


def test_acronyms_written_in_capitals_are_words(news):
    assert ids(news.search("WHO")) == ["who-vaccines"]
    assert ids(news.search("IT")) == ["it-budgets"]
    assert set(ids(news.search("US"))) == {"us-economy"}


def test_the_same_words_in_lower_case_stay_stop_words(news):
    assert ids(news.search("who")) == []
    assert ids(news.search("nurses who")) == ["who-pronoun"]


def test_dotted_acronym_is_found_by_the_plain_one(tmp_path):
    with Index(tmp_path / "ix") as ix:
        ix.add_many([Article(id="dotted", body="The U.S. delegation arrived in Jeddah on Monday.")])
        assert ids(ix.search("US delegation")) == ["dotted"]
        assert highlighted(ix.search("US")[0]) == ["U.S."]


def test_a_phrase_keeps_every_word(news):
    assert ids(news.search('"US economy"')) == ["us-economy"]
    assert set(ids(news.search("economy"))) == {"us-economy", "eu-economy"}
    assert ids(news.search('"who stayed through the outbreak"')) == ["who-pronoun"]
    assert ids(news.search('"who stayed the outbreak"')) == []


def test_a_query_typed_in_capitals_has_no_acronyms(news):
    # "WHO SAID" shouted: "who" is the pronoun there, a stop word; "said" alone matches
    shouted = set(ids(news.search("WHO SAID ON TUESDAY")))
    assert shouted == set(ids(news.search("said Tuesday")))


def test_exact_form_ranks_above_other_words_of_its_stem(news):
    found = ids(news.search("Arsene"))
    assert found[0] == "wenger"
    assert {"match-1", "match-2"} <= set(found)  # the stem still matches


def test_plurals_still_match_their_singular(news):
    assert "who-pronoun" in ids(news.search("nurse"))
    assert "who-vaccines" in ids(news.search("ministry"))


def test_headline_derived_from_the_body_is_shown_but_not_searched_twice(tmp_path):
    feed = tmp_path / "feed"
    feed.mkdir()
    records = [
        {"id": "lead", "body": "Harbour strike ends. Dockers returned to work on Monday after talks with owners "
                               "over pay and shifts at the container terminal."},
        {"id": "story", "body": "Talks between dockers and owners broke down as the harbour strike entered its "
                                "second week, and ships queued outside the terminal."},
    ]
    (feed / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    with Index(tmp_path / "ix") as ix:
        ix.sync([feed])
        hits = {hit.id: hit for hit in ix.search("harbour strike", limit=5)}
        assert hits["lead"].headline == "Harbour strike ends"
        # each body holds "harbour strike" once: the derived headline adds nothing to the score
        assert hits["lead"].score == pytest.approx(hits["story"].score, rel=0.25)
        assert ids(ix.search("headline:ends")) == ["lead"]  # still found where it is shown


def test_an_index_without_stop_words_or_exact_forms_asks_for_a_rebuild(tmp_path):
    from dataclasses import replace

    from searchkit import IndexOutdated
    from searchkit.index.meta import FORMAT, load_meta, save_meta

    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "feed.jsonl").write_text(json.dumps({"id": "w", "title": ARTICLES["wenger"][0],
                                                 "body": ARTICLES["wenger"][1]}) + "\n", encoding="utf-8")
    index = tmp_path / "ix"
    with Index(index) as ix:
        ix.sync([feed])
    save_meta(index, replace(load_meta(index), format=2))  # as searchkit wrote it before this format
    with Index(index) as ix:
        assert ids(ix.search("Wenger")) == ["w"]  # searches work meanwhile
        with pytest.raises(IndexOutdated, match="neither stop words nor exact word forms.*--rebuild"):
            ix.sync([feed])
        ix.sync([feed], rebuild=True)
        assert load_meta(index).format == FORMAT
        assert ids(ix.search('"agreed a new contract"')) == ["w"]


def test_a_word_no_article_holds_is_matched_within_its_edits_and_respelled(news):
    results = news.search("vacination")
    assert ids(results) == ["who-vaccines"]  # "vaccination", one edit away
    assert results.suggestion == "vaccination"
    two_words = news.search("vacination measles")
    assert ids(two_words)[0] == "who-vaccines"
    assert two_words.suggestion == "vaccination measles"
    assert news.search('"measles surge" vacination').suggestion == '"measles surge" vaccination'


def test_typo_matches_rank_below_words_found_as_typed(news):
    found = ids(news.search("economy econmy"))
    assert set(found[:2]) == {"us-economy", "eu-economy"}


def test_a_known_word_is_not_respelled(news):
    assert news.search("measles").suggestion is None
    assert news.search("WHOX budgets").suggestion is None  # capitals: an acronym, taken as typed
