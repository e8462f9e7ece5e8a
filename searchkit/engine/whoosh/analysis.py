"""searchkit's analysis (``searchkit.analysis``) as Whoosh analyzers: news text, and people's names.

Whoosh asks an analyzer for tokens with positions and character offsets; the
terms themselves come from ``searchkit.analysis.news`` and
``searchkit.people.names``, so every engine and every snippet sees the same terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from whoosh.analysis import Token, Tokenizer
from whoosh.analysis.analyzers import Analyzer

from searchkit.analysis import news
from searchkit.analysis.languages import ENGLISH
from searchkit.people.names import people_keys, query_key


class _Tokenizer(Tokenizer):
    """A tokenizer equal to any other of its class (Whoosh compares schemas by value)."""

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))


class NewsTokenizer(_Tokenizer):
    """Tokens of ``news.terms``, positioned by word: every word is indexed, stop words under marked terms.

    Outside indexing (``mode`` other than "index") with ``removestops`` (Whoosh's
    default) stop words are left out, which is how plain query words and key terms
    are read; with ``removestops=False`` (phrases) they are kept. With
    ``tokenize=False`` the whole value is one word (prefix, wildcard and fuzzy queries).
    ``lang`` names the analysis (``languages.analysis_of``; English unless told).
    """

    exact = False
    terms = staticmethod(news.terms)

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", lang: str = ENGLISH, **kwargs) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if tokenize:
            words: Iterable[tuple[int, int, str]] = self.terms(value, start_char, lang)
        else:
            words = [(start_char, start_char + len(value), news.term_in(value, exact=self.exact, lang=lang))]
        skip_stops = removestops and mode != "index"
        for pos, (start, end, term) in enumerate(words, start=start_pos):
            if skip_stops and news.is_stop_term(term):
                continue
            token.text = term
            token.stopped = False
            token.boost = 1.0
            if keeporiginal:
                token.original = value[start - start_char:end - start_char]
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = start, end
            yield token


class ExactTokenizer(NewsTokenizer):
    """The words' exact forms (``news.exact_terms``: folded, not stemmed, no stop words), for the ``*_exact``
    fields that rank a word as typed above the other words of its stem."""

    exact = True
    terms = staticmethod(news.exact_terms)


class PeopleTokenizer(_Tokenizer):
    """Index each name under its full-name key and its surname key; query by one key (``people.names``)."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs) -> Iterator[Token]:
        if mode == "query":
            key = query_key(value, stop_words=news.NEWS_STOP_WORDS)
            keys = [key] if key else []
        else:
            keys = people_keys(value)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, key in enumerate(keys):
            token.text = key
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token


def news_analyzer() -> Analyzer:
    """The analyzer of the text fields (headline, sub-headings, body, authors)."""
    return NewsTokenizer()


def exact_analyzer() -> Analyzer:
    """The analyzer of the exact-form fields (see ExactTokenizer)."""
    return ExactTokenizer()


def people_analyzer() -> Analyzer:
    """The analyzer of the ``people`` field (see PeopleTokenizer)."""
    return PeopleTokenizer()


def analysed_words(analyzer: Analyzer, text: str, start_char: int = 0,
                   lang: str = ENGLISH) -> Iterator[tuple[int, int, str]]:
    """(startchar, endchar, term) of each word the analyzer indexes: ``news.terms`` for searchkit's own
    (in the analysis ``lang`` names), any other analyzer (a relevance bench's variant) run as it is."""
    if isinstance(analyzer, NewsTokenizer):
        return analyzer.terms(text, start_char, lang)
    return ((t.startchar, t.endchar, t.text)
            for t in analyzer(text, chars=True, start_char=start_char, removestops=False) if not t.stopped)
