from datetime import datetime, timezone

import pytest

from searchkit import Article, ArticleNotFound, Index, InvalidOption, QuerySyntaxError

from conftest import SEED, SEED_PEOPLE

SEED_ID = f"corpus/world/{SEED.name}"


def highlighted(hit) -> list[str]:
    return [hit.snippet[s:e] for s, e in hit.highlights]


def ids(results) -> list[str]:
    return [hit.id for hit in results]


def test_seed_ranks_first_with_people_and_highlights(indexed):
    results = indexed.search("ceasefire Kursk")
    top = results[0]
    assert top.id == SEED_ID
    assert top.section == "world"
    assert top.people == SEED_PEOPLE
    assert top.headline.startswith("The United States is sending a delegation")
    words = {w.lower() for w in highlighted(top)}
    assert words == {"ceasefire", "kursk"}


def test_article_with_all_words_outranks_one_with_some(indexed):
    indexed.add(Article(id="doha", headline="Ceasefire talks resume",
                        body="Mediators said the ceasefire would hold while talks on a lasting ceasefire go on."))
    found = ids(indexed.search("ceasefire Kursk"))
    assert found[0] == SEED_ID
    assert "doha" in found  # partial matches are still found


def test_accent_folding_finds_micheal(indexed):
    top = indexed.search("Micheal Martin")[0]
    assert top.id == SEED_ID
    assert "Micheál" in highlighted(top)


def test_us_acronym_does_not_match_pronoun(ram_index):
    ram_index.add_many([
        Article(id="acronym", body="The U.S. delegation arrived in Jeddah."),
        Article(id="pronoun", body="The minister told us the delegation arrived in Jeddah."),
    ])
    assert ids(ram_index.search("U.S.")) == ["acronym"]
    assert highlighted(ram_index.search("U.S.")[0]) == ["U.S."]


def test_numbers_are_searchable(indexed):
    top = indexed.search("86")[0]
    assert top.id == SEED_ID and highlighted(top) == ["86"]


def test_highlights_show_words_as_written_not_stems(indexed):
    for hit in indexed.search("negotiations"):
        words = highlighted(hit)
        assert words, hit.id
        assert all(w.lower().startswith("negoti") and w.lower() != "negoti" for w in words), words


def test_snippet_names_its_subheading(indexed):
    top = indexed.search("Syrsky")[0]
    assert top.subheading == "Tensions Persist on the Ground"
    lead = indexed.search("delegation Russia")[0]
    assert lead.subheading == ""  # the lead comes before any sub-heading


def test_person_filter_by_surname_full_name_and_variant(indexed):
    for name in ("Zelensky", "Volodymyr Zelensky", "zelenskyy", "ZELENSKIY"):
        assert ids(indexed.search("ceasefire", person=name)) == [SEED_ID], name
    assert len(indexed.search("ceasefire", person="Boris Johnson")) == 0


def test_person_field_in_query_language(indexed):
    assert ids(indexed.search("person:Peskov")) == [SEED_ID]
    assert ids(indexed.search('person:"Dmitry Peskov"')) == [SEED_ID]
    assert set(ids(indexed.search("who:Witkoff"))) == {SEED_ID, "wire-1003"}


def test_section_filter_is_case_insensitive(indexed):
    assert ids(indexed.search("grid", section="EUROPE")) == ["corpus/europe/grid.txt"]
    assert ids(indexed.search("section:europe grid")) == ["corpus/europe/grid.txt"]
    assert len(indexed.search("grid", section="sport")) == 0


def dated_index(ram_index):
    for day in ("2025-01-05", "2025-02-10", "2025-03-15", "2025-04-20"):
        ram_index.add(Article(id=day, body=f"Election news from {day}.",
                              date=datetime.fromisoformat(day).replace(tzinfo=timezone.utc)))
    ram_index.add(Article(id="undated", body="Election news without a date."))
    return ram_index


def test_open_and_closed_date_ranges(ram_index):
    ix = dated_index(ram_index)
    assert set(ids(ix.search("election", since="2025-02-10"))) == {"2025-02-10", "2025-03-15", "2025-04-20"}
    assert set(ids(ix.search("election", until="2025-02-10"))) == {"2025-01-05", "2025-02-10"}
    assert ids(ix.search("election", since="2025-02-01", until="2025-03-01")) == ["2025-02-10"]
    assert len(ix.search("election")) == 5  # no range: undated articles too


def test_sort_by_date_newest_first(ram_index):
    results = dated_index(ram_index).search("election", sort="date")
    assert ids(results)[:4] == ["2025-04-20", "2025-03-15", "2025-02-10", "2025-01-05"]


def test_paging_reports_total(indexed):
    first = indexed.search("said OR says", limit=2)
    second = indexed.search("said OR says", limit=2, page=2)
    assert first.total == second.total >= 4
    assert len(first) == len(second) == 2
    assert not set(ids(first)) & set(ids(second))
    assert [h.rank for h in second] == [3, 4]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("ceasefire AND (", "'(' at column 15 is never closed"),
        ("ceasefire)", "')' at column 10 has no matching '('"),
        ('"ceasefire talks', "unclosed quote"),
        ("ceasefire AND", "'AND' at column 11 has nothing after it"),
        ("OR ceasefire", "'OR' at column 1 has nothing before it"),
        ("()", "empty parentheses"),
        ("   ", "empty query"),
    ],
)
def test_malformed_queries_raise_a_clear_error(indexed, query, message):
    with pytest.raises(QuerySyntaxError, match=message.replace("(", r"\(").replace(")", r"\)")):
        indexed.search(query)


def test_literal_treats_syntax_as_words(indexed):
    assert SEED_ID in ids(indexed.search("ceasefire AND (", literal=True))


def test_query_language_features(indexed):
    assert ids(indexed.search('"positive message"')) == [SEED_ID]
    assert ids(indexed.search("ceasefir*"))[0] in (SEED_ID, "wire-1003")
    assert SEED_ID in ids(indexed.search("Zelenski~"))
    assert ids(indexed.search("headline:heatwave")) == ["corpus/page.html"]
    assert ids(indexed.search("title:heatwave")) == ["corpus/page.html"]
    assert ids(indexed.search("author:Rossi")) == ["corpus/page.html"]
    assert SEED_ID not in ids(indexed.search("ceasefire NOT Kursk"))


def test_bad_options_raise_invalid_option(indexed):
    with pytest.raises(InvalidOption, match="since"):
        indexed.search("x", since="not a date")
    with pytest.raises(InvalidOption, match="sort"):
        indexed.search("x", sort="popularity")
    with pytest.raises(InvalidOption, match="limit"):
        indexed.search("x", limit=0)


def test_get_add_delete_round_trip(ram_index):
    article = Article(
        id="x-1", headline="Floods close schools in Valencia", section="Spain",
        date=datetime(2024, 10, 30, 9, 0, tzinfo=timezone.utc), authors=["Ana García"],
        body="Schools in Valencia closed on Wednesday after floods.\n\nPrime Minister Pedro Sánchez visited.",
    )
    ram_index.add(article)
    stored = ram_index.get("x-1")
    assert stored.headline == article.headline and stored.date == article.date
    assert stored.body == article.body and stored.authors == ["Ana García"]
    assert stored.people == ["Pedro Sánchez"]
    assert ram_index.delete("x-1") is True
    assert ram_index.delete("x-1") is False
    with pytest.raises(ArticleNotFound):
        ram_index.get("x-1")


def test_custom_people_extractor_is_used(tmp_path):
    with Index.in_memory(people_extractor=lambda article: ["Ada Lovelace"]) as ix:
        ix.add(Article(id="a", body="An article about engines."))
        assert ix.get("a").people == ["Ada Lovelace"]
        assert ids(ix.search("engines", person="Lovelace")) == ["a"]


def test_hit_json_shape(indexed):
    data = indexed.search("ceasefire Kursk")[0].to_dict()
    assert set(data) == {"id", "rank", "score", "headline", "section", "date", "people", "authors",
                         "path", "url", "snippet", "highlights", "subheading", "similar"}
    start, end = data["highlights"][0]
    assert data["snippet"][start:end].lower() in {"ceasefire", "kursk"}


def test_all_words_bonus_ranks_complete_matches_above_denser_partial_ones(ram_index):
    ram_index.add_many([
        Article(id="both", body="Talks on a ceasefire in Kursk resumed, officials said, after a week of delays "
                                "and disagreement over the terms of any deal between the two sides."),
        Article(id="partial", body="Ceasefire hopes rose. The ceasefire plan, a ceasefire deal: ceasefire."),
    ])
    assert ids(ram_index.search("ceasefire Kursk")) == ["both", "partial"]
    assert ids(ram_index.search("ceasefire Kursk", feedback=False)) == ["both", "partial"]
    assert ids(ram_index.search("ceasefire Kursk NOT delays")) == ["partial"]


def test_stop_words_do_not_block_the_all_words_bonus(indexed):
    assert ids(indexed.search("the ceasefire in Kursk")) == ids(indexed.search("ceasefire Kursk"))


def test_date_clauses_in_the_query_language(ram_index):
    ix = dated_index(ram_index)
    assert set(ids(ix.search("date:[2025-02-01 to 2025-03-31]"))) == {"2025-02-10", "2025-03-15"}
    assert ids(ix.search("election date:2025-04-20"))[0] == "2025-04-20"  # both parts: ranked first
    assert ids(ix.search("election AND date:2025-04-20")) == ["2025-04-20"]


def test_total_counts_the_hits_that_can_be_paged_and_copies_apart(ram_index):
    copies = [Article(id=f"copy{n}", headline="Harbour strike", section="business",
                      body="LONDON (Reuters) - Dock workers at the harbour walked out on Monday over pay, "
                           "halting container traffic as unions and port operators failed to agree on a deal. "
                           "Talks are due to resume on Thursday, a union spokesman said, adding that ships were "
                           "already queueing outside the harbour entrance and fresh produce was at risk.")
              for n in range(30)]
    others = [Article(id=f"other{n}", headline=f"Harbour notes {n}", section="world",
                      body=f"The harbour authority published notice number {n} about berth {n * 7}.")
              for n in range(12)]
    ram_index.add_many(copies + others)
    results = ram_index.search("harbour", limit=20)
    assert (results.total, results.collapsed, len(results)) == (13, 29, 13)  # the 30 wire copies: one hit
    assert max(hit.similar for hit in results) == 29
    unfolded = ram_index.search("harbour", limit=5, collapse=False)
    assert (unfolded.total, unfolded.collapsed) == (42, 0)
    world = ram_index.search("harbour", limit=5, section="world")
    assert (world.total, world.collapsed) == (12, 0)
    by_date = ram_index.search("harbour", limit=5, sort="date")
    assert (by_date.total, by_date.collapsed) == (13, 29)
