"""Chinese, Japanese and Korean text as overlapping bigrams, as Elasticsearch's ``cjk`` analyzer does.

These scripts are written without spaces between words, so a run of Han,
Hiragana, Katakana or Hangul characters is indexed as every pair of adjacent
characters ("アプリを" → "アプ", "プリ", "リを"), one position each; a
character standing alone is indexed by itself. A query word in these scripts
becomes its bigrams, matched next to each other (a phrase), so ``アプリ`` finds
the word inside any sentence. Letters and digits next to the run are words of
their own ("iPhone用" → "iPhone", "用").

>>> list(pieces("東京でアプリ2026年"))
[(0, 2, '東京', True), (1, 3, '京で', True), (2, 4, 'でア', True), (3, 5, 'アプ', True), (4, 6, 'プリ', True), \
(6, 10, '2026', False), (10, 11, '年', True)]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Han (with extensions and compatibility forms), Hiragana, Katakana (with half-width forms), Hangul.
CJK_CHARS = (
    "\u1100-\u11ff\u3005\u3040-\u309f\u30a0-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
_RUN = re.compile(f"[{CJK_CHARS}]+")


def has_cjk(word: str) -> bool:
    """Whether a word holds a CJK character (ASCII words are answered without a search)."""
    return not word.isascii() and _RUN.search(word) is not None


def pieces(word: str, start: int = 0) -> Iterator[tuple[int, int, str, bool]]:
    """(startchar, endchar, text, whether a CJK bigram) of each part of a word holding CJK characters."""
    index = 0
    for run in _RUN.finditer(word):
        if run.start() > index:
            yield start + index, start + run.start(), word[index:run.start()], False
        text = run.group()
        if len(text) == 1:
            yield start + run.start(), start + run.end(), text, True
        for offset in range(len(text) - 1):
            at = run.start() + offset
            yield start + at, start + at + 2, text[offset:offset + 2], True
        index = run.end()
    if index < len(word):
        yield start + index, start + len(word), word[index:], False
