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
