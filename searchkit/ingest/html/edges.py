"""Trim the page furniture left at the start and end of an extracted body.

The body's node is chosen by its prose, but a player's menu, a gallery's
buttons, a dateline and byline above the text, and credits, contact lines and
calls to subscribe or donate below it often sit inside the same node. They look
alike on every site: short lines that are not sentences, lines made of a date
or of the page's own author names, photo credits, subscription and copyright
notices. Only the edges are trimmed -- the same line inside the article is
left alone -- and never so much that the article itself would go.
"""

from __future__ import annotations

import re
from collections import Counter

# A line that ends like a sentence (or a quotation of one).
_SENTENCE_END_RE = re.compile(r"[.!?。！？…:;\"'”’»)\]]\s*$")
# Dates and times as datelines write them: 2019-11-20, 20/11/2019, 04.05.2015,
# 9:28 AM, 13h36, "Nov. 20, 2019", "20 November 2019".
_DATE_RE = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{1,2}[:h]\d{2}\b|"
    r"\b[^\W\d_]{3,10}\.? \d{1,2},? (?:19|20)\d{2}\b|\b\d{1,2}\.? [^\W\d_]{3,10}\.?,? (?:19|20)\d{2}\b|"
    r"\d{4}年\d{1,2}月|\d{1,2}月\d{1,2}日")
# Words that open a byline in the languages searchkit meets most.
_BYLINE_START_RE = re.compile(
    r"^(?:by|from|par|por|von|di|door|av|af|przez|от|автор)\s", re.IGNORECASE)
# A photo's caption: it names its credit or source.
_CAPTION_RE = re.compile(
    r"(?:\b(?:image|photo|picture|foto|bild|media)s?\s+(?:caption|credit|copyright|source)\b|"
    r"^in this\b.{0,60}\b(?:file )?(?:photo|image|picture)|\bcredits?\s*:|"
    r"\((?:image|photo|foto|picture)s?\s*:[^)]{1,60}\)|"
    r"(?-i:\b[A-Z]{2,}\s?Photos?\s?/|\b[A-Z]{3,}/[A-Z][\w.-]+(?: [A-Z][\w.-]+)*\s*$))",
    re.IGNORECASE)
# Calls to act (subscribe, donate, follow, write to us) and legal notices.
_CALL_RE = re.compile(
    r"\b(?:subscri\w*|newsletter|sign(?:ing)? up|log ?in to|donat\w*|support (?:our|us)|"
    r"become a (?:member|subscriber|patron)|join (?:us|our|now|today)|"
    r"follow (?:us|him|her|them|me)|(?:reach|contact|email|e-mail) (?:the |us |him |her )|"
    r"\bfollow\b.{0,60}\b(?:twitter|facebook|instagram|linkedin|youtube|tiktok)\b|"
    r"if you (?:enjoyed|liked|value|appreciate)d? (?:this|our|reading)|click here|"
    r"all rights reserved|may not be (?:published|reproduced|redistributed)|"
    r"abonn\w*|suscr[ií]\w*|assine|abbonat\w*|spende\w*|doa[çc]\w*)",
    re.IGNORECASE)
_CONTACT_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\bhttps?://|\bwww\.|(?:^|\s)@\w{2,}|"
                         r"\b(?:twitter|facebook|instagram)\.com/", re.IGNORECASE)
_COPYRIGHT_RE = re.compile(r"^(?:©|\(c\)|copyright\b)", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+")
_QUOTED_RE = re.compile(r"^[\"“„«‘'—–]")
_DIGIT_RE = re.compile(r"\d")
_PUNCT_RE = re.compile(r"[^\w\s]")

_MAX_EDGE_LINES = 12  # furniture is a few lines; more than this is the article's own list


def _words(text: str) -> int:
    return len(_WORD_RE.findall(text))


def _is_fragment(text: str) -> bool:
    """A few words that are not a sentence: a menu item, a button, an outlet's name."""
    return len(text) <= 80 and _words(text) <= 8 and not _SENTENCE_END_RE.search(text)


def _names_authors(text: str, authors: list[str]) -> bool:
    low = text.lower()
    return any(len(a) > 3 and a.lower() in low for a in authors)


def _is_head_furniture(text: str, authors: list[str]) -> bool:
    """Menus, datelines, bylines and credits that come before the article's first sentence."""
    if _is_fragment(text) or (len(text) < 300 and _CAPTION_RE.search(text)):
        return True
    if len(text) > 250 or _SENTENCE_END_RE.search(text.rstrip(")")):
        return False
    return bool(_DATE_RE.search(text) or _BYLINE_START_RE.match(text)
                or _names_authors(text, authors))


def _is_tail_furniture(text: str, authors: list[str]) -> bool:
    """Credits, contact lines, sign-offs and calls to subscribe after the article's last sentence.

    A quotation or an attribution line ("— Name (@handle) date" under a quoted
    post) is the article's own text.
    """
    if _QUOTED_RE.match(text):
        return False
    if _is_fragment(text) or _COPYRIGHT_RE.match(text):
        return True
    if len(text) < 300 and (_CALL_RE.search(text) or _CAPTION_RE.search(text)):
        return True
    if len(text) < 200 and _CONTACT_RE.search(text) and _words(text) <= 12:
        return True
    return len(text) <= 250 and not _SENTENCE_END_RE.search(text) and (
        bool(_DATE_RE.search(text)) or _names_authors(text, authors))


def _is_list_run(edge: list[str]) -> bool:
    """The short lines at an edge form a list (results, prices, a programme), not a menu.

    A menu's items are bare words; a list's items carry figures, or share a shape
    ("Team (Group A): third appearance").
    """
    run: list[str] = []
    for text in edge:
        if not _is_fragment(text):
            break
        run.append(text)
    if len(run) <= 3:
        return False
    if sum(1 for t in run if _DIGIT_RE.search(t)) * 2 >= len(run):
        return True
    shapes = Counter(frozenset(_PUNCT_RE.findall(t)) for t in run)
    shape, count = max(shapes.items(), key=lambda item: item[1])
    return bool(shape) and count * 5 >= len(run) * 3


def trim_edges(paragraphs: list[str], authors: list[str] | None = None) -> list[str]:
    """The body without the furniture at its start and end.

    Nothing is trimmed when that would leave less than half the text: a body
    made only of short lines (a list, a poem, a results table) is its own content.
    """
    names = authors or []
    start = 0
    limit = min(len(paragraphs), _MAX_EDGE_LINES)
    while start < limit and _is_head_furniture(paragraphs[start], names) and not (
            _is_list_run(paragraphs[start:limit])):
        start += 1
    end = len(paragraphs)
    floor = max(start, len(paragraphs) - _MAX_EDGE_LINES)
    while end > floor and _is_tail_furniture(paragraphs[end - 1], names) and not (
            _is_list_run(paragraphs[floor:end][::-1])):
        end -= 1
    kept = paragraphs[start:end]
    total = sum(len(p) for p in paragraphs)
    if sum(len(p) for p in kept) < 0.5 * total:
        return paragraphs
    return kept
