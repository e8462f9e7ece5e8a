"""Bulk scoring (NumPy) and the exact-form re-scoring give what Whoosh's own search gives."""

from __future__ import annotations

import sys

import pytest
from whoosh import query as wq

from searchkit import Article, Index
from searchkit.analysis.news import is_stop_term
from searchkit.engine.whoosh import bulk, searching
from searchkit.engine.whoosh.analysis import NewsTokenizer, analysed_words
from searchkit.engine.whoosh.compile import compile_query
from searchkit.engine.whoosh.exactforms import ExactStem
from searchkit.engine.whoosh.postings import one_at_a_time
from searchkit.engine.whoosh.ranking import _content_terms, favour_all_words
from searchkit.search.parser import parse

PORTS = ["Harbour", "Port", "Dock"]
NAMES = ["Amara Okafor", "Lars Nilsen", "Mei Tanaka"]


def _articles(batch: int, n: int = 60) -> list[Article]:
    """Port stories over several commits; every fifth one has a wire copy under another id."""
    articles = []
    for i in range(n):
        body = (f"{PORTS[i % 3]} cranes and pilots, report {batch}-{i}. " + "Dockers voted to strike. " * (i % 4)
                + f"{NAMES[(i // 3) % 3]} said the port reopened on Monday after the storm. "
                + ("Shipping firms said the dockers' strike cost millions. " if i % 2 else "Strikers marched. "))
        section = ("business", "world")[i % 2]
        articles.append(Article(id=f"{batch}-{i}", headline=f"{PORTS[i % 3]} strike report {i % 7}",
                                body=body, section=section))
        if i % 5 == 0:
            articles.append(Article(id=f"{batch}-{i}-copy", headline=f"{PORTS[i % 3]} strike report {i % 7}",
                                    body=body, section=section))
    return articles


@pytest.fixture
def layered():
    """An index of three commits (several segments) with deletions."""
    with Index.in_memory() as ix:
        for batch in range(3):
            ix.add_many(_articles(batch))
            ix.delete(f"{batch}-3")
        yield ix


def _page(ix: Index, query: str, **options) -> tuple:
    results = ix.search(query, **options)
    return ([(hit.id, hit.score, hit.similar) for hit in results], results.total, results.collapsed)


def _whoosh_then_bulk(ix: Index, query: str, spy: list, **options) -> tuple[tuple, tuple]:
    searching._SEARCHED.clear()  # the next search is the open index's first: Whoosh's path
    first = _page(ix, query, **options)
    spy.clear()
    second = _page(ix, query, **options)
    return first, second


@pytest.fixture
def spy(monkeypatch) -> list:
    """What each bulk_search call returned (None: the query went to Whoosh's path)."""
    calls: list = []
    original = bulk.bulk_search

    def recording(*args, **kwargs):
        calls.append(original(*args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(bulk, "bulk_search", recording)
    return calls


@pytest.mark.parametrize("options", [
    {}, {"collapse": False}, {"feedback": False}, {"section": "world"}, {"person": "Mei Tanaka"},
    {"page": 2, "limit": 7}, {"limit": 500},
])
@pytest.mark.parametrize("query", ["dockers strike", "harbour", "pilots storm marched", "shipping millions"])
def test_bulk_scoring_matches_whoosh(layered, spy, query, options):
    whoosh, numpy = _whoosh_then_bulk(layered, query, spy, **options)
    assert spy and spy[-1] is not None  # the second search was scored in bulk
    (hits_a, total_a, collapsed_a), (hits_b, total_b, collapsed_b) = whoosh, numpy
    assert [(i, similar) for i, _, similar in hits_a] == [(i, similar) for i, _, similar in hits_b]
    assert all(abs(a[1] - b[1]) < 1e-9 for a, b in zip(hits_a, hits_b, strict=True))
    assert (total_a, collapsed_a) == (total_b, collapsed_b)
    assert total_a > 0 and (collapsed_a > 0 or options.get("collapse") is False or "person" in options)


@pytest.mark.parametrize("query, options", [
    ('"dockers strike"', {}), ("dockers AND storm", {}), ("dock*", {}), ("harbour -marched", {}),
    ("harbour", {"sort": "date"}), ("harbour", {"facets": "section"}),
])
def test_other_queries_take_whoosh_path(layered, spy, query, options):
    whoosh, again = _whoosh_then_bulk(layered, query, spy, **options)
    assert all(call is None for call in spy)
    assert whoosh == again and whoosh[1] > 0


def test_bulk_results_follow_commits(layered, spy):
    layered.search("dockers strike")
    layered.search("dockers strike")  # segment tables and keys kept for this commit
    layered.add_many([Article(id="late", headline="Dockers strike again", body="Dockers strike at the port.")])
    layered.delete("0-1")
    whoosh, numpy = _whoosh_then_bulk(layered, "dockers strike", spy)
    assert spy[-1] is not None and whoosh == numpy
    assert numpy[0][0][0] == "late" and "0-1" not in {hit_id for hit_id, _, _ in numpy[0]}


def _with_exact_terms(query: wq.Query, share: float) -> wq.Query:
    """The query as it scored exact forms inside the search: stem and exact form as two terms."""
    if isinstance(query, ExactStem):
        return wq.Or([wq.Term(query.fieldname, query.text, boost=query.boost * (1 - share)),
                      wq.Term(query.exact_field, query.exact, boost=query.boost * share)])
    return query if query.is_leaf() else query.apply(lambda part: _with_exact_terms(part, share))


def test_exact_forms_rescored_as_if_searched():
    articles = [Article(id=f"a{i}", headline=f"Arsenal win {i}", body="Arsenal beat the visitors. " * (1 + i % 3))
                for i in range(12)]
    articles += [Article(id=f"w{i}", headline="Manager speaks",
                         body=f"Arsene Wenger praised the squad. {'Arsenal fans sang. ' * i}") for i in range(4)]
    with Index.in_memory() as ix:
        ix.add_many(articles)
        results = ix.search("Arsene", feedback=False, collapse=False, limit=20)
        assert {hit.id for hit in results.hits[:4]} == {"w0", "w1", "w2", "w3"}  # the word as typed first
        searcher = ix.snapshot().reader.searcher
        compiled = compile_query(parse("Arsene"), searcher.schema, searcher.reader()).query
        stems = [part for part in compiled.leaves() if isinstance(part, ExactStem)]
        assert stems, "the word's exact form tells articles apart here"
        old = _with_exact_terms(compiled, stems[0].share).normalize()
        expected = {searcher.stored_fields(docnum)["id"]: score
                    for score, docnum in searcher.search(old, limit=None).top_n}
        assert len(results.hits) == len(expected)
        for hit in results:
            assert hit.score == pytest.approx(expected[hit.id], abs=1e-9)


@pytest.mark.parametrize("text", [
    "The US and the WHO said it's over; IT firms in the U.S. didn't agree.",
    "OFFICIALS IN THE US SAID THE TALKS WOULD GO ON",
    "Café owners’ union: “We are not the problem”, a spokeswoman said of it all.",
])
def test_feedback_terms_leave_out_stop_words_as_analysis_does(text):
    analyzer = NewsTokenizer()
    expected = [term for _, _, term in analysed_words(analyzer, text) if not is_stop_term(term)]
    counts = _content_terms(analyzer, text)
    assert sorted(counts.elements()) == sorted(expected)


def test_array_lookups_match_one_at_a_time(layered):
    layered.search("dockers strike")
    searcher = layered.snapshot().reader.searcher
    docnums = sorted(searcher.docs_for_query(wq.Term("body", "pilot")))[::3]
    assert len(docnums) > 20
    for field, text in (("body", "strike"), ("headline", "harbour"), ("body", "storm"), ("body", "nosuchword")):
        by_arrays = list(bulk.scores_at(searcher, field, text, docnums))
        one_by_one = [pair for segment, offset in searcher.leaf_searchers()
                      for pair in one_at_a_time(segment, offset, field, text,
                                                [d - offset for d in docnums
                                                 if offset <= d < offset + segment.doc_count_all()])]
        assert [d for d, _ in by_arrays] == [d for d, _ in one_by_one]
        assert all(abs(a - b) < 1e-12 for (_, a), (_, b) in zip(by_arrays, one_by_one, strict=True))
        assert by_arrays or text == "nosuchword"


def test_all_words_holders_match_the_matchers(layered):
    searcher = layered.snapshot().reader.searcher
    words = compile_query(parse("dockers shipping harbour"), searcher.schema, searcher.reader()).all_words
    docnums = sorted(searcher.docs_for_query(wq.Term("body", "pilot")))[:100]
    top_n = [(1.0, docnum) for docnum in docnums]
    assert favour_all_words(searcher, top_n, words) == favour_all_words(
        searcher, top_n, words, bulk.holding_all(searcher, docnums, words))
    assert any(score == 2.0 for score, _ in favour_all_words(searcher, top_n, words))


def test_copies_from_key_numbers_match_term_lookups(layered, monkeypatch):
    layered.search("dockers strike")
    searcher = layered.snapshot().reader.searcher
    docnums = list(searcher.reader().all_doc_ids())
    by_keys = [searching._copies(searcher, docnum) for docnum in docnums]
    monkeypatch.delitem(sys.modules, "searchkit.engine.whoosh.bulk")
    assert by_keys == [searching._copies(searcher, docnum) for docnum in docnums]
    assert max(by_keys) > 0
