"""The engine contract, written once and run on every engine: the same articles give the same answers.

Each test states what any engine must return for the articles of ``newsdesk``
(computed from the articles themselves, never recorded), and runs on Whoosh
in-process and on a 3-node Typesense cluster. Where the engines may differ it
says so: the order of hits ranked by relevance (BM25F on Whoosh, Typesense's
text-match buckets), which is why relevance tests compare sets, and only ask
that the articles holding every word come first; and phrases, which Typesense
matches as all of their words (articles holding the exact phrase rank first).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest

from searchkit.analysis import news
from searchkit.engine.base import Filters, SearchRequest
from searchkit.people.directory import PeopleDirectory
from searchkit.people.names import name_key
from searchkit.search.highlight import highlighter
from searchkit.search.parser import parse
from searchkit.search.people_suggestions import closest_people
from searchkit.search.snippets import make_snippet

from .engines import ENGINES, close_engine, open_engine
from .newsdesk import holding, newsdesk

DOCUMENTS = newsdesk()
BY_ID = {document.article.id: document for document in DOCUMENTS}
ALL = set(BY_ID)


@pytest.fixture(scope="module", params=ENGINES)
def engine(request):
    engine = open_engine(request.param, request)
    with engine.writer() as writer:
        for document in DOCUMENTS:
            writer.add(document)
        writer.commit()
    yield engine
    close_engine(engine)


def search(engine, text: str, **options):
    query = parse(text)
    options.setdefault("limit", 100)
    options.setdefault("collapse", False)
    with_reader = engine.reader()
    try:
        return with_reader.search(SearchRequest(query, text=text, **options))
    finally:
        with_reader.close()


def ids(results) -> set[str]:
    return {hit.article.id for hit in results.hits}


def test_every_article_reads_back_whole(engine):
    reader = engine.reader()
    assert reader.count() == len(DOCUMENTS)
    assert set(reader.ids()) == ALL
    keys = {key.id: key for key in reader.sync_keys()}
    for document in DOCUMENTS:
        assert reader.get(document.article.id) == document.article
        key = keys[document.article.id]
        assert (key.content_hash, key.source, key.mtime_ns, key.size) == \
            (document.content_hash, document.source, document.mtime_ns, document.size)
    assert reader.get("desk/none") is None


@pytest.mark.parametrize("text, expected", [
    ("grain", lambda: holding(DOCUMENTS, "grain")),
    ("grain flood", lambda: holding(DOCUMENTS, "grain") | holding(DOCUMENTS, "flood")),
    ("grain AND Kyiv", lambda: holding(DOCUMENTS, "grain") & holding(DOCUMENTS, "kyiv")),
    ("grain OR drought", lambda: holding(DOCUMENTS, "grain") | holding(DOCUMENTS, "drought")),
    ("grain -Kyiv", lambda: holding(DOCUMENTS, "grain") - holding(DOCUMENTS, "kyiv")),
    ("+grain +exports Lima", lambda: holding(DOCUMENTS, "grain") & holding(DOCUMENTS, "exports")),
    ("NOT (grain OR flood)", lambda: ALL - holding(DOCUMENTS, "grain") - holding(DOCUMENTS, "flood")),
    ("headline:strike", lambda: holding(DOCUMENTS, "strike", ("headline",))),
    ("Micheal envoy", lambda: holding(DOCUMENTS, "micheál") | holding(DOCUMENTS, "envoy")),
    ("U.S.", lambda: holding(DOCUMENTS, "U.S.")),
    ("the", lambda: set()),
])
def test_words_match_the_same_articles(engine, text, expected):
    results = search(engine, text)
    assert ids(results) == expected()
    assert results.total == len(expected())


def test_exclusions_and_fields_combine(engine):
    grain = holding(DOCUMENTS, "grain")
    world = {i for i in grain if BY_ID[i].article.section == "World"}
    assert world and world != grain
    assert ids(search(engine, "grain section:world")) == world
    assert ids(search(engine, "grain", filters=Filters(sections=("world",)))) == world
    assert ids(search(engine, "grain NOT section:world")) == grain - world


def test_people_by_name_key_and_filter(engine):
    named = {d.article.id for d in DOCUMENTS if "Mei Tanaka" in d.article.people}
    assert named
    assert ids(search(engine, 'person:"Mei Tanaka"')) == named
    assert ids(search(engine, "*", filters=Filters(people_keys=(name_key("Mei Tanaka"),)))) == named
    accented = {d.article.id for d in DOCUMENTS if "Micheál Ó Briain" in d.article.people}
    assert accented and ids(search(engine, 'person:"Micheal O Briain"')) == accented
    spellings = engine.reader().people_spellings()
    assert spellings["Micheál Ó Briain"] == len(accented)  # as written, never folded to "Micheal O Briain"


def test_dates_filter_inclusively_and_leave_out_undated(engine):
    since, until = datetime(2024, 2, 1), datetime(2024, 3, 31, 23, 59, 59)
    expected = {d.article.id for d in DOCUMENTS if d.article.date
                and since <= d.article.date.replace(tzinfo=None) <= until}
    assert expected
    assert ids(search(engine, "*", filters=Filters(since=since, until=until))) == expected
    undated = {d.article.id for d in DOCUMENTS if d.article.date is None}
    assert undated and ids(search(engine, "*", filters=Filters(until=until))).isdisjoint(undated)


def test_facets_count_every_match(engine):
    results = search(engine, "grain", facets=("section", "month", "people"), facet_size=None, limit=1)
    matches = [BY_ID[i].article for i in holding(DOCUMENTS, "grain")]
    sections = Counter(article.section for article in matches)  # one spelling per section here
    months = Counter(article.date.strftime("%Y-%m") for article in matches if article.date)
    spellings = Counter(name for article in matches for name in article.people)
    everyone = Counter(name for document in DOCUMENTS for name in document.article.people)
    people = {p.name: p.count for p in PeopleDirectory(dict(everyone)).people(dict(spellings))}
    assert results.facets == {"section": dict(sections), "month": dict(sorted(months.items(), reverse=True)),
                              "people": people}
    assert list(results.facets["month"]) == sorted(months, reverse=True)  # newest first


def test_paging_by_date_goes_through_every_match_once_newest_first(engine):
    everything = search(engine, "*", sort="date", limit=1000)
    pages = [search(engine, "*", sort="date", offset=offset, limit=7) for offset in range(0, len(ALL) + 7, 7)]
    paged = [hit.article.id for page in pages for hit in page.hits]
    assert paged == [hit.article.id for hit in everything.hits]
    assert sorted(paged) == sorted(ALL)
    dates = [BY_ID[i].article.date for i in paged]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated, reverse=True)
    assert dates[len(dated):] == [None] * (len(dates) - len(dated))  # undated last


def test_hits_sorted_by_date_have_no_score(engine):
    results = search(engine, "grain", sort="date")
    assert results.hits and results.sort == "date"
    assert all(hit.score is None for hit in results.hits)


@pytest.mark.parametrize("words", [("grain", "Kyiv"), ("flood", "grain", "Lima", "Kyiv")])
def test_paging_by_relevance_goes_through_every_match_once(engine, words):
    expected = set().union(*(holding(DOCUMENTS, word) for word in words))
    assert expected != set.intersection(*(holding(DOCUMENTS, word) for word in words))  # some hold a few
    text = " ".join(words)
    pages = [search(engine, text, offset=offset, limit=5) for offset in range(0, len(expected) + 5, 5)]
    paged = [hit.article.id for page in pages for hit in page.hits]
    assert len(paged) == len(set(paged))
    assert set(paged) == expected
    assert all(page.total == len(expected) for page in pages)
    assert pages[-1].hits == []


def test_relevance_puts_the_articles_holding_every_word_first(engine):
    both = holding(DOCUMENTS, "grain") & holding(DOCUMENTS, "kyiv")
    either = holding(DOCUMENTS, "grain") ^ holding(DOCUMENTS, "kyiv")
    assert both and either
    ranked = [hit.article.id for hit in search(engine, "grain Kyiv").hits]
    assert set(ranked[:len(both)]) == both  # the order within each group is the engine's own


def test_wire_copies_collapse_into_one_story(engine):
    results = search(engine, "*", collapse=True, limit=1000)
    stories = {document.dupkey for document in DOCUMENTS}
    assert results.total == len(DOCUMENTS)
    assert results.groups == len(stories) == len(results.hits)
    copies = {hit.article.id: hit.similar for hit in results.hits}
    assert sum(copies.values()) == len(DOCUMENTS) - len(stories)


def test_phrases_find_the_words_in_order(engine):
    exact = {d.article.id for d in DOCUMENTS if "grain exports" in (d.article.headline + " " + d.article.body).lower()}
    words = holding(DOCUMENTS, "grain") & holding(DOCUMENTS, "exports")
    found = ids(search(engine, '"grain exports"'))
    assert exact and exact <= found <= words  # Whoosh: exactly ``exact``; Typesense: every article with both words


def test_snippets_come_from_the_stored_text(engine):
    """The engine's snippet where it makes one (Whoosh), else the facade's from the stored body: the same."""
    query = parse("Micheal envoy")
    hits = search(engine, "Micheal envoy").hits
    assert hits
    for hit in hits:
        source = BY_ID[hit.article.id].article
        made = hit.snippet or make_snippet(hit.article.body, hit.article.subheads, highlighter(query))
        assert made == make_snippet(source.body, source.subheads, highlighter(query))
        assert made.spans  # a matched word is marked


def test_sections_people_and_a_person_page(engine):
    reader = engine.reader()
    assert reader.section_counts() == dict(Counter(d.article.section for d in DOCUMENTS))
    everyone = PeopleDirectory(dict(Counter(name for d in DOCUMENTS for name in d.article.people)))
    top = [(p.name, p.count) for p in reader.people(Filters(), 5)]
    assert top == [(p.name, p.count) for p in everyone.people()[:5]]
    named = sorted((d.article for d in DOCUMENTS if "Mei Tanaka" in d.article.people),
                   key=lambda a: (a.date is None, -(a.date.timestamp() if a.date else 0)))
    page = reader.person("Mei Tanaka", 100)
    assert page.name == "Mei Tanaka" and page.count == len(named)
    dated = [ref.date for ref in page.articles if ref.date]
    assert dated == sorted(dated, reverse=True) and {ref.id for ref in page.articles} == {a.id for a in named}


def test_a_misspelt_name_is_offered_the_same_people_on_every_engine(engine):
    directory = engine.reader().directory()
    assert closest_people(directory, "Mei Tanka") == ["Mei Tanaka"]
    assert closest_people(directory, "Micheal O Brian") == ["Micheál Ó Briain"]  # as written, accents kept
    assert closest_people(directory, "Mei Tanaka") == []  # a name the index holds is no typo


def test_wire_copies_and_related_articles(engine):
    reader = engine.reader()
    copy = next(d for d in DOCUMENTS if d.article.headline.endswith("(wire)"))
    original = next(d for d in DOCUMENTS if d.dupkey == copy.dupkey and d is not copy)
    assert [ref.id for ref in reader.copies(original.article.id)] == [copy.article.id]
    related = reader.related(original.article.id, SearchRequest(None, limit=5, collapse=False))
    ids = [hit.article.id for hit in related.hits]
    assert ids and original.article.id not in ids and copy.article.id not in ids  # other stories only
    words = set(terms_of(original.article))
    assert all(words & set(terms_of(BY_ID[i].article)) for i in ids)  # how they rank is each engine's own


def terms_of(article) -> list[str]:
    return [term for _, _, term in news.terms(article.headline + "\n" + article.body)]
