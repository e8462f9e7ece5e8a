import pytest

from searchkit.analysis import news_analyzer, people_analyzer, surname


def tokens(text: str, mode: str = "index") -> list[str]:
    return [t.text for t in news_analyzer()(text, mode=mode)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Russia’s court", ["russia", "court"], id="curly-possessive"),
        pytest.param("Russia's court", ["russia", "court"], id="straight-possessive"),
        pytest.param("Micheál Martin", ["micheal", "martin"], id="accent-folding"),
        pytest.param("U.S. officials", ["u.s.", "offici"], id="acronym-kept"),
        pytest.param("told us", ["told"], id="pronoun-us-is-a-stop-word"),
        pytest.param("86% of the territory", ["86", "territori"], id="numbers-kept"),
        pytest.param("a 30-day ceasefire", ["30", "dai", "ceasefir"], id="hyphen-splits"),
        pytest.param("O'Brien and O’Brien", ["obrien", "obrien"], id="apostrophe-names"),
        pytest.param("negotiations negotiation", ["negoti", "negoti"], id="stemming"),
        pytest.param("€1.6bn deal", ["1.6", "bn", "deal"], id="decimal-number"),
    ],
)
def test_news_analyzer(text, expected):
    assert tokens(text) == expected


def test_query_and_index_agree_on_us_acronym():
    assert tokens("U.S.", mode="query") == ["u.s."]
    assert "u.s." not in tokens("they told us")


def test_analyzer_keeps_character_offsets_of_the_original_words():
    text = "Zelensky’s hometown"
    first = next(iter(news_analyzer()(text, chars=True)))
    assert text[first.startchar:first.endchar] == "Zelensky’s"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Volodymyr Zelensky", "Zelensky"), ("Ursula von der Leyen", "von der Leyen"),
     ("Charles de Gaulle", "de Gaulle"), ("Madonna", "Madonna")],
)
def test_surname(name, expected):
    assert surname(name) == expected


def test_people_field_indexes_full_name_and_surname_and_queries_one_key():
    analyzer = people_analyzer()
    indexed = [t.text for t in analyzer("Volodymyr Zelensky\nMicheál Martin", mode="index")]
    assert len(indexed) == 4
    full_key = next(t.text for t in analyzer("volodymyr ZELENSKYY", mode="query"))
    surname_key = next(t.text for t in analyzer("Zelenskiy", mode="query"))
    accent_key = next(t.text for t in analyzer("Micheal Martin", mode="query"))
    assert {full_key, surname_key, accent_key} <= set(indexed)
