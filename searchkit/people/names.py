"""The matching key of a person's name: what makes two spellings one person.

Kept apart from the extractor (people*.py) because searching needs the key for
every query while the extractor, with its name lists, is only needed to index.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FOLD_RE = re.compile(r"[^a-z0-9 ]+")
_DOUBLE_RE = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Matching key that merges accents, case and common transliteration variants.

    Zelensky/Zelenskyy/Zelenskiy and Volodymyr/Volodimir share a key because y and i
    are interchangeable in romanisations and doubled letters are collapsed.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    folded = folded.replace("’", "'").replace("-", " ")
    folded = _FOLD_RE.sub("", folded).replace("y", "i")
    folded = _DOUBLE_RE.sub(r"\1", folded)
    return " ".join(folded.split())


PEOPLE_SEPARATOR = "\n"


def surname(name: str) -> str:
    """The family name, keeping particles: "Ursula von der Leyen" → "von der Leyen"."""
    words = name.split()
    if len(words) < 2:
        return name
    start = len(words) - 1
    while start > 1 and words[start - 1][:1].islower():
        start -= 1
    return " ".join(words[start:])


def people_keys(value: str) -> list[str]:
    """The keys a list of names (one per line) is indexed under: each full name's, and its surname's.

    A search for a surname finds everyone with it; a search for one person uses
    the exact spellings the people directory gives that person instead.
    """
    keys = []
    for name in value.split(PEOPLE_SEPARATOR):
        name = name.strip()
        if not name:
            continue
        key = name_key(name)
        keys.append(key)
        last = surname(name)
        keys.append(name_key(last))
    return list(dict.fromkeys(k for k in keys if k))


def query_key(value: str, stop_words: frozenset[str] = frozenset()) -> str:
    """The key a name typed in a query looks up ("" for a stop word: "the" is nobody's name)."""
    return "" if value.strip().lower() in stop_words else name_key(value)
