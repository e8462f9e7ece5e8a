"""People across the index: merged spellings, bare surnames, listings, pages, facets."""

import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from searchkit import Article, Index, PersonNotFound
from searchkit.cli.commands import cli

from conftest import SEED_PEOPLE


def article(id_, people, body="", section="world", day=1):
    return Article(id=id_, people=people, section=section, body=body or f"Report {id_} on the talks.",
                   date=datetime(2025, 3, day, tzinfo=timezone.utc))


@pytest.fixture
def wires(ram_index):
    ram_index.add_many([
        article("a1", ["Volodymyr Zelensky", "Donald Trump"], day=1),
        article("a2", ["Volodymyr Zelenskyy", "Keir Starmer"], section="europe", day=2),
        article("a3", ["Volodymyr Zelenskiy"], day=3),
        article("a4", ["Zelensky"], body="Zelensky said the talks would go on.", day=4),
        article("a5", ["Hunter Biden"], day=5),
        article("a6", ["Joe Biden"], day=6),
        article("a7", ["Biden"], body="Biden spoke on Friday.", day=7),
    ])
    return ram_index


def test_spelling_variants_merge_under_the_most_used_spelling(wires):
    listing = {p.name: p for p in wires.people()}
    zelensky = listing["Volodymyr Zelensky"]
    assert zelensky.count == 4  # three spellings plus the bare surname
    assert set(zelensky.variants) == {"Volodymyr Zelensky", "Volodymyr Zelenskyy", "Volodymyr Zelenskiy", "Zelensky"}
    assert "Volodymyr Zelenskyy" not in listing


def test_ambiguous_bare_surname_stays_on_its_own(wires):
    listing = {p.name: p.count for p in wires.people()}
    assert listing["Biden"] == 1 and listing["Joe Biden"] == 1 and listing["Hunter Biden"] == 1


def test_full_name_filter_reaches_bare_surname_articles_only_when_unambiguous(wires):
    assert {h.id for h in wires.search("talks OR report OR spoke", person="Volodymyr Zelensky")} == {
        "a1", "a2", "a3", "a4"}
    assert {h.id for h in wires.search("report OR spoke", person="Joe Biden")} == {"a6"}
    assert {h.id for h in wires.search("report OR spoke", person="Biden")} == {"a5", "a6", "a7"}


def test_person_field_in_query_expands_like_the_filter(wires):
    assert {h.id for h in wires.search('person:"Volodymyr Zelenskyy"')} == {"a1", "a2", "a3", "a4"}


def test_people_listing_with_filters(wires):
    assert [(p.name, p.count) for p in wires.people(section="europe")] == [
        ("Keir Starmer", 1), ("Volodymyr Zelensky", 1)]
    since = {p.name: p.count for p in wires.people(since="2025-03-03")}
    assert since["Volodymyr Zelensky"] == 2 and "Donald Trump" not in since


def test_person_page(wires):
    page = wires.person("zelenskiy")
    assert page.name == "Volodymyr Zelensky" and page.count == 4
    assert [a.id for a in page.articles] == ["a4", "a3", "a2", "a1"]  # newest first
    assert dict(page.co_mentioned) == {"Donald Trump": 1, "Keir Starmer": 1}
    with pytest.raises(PersonNotFound):
        wires.person("Boris Johnson")


def test_facet_counts_cover_all_hits_not_just_the_page(wires):
    results = wires.search("report OR talks OR spoke", limit=2, facets="people,section,month")
    assert len(results) == 2 and results.total == 7
    sections = dict(results.facets["section"])
    assert sum(sections.values()) == results.total
    assert sections == {"world": 6, "europe": 1}
    assert dict(results.facets["month"]) == {"2025-03": 7}
    assert dict(results.facets["people"])["Volodymyr Zelensky"] == 4


def test_a_name_in_the_query_boosts_articles_naming_that_person(ram_index):
    ram_index.add_many([
        Article(id="names", body="Talks went on in Geneva. Peskov said progress was slow.", people=["Dmitry Peskov"]),
        Article(id="street", body="Talks went on in Geneva near Peskov street, where cafes stayed open."),
    ])
    assert [h.id for h in ram_index.search("Peskov talks")][0] == "names"


def test_seed_people_listed_once_each_via_cli(seed_corpus, monkeypatch):
    monkeypatch.chdir(seed_corpus.parent)
    runner = CliRunner()
    runner.invoke(cli, ["index"], catch_exceptions=False)
    result = runner.invoke(cli, ["people", "--json"], catch_exceptions=False)
    listing = json.loads(result.stdout)
    assert sorted(p["name"] for p in listing) == sorted(SEED_PEOPLE)
    assert {p["count"] for p in listing} == {1}
    found = runner.invoke(cli, ["query", "--person", "Zelenskyy", "ceasefire"], catch_exceptions=False)
    assert found.exit_code == 0
    page = runner.invoke(cli, ["people", "Peskov"], catch_exceptions=False)
    assert page.stdout.startswith("Dmitry Peskov\n") and "Mentioned with:" in page.stdout
    missing = runner.invoke(cli, ["people", "Boris Johnson"])
    assert missing.exit_code == 1 and "no person named 'Boris Johnson'" in missing.stderr
    facets = runner.invoke(cli, ["query", "ceasefire", "--facets", "people,section", "--json"])
    data = json.loads(facets.stdout)
    assert data["total"] == 1 and len(data["facets"]["people"]) == 10
    assert data["facets"]["section"] == [{"value": "world", "count": 1}]


def test_unknown_facet_is_an_error(wires):
    from searchkit import InvalidOption
    with pytest.raises(InvalidOption, match="unknown facet 'colour'"):
        wires.search("talks", facets=["colour"])


def test_custom_extractor_index(tmp_path):
    with Index(tmp_path / "ix", people_extractor=lambda a: ["Ada Lovelace"] if "engine" in a.body else []) as ix:
        ix.add(Article(id="x", body="The analytical engine."))
        assert [p.name for p in ix.people()] == ["Ada Lovelace"]


def test_people_facet_counts_articles_with_people_among_some_without(ram_index):
    ram_index.add(Article(id="a", headline="Port strike talks",
                          body="Dock workers said Maria Lopez led the port strike talks on Monday."))
    ram_index.add(Article(id="b", headline="Port reopens", body="The port reopened on Monday after the strike."))
    ram_index.add(Article(id="c", headline="Strike ends", body="Maria Lopez said the port strike had ended."))
    results = ram_index.search("port strike", facets="people")
    assert results.total == 3
    assert dict(results.facets["people"]) == {"Maria Lopez": 2}
