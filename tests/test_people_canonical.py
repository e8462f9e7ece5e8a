"""One person, one name across an index: middle initials, initials for first names, titles, bare surnames.

Articles are written as a newsroom writes them and go through the extractor, as indexing does;
the listing, the person page, ``--person`` and facets must then agree on who is who and how often.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from searchkit import Article

STORIES = {
    "bush-1": "George W Bush has promised to work more closely with Europe. The US president said "
              "the alliance remained the cornerstone of American security.",
    "bush-2": "Tony Blair will meet George Bush at the White House next week, Downing Street said. "
              "The two leaders are expected to discuss the Middle East.",
    "bush-3": "President Bush said on Friday that he would press Congress to act on social security "
              "before the summer recess.",
    "bush-4": "George W. Bush and Tony Blair spoke by telephone on Sunday about the Iraqi elections.",
    "bush-5": "George Bush arrives in Brussels on Monday for talks with Nato and European Union leaders.",
    "laura": "Laura Bush visited a primary school in Kansas on Tuesday to promote a reading scheme.",
    "lineup": "Ireland team to face France in Paris on Saturday.\n\n"
              "Ireland: G Murphy; S Horgan, B O'Driscoll, G D'Arcy, D Hickie; R O'Gara, P Stringer; "
              "R Corrigan, S Byrne, J Hayes, M O'Kelly, P O'Connell, S Easterby, D Wallace, A Foley.",
    "oconnell": "Paul O'Connell said Ireland would not fear the French pack. The Munster lock "
                "has been in fine form this season.",
    "easterby": "Simon Easterby and his brother Guy Easterby were both named in the squad on Monday.",
    "charles-1": "Prince Charles has opened a new hospital wing in Cardiff. Charles told staff "
                 "they had done a remarkable job.",
    "kennedy-1": "Liberal Democrat leader Charles Kennedy said the party was ready for an election.",
    "kennedy-2": "Charles Kennedy has attacked the government's record on pensions in a speech in Bath.",
    "ray": "The film Ray, a portrait of the soul musician Ray Charles, topped the box office again.",
    "brown": "Chancellor Gordon Brown will deliver his Budget next month, the Treasury said.",
}


@pytest.fixture
def archive(ram_index):
    ram_index.add_many([
        Article(id=id_, headline="", body=body, section="news",
                date=datetime(2005, 2, day, tzinfo=timezone.utc))
        for day, (id_, body) in enumerate(STORIES.items(), start=1)
    ])
    return ram_index


def agreeing_count(index, name: str) -> int:
    """The person's page count, after checking it equals the articles it lists and ``--person`` finds."""
    page = index.person(name, limit=100)
    found = index.search("*", person=name, limit=100, collapse=False)
    assert page.count == len(page.articles) == found.total, name
    assert {a.id for a in page.articles} == {h.id for h in found}
    return page.count


def test_middle_initials_and_titles_resolve_to_one_person(archive):
    listing = {p.name: p for p in archive.people(limit=100)}
    bush = listing["George W Bush"]
    assert set(bush.variants) == {"George W Bush", "George W. Bush", "George Bush", "Bush"}
    assert bush.count == 5 and "George Bush" not in listing and "Bush" not in listing
    assert listing["Laura Bush"].count == 1  # another Bush, but one article against five
    for name in ("George W Bush", "George Bush", "President Bush", "Bush", "george w. bush"):
        assert archive.person(name).name == "George W Bush"
        assert agreeing_count(archive, name) == 5
    assert agreeing_count(archive, "Laura Bush") == 1


def test_an_initial_for_a_first_name_joins_the_one_full_name_it_fits(archive):
    listing = {p.name: p for p in archive.people(limit=100)}
    assert "P O'Connell" not in listing
    assert set(listing["Paul O'Connell"].variants) == {"Paul O'Connell", "P O'Connell"}
    assert agreeing_count(archive, "P O'Connell") == 2
    # "S Easterby" fits Simon, not Guy: the squad list's initial belongs to one of two brothers
    assert archive.person("S Easterby").name == "Simon Easterby"
    assert agreeing_count(archive, "Guy Easterby") == 1


def test_a_bare_word_the_archive_uses_more_as_a_first_name_stays_apart(archive):
    listing = {p.name: p.count for p in archive.people(limit=100)}
    assert listing["Ray Charles"] == 1 and listing["Charles Kennedy"] == 2
    assert listing["Charles"] == 1  # the prince, named by title and first name only


def test_counts_agree_in_listing_page_filter_and_facet(archive):
    facets = dict(archive.search("*", facets="people", collapse=False).facets["people"])
    for person in archive.people(limit=100):
        if " " in person.name:
            assert agreeing_count(archive, person.name) == person.count == facets.get(person.name, person.count)


def test_a_title_before_a_surname_finds_the_person(archive):
    assert archive.person("Mr Brown").name == "Gordon Brown"
    assert [h.id for h in archive.search("*", person="Chancellor Brown")] == ["brown"]


def test_an_index_whose_people_were_keyed_the_old_way_asks_for_a_rebuild(tmp_path):
    from dataclasses import replace

    from searchkit import Index, IndexOutdated
    from searchkit.index.meta import FORMAT, load_meta, save_meta

    folder = tmp_path / "news" / "world"
    folder.mkdir(parents=True)
    (folder / "bush.txt").write_text("Bush in Brussels\n\n" + STORIES["bush-5"] + "\n", encoding="utf-8")
    index = tmp_path / "index"
    with Index(index) as ix:
        ix.sync([folder.parent])
    save_meta(index, replace(load_meta(index), format=2))  # before people were keyed as now
    with Index(index) as ix:
        assert [p.name for p in ix.people()] == ["George Bush"]  # searches work meanwhile
        with pytest.raises(IndexOutdated, match="people were found and keyed differently.*--rebuild"):
            ix.sync([folder.parent])
        ix.sync([folder.parent], rebuild=True)
    assert load_meta(index).format == FORMAT


def test_short_first_names_and_hyphenated_surnames_join_their_person():
    from searchkit.people.directory import PeopleDirectory

    directory = PeopleDirectory({
        "Vincent Cable": 5, "Vince Cable": 5,  # a Lib Dem's name as two papers write it
        "Robert Kilroy-Silk": 11, "Kilroy Silk": 4, "Kilroy-Silk": 2,
        "Roland de Marigny": 6, "De Marigny": 5,
        "Andy Murray": 6, "Andrew Murray": 6, "Scott Murray": 6,  # two Murrays: "Murray" stays apart
        "Murray": 3,
        "Matt Dawson": 10, "Mark Dawson": 1, "M Dawson": 5,  # a team sheet's "M Dawson" is the one often named
        "Matt Williams": 13, "Martyn Williams": 8, "M Williams": 5,
    })
    people = {p.name: p.count for p in directory.people()}
    assert people["Robert Kilroy-Silk"] == 17 and "Kilroy Silk" not in people
    assert people["Roland de Marigny"] == 11
    assert directory.canonical("Vince Cable").key == directory.canonical("Vincent Cable").key
    assert directory.canonical("Andy Murray") is directory.canonical("Andrew Murray")
    assert directory.canonical("Andrew Murray") is not directory.canonical("Scott Murray")
    assert people["Murray"] == 3
    assert directory.canonical("M Dawson").name == "Matt Dawson"
    assert directory.canonical("M Williams").name == "M Williams"
