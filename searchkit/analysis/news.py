"""News text to search terms.

News text needs more than a plain analyzer: "U.S." must be found by "US",
"Russia’s" must match "Russia", "Micheál" must match "Micheal", and "86%" must
be found by "86".

>>> [term for _, _, term in terms("Russia’s U.S. envoy met Micheál, 86% said")]
['russia', 'us', 'envoi', 'met', 'micheal', '86', 'said']

Every word is indexed, so a phrase keeps every word (``"to be or not to be"``):
a stop word under a term of its own, marked with ``STOP_MARK`` ("~us"), and a
stop word written in capitals as the acronym it is ("US" → "us", as "U.S."), so
"US", "IT" and "WHO" find the acronyms and not the pronouns. Plain query words
leave stop words out (``query_terms``); in text written all in capitals (a
shouted query, an upper-case archive) no word is taken for an acronym.

The Porter stemmer and the accent-folding table are the ones Whoosh ships
(pure functions and data, used here as a library).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

from searchkit.analysis import cjk, languages
from searchkit.analysis.languages import ENGLISH

#: Decimal numbers, dotted acronyms (U.S., e.g.), then words with inner apostrophes.
TOKEN_PATTERN = r"\d+(?:[.,]\d+)+|(?:[^\W\d_]\.){2,}|\w+(?:['’]\w+)*"
TOKEN = re.compile(TOKEN_PATTERN)

#: English function and question words, left out of queries (not of the index): what a typed
#: question ("what is the effect of...") adds besides its topic; measured in docs/ranking.md.
NEWS_STOP_WORDS = frozenset(
    """
    a an and are as at be by can for from have if in is it may not of on or tbd that the this to us
    we when will with yet you your
    about above after again against all also am any been before being below between both but
    because could did do does doing down during each either else ever few further had has having
    he her here hers herself him himself his how i into its itself just me might more most must
    my myself neither no nor now off once only other ought our ours ourselves out over own same
    shall she should so some such than their theirs them themselves then there these they those
    through too under until up upon very was were what whatever where whether which while who
    whom whose why within without would yours yourself yourselves
    """.split()
)
#: Text of this many words or more written all in capitals is shouted: its capitals are not acronyms.
SHOUTED_WORDS = 3
#: Marks a stop word's term: no word analyses to a term starting with it.
STOP_MARK = "~"

#: Distinct words whose analysis is remembered (about 200 bytes each), forgotten when full.
WORD_MEMO_SIZE = 50_000
_MEMO: dict[str, str] = {}
_EXACT_MEMO: dict[str, str] = {}
_APOSTROPHES = str.maketrans("", "", "'\u2019")
_LETTER_DOT = re.compile(r"(?<=[^\W\d_])\.")


def fold(word: str) -> str:
    """A word without its possessive ’s and apostrophes, lower-cased and accent-folded (ß as "ss", as
    German writes it without the letter: "Straße" and "Strasse" are one word)."""
    text = word.replace("\u2019", "'")
    if text.endswith("'s") or text.endswith("'S"):
        text = text[:-2]
    return languages.folded(text.replace("'", ""))


def stem(word: str) -> str:
    """The Porter stem of a folded word; a dotted acronym loses its dots instead ("u.s." → "us"), a number stays."""
    if "." not in word:
        return porter_stem(word)
    return word if word[0].isdigit() else word.replace(".", "")


def term_of(word: str, lang: str = ENGLISH) -> str:
    """The term a word is indexed under, a stop word marked ("~us"), an acronym's too. Remembered per word.

    ``lang`` names the analysis (``languages.analysis_of``): English's here, another language's there."""
    if lang != ENGLISH:
        return languages.term_of(word, lang)
    term = _MEMO.get(word)
    if term is None:
        if len(_MEMO) >= WORD_MEMO_SIZE:
            _MEMO.clear()
        folded = fold(word)
        term = _MEMO[word] = STOP_MARK + folded if folded in NEWS_STOP_WORDS else stem(folded)
    return term


def exact_of(word: str, lang: str = ENGLISH) -> str:
    """The word's exact (unstemmed) form: folded as ``term_of`` does, not stemmed ("Arsene" → "arsene")."""
    if lang != ENGLISH:
        term = languages.term_of(word, lang)
        return term if is_stop_term(term) or "." in word else languages.fold(word, lang)
    exact = _EXACT_MEMO.get(word)
    if exact is None:
        if len(_EXACT_MEMO) >= WORD_MEMO_SIZE:
            _EXACT_MEMO.clear()
        term = term_of(word)
        folded = fold(word)
        exact = _EXACT_MEMO[word] = term if term[:1] == STOP_MARK or "." in folded else folded
    return exact


def term_in(word: str, shouted: bool = False, exact: bool = False, lang: str = ENGLISH) -> str:
    """The term (``exact``: the exact form) of a word in its text: a stop word written as an acronym
    ("US", "WHO") is the acronym, unless the text is ``shouted``."""
    term = exact_of(word, lang) if exact else term_of(word, lang)
    if term[:1] == STOP_MARK and not shouted and is_acronym(word):
        return term[1:]
    return term


def is_stop_term(term: str) -> bool:
    """Whether a term is a stop word's (plain query words leave them out)."""
    return term[:1] == STOP_MARK


def is_acronym(word: str) -> bool:
    """A word of two or more letters written in capitals ("US", "WHO", "U.S.")."""
    return len(word) > 1 and word.isupper()


def shouted(text: str) -> bool:
    """Whether ``text`` is written all in capitals (SHOUTED_WORDS words or more): then no word is an acronym."""
    return text.upper() == text and text.lower() != text and len(TOKEN.findall(text, 0, 400)) >= SHOUTED_WORDS


def words(text: str, start_char: int = 0) -> Iterator[tuple[int, int, str]]:
    """(startchar, endchar, word as written) of each token of ``text``."""
    for match in TOKEN.finditer(text):
        yield start_char + match.start(), start_char + match.end(), match.group()


def terms(text: str, start_char: int = 0, lang: str = ENGLISH) -> Iterator[tuple[int, int, str]]:
    """(startchar, endchar, term) of each word of ``text``: what is indexed, stop words included.

    ``lang`` names the analysis (``languages.analysis_of``); CJK characters become bigrams in every one."""
    loud = shouted(text)
    for match in TOKEN.finditer(text):
        word = match.group()
        if cjk.has_cjk(word):
            for start, end, piece, bigram in cjk.pieces(word, start_char + match.start()):
                yield start, end, piece if bigram else term_in(piece, loud, lang=lang)
        else:
            yield start_char + match.start(), start_char + match.end(), term_in(word, loud, lang=lang)


def exact_terms(text: str, start_char: int = 0, lang: str = ENGLISH) -> Iterator[tuple[int, int, str]]:
    """(startchar, endchar, exact form) of each word of ``text`` but stop words (only plain words look them up)
    and CJK bigrams (their exact form is their term)."""
    loud = shouted(text)
    for match in TOKEN.finditer(text):
        word = match.group()
        found = [(start_char + match.start(), start_char + match.end(), word)]
        if cjk.has_cjk(word):
            found = [(start, end, piece) for start, end, piece, bigram in cjk.pieces(word, found[0][0]) if not bigram]
        for start, end, piece in found:
            term = term_in(piece, loud, exact=True, lang=lang)
            if not is_stop_term(term):
                yield start, end, term


def query_terms(text: str, lang: str = ENGLISH) -> list[str]:
    """The terms plain query words search for: stop words left out, acronyms kept."""
    return [term for _, _, term in terms(text, lang=lang) if not is_stop_term(term)]


def is_stop_anywhere(word: str, analyses: tuple[str, ...]) -> bool:
    """Whether a plain query word is a stop word in one of ``analyses``: it then matches in none.

    Kept in the others, "of" would match only the few articles of a language without
    English's stop words (or an English abstract detected as another language), and its
    high idf there would put them first for every query holding it."""
    return len(analyses) > 1 and any(not query_terms(word, lang=lang) for lang in analyses)


def surface_fold(text: str) -> str:
    """Text lower-cased, accent-folded, without apostrophes or dots after letters ("u.s." → "us"),
    as analysis sees it before stemming."""
    return _LETTER_DOT.sub("", text.lower().translate(accent_map).translate(_APOSTROPHES))


def stem_prefix(term: str) -> str:
    """A prefix that every word analysed into ``term`` contains once ``surface_fold``-ed.

    Porter stems are prefixes of their words but for a final e or i it may have
    restored or turned from y ("hide" ← hiding, "happi" ← happy) and "-bility" →
    "bl"; checked on 199,407 words of news text, without a miss.
    """
    if term.endswith("bl"):
        return term[:-2]
    if term[-1:] in ("e", "i") and len(term) > 2:
        return term[:-1]
    return term


def repeats_lead(headline: str, body: str) -> bool:
    """Whether every word of ``headline`` is, in order, one of the first words of ``body``.

    A headline made from the body's first sentence (a feed without titles) shows
    well in a result list but says nothing the body does not: searched as a
    headline, its words would count twice and lead words ("RUSSIA", "LONDON")
    would outrank the story. Compared word by word, case and accents folded.
    """
    heading = [fold(word) for _, _, word in words(headline)]
    if not heading:
        return False
    lead = [fold(word) for _, _, word in islice(words(body), len(heading))]
    return lead == heading
