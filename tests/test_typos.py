"""Typos are forgiven with words the articles really use: "Did you mean" for words, phrases and people, typo
matches highlighted, nothing "corrected" that the articles hold once accents and ß are folded.

The archive is written to files and indexed with ``Index.sync``, as a user does.
"""

import json

import pytest
from click.testing import CliRunner

from searchkit import Index, PersonNotFound
from searchkit.cli.commands import cli

PLACES = ["Leeds", "Bristol", "Cardiff", "Glasgow", "Belfast", "Norwich", "Derby", "Exeter", "York", "Bath",
          "Hull", "Preston"]


def budget_story(place: str, n: int) -> tuple[str, str]:
    return (f"Councils in {place} wait for the government",
            f"Chancellor Rachel Reeves said the government would publish its budget in the spring. Leaders in "
            f"{place} said the government had cut their grant for the {n + 2}th year running.")


ARTICLES = {
    **{f"budget-{n}": budget_story(place, n) for n, place in enumerate(PLACES + PLACES[:10])},
    "gover": ("Museum names a new chair",
              "Simon Gover, a former banker, joined the board of the city museum on Monday."),
    "state-visit": ("State visit to Kenya begins",
                    "The state visit began in Nairobi, where the state banquet drew stress from organisers."),
    "state-school": ("State schools face a stressed year",
                     "Head teachers at state schools said staff were stressed by the new inspections."),
    "berlin": ("Berlin street keeps its name",
               "Residents of the Karl-Marx-Strasse voted to keep the name, the district council said."),
    "dublin": ("Taoiseach meets union leaders",
               "Taoiseach Micheál Martin met union leaders in Dublin on Thursday to discuss public pay."),
    "deputy": ("Deputy minister visits Leeds",
               "Ellie Reeves, a minister, said the plan for Leeds would be ready by the summer."),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("typos")
    folder = root / "news"
    folder.mkdir()
    for name, (headline, body) in ARTICLES.items():
        (folder / f"{name}.txt").write_text(f"{headline}\n\n{body}\n", encoding="utf-8")
    with Index(root / "index") as ix:
        ix.sync([folder])
        yield ix


def marked(hit) -> set[str]:
    return {hit.snippet[s:e].lower() for s, e in hit.highlights}


def run(archive, *args):
    return CliRunner().invoke(cli, [*args, "--index", str(archive.path)])


def test_a_multi_word_query_with_a_typo_is_respelled_and_the_typo_matches_are_marked(archive):
    results = archive.search("goverment budget", limit=50, collapse=False)
    assert results.suggestion == "government budget"
    found = [hit for hit in results if hit.id.startswith("news/budget-")]
    assert len(found) == 22
    assert all({"government", "budget"} <= marked(hit) for hit in found)  # marked like the word typed


def test_a_misspelling_sharing_a_rare_words_stem_is_still_a_typo(archive):
    # "goverment" stems like the surname "Gover", held by one article; "government" is in 22.
    assert archive.search("Gover").hits[0].id == "news/gover.txt"
    assert archive.search("goverment").suggestion == "government"


def test_punctuation_typed_with_a_word_makes_no_typo(archive):
    pasted = archive.search("budget, government; (spring)", literal=True)
    assert pasted.suggestion is None and len(pasted) > 0
    assert archive.search("goverment, budget", literal=True).suggestion == "government, budget"


def test_a_phrase_with_a_typo_is_respelled_whole(archive):
    assert archive.search('"goverment had cut"').suggestion == '"government had cut"'


def test_a_suggestion_is_a_word_as_articles_write_it_with_its_accents(archive):
    results = archive.search("Michael Martin")
    assert results.suggestion == "Micheál Martin"  # "micheal", the letters ae swapped: one edit
    assert results.hits[0].id == "news/dublin.txt"
    assert "micheál" in marked(results.hits[0])


def test_suggestions_are_never_stems_and_stay_within_the_edits_a_word_allows(archive):
    respelled = archive.search("stresed").suggestion
    assert respelled == "stressed"  # the word as written, not its stem "stress"
    assert archive.search("staet").suggestion == "state"
    assert archive.search("stayt").suggestion is None  # two edits from "state": five letters allow one
    assert archive.search("sx").suggestion is None  # two letters allow none


def test_a_word_held_once_accents_and_sharp_s_are_folded_is_not_corrected(archive):
    results = archive.search("straße")
    assert results.suggestion is None  # "strasse": held, not respelled as "state" or "stress"
    assert [hit.id for hit in results] == ["news/berlin.txt"]
    assert "strasse" in marked(results.hits[0])
    assert archive.search("Taoiseach Micheal").suggestion is None


def test_straße_and_strasse_find_each_other(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "tram.txt").write_text("Tram line reopens\n\nThe tram along the Friedrichstraße reopened on Monday "
                                     "after two years of work on the tracks.\n", encoding="utf-8")
    (folder / "market.txt").write_text("Christmas market opens\n\nStalls line the Hauptstrasse from Friday, "
                                       "the council said.\n", encoding="utf-8")
    with Index(tmp_path / "index") as ix:
        ix.sync([folder])
        assert [hit.id for hit in ix.search("friedrichstrasse")] == ["news/tram.txt"]
        assert [hit.id for hit in ix.search("Hauptstraße")] == ["news/market.txt"]
        assert ix.search("Hauptstraße").suggestion is None


def test_straße_is_never_taken_for_state_where_no_article_holds_it(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("state-visit", "state-school"):
        headline, body = ARTICLES[name]
        (folder / f"{name}.txt").write_text(f"{headline}\n\n{body}\n", encoding="utf-8")
    with Index(tmp_path / "index") as ix:
        ix.sync([folder])
        results = ix.search("straße")
        assert results.suggestion not in ("state", "State")  # "strasse" is three edits from "state"
        assert all("state" not in marked(hit) for hit in results)


def test_a_person_filter_that_names_nobody_offers_the_closest_people(archive):
    results = archive.search("budget", person="Rachel Reevs")
    assert len(results) == 0
    assert results.person_suggestions == {"Rachel Reevs": ["Rachel Reeves"]}
    by_surname = archive.search("budget", person="Reevs")
    assert by_surname.person_suggestions == {"Reevs": ["Rachel Reeves", "Ellie Reeves"]}  # most mentioned first
    assert archive.search("budget", person="Rachel Reeves").person_suggestions == {}
    assert archive.search("budget", person="Reeves", suggest=False).person_suggestions is None
    assert archive.search("budget", person="Zora Quill").person_suggestions == {"Zora Quill": []}
    assert archive.search("Dublin", person="Michael Martin").person_suggestions == {
        "Michael Martin": ["Micheál Martin"]}


def test_an_initial_stands_for_a_first_name_and_a_title_is_no_part_of_the_name(archive):
    assert archive.search("budget", person="R Reevs").person_suggestions == {"R Reevs": ["Rachel Reeves"]}
    assert archive.search("budget", person="E Reevs").person_suggestions == {"E Reevs": ["Ellie Reeves"]}
    assert archive.search("budget", person="Rahcel Reevs").person_suggestions == {"Rahcel Reevs": ["Rachel Reeves"]}
    assert archive.search("budget", person="Ruth Reevs").person_suggestions == {"Ruth Reevs": []}
    assert archive.search("budget", person="Chancellor Rachel Reevs").person_suggestions == {
        "Chancellor Rachel Reevs": ["Rachel Reeves"]}


def test_a_person_page_for_a_misspelt_name_says_whom_it_may_mean(archive):
    with pytest.raises(PersonNotFound, match=r"no person named 'Rachel Reevs' in the index; did you mean "
                                             r"Rachel Reeves\?") as missing:
        archive.person("Rachel Reevs")
    assert missing.value.suggestions == ["Rachel Reeves"]
    with pytest.raises(PersonNotFound) as nobody:
        archive.person("Zora Quill")
    assert nobody.value.suggestions == []


def test_the_command_line_offers_people_on_stderr_and_exits_1(archive):
    page = run(archive, "people", "Rachel Reevs")
    assert page.exit_code == 1 and page.stdout == ""
    assert page.stderr == "searchkit: no person named 'Rachel Reevs' in the index; did you mean: Rachel Reeves?\n"
    query = run(archive, "query", "budget", "--person", "Reevs")
    assert query.exit_code == 1 and "No articles match." in query.stdout
    assert "searchkit: no person named 'Reevs' in the index; did you mean: Rachel Reeves or Ellie Reeves?" \
        in query.stderr


def test_json_carries_person_suggestions_in_one_shape(archive):
    query = run(archive, "query", "budget", "--person", "Rachel Reevs", "--json")
    page = json.loads(query.stdout)
    assert query.exit_code == 1 and page["total"] == 0 and page["suggestion"] is None
    assert page["person_suggestions"] == {"Rachel Reevs": ["Rachel Reeves"]}
    person = run(archive, "people", "Rachel Reevs", "--json")
    shown = json.loads(person.stdout)
    assert person.exit_code == 1 and shown["person_suggestions"] == page["person_suggestions"]
    assert (shown["name"], shown["count"], shown["articles"]) == ("Rachel Reevs", 0, [])
    plain = json.loads(run(archive, "query", "goverment", "--json").stdout)
    assert plain["suggestion"] == "government" and "person_suggestions" not in plain
