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
from searchkit.people.names import people_keys, query_key


class _Tokenizer(Tokenizer):
    """A tokenizer equal to any other of its class (Whoosh compares schemas by value)."""

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))


class NewsTokenizer(_Tokenizer):
    """Tokens of ``news.terms``; positions count the words kept (the first keeps its place), as Whoosh's own do.

    With ``tokenize=False`` the whole value is one word (prefix, wildcard and fuzzy
    queries); with ``removestops=False`` stop words come too, marked ``stopped``.
    """

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        words: Iterable[tuple[int, int, str]] = (
            news.words(value, start_char) if tokenize else [(start_char, start_char + len(value), value)]
        )
        kept_pos = None
        for index, (start, end, word) in enumerate(words, start=start_pos):
            term = news.term_of(word)
            if term is None and removestops:
                continue
            token.stopped = term is None
            token.text = news.fold(word) if term is None else term
            token.boost = 1.0
            if keeporiginal:
                token.original = word
            if positions:
                if not token.stopped:
                    kept_pos = index if kept_pos is None else kept_pos + 1
                token.pos = index if token.stopped else kept_pos
            if chars:
                token.startchar, token.endchar = start, end
            yield token


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


def people_analyzer() -> Analyzer:
    """The analyzer of the ``people`` field (see PeopleTokenizer)."""
    return PeopleTokenizer()


def analysed_words(analyzer: Analyzer, text: str, start_char: int = 0) -> Iterator[tuple[int, int, str]]:
    """(startchar, endchar, term) of each word the analyzer indexes: ``news.terms`` for searchkit's own,
    any other analyzer (a relevance bench's variant) run as it is."""
    if isinstance(analyzer, NewsTokenizer):
        return news.terms(text, start_char)
    return ((t.startchar, t.endchar, t.text)
            for t in analyzer(text, chars=True, start_char=start_char, removestops=False) if not t.stopped)
