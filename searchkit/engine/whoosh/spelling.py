""""Did you mean": respell query words the index does not know.

The body field holds stems ("ceasefir"), and Whoosh's ``correct_query`` would
suggest those. Keeping a second, unstemmed field for spelling alone would cost
about a third more indexing time, so instead a misspelt word is stemmed, the
nearest stems the articles use are found in the body's term list (one edit for
short words, two for longer ones; the stem most articles use wins), and the
winning stem is turned back into a word as written in an article that uses it.
The caller offers the respelled query unless it finds fewer articles.
"""

from __future__ import annotations

import re

from searchkit.analysis import news

#: Only this many words of a query are checked, and none longer than MAX_WORD (each check
#: builds an edit-distance automaton: a long pasted text must not cost seconds).
MAX_WORDS = 8
MAX_WORD = 24
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def respell(searcher, text: str) -> str | None:
    """The query text with unknown words replaced by their best-known neighbours, or None."""
    out, last, changed = [], 0, False
    for number, match in enumerate(_WORD.finditer(text)):
        word = match.group()
        if number >= MAX_WORDS:
            break
        if (word in _OPERATORS or news.is_acronym(word) or len(word) > MAX_WORD
                or text[match.end() : match.end() + 1] == ":"):
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


def _articles_with(searcher, stem: str) -> int:
    return searcher.doc_frequency("body", stem) + searcher.doc_frequency("headline", stem)


def _better_word(searcher, word: str) -> str | None:
    stems = [term for _, _, term in news.terms(word)]
    if len(stems) != 1 or _articles_with(searcher, stems[0]) > 0:
        return None  # a stop word, several tokens, or a word the articles know
    stem = stems[0]
    reader = searcher.reader()
    for maxdist in (1, 2) if len(stem) > 4 else (1,):
        candidates = {
            term.decode("utf-8") if isinstance(term, bytes) else term
            for term in reader.terms_within("body", stem, maxdist, prefix=1)
        } - {stem}
        scored = [(n, c) for c in candidates if (n := _articles_with(searcher, c)) > 0 and c.isalpha()]
        if scored:
            best = max(scored, key=lambda nc: (nc[0], -len(nc[1]), nc[1]))[1]
            return surface_form(searcher, best)
    return None


def surface_form(searcher, stem: str) -> str | None:
    """The word as an article writes it (lower case) for a body stem: "ceasefir" → "ceasefire"."""
    docnum = next(iter(searcher.postings("body", stem).all_ids()), None)
    if docnum is None:
        return None
    body = searcher.stored_fields(docnum).get("body", "")
    for start, end, term in news.terms(body):
        if term == stem:
            return body[start:end].lower().replace("’s", "").replace("'s", "")
    return None
