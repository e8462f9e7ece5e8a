"""A large sorted word list asked only "is this word in it?", loaded without a string object per word.

The English word list (210,768 words) is what the people extractor asks most
about a capitalised word ("is it an ordinary word?"). Read into one set, it
cost every process that extracts people a string object and a hash per word
before its first article: the largest fixed cost of a sync of a hundred new
articles. Here the list is kept as one newline-separated string, and a word is
looked for among the words sharing its first letters: that run of the list is
found by binary search the first time its prefix is asked about, and made a set
of its own. A small sync touches a few hundred runs; a large one most of them,
for about what the whole set cost. The answer is the set's; the list must be
sorted, one word a line (``tests/test_people.py`` holds the shipped file to that).
"""

from __future__ import annotations

#: Words sharing this many first letters form one run (about 40 words, a few hundred characters).
PREFIX = 3
#: Sorts after every word that starts with a given prefix.
_AFTER = "\U0010ffff"


class SortedWords:
    """``word in words`` over a sorted list given as ``"a\\naa\\n...\\nzythum\\n"``."""

    def __init__(self, lines: str) -> None:
        self._text = "\n" + lines if lines.endswith("\n") else "\n" + lines + "\n"
        self._runs: dict[str, frozenset[str]] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word or "\n" in word:
            return False
        prefix = word[:PREFIX]
        run = self._runs.get(prefix)
        if run is None:
            start, end = self._first_from(prefix), self._first_from(prefix + _AFTER)
            run = self._runs[prefix] = frozenset(self._text[start:end].split("\n"))
        return word in run

    def _first_from(self, key: str) -> int:
        """Where the first word not sorting before ``key`` starts (the text's length when there is none)."""
        text = self._text
        low, high = 1, len(text)
        while low < high:
            start = text.rfind("\n", 0, (low + high) // 2) + 1
            end = text.find("\n", start)
            if text[start:end] < key:
                low = end + 1
            else:
                high = start
        return low
