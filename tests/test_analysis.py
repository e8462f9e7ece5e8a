import pytest

from searchkit.engine.whoosh.analysis import news_analyzer, people_analyzer
from searchkit.people.names import surname


def tokens(text: str, mode: str = "query") -> list[str]:
    return [t.text for t in news_analyzer()(text, mode=mode)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Russia’s court", ["russia", "court"], id="curly-possessive"),
        pytest.param("Russia's court", ["russia", "court"], id="straight-possessive"),
        pytest.param("Micheál Martin", ["micheal", "martin"], id="accent-folding"),
        pytest.param("U.S. officials", ["us", "offici"], id="dotted-acronym-loses-its-dots"),
        pytest.param("told us", ["told"], id="pronoun-us-is-a-stop-word"),
        pytest.param("86% of the territory", ["86", "territori"], id="numbers-kept"),
        pytest.param("a 30-day ceasefire", ["30", "dai", "ceasefir"], id="hyphen-splits"),
        pytest.param("O'Brien and O’Brien", ["obrien", "obrien"], id="apostrophe-names"),
        pytest.param("negotiations negotiation", ["negoti", "negoti"], id="stemming"),
        pytest.param("€1.6bn deal", ["1.6", "bn", "deal"], id="decimal-number"),
        pytest.param("WHO warns on US and IT spending", ["who", "warn", "us", "it", "spend"], id="acronyms-kept"),
    ],
)
def test_query_words(text, expected):
    assert tokens(text) == expected


def test_every_word_is_indexed_in_its_place():
    indexed = [(t.text, t.pos) for t in news_analyzer()("The talks on a truce", positions=True, mode="index")]
    assert indexed == [("~the", 0), ("talk", 1), ("~on", 2), ("~a", 3), ("truce", 4)]


def test_query_and_index_agree_on_us_acronym():
    assert tokens("U.S.") == tokens("US") == ["us"]
    assert tokens("The US and the U.S. told us", mode="index") == ["~the", "us", "~and", "~the", "us", "told", "~us"]
    assert tokens("THE US AND THE U.S. TOLD US", mode="index") == ["~the", "~us", "~and", "~the", "us", "told", "~us"]


def test_key_terms_of_shouted_text_leave_stop_words_out():
    assert tokens("THE TALKS ON A TRUCE WITH THE US") == ["talk", "truce"]


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


NEWS_TEXT = (
    "Russia’s U.S. envoy met Micheál O'Brien on Tuesday; 86% said the €1.6bn deal, "
    "signed in Kyiv at 3.5 p.m., was 'historic'. Negotiations negotiation. The U.S "
    "and us, e.g. THE UNITED STATES’ officials, were there.\n\nNew paragraph: naïve café résumé."
)


def test_whoosh_tokens_are_the_news_terms_with_their_positions(monkeypatch):
    from searchkit.analysis import news

    expected = list(news.terms(NEWS_TEXT, 7))
    monkeypatch.setattr(news, "WORD_MEMO_SIZE", 5)  # the memo is emptied along the way
    news._MEMO.clear()
    for _ in range(2):  # the second time, remembered words
        tokens = [(t.startchar, t.endchar, t.text, t.pos)  # Whoosh reuses one token object
                  for t in news_analyzer()(NEWS_TEXT, chars=True, positions=True, start_char=7, mode="index")]
        assert [token[:3] for token in tokens] == expected
        assert [token[3] for token in tokens] == list(range(len(tokens)))
    assert len(news._MEMO) <= 5


def test_analysed_words_run_other_analyzers_as_they_are():
    from whoosh.analysis import NgramWordAnalyzer

    from searchkit.engine.whoosh.analysis import analysed_words

    ngrams = NgramWordAnalyzer(3)
    assert [term for _, _, term in analysed_words(ngrams, "harbour")] == [t.text for t in ngrams("harbour")]
