"""Whoosh analyzers for news text and for people's names.

News text needs more than Whoosh's default analyzer: "U.S." must stay a
token of its own (not the stop word "us"), "Russia’s" must match "Russia",
"Micheál" must match "Micheal", and "86%" must be found by "86".

>>> [t.text for t in news_analyzer()("Russia’s U.S. envoy met Micheál, 86% said")]
['russia', 'u.s.', 'envoy', 'met', 'micheal', '86', 'said']
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator

from whoosh.analysis import (
    STOP_WORDS,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.analysis.analyzers import Analyzer, CompositeAnalyzer
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

from searchkit.people.names import BARE_PREFIX, PEOPLE_SEPARATOR, name_key, surname

#: Decimal numbers, dotted acronyms (U.S., e.g.), then words with inner apostrophes.
TOKEN_PATTERN = r"\d+(?:[.,]\d+)+|(?:[^\W\d_]\.){2,}|\w+(?:['’]\w+)*"

#: Whoosh's English stop list ("us" included, which is why "U.S." keeps its dots) plus
#: English function and question words; measured in docs/ranking.md ("stop-english").
NEWS_STOP_WORDS = frozenset(STOP_WORDS) | frozenset(
    """
    about above after again against all also am any been before being below between both but
    because could did do does doing down during each either else ever few further had has having
    he her here hers herself him himself his how i into its itself just me might more most must
    my myself neither no nor now off once only other ought our ours ourselves out over own same
    shall she should so some such than their theirs them themselves then there these they those
    through too under until up upon very was were what whatever where whether which while who
    whom whose why within without would yours yourself yourselves
    """.split()
)


class PossessiveFilter(Filter):
    """Drop a trailing possessive ’s and inner apostrophes: Russia’s → Russia, O'Brien → OBrien."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            text = token.text.replace("\u2019", "'")
            if text.endswith("'s") or text.endswith("'S"):
                text = text[:-2]
            token.text = text.replace("'", "")
            yield token


def _stem_word(word: str) -> str:
    # Porter would strip the dots' neighbours of acronyms ("u.s." → "u.s"); keep them whole.
    return word if "." in word else stem(word)


def news_analyzer(stemming: bool = True) -> CompositeAnalyzer:
    """Tokenize, drop possessives, lowercase, fold accents, drop stop words, then stem."""
    chain = (
        RegexTokenizer(TOKEN_PATTERN)
        | PossessiveFilter()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=NEWS_STOP_WORDS, minsize=1)
    )
    if stemming:
        chain = chain | StemFilter(stemfn=_stem_word)
    return chain


#: Filters that change or drop one token at a time, whatever its neighbours: after a regex
#: tokenizer, a word's analysis then depends on the word alone (see ``analysed_words``).
_WORD_FILTERS = (PossessiveFilter, LowercaseFilter, CharsetFilter, StopFilter, StemFilter)
#: Distinct words whose analysis is remembered per analyzer (about 200 bytes each), dropped when full.
WORD_MEMO_SIZE = 50_000
#: Keyed by ``id``: analyzers compare by value, so they cannot be weak dictionary keys.
_MEMOS: dict[int, dict[str, str | None]] = {}


def analysed_words(analyzer: Analyzer, text: str, start_char: int = 0) -> Iterator[tuple[int, int, str]]:
    """(startchar, endchar, term) of each word of ``text`` the analyzer indexes, stop words left out.

    The same as ``analyzer(text, chars=True)``, faster: feedback and snippets analyse
    whole articles, and a news analyzer spends most of its time passing each word
    through its six stages. With a regex tokenizer and filters that each look at
    one word, a word's analysis depends on the word alone, so each distinct word
    goes through the analyzer once and is remembered. Any other analyzer is run
    as it is.
    """
    memo = _memo_of(analyzer)
    if memo is None:
        yield from ((t.startchar, t.endchar, t.text)
                    for t in analyzer(text, chars=True, start_char=start_char, removestops=False) if not t.stopped)
        return
    for match in analyzer.items[0].expression.finditer(text):
        word = match.group()
        term = memo.get(word, False)
        if term is False:
            if len(memo) >= WORD_MEMO_SIZE:
                memo.clear()
            term = memo[word] = next((t.text for t in analyzer(word, removestops=False) if not t.stopped), None)
        if term is not None:
            yield start_char + match.start(), start_char + match.end(), term


def _memo_of(analyzer: Analyzer) -> dict[str, str | None] | None:
    """The analyzer's remembered words, or None when its analysis of a word may depend on its neighbours."""
    memo = _MEMOS.get(id(analyzer))
    if memo is None:
        items = getattr(analyzer, "items", ())
        if not (isinstance(analyzer, CompositeAnalyzer) and isinstance(items[0], RegexTokenizer)
                and not items[0].gaps and all(isinstance(f, _WORD_FILTERS) for f in items[1:])):
            return None
        memo = _MEMOS[id(analyzer)] = {}
        weakref.finalize(analyzer, _MEMOS.pop, id(analyzer), None)
    return memo


_APOSTROPHES = str.maketrans("", "", "'\u2019")


def surface_fold(text: str) -> str:
    """Text lower-cased, accent-folded and without apostrophes, as the news analyzer sees it before stemming."""
    return text.lower().translate(accent_map).translate(_APOSTROPHES)


def stem_prefix(term: str) -> str:
    """A prefix that every word the news analyzer turns into ``term`` contains once ``surface_fold``-ed.

    Porter stems are prefixes of their words but for a final e or i it may have
    restored or turned from y ("hide" ← hiding, "happi" ← happy) and "-bility" →
    "bl"; checked on 199,407 words of news text, without a miss.
    """
    if term.endswith("bl"):
        return term[:-2]
    if term[-1:] in ("e", "i") and len(term) > 2:
        return term[:-1]
    return term


class PeopleTokenizer(Tokenizer):
    """Index each name under its full-name key and its surname key; query by one key.

    A name given alone ("Zelensky") is indexed under its key and a marked key
    ("=zelenski"), which a full-name query adds when that surname is unambiguous.

    Keys come from ``people.name_key``, which folds case, accents and common
    transliteration variants, so "Zelenskyy" finds "Volodymyr Zelensky".
    """

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        if mode == "query":
            keys = [] if value.strip().lower() in NEWS_STOP_WORDS else [name_key(value)]
        else:
            keys = []
            for name in value.split(PEOPLE_SEPARATOR):
                name = name.strip()
                if not name:
                    continue
                key = name_key(name)
                keys.append(key)
                last = surname(name)
                keys.append(name_key(last) if last != name else BARE_PREFIX + key)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, key in enumerate(dict.fromkeys(k for k in keys if k)):
            token.text = key
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token


def people_analyzer() -> Analyzer:
    """The analyzer of the ``people`` field (see PeopleTokenizer)."""
    return PeopleTokenizer()
