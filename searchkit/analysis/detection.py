"""Each article's language: as its metadata names it, else detected from its text.

A feed's ``lang``/``language`` field, front matter's ``language``/``lang`` and
a page's ``<html lang>`` (or its meta tags) name the language; a tag is cut to
its language ("de-CH" → "de", "English" → "en"). An article that names none is
detected with py3langid (its model ships in the package; nothing is
downloaded) from its headline and the start of its body, lower-cased (all-caps
text reads as well as any). Text with no letters is taken as English.
"""

from __future__ import annotations

import os
import re
import sys

from whoosh.lang import aliases

from searchkit.analysis.languages import ENGLISH
from searchkit.models import Article

#: Characters of an article read to detect its language: enough for a sure guess, and cheap.
DETECT_CHARS = 1000
_TAG = re.compile(r"[a-z]{2,3}")
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
#: Codes that name no one language (undetermined, several, no linguistic content): detected instead.
_NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})
#: Names and three-letter codes of the CJK languages, beside those of the languages Whoosh stems (``aliases``).
_CJK_NAMES = {"japanese": "ja", "jpn": "ja", "chinese": "zh", "zho": "zh", "chi": "zh", "korean": "ko", "kor": "ko"}


def language_tag(value: str) -> str:
    """The language a metadata value names, as a code ("de-CH" → "de", "French" → "fr"); "" when none."""
    text = value.strip().lower().replace("_", "-")
    if not text:
        return ""
    if text in aliases or text in _CJK_NAMES:
        return aliases.get(text) or _CJK_NAMES[text]
    primary = text.split("-", 1)[0]
    primary = aliases.get(primary) or _CJK_NAMES.get(primary, primary)
    return primary if _TAG.fullmatch(primary) and primary not in _NO_LANGUAGE else ""


def detect(text: str) -> str:
    """The language ``text`` is written in (a two-letter code); English for text without letters."""
    sample = text[:DETECT_CHARS].lower()
    if not any(char.isalpha() for char in sample):
        return ENGLISH
    if "numpy" not in sys.modules:  # one BLAS thread: its tiny products gain nothing from more, and a
        for name in _BLAS_THREADS:  # process with BLAS threads running may hang in the workers it forks
            os.environ.setdefault(name, "1")
    from py3langid import classify  # its model loads on first use: only when articles are indexed

    return str(classify(sample)[0])


def article_language(article: Article) -> str:
    """The article's language: the one its metadata names, else the one its text is written in."""
    return language_tag(article.language) or detect(f"{article.headline}\n{article.body}")
