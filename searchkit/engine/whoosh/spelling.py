""""Did you mean", and the words a typo matches: the indexed words close to one no article holds.

Both come from the exact-form fields (``body_exact``, ``headline_exact``: each
word as articles write it, folded, not stemmed), never from the stems: a stem
("ceasefir") is no word to offer, and two stems can be close where the words
are not. A word is compared as typed and folded, ß as "ss" (``straße`` is
"strasse": seven letters, three edits from "state"); one that the articles hold
in either folded form is no typo at all, nor is one
whose stem they use (unless only rarely, beside a far more common neighbour). The edits a neighbour may be away are
Elasticsearch's ``fuzziness: AUTO`` on the typed word's length (none up to two
letters, one up to five, else two), its first letter kept; the closest
neighbours win, then the one most articles use, and it is offered as an
article writes it (accents back: "micheál").
"""

from __future__ import annotations

import heapq
import re
from typing import NamedTuple

from searchkit.analysis import news
from searchkit.engine.whoosh.languages import index_analyses
from searchkit.search.edits import auto_edits, distance

#: Only this many words of a query are checked, and none longer than MAX_WORD (each check
#: builds an edit-distance automaton: a long pasted text must not cost seconds).
MAX_WORDS = 8
MAX_WORD = 24
#: The most neighbours a typo is matched with (the ones most articles use).
MAX_NEIGHBOURS = 50
#: A word whose stem is in at most RARE articles is taken for a typo of a neighbour in MUCH_MORE times as many.
RARE = 2
MUCH_MORE = 20
EXACT_FIELDS = ("body_exact", "headline_exact")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


class Neighbour(NamedTuple):
    """An indexed word (exact form) near a typed one: its edits away and the articles holding it."""

    word: str
    edits: int
    articles: int


def spelling_forms(word: str) -> tuple[str, ...]:
    """The folded form a typed word is indexed under (its punctuation left out: "tumors," is "tumors");
    none when it is not one word ("U.S.-led")."""
    tokens = [token for _, _, token in news.words(word)]
    return (news.exact_of(tokens[0]),) if len(tokens) == 1 else ()


def _articles_with(reader, word: str) -> int:
    return sum(reader.doc_frequency(field, word) for field in EXACT_FIELDS)


def neighbours(reader, word: str) -> list[Neighbour]:
    """The words a typo ``word`` may have meant: closest first, then the most used; [] when it is no typo.

    It is a typo when no article holds it as typed (in a folded form), and its
    stem (in any language of the index) is in none either ("ceasefires" is no
    typo where articles say "ceasefire") or in at most RARE articles while a neighbour is in MUCH_MORE
    times as many (another word may share a misspelling's stem). A stop word, and
    a word of an index without exact forms, is none.
    """
    forms = spelling_forms(word)
    if (not forms or news.is_stop_term(forms[0]) or "body_exact" not in reader.indexed_field_names()
            or any(_articles_with(reader, form) for form in forms)):
        return []
    written = next(news.words(word))[2]
    held = max(reader.doc_frequency("body", stem) + reader.doc_frequency("headline", stem)
               for stem in {news.term_of(written, lang) for lang in index_analyses(reader)})
    typed = forms[-1]
    edits = auto_edits(len(typed))
    if held > RARE or not edits or len(typed) > MAX_WORD:
        return []
    near = [Neighbour(word, edits_away, articles) for word, edits_away in _within_edits(reader, typed, edits).items()
            if word not in forms and (articles := _articles_with(reader, word)) >= MUCH_MORE * held]
    return heapq.nsmallest(MAX_NEIGHBOURS, near, key=lambda n: (n.edits, -n.articles, n.word))


def _within_edits(reader, typed: str, edits: int) -> dict[str, int]:
    """The body's words (exact forms) that start as ``typed`` does and are within ``edits`` of it.

    Read segment by segment: Whoosh's ``terms_within`` merges the segments' term
    lists into one and measures every word of the letter in full (tens of
    milliseconds a word on a large archive); here the words of another length are
    passed over first and a measure stops as soon as it is over.
    """
    found: dict[str, int] = {}
    first = typed[0].encode("utf-8")
    for leaf, _ in reader.leaf_readers():
        for term in leaf.expand_prefix("body_exact", first):
            word = term.decode("utf-8") if isinstance(term, bytes) else term
            if abs(len(word) - len(typed)) <= edits and word not in found and word.isalpha():
                away = distance(typed, word, edits)
                if away <= edits:
                    found[word] = away
    return found


def respell(searcher, text: str, checked: dict[str, list[Neighbour]] | None = None) -> str | None:
    """The query text with its typos replaced by their closest neighbours, or None (``checked``: the
    neighbours already looked up for some of its words)."""
    out, last, changed = [], 0, False
    for number, match in enumerate(_WORD.finditer(text)):
        word = match.group()
        if number >= MAX_WORDS:
            break
        if (word in _OPERATORS or news.is_acronym(word) or len(word) > MAX_WORD
                or text[match.end() : match.end() + 1] == ":"):
            continue
        better = _better_word(searcher, word, checked or {})
        if better is None:
            continue
        out.append(text[last : match.start()])
        out.append(better.capitalize() if word[0].isupper() else better)
        last, changed = match.end(), True
    if not changed:
        return None
    out.append(text[last:])
    return "".join(out)


def _better_word(searcher, word: str, checked: dict[str, list[Neighbour]]) -> str | None:
    if len(list(news.terms(word))) != 1:
        return None  # several tokens ("U.S.-led")
    found = checked[word] if word in checked else neighbours(searcher.reader(), word)
    return surface_form(searcher, found[0].word) if found else None


def surface_form(searcher, exact: str) -> str | None:
    """A word as an article writes it (lower case, accents kept) for its exact form: "micheal" → "micheál"."""
    for field in EXACT_FIELDS:
        docnum = next(iter(searcher.postings(field, exact).all_ids()), None) \
            if searcher.doc_frequency(field, exact) else None
        if docnum is None:
            continue
        stored = searcher.stored_fields(docnum)
        text = stored.get("body" if field == "body_exact" else "headline", "")
        for start, end, term in news.exact_terms(text):
            if term == exact:
                return text[start:end].lower().replace("’s", "").replace("'s", "")
    return exact
