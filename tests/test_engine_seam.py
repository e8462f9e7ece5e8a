"""The Index facade and the engine seam: what crosses it, and what the facade adds on any engine."""

from datetime import datetime, timezone

from searchkit import Article, Index
from searchkit.engine.base import EngineHit, EngineResults
from searchkit.engine.whoosh.engine import WhooshEngine
from searchkit.index.results import request_of, results_of
from searchkit.search.options import SearchOptions
from searchkit.search.parser import parse

STORY = Article(
    id="world/kursk.txt", headline="Ceasefire talks resume in Kursk", section="World",
    date=datetime(2025, 3, 14, tzinfo=timezone.utc),
    body="Negotiators met in Kursk on Friday.\n\nThe ceasefire held overnight, officials said.",
    people=["Volodymyr Zelensky"],
)


def test_a_request_carries_pages_filters_and_people_as_keys():
    options = SearchOptions.build(page=3, limit=7, section=" World ", person=["Volodymyr Zelenskyy"],
                                  all_people=True, since="2025-03-01")
    request = request_of(parse("ceasefire"), "ceasefire", options)
    assert (request.offset, request.limit, request.text) == (14, 7, "ceasefire")
    assert request.filters.sections == ("world",)
    assert request.filters.people_keys == ("volodimir zelenski",)  # the spelling folded as the index keys it
    assert request.filters.all_people and request.filters.since == datetime(2025, 3, 1)


def test_the_facade_makes_the_snippet_when_an_engine_made_none():
    options = SearchOptions.build(page=2, limit=1)
    request = request_of(parse("ceasefire"), "ceasefire", options)
    found = EngineResults(hits=[EngineHit(STORY, 2.5, similar=1)], total=3, groups=2, sort="relevance")
    results = results_of(found, request, options)
    (hit,) = results.hits
    assert (hit.rank, hit.score, hit.similar, results.total, results.collapsed) == (2, 2.5, 1, 2, 1)
    assert hit.snippet == "The ceasefire held overnight, officials said."
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["ceasefire"]


def test_an_index_runs_on_an_engine_it_is_given(tmp_path):
    engine = WhooshEngine(tmp_path / "index", create=True, lock_timeout=1.0)
    with Index(None, engine=engine) as ix:
        ix.add(STORY)
        (hit,) = ix.search("ceasefire", person="Zelensky")
        assert (hit.id, hit.headline) == (STORY.id, STORY.headline)
        assert ix.get(STORY.id).people == ["Volodymyr Zelensky"]
        assert ix.delete(STORY.id) and not ix.delete(STORY.id)
        assert len(ix) == 0
