"""A near-duplicate key for article bodies, so wire copies of one story show once.

Wire services and syndication put the same text under different headlines and
datelines ("LONDON (Reuters) -", "By AP Staff"). The key is a bottom-k sketch:
the k smallest hashes of the body's word shingles, after dropping a leading
dateline. Two texts that differ in a few words at the edges share almost all
shingles, so their k smallest hashes (and so their key) are almost surely the
same, while unrelated texts never share them. Being an exact key, it lets the
index group copies with a plain column (no pairwise comparison at query time).
"""

from __future__ import annotations

import hashlib
import re

SHINGLE_WORDS = 5
SKETCH_SIZE = 2
#: Bodies shorter than this many words are too short to call copies: no key.
MIN_WORDS = 25

_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.\- ]{1,30})?"
    r"\s*(?:\([^)]{1,40}\))?\s*[-–—:]+\s+)"
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def duplicate_key(body: str) -> str:
    """The near-duplicate key of an article body ("" when it is too short to tell)."""
    words = _WORD.findall(_DATELINE.sub("", body, count=1).lower())
    if len(words) < MIN_WORDS:
        return ""
    hashes = {
        int.from_bytes(hashlib.blake2b(" ".join(words[i : i + SHINGLE_WORDS]).encode(), digest_size=8).digest(), "big")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }
    return "-".join(format(h, "x") for h in sorted(hashes)[:SKETCH_SIZE])
