"""Each article's language: as its metadata names it, else detected from its text.

A feed's ``lang``/``language`` field, front matter's ``language``/``lang`` and
a page's ``<html lang>`` (or its meta tags) name the language; a tag is cut to
its language ("de-CH" → "de", "English" → "en"). An article that names none is
detected with py3langid (its model ships in the package; nothing is
downloaded; langid_model.py keeps it unpacked in the user's cache) from its
headline (unless it only repeats the body's first words) and the start of its
body, lower-cased (all-caps text reads as well as any). Text with no letters is
taken as English.
"""

from __future__ import annotations

import os
import re
import sys

from whoosh.lang import aliases

from searchkit.analysis import cjk
from searchkit.analysis.languages import ENGLISH
from searchkit.analysis.news import repeats_lead
from searchkit.models import Article

#: Characters of an article read to detect its language: enough for a sure guess, and cheap (bench/language_detectors.py
#: finds the same errors with 300 as with 1,000, at less than half the CPU).
DETECT_CHARS = 300
#: Below this many letters, another language than English needs the detector's probability SURE.
SURE_LETTERS = 100
SURE = 0.9
_IDENTIFIER = None
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
    """The language ``text`` is written in (a two-letter code); English for text without letters.

    A short text (under SURE_LETTERS letters) is taken as another language only when the
    detector is SURE of it, or it is written in CJK characters (each worth a word): a title or
    a two-line abstract is too little to tell ("gravitational torque on a satellite vehicle"
    reads as Latin), and an English article analysed as another language is lost to English
    queries."""
    sample = text[:DETECT_CHARS].lower()
    letters = sum(char.isalpha() for char in sample)
    if not letters:
        return ENGLISH
    language, probability = _identifier().classify(sample)
    if language != ENGLISH and letters < SURE_LETTERS and probability < SURE and not cjk.has_cjk(sample):
        return ENGLISH
    return str(language)


def _identifier():
    """py3langid's identifier giving probabilities, loaded on first use: only when articles are indexed."""
    global _IDENTIFIER
    if _IDENTIFIER is None:
        if "numpy" not in sys.modules:  # one BLAS thread: its tiny products gain nothing from more, and a
            for name in _BLAS_THREADS:  # process with BLAS threads running may hang in the workers it forks
                os.environ.setdefault(name, "1")
        from searchkit.analysis.langid_model import load_identifier

        _IDENTIFIER = load_identifier(norm_probs=True)
    return _IDENTIFIER


def article_language(article: Article) -> str:
    """The article's language: the one its metadata names, else the one its text is written in."""
    if tagged := language_tag(article.language):
        return tagged
    lead_only = repeats_lead(article.headline, article.body)  # a headline made from the body tells nothing more
    return detect(article.body if lead_only else f"{article.headline}\n{article.body}")
