"""Names where news puts them: after job titles and nationality words, in bylines and datelines,
in team sheets and results, with an age or a speech verb after them."""

from __future__ import annotations

import pytest

from searchkit.people.extract import extract_people


def names(text: str, headline: str = "") -> list[str]:
    return extract_people(text, headline=headline)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Former chancellor Kenneth Clarke said the party had to change.", ["Kenneth Clarke"]),
        ("French winger Aurelien Rougerie scored twice before half-time.", ["Aurelien Rougerie"]),
        ("A group headed by Polish businessman Zygmunt Solorz was forming a consortium.", ["Zygmunt Solorz"]),
        ("The Munster lock Paul O'Connell said Ireland would not fear the French pack.", ["Paul O'Connell"]),
    ],
)
def test_after_job_titles_and_nationality_words(text: str, expected: list[str]):
    assert names(text) == expected


def test_a_byline_line_before_the_dateline():
    text = ("Richard Finn\nNEW YORK 1996-08-31\n"
            "This year's Fed Cup finalists open their 1997 campaigns on the road, officials said.")
    assert names(text, headline="TENNIS - SPAIN, U.S. TEAMS OPEN ON ROAD FOR 1997 FED CUP") == ["Richard Finn"]


def test_a_team_sheet_of_initials_and_surnames():
    text = ("Ireland team to face France in Paris on Saturday.\n\n"
            "Ireland: G Murphy; S Horgan, B O'Driscoll, G D'Arcy, D Hickie; R O'Gara, P Stringer; "
            "R Corrigan, S Byrne, J Hayes, M O'Kelly, P O'Connell, S Easterby, D Wallace, A Foley.")
    found = names(text)
    assert found[0] == "G Murphy" and found[-1] == "A Foley" and len(found) == 15
    assert "Ireland" not in found and "France" not in found


def test_a_numbered_line_up():
    text = ("South Africa - 15 - Andre Joubert, 4 - Kobus Wiese, 3 - Marius Hurter, 2 - James Dalton, "
            "1 - Dawie Theron.")
    assert names(text) == ["Andre Joubert", "Kobus Wiese", "Marius Hurter", "James Dalton", "Dawie Theron"]


def test_results_lines_name_both_players():
    assert names("Lisa Raymond (U.S.) beat Kimberly Po (U.S.) 6-3 6-2") == ["Lisa Raymond", "Kimberly Po"]


def test_an_age_or_a_speech_verb_after_a_name_no_list_knows():
    text = ("\"The revolution has taken care of us,\" Samer Ammar Soliman, 42, told Reuters after prayers. "
            "A letter from Marwan Jilani said the destruction was an effort to alter the city.")
    assert names(text) == ["Samer Ammar Soliman", "Marwan Jilani"]


def test_a_case_named_after_a_person():
    text = "Police declined to comment on whether it suspected a link with the Marc Dutroux case."
    assert names(text) == ["Marc Dutroux"]


def test_a_month_after_a_date_word_is_a_month_and_a_demonym_may_end_a_name():
    text = ("From January to June Comelf exported 59 percent of its output, the report said. "
            "June Carter and Peter English attended.")
    assert names(text) == ["June Carter", "Peter English"]


def test_a_spanish_byline_names_two_people_and_a_particle_name_stays_one():
    text = "Por Emily Anthes y Tal Abbady\n\nEl huracán destruyó la isla, según José Ortega y Gasset."
    assert names(text) == ["Emily Anthes", "Tal Abbady", "José Ortega y Gasset"]
