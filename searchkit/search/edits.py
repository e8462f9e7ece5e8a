"""How far apart two words are, and how far apart a typo may be: shared by highlighting, "Did you mean"
and people suggestions, so every typo rule in searchkit counts edits the same way.
"""

from __future__ import annotations

from functools import lru_cache

#: Edits a typo may hold by the length of the word typed, as Elasticsearch's ``fuzziness: AUTO``:
#: none up to 2 letters, one up to 5, else two.
AUTO_EDITS = ((2, 0), (5, 1))
MOST_EDITS = 2


def auto_edits(length: int) -> int:
    """The edits a word of ``length`` letters may be away from the word meant (``AUTO_EDITS``)."""
    return next((edits for longest, edits in AUTO_EDITS if length <= longest), MOST_EDITS)


@lru_cache(maxsize=4096)
def distance(a: str, b: str, bound: int = MOST_EDITS, swaps: bool = True) -> int:
    """Edits between ``a`` and ``b`` (a letter added, dropped or changed, or, with ``swaps``, two neighbours
    swapped: "recieve" is one edit from "receive"), or ``bound + 1`` as soon as it exceeds ``bound``."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    before, previous = [], list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if swaps and i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > bound:
            return bound + 1
        before, previous = previous, current
    return min(previous[-1], bound + 1)


def within(a: str, b: str, edits: int, swaps: bool = True) -> bool:
    """Whether ``a`` and ``b`` are at most ``edits`` apart (``swaps=False``: Levenshtein's edits, as Whoosh's
    fuzzy terms count them)."""
    return distance(a, b, edits, swaps) <= edits
