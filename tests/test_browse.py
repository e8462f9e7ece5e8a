"""What browsing an archive needs from the library: every article, long facets, people together, copies."""

from datetime import datetime, timezone

import pytest

from searchkit import Article, ArticleNotFound, InvalidOption

WIRE = ("Dockworkers in Rotterdam walked out on Monday over pay, halting container traffic at Europe's "
        "largest port, and union leaders said the strike would last until the operators returned to talks "
        "about wages and the new automated cranes.")


def dated(year: int, month: int, day: int = 12) -> datetime:
    return datetime(year, month, day, tzinfo=timezone.utc)


@pytest.fixture
def archive(ram_index):
    ram_index.add_many([
        Article(id="port-reuters", headline="Rotterdam port strike", section="Business", date=dated(2025, 3),
                body="ROTTERDAM (Reuters) - " + WIRE, people=["Anna de Vries"]),
        Article(id="port-ap", headline="Strike halts Europe's biggest port", section="Business", date=dated(2025, 2),
                body="ROTTERDAM (AP) - " + WIRE, people=["Anna de Vries"]),
        Article(id="summit", headline="Leaders meet in Brussels", section="World", date=dated(2024, 11),
                body="Anna de Vries and Pieter Jansen met in Brussels to discuss the budget.",
                people=["Anna de Vries", "Pieter Jansen"]),
        Article(id="budget", headline="Budget vote delayed", section="Politics", date=dated(2024, 6),
                body="Pieter Jansen said the budget vote would wait until the autumn.", people=["Pieter Jansen"]),
        Article(id="undated", headline="Tulip season opens", section="Culture",
                body="Growers opened their fields to visitors as the tulip season began."),
    ] + [
        Article(id=f"month-{m}", headline=f"Harbour report {m}", section="Business", date=dated(2023, m),
                body=f"The harbour authority published its monthly report number {m} on shipping volumes.")
        for m in range(1, 13)
    ])
    return ram_index


def test_a_lone_star_finds_every_article(archive):
    results = archive.search("*", sort="date", limit=3)
    assert [h.id for h in results] == ["port-reuters", "summit", "budget"]
    assert len(archive.search("*", limit=50)) == len(archive) - 1  # the two wire copies show once
    assert archive.search("*", collapse=False).total == len(archive)
    assert archive.search("*", section="Politics").total == 1
    assert archive.search("*", literal=True).total == 0  # a literal star is no word


def test_facet_limit_gives_the_whole_timeline(archive):
    short = archive.search("*", facets="month", collapse=False)
    assert len(short.facets["month"]) == 10
    assert short.facets["month"][0] == ("2025-03", 1)
    months = dict(archive.search("*", facets="month", collapse=False, facet_limit=100).facets["month"])
    assert len(months) == 16
    assert months["2023-01"] == 1 and months["2025-02"] == 1
    with pytest.raises(InvalidOption, match="facet_limit"):
        archive.search("*", facets="month", facet_limit=0)


def test_all_people_narrows_where_any_widens(archive):
    both = ["Anna de Vries", "Pieter Jansen"]
    assert {h.id for h in archive.search("*", person=both, all_people=True)} == {"summit"}
    assert archive.search("*", person=both, collapse=False).total == 4
    assert archive.search("Brussels", person=["de Vries"], all_people=True).total == 1


def test_copies_are_the_articles_folded_under_a_hit(archive):
    (hit,) = [h for h in archive.search("Rotterdam strike") if h.id.startswith("port-")]
    assert hit.similar == 1
    (copy,) = archive.copies(hit.id)
    assert copy.id == ({"port-reuters", "port-ap"} - {hit.id}).pop()
    assert copy.headline and copy.section == "Business"
    assert archive.copies("summit") == []
    with pytest.raises(ArticleNotFound):
        archive.copies("no-such-article")


def test_results_and_articles_as_json(archive):
    results = archive.search("budget", facets="section")
    data = results.to_dict()
    assert data["total"] == results.total and len(data["hits"]) == len(results)
    assert data["hits"][0] == results[0].to_dict()
    assert {"value": "Politics", "count": 1} in data["facets"]["section"]
    assert data.get("suggestion") is None
    assert "facets" not in archive.search("budget").to_dict()
    assert archive.search("budgt").to_dict()["suggestion"] == "budget"
    article = archive.get("summit").to_dict()
    assert article["date"] == "2024-11-12T00:00:00+00:00"
    assert article["people"] == ["Anna de Vries", "Pieter Jansen"]


def test_filters_keep_wire_copies_folded(archive):
    for filters in ({}, {"section": "Business"}, {"since": "2025-01-01"}, {"person": "Anna de Vries"}):
        hits = archive.search("Rotterdam strike", **filters)
        assert [(h.id[:5], h.similar) for h in hits] == [("port-", 1)], filters
    assert len(archive.search("Rotterdam strike", section="Business", collapse=False)) == 2
    assert [h.id for h in archive.search("Rotterdam strike", section="World")] == []
    assert [h.id for h in archive.related("port-ap")] == ["summit"]  # the copy stays masked out
