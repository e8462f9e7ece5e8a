"""Tests for searchkit.people: the seed article, hard cases, canonicalisation, name_key."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from searchkit.people import lexicon
from searchkit.people.extract import Mention, extract_people, find_mentions, name_key
from searchkit.people.wordlist import SortedWords

SEED = Path(__file__).resolve().parents[1] / "corpus" / "world" / "000_e5306c6442d6f8c1.txt"

SEED_PEOPLE = [
    "Donald Trump",
    "Marco Rubio",
    "Vladimir Putin",
    "Volodymyr Zelensky",
    "Dmitry Peskov",
    "Micheál Martin",
    "Karoline Leavitt",
    "Mike Waltz",
    "Steve Witkoff",
    "Oleksandr Syrsky",
    "JD Vance",
]


def names(text: str, headline: str = "") -> list[str]:
    return extract_people(text, headline)


# --- the seed article -------------------------------------------------------------


def test_seed_article_exact_people_in_order() -> None:
    assert names(SEED.read_text(encoding="utf-8")) == SEED_PEOPLE


def test_seed_article_with_blank_line_paragraphs_and_straight_quotes() -> None:
    text = SEED.read_text(encoding="utf-8").replace("\n", "\n\n")
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    assert names(text) == SEED_PEOPLE


@pytest.mark.parametrize(
    "not_person",
    ["Oval Office", "White House", "Middle East", "Kursk", "Jeddah", "Saudi Arabia",
     "National Security", "Kryvyy Rih", "Kremlin", "Russia", "Trump Pressures Russia"],
)
def test_seed_article_non_people_absent(not_person: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    mentioned = {m.text for m in find_mentions(text)} | {m.name for m in find_mentions(text)}
    assert not_person not in mentioned


def test_seed_mentions_resolve_surnames_and_possessives() -> None:
    text = SEED.read_text(encoding="utf-8")
    mentions = find_mentions(text)
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert not m.text.endswith(("’s", "'s"))
    by_text = {m.text: m.name for m in mentions}
    assert by_text["Zelensky"] == "Volodymyr Zelensky"  # also from "Zelensky’s hometown"
    assert by_text["Putin"] == "Vladimir Putin"
    assert by_text["Leavitt"] == "Karoline Leavitt"
    # "Trump Pressures Russia" is a sub-heading: only Trump is a mention there.
    heading = text.index("Trump Pressures Russia")
    inside = [m for m in mentions if heading <= m.start < heading + 22]
    assert [(m.text, m.name) for m in inside] == [("Trump", "Donald Trump")]


def test_seed_headline_all_caps_and_title_case() -> None:
    body = SEED.read_text(encoding="utf-8")
    caps = names(body, headline="TRUMP SAYS PUTIN MUST ACCEPT CEASEFIRE")
    assert caps == SEED_PEOPLE[:1] + SEED_PEOPLE[2:3] + [
        p for p in SEED_PEOPLE if p not in ("Donald Trump", "Vladimir Putin")
    ]
    title = names(body, headline="Zelensky Welcomes Rubio Talks")
    assert title[:2] == ["Volodymyr Zelensky", "Marco Rubio"]
    assert sorted(title) == sorted(SEED_PEOPLE)


# --- places and organisations shaped like names -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Officials in Washington said the deal was close.",
        "The talks were held in Jordan last week.",
        "The orchestra played at Lincoln Center on Friday.",
        "Reporters gathered outside the White House before the briefing.",
        "He spoke to reporters in the Oval Office.",
        "The Kremlin said it was studying the proposal.",
        "Washington said it would not lift the sanctions.",
        "Speaking alongside European leaders, the minister was cautious.",
        "Despite ongoing negotiations, fighting continues in the east.",
        "Progress on Ceasefire Negotiations",
        "Shares of Jones Medical Industries Inc rose 5 percent. Jones said sales grew.",
        "The company was founded in New York and moved to St Louis in March.",
        "Swedish telecoms group Ericsson said on Friday it had won an order.",
        "She studied at Harvard University and joined Goldman Sachs Group.",
        "Tensions Persist on the Ground",
        "The guard, who asked not to be named, told Reuters the gate was shut.",
        "Russia's Interfax news agency said talks would resume. Interfax said more.",
        "The carrier Carl Vinson entered the Gulf on Monday.",
        "Officials in the coastal town of Bou Haroun said ten people died.",
        "Red Star beat Partizan 3-1 in Belgrade.",
    ],
)
def test_not_a_person(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Michael Jordan scored 40 points on Friday.", ["Michael Jordan"]),
        ("George Washington crossed the Delaware.", ["George Washington"]),
        ("Paris Hilton arrived late.", ["Paris Hilton"]),
        ("Abraham Lincoln gave the address.", ["Abraham Lincoln"]),
        ("Christian Blanc, the airline chairman, resigned.", ["Christian Blanc"]),
        ("The award went to Theresa May and June Carter.", ["Theresa May", "June Carter"]),
    ],
)
def test_person_with_place_or_word_shaped_name(text: str, expected: list[str]) -> None:
    assert names(text) == expected


# --- titles, honorifics and roles ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith declined to comment.", ["Smith"]),
        ("Mrs Thatcher arrived in Moscow.", ["Thatcher"]),
        ("Dr. Anthony Fauci testified on Tuesday.", ["Anthony Fauci"]),
        ("Secretary of State Marco Rubio flew to Riyadh.", ["Marco Rubio"]),
        ("White House Press Secretary Karoline Leavitt confirmed it.", ["Karoline Leavitt"]),
        ("Kremlin spokesperson Dmitry Peskov said no date was set.", ["Dmitry Peskov"]),
        ("Middle East envoy Steve Witkoff will lead the team.", ["Steve Witkoff"]),
        ("German Chancellor Olaf Scholz met Prime Minister Keir Starmer.",
         ["Olaf Scholz", "Keir Starmer"]),
        ("Economist Joel Naroff said growth slowed.", ["Joel Naroff"]),
        ("NATO spokesman Lieutenant-Colonel Max Marriner said troops left.", ["Max Marriner"]),
        ("Brazilian-born Luis Oliveira scored twice.", ["Luis Oliveira"]),
        ("Queen Elizabeth II opened parliament.", ["Elizabeth II"]),
    ],
)
def test_titles_are_cues_and_are_stripped(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_mr_smith_maps_to_full_name_in_same_article() -> None:
    text = "John Smith founded the firm in 1990.\n\nMr. Smith declined to comment."
    mentions = find_mentions(text)
    assert [(m.text, m.name) for m in mentions] == [
        ("John Smith", "John Smith"),
        ("Smith", "John Smith"),
    ]


def test_first_name_alone_maps_to_full_name() -> None:
    text = "Karoline Leavitt briefed reporters. Later, Karoline took more questions."
    assert [m.name for m in find_mentions(text)] == ["Karoline Leavitt"] * 2


# --- name shapes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The airport is named after Charles de Gaulle, who led France.", ["Charles de Gaulle"]),
        ("Crown Prince Mohammed bin Salman hosted the talks.", ["Mohammed bin Salman"]),
        ("Commission President Ursula von der Leyen spoke first.", ["Ursula von der Leyen"]),
        ("A painting by Vincent Van Gogh sold for millions.", ["Vincent Van Gogh"]),
        ("Jean-Luc Mélenchon criticised the budget.", ["Jean-Luc Mélenchon"]),
        ("Conan O'Brien hosted the show.", ["Conan O'Brien"]),
        ("The file was kept by J. Edgar Hoover for decades.", ["J. Edgar Hoover"]),
        ("Vice President JD Vance attended.", ["JD Vance"]),
        ("Syrian President Bashar al-Assad fled.", ["Bashar al-Assad"]),
    ],
)
def test_name_shapes(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_list_of_names_with_titles() -> None:
    text = (
        "Volodymyr Zelensky met Donald Trump in Washington. "
        "The February 28 summit between Trump, Zelensky, and Vice President JD Vance "
        "ended badly."
    )
    assert names(text) == ["Volodymyr Zelensky", "Donald Trump", "JD Vance"]
    listed = [m.text for m in find_mentions(text)][2:]
    assert listed == ["Trump", "Zelensky", "JD Vance"]


def test_list_mostly_people_completes_bare_surnames() -> None:
    text = "The squad is: Alan Kelly, Gary Breen, Staunton, McAteer, Roy Keane."
    assert names(text) == ["Alan Kelly", "Gary Breen", "Staunton", "McAteer", "Roy Keane"]
    # A list of places gets no people, and one person does not turn a list into people.
    assert names("Delegates came from France, Germany, Britain and Italy.") == []
    assert names("Awards went to Roy Keane, Cork, Limerick and Galway.") == ["Roy Keane"]


def test_quoted_speech_with_curly_quotes() -> None:
    text = (
        "Senator Elizabeth Warren criticised the plan.\n\n"
        "“This is a giveaway,” Warren said. “We will fight it.”\n\n"
        "“I disagree,” said Mitch McConnell."
    )
    assert names(text) == ["Elizabeth Warren", "Mitch McConnell"]
    assert [m.name for m in find_mentions(text)].count("Elizabeth Warren") == 2


def test_possessive_is_stripped_from_span() -> None:
    text = "Angela Merkel said little. Merkel’s successor, Olaf Scholz, spoke."
    mentions = find_mentions(text)
    assert [(m.text, m.name) for m in mentions] == [
        ("Angela Merkel", "Angela Merkel"),
        ("Merkel", "Angela Merkel"),
        ("Olaf Scholz", "Olaf Scholz"),
    ]
    second = mentions[1]
    assert text[second.start : second.end + 2] == "Merkel’s"


def test_all_caps_headline_links_to_body_names() -> None:
    body = "Prime Minister Keir Starmer met Ukrainian President Volodymyr Zelensky."
    assert names(body, headline="STARMER HOSTS ZELENSKY IN LONDON") == [
        "Keir Starmer",
        "Volodymyr Zelensky",
    ]
    # An all-caps word that is no one's name in the body is not a person.
    assert names(body, headline="LONDON TALKS") == ["Keir Starmer", "Volodymyr Zelensky"]


def test_unknown_foreign_names_by_shape() -> None:
    text = "The award was shared by Nele Zilinskiene and Wang Donghai on Tuesday."
    assert names(text) == ["Nele Zilinskiene", "Wang Donghai"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“The plan is ready,” said Brennan on Friday.", ["Brennan"]),
        ("Yeltsin, 65, has been seen rarely since July.", ["Yeltsin"]),
        ("Interfax quoted Kovalenko as saying the war was over.", ["Kovalenko"]),
        # Speech cues alone do not make a company a person.
        ("“Sales rose,” said Nintendo on Friday.", []),
        ("Apple said it would appeal.", []),
    ],
)
def test_single_surname_cues(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_single_surname_propagates_within_article() -> None:
    text = "Brennan said he would return. Critics doubt Brennan can deliver peace."
    assert [m.text for m in find_mentions(text)] == ["Brennan", "Brennan"]


def test_empty_and_whitespace() -> None:
    assert names("") == []
    assert find_mentions("   \n\n  ") == []


# --- canonicalisation ------------------------------------------------------------------


def test_name_key_merges_variants() -> None:
    assert name_key("Zelenskyy") == name_key("Zelensky") == name_key("Zelenskiy")
    assert name_key("Micheál Martin") == name_key("Micheal Martin")
    assert name_key("Volodymyr") == name_key("Volodimir")
    assert name_key("O’Brien") == name_key("O'Brien")
    assert name_key("JEAN-LUC") == name_key("Jean Luc")


def test_name_key_keeps_different_people_apart() -> None:
    assert name_key("Martin") != name_key("Marin")
    assert name_key("Putin") != name_key("Puttin Down")


def test_spelling_variants_are_one_person() -> None:
    text = "Volodymyr Zelenskyy arrived. Later Zelensky said peace was near."
    assert names(text) == ["Volodymyr Zelenskyy"]


def test_canonical_keeps_accents_for_display() -> None:
    assert names("Taoiseach Micheál Martin met Micheal Martin's aides.") == ["Micheál Martin"]


def test_mention_dataclass_fields() -> None:
    m = find_mentions("Angela Merkel spoke.")[0]
    assert m == Mention(0, 13, "Angela Merkel", "Angela Merkel")


# --- scale sanity (not timed) -------------------------------------------------------------


def test_long_input_scales_linearly_in_output() -> None:
    text = SEED.read_text(encoding="utf-8")
    single = len(find_mentions(text))
    many = find_mentions("\n\n".join([text] * 40))
    assert len(many) == 40 * single
    assert names("\n\n".join([text] * 40)) == SEED_PEOPLE


def test_chief_of_staff_title_is_stripped():
    assert extract_people("White House Chief of Staff Donald Regan said on Monday the plan was dead.") == [
        "Donald Regan"
    ]


# --- web-page shapes: products, units, time stamps, captions ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The report was first published on March 3, 2021: 9:14 AM ET",
        "The laptop ships with 32GB DDR5 memory and a Radeon GPU.",
        "Reviewers praised the upgraded Nvidia Falcon GPU inside the box.",
        "The engineers built Harbor RPCs to talk to the scheduler.",
        "Gamers liked the Quest VR headset more than expected.",
        "Rival Ridley Software said its Tornado X2 chip was faster.",
        "The new model runs in 8K. Everyone else has to wait for a patch.",
        "The Belmont F1 team lost money again this year.",
        "Just-released Minecraft builds crash on older phones.",
        "Readers asked whether there are any Un-Angry Voters left.",
        "The page needs JavaScript Debugger support to load.",
        "Senator. You've done enough damage, the witness said.",
    ],
)
def test_product_unit_and_modifier_shapes_are_not_people(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Le Monde | 12.06.2019 à 10h05",
        "Better Student Journalism\n\nWe launched the student site in May.",
        "The Lord Mayor of Leeds opened the new bridge.",
        "The best game this year is “Ocean Valkyrie” ($40), a space shooter.",
        "The fans queued for #Hamilton Chicago tickets all night.",
    ],
)
def test_papers_titles_and_quoted_works_are_not_people(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Senator JD Vance spoke first.", ["JD Vance"]),
        ("The novel by J.K. Rowling sold well.", ["J.K. Rowling"]),
        ("Photo by DESMOND KWANDE/AFP", ["DESMOND KWANDE"]),
        ("Queen Elizabeth II visited the port.", ["Elizabeth II"]),
        ("Former president Le Duc Anh died on Monday.", ["Le Duc Anh"]),
        ("El Hassane Lahssini ( Morocco ) was fourth.", ["El Hassane Lahssini"]),
        ("Buck Carter sat with his daughter Kaiarahi in the garden.", ["Buck Carter", "Kaiarahi"]),
        ("Analyst Marie Dong-hoon said the chip was late.", ["Marie Dong-hoon"]),
        ("The Oscar Dress was stolen. Oscar Dress, the tailor, said so.", ["Oscar Dress"]),
    ],
)
def test_name_shapes_kept_next_to_the_new_cues(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_word_written_in_lowercase_elsewhere_ends_no_name() -> None:
    text = "Pearl Oscar Gown Stolen\n\nThe actress said her gown was taken from the hotel."
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Photo: Dana Lowe Images/Getty", []),
        ("Kline Online reported the merger first.", []),
        ("(See Harlow's own account of the night.)", []),
        ("Anna Online is not a name; Anna Reyes said so.", ["Anna Reyes"]),
    ],
)
def test_media_words_and_see(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_the_english_word_list_answers_as_a_set_of_its_words_would():
    text = gzip.decompress((lexicon._DATA / "english_words.txt.gz").read_bytes()).decode("utf-8")
    listed = text.split("\n")[:-1]
    assert listed == sorted(set(listed)) and all(word and word == word.strip() for word in listed)
    words, every = lexicon.english_words(), frozenset(listed)
    asked = set(listed[::7]) | {w + suffix for w in listed[::53] for suffix in ("s", "ed", "e", "x")}
    asked |= {w[:2] for w in listed[::11]} | {w.upper() for w in listed[::97]}
    asked |= {"", "zzzz", "aardvarks", "zythum", "a\nb", "\U0010ffff", "élan"}
    assert {w for w in asked if w in words} == asked & every
    tiny = SortedWords("ash\nbirch\nbirches\nelm\n")
    assert [w in tiny for w in ("ash", "birch", "birche", "bir", "elms", "oak", "")] == [
        True, True, False, False, False, False, False]
