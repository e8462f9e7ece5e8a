"""Words of languages other than English as search terms: each language's Snowball stemmer and stop words.

English text keeps its own analysis (``news``: Porter, the news stop list,
acronyms). A language Whoosh ships a Snowball stemmer for ("de", "fr", "es",
"it", "nl", "pt", "ru", "sv", ...) is stemmed with it, its stop words (Whoosh's
lists) indexed under marked terms as English ones are; any other language
("ja", "zh", "pl", ...) is folded but not stemmed (``PLAIN``). A word is
stemmed as written (lower-cased: the stemmers know their accents) and the stem
then accent-folded, so "Häusern" and "Hauser" both become "haus", and
"élections" and "elections" both "elect".

French and Italian elisions lose their article ("l'élection" → "election").

>>> [term_of(word, "de") for word in ("Häusern", "Häuser", "Hauser", "und")]
['haus', 'haus', 'haus', '~und']
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from whoosh.lang import has_stemmer, has_stopwords, stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

ENGLISH = "en"
#: The analysis of a language without a stemmer: words folded, not stemmed, no stop words.
PLAIN = ""
#: Marks a stop word's term (the same mark as ``news.STOP_MARK``).
STOP_MARK = "~"
#: Languages that elide an article or pronoun with an apostrophe ("l'", "d'", "qu'").
_ELIDING = frozenset({"fr", "it", "ca"})
_ELISION_MAX = 6  # letters before the apostrophe: "l", "qu", "jusqu", "lorsqu", "puisqu"
#: Distinct words whose terms are remembered per language (forgotten when full).
_MEMO_SIZE = 50_000
_MEMOS: dict[str, dict[str, str]] = {}


def analysis_of(language: str) -> str:
    """The analysis an article of ``language`` (a two-letter code) gets: its own, English's, or PLAIN."""
    if language == ENGLISH or not language:
        return ENGLISH
    return language if has_stemmer(language) else PLAIN


def analyses_of(codes: Iterable[str]) -> tuple[str, ...]:
    """The analyses of articles in these languages (each once, English first); English alone for none.

    A query word goes through each of them, so it finds the articles of every language."""
    found = {analysis_of(code) for code in codes if code}
    return tuple(sorted(found, key=lambda analysis: (analysis != ENGLISH, analysis))) or (ENGLISH,)


@cache
def _stemmer(analysis: str):
    return stemmer_for_language(analysis)


@cache
def _stop_words(analysis: str) -> frozenset[str]:
    return frozenset(stopwords_for_language(analysis)) if has_stopwords(analysis) else frozenset()


def without_elision(word: str, analysis: str) -> str:
    """A word without an elided article ("l'élection" → "élection") and without apostrophes."""
    text = word.replace("\u2019", "'")
    if analysis in _ELIDING and "'" in text:
        head, _, rest = text.partition("'")
        if rest and len(head) <= _ELISION_MAX:
            text = rest
    return text.replace("'", "")


def folded(text: str) -> str:
    """Lower-cased and accent-folded, ß as "ss" (German written without the letter: "Straße", "Strasse")."""
    return text.lower().replace("ß", "ss").translate(accent_map)


def fold(word: str, analysis: str) -> str:
    """The word lower-cased and accent-folded, its elision removed: its exact form."""
    return folded(without_elision(word, analysis))


def term_of(word: str, analysis: str) -> str:
    """The term a word is indexed under in ``analysis`` (not English): its stop words marked ("~und")."""
    memo = _MEMOS.setdefault(analysis, {})
    term = memo.get(word)
    if term is None:
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        term = memo[word] = _analysed(word, analysis)
    return term


def _analysed(word: str, analysis: str) -> str:
    lowered = without_elision(word, analysis).lower()
    if "." in lowered:  # a dotted acronym loses its dots, a number keeps them
        plain = folded(lowered)
        return plain if plain[:1].isdigit() else plain.replace(".", "")
    if lowered in _stop_words(analysis):
        return STOP_MARK + folded(lowered)
    if analysis == PLAIN:
        return folded(lowered)
    return folded(_stemmer(analysis)(lowered))
