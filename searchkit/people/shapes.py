"""Word shapes the people rules look at: common words, acronyms, products, titles of works.

Each test answers one question about a token or a run ("is this a lowercase
English word?", "is this a model number?") from its spelling and its
neighbours, never from a list of particular names.
"""

from __future__ import annotations

import re
from functools import lru_cache

from searchkit.people import lexicon as lex
from searchkit.people.tokens import Tok


def is_title(t: Tok) -> bool:
    low = t.lower.rstrip(".")
    return low in lex.TITLES or ("-" in low and low.split("-")[-1] in lex.TITLES)


_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers")


@lru_cache(maxsize=1 << 16)
def is_common(low: str) -> bool:
    """A lowercase English word, also through regular inflections (tensions -> tension)."""
    words = lex.english_words()
    if low in words:
        return True
    if low.endswith("men") and low[:-3] + "man" in words:
        return True
    if low.endswith("ies") and low[:-3] + "y" in words:
        return True
    for suf in _SUFFIXES:
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            stem = low[: -len(suf)]
            if stem in words or stem + "e" in words:
                return True
    return False


def inflected(low: str) -> bool:
    """An English word with a verb or plural ending ("leaves", "treats", "exceeded"), as names rarely are."""
    words = lex.english_words()
    for suffix in ("s", "ed", "ing"):
        stem = low[: -len(suffix)]
        if low.endswith(suffix) and len(stem) >= 3 and (stem in words or stem + "e" in words):
            return True
    return False


def surname_like(t: Tok) -> bool:
    low = t.lower
    if low in lex.PLACES or low in lex.ORG_WORDS or low in lex.NON_NAME or low in lex.DEMONYMS:
        return False
    return low in lex.surnames() or not is_common(low)


def is_org_token(t: Tok) -> bool:
    low = t.lower
    if low in lex.ORG_SUFFIXES:
        return t.text[0].isupper()  # "Pirelli SpA", but not "... as saying"
    return low in lex.STRONG_ORG_WORDS or t.text == "&"


CONTRACTION = re.compile(r"(?:['’](?:ve|re|ll|d|m)|n['’]t)$", re.I)


def digit_glued(toks: list[Tok], i: int) -> bool:
    """A word written against a number ("16GB", "DDR3", "F1", "4K.") or an underscore
    ("STANDALONE_WASM"): a unit, a model or an identifier in code."""
    t = toks[i]
    before = i > 0 and toks[i - 1].end == t.start and (toks[i - 1].text[0].isdigit() or toks[i - 1].text == "_")
    after = i + 1 < len(toks) and toks[i + 1].start == t.end and (
        toks[i + 1].text[0].isdigit() or toks[i + 1].text == "_")
    return before or after


def numbered_label(toks: list[Tok], i: int) -> bool:
    """An English word before a number after a first name ("Fatimah Grade 9"): a label, not a surname.

    Only after a first name: the dictionary holds surnames a scorecard puts before
    figures ("Waugh 5-1-36-1").
    """
    t, nxt, before = toks[i], toks[i + 1] if i + 1 < len(toks) else None, toks[i - 1] if i else None
    low = t.lower
    return (nxt is not None and nxt.line == t.line and nxt.text[0].isdigit() and before is not None
            and before.lower in lex.given_names() and len(before.bare) > 2 and is_common(low)
            and low not in lex.surnames() and low not in lex.given_names())


def glued_word(t: Tok) -> bool:
    """A word glued to a capitalised word ("JavaScript", "ReGlue", "CreditÁngel" from a caption):
    a product or run-together text, not a name.

    Name prefixes ("Mc", "Mac", "De", "La", "Di") and names ("FitzGerald", "JoAnne") may lead.
    """
    text = t.bare
    inner = next((i for i in range(2, len(text)) if text[i].isupper() and text[i - 1].islower()), None)
    if inner is None or not text[:inner].isalpha() or not text[1:inner].islower():
        return False
    head = text[:inner].lower()
    return head not in lex.NAME_PREFIXES and head not in lex.given_names() and head not in lex.surnames()


def modifier_compound(t: Tok) -> bool:
    """A hyphenated English modifier ("Just-released", "Un-Angry"), not a double-barrelled
    name ("Lloyd-Webber", "Dong-hoon", "Ka-shing")."""
    head, _, tail = t.bare.rpartition("-")
    low = tail.lower()
    if not tail or low in lex.given_names() or low in lex.surnames() or not is_common(low):
        return False
    if tail[0].islower():
        return len(tail) >= 5  # short lowercase tails are romanised syllables: "Dong-hoon"
    return all(is_common(w.lower()) and w.lower() not in lex.surnames() for w in head.split("-"))


def dotted_initials(t: Tok, nxt: Tok | None) -> bool:
    """"J.K." before a surname ("J.K. Rowling"); "U.S."/"D.C." are known abbreviations."""
    letters = t.text.replace(".", "")
    if len(letters) > 3 or not letters.isupper() or nxt is None or acronym(nxt):
        return False
    low = letters.lower()
    return low not in lex.ABBREVIATIONS and low not in lex.PLACES and surname_like(nxt)


def acronym(t: Tok) -> bool:
    """All-caps letters ("GPU", "ET", "CNIL") or their plural ("APIs", "MPs"); not a Roman numeral."""
    text = t.bare
    if len(text) < 2 or not text.isalpha() or text in lex.ROMAN:
        return False
    return text.isupper() or (len(text) >= 3 and text[-1] == "s" and text[:-1].isupper())


def product_shape(toks: list[Tok], core: list[Tok], b: int) -> bool:
    """Acronyms or a model number make a run a product, unit or agency, not a person:
    "AMD Polaris GPU", "PlayStation VR", "La CNIL", "AM ET", "Intel Core i7".

    Initials before a surname ("JD Vance") and long all-caps names ("DESMOND TUTU") stay.
    """
    nxt = toks[b] if b < len(toks) and toks[b].line == toks[b - 1].line else None
    if nxt is not None and nxt.word and nxt.start > toks[b - 1].end and digit_glued(toks, b):
        return True  # "Intel Core i7"
    flags = [acronym(t) for t in core]
    if not any(flags):
        return False
    if all(flags):
        return any(len(t.bare) <= 3 or not t.bare.isupper() for t in core)
    return not (flags[0] and len(core[0].bare) == 2 and not any(flags[1:]))


def foreign_article(lows: list[str]) -> bool:
    """"Le Monde", "La Stampa": an article before words that are not names is a title of a
    paper or work; "Le Duc Anh" (a Vietnamese surname) has name words after it."""
    if len(lows) < 2 or lows[0] not in lex.ARTICLES:
        return False
    names = (lex.given_names(), lex.surnames())
    return not any(low in group for low in lows[1:] for group in names)


def not_a_single_name(t: Tok, nxt: Tok | None) -> bool:
    """A cue before one ordinary word is not enough: "Student Journalism" (a role noun
    in a heading), "Lord Mayor of London" (a title, then "of")."""
    low = t.lower
    if is_title(t) and nxt is not None and nxt.lower == "of":
        return True
    return is_common(low) and low not in lex.given_names() and low not in lex.surnames()


_OPEN_QUOTES = frozenset("“\"«")
_CLOSE_QUOTES = frozenset("”\"»")


def quoted_title(prev: Tok | None, nxt: Tok | None) -> bool:
    """A run that fills a pair of quotes is a work's title ("“Eve Valkyrie” ($60)")."""
    return prev is not None and nxt is not None and prev.text in _OPEN_QUOTES and (
        nxt.text in _CLOSE_QUOTES
    )


def name_like_tail(words: list[Tok], lowercase: frozenset[str], heading: bool) -> bool:
    """Words after a given name must not be places ("Hamilton Chicago"), words the same
    text also writes in lowercase, nor, after the surname, inflected English words
    ("Natalie Massenet Leaves Net-a-Porter"; in a title-case heading any English word),
    unless they are known surnames or given names.

    The dictionary alone cannot tell: it holds rare words that are surnames (Venter, Lama).
    """
    given, sur = lex.given_names(), lex.surnames()
    for k, t in enumerate(words):
        low = t.lower
        if low in sur or low in lex.PARTICLES:
            continue
        if low in lex.PLACES or (low in lowercase and low not in given):
            return False
        if k >= 1 and low not in given and (inflected(low) or heading and is_common(low)):
            return False  # "Natalie Massenet Leaves Net-a-Porter", "Rice Krispies Treats"
    return True
