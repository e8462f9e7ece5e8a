""""Did you mean": respell query words the index does not know.

Whoosh's ``correct_query`` on a stemmed field suggests stems ("ceasefir"), so
the body field keeps a separate list of its unstemmed words (Whoosh's
``spelling=True``). A query word that no article contains is replaced by the
closest known word (one edit for short words, two for longer ones), preferring
the word most articles use; the caller offers the respelled query unless it
finds fewer articles.
"""

from __future__ import annotations

import re

from .analysis import news_analyzer

#: Suggestions are looked for when a query finds fewer articles than this.
FEW_HITS = 3
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}
_STEMMED = news_analyzer()
_UNSTEMMED = news_analyzer(stemming=False)


def respell(searcher, text: str) -> str | None:
    """The query text with unknown words replaced by their best-known neighbours, or None."""
    out, last, changed = [], 0, False
    for match in _WORD.finditer(text):
        word = match.group()
        if word in _OPERATORS or text[match.end() : match.end() + 1] == ":":
            continue
        better = _better_word(searcher, word)
        if better is None:
            continue
        out.append(text[last : match.start()])
        out.append(better.capitalize() if word[0].isupper() else better)
        last, changed = match.end(), True
    if not changed:
        return None
    out.append(text[last:])
    return "".join(out)


def _articles_with(searcher, word: str) -> int:
    stems = [t.text for t in _STEMMED(word)]
    if not stems:
        return -1  # a stop word: nothing to correct
    return max(searcher.doc_frequency("body", s) + searcher.doc_frequency("headline", s) for s in stems)


def _better_word(searcher, word: str) -> str | None:
    if _articles_with(searcher, word) != 0:
        return None
    plain = [t.text for t in _UNSTEMMED(word)]
    if len(plain) != 1:
        return None
    reader = searcher.reader()
    spell_field = searcher.schema["body"].spelling_fieldname("body")
    for maxdist in (1, 2) if len(plain[0]) > 4 else (1,):
        candidates = [w.decode("utf-8") if isinstance(w, bytes) else w
                      for w in reader.terms_within(spell_field, plain[0], maxdist, prefix=1)]
        scored = [(_articles_with(searcher, c), c) for c in candidates if c != plain[0]]
        scored = [(n, c) for n, c in scored if n > 0]
        if scored:
            return max(scored, key=lambda nc: (nc[0], -len(nc[1]), nc[1]))[1]
    return None
