"""Telling an article from a page that lists articles: a front page, a section index, a gallery.

Such a page is not one story: indexed as one, it matches every query its
headlines touch and names everyone on it. The evidence is what a reader sees
at a glance -- many headlines that are links, each standing on its own line,
and little running prose (consecutive paragraphs of full sentences) -- and
what the page declares: JSON-LD ``CollectionPage`` / ``ItemList`` and no
Article. A page that declares an Article is always an article.
"""

from __future__ import annotations

import re

from lxml.etree import _Element

from searchkit.ingest.html.jsonld import ARTICLE_TYPES
from searchkit.ingest.html.rules import BLOCKS

#: JSON-LD types that declare a listing of other pages.
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage"})
#: Fewer headline links than this and a page is an article whatever else it holds.
MIN_HEADLINES = 20
#: Characters of running prose per headline link an article has at least.
PROSE_PER_HEADLINE = 25

_SENTENCE_END_RE = re.compile(r"[.!?。！？…][\"'”’»)]*\s*$")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _is_headline_text(text: str) -> bool:
    """A link text shaped like a headline: a phrase of several words, not a word or a URL."""
    if not 20 <= len(text) <= 200 or "://" in text:
        return False
    return len(text.split()) >= 4 or bool(_CJK_RE.search(text))


def headline_links(anchors: list[_Element], text_len: dict[_Element, list[int]]) -> int:
    """How many teasers the page holds: links with a headline's text, each standing on its own
    line, counted once per container.

    ``anchors`` are the page's kept links; ``text_len`` maps a kept element to
    its counters (text length first). A link inside a paragraph of prose is
    not one: it must hold most of its block's text. Links listed together (the
    items of one "related stories" list) count once: a front page gives each
    story a box of its own, headline and blurb.
    """
    containers: set[_Element] = set()
    for anchor in anchors:
        length = text_len[anchor][0]
        if length < 20 or length > 200:
            continue
        block = anchor.getparent()
        while block is not None and block.tag not in BLOCKS:
            block = block.getparent()
        if block is None or block not in text_len or length < 0.7 * text_len[block][0]:
            continue
        container = block.getparent()
        if container is not None and container not in containers \
                and _is_headline_text(" ".join("".join(anchor.itertext()).split())):
            containers.add(container)
    return len(containers)


def _is_prose(text: str) -> bool:
    """A paragraph of sentences; Chinese and Japanese blogs often end lines without a full stop."""
    if _CJK_RE.search(text[:40]):
        return len(text) >= 30
    return len(text) >= 120 and bool(_SENTENCE_END_RE.search(text))


def running_prose(paragraphs: list[str], subheads: list[str]) -> int:
    """Characters of prose that runs on: sentence paragraphs next to another one.

    A teaser's blurb is a sentence too, but it stands alone between headlines,
    bylines and photo credits; an article's paragraphs follow each other
    (sub-headings between them do not break the run).
    """
    heads = set(subheads)
    total = run_chars = run_len = 0
    for text in paragraphs:
        if text in heads:
            continue
        if _is_prose(text):
            run_chars += len(text)
            run_len += 1
            continue
        if run_len >= 2:
            total += run_chars
        run_chars = run_len = 0
    if run_len >= 2:
        total += run_chars
    return total


def listing_reason(declared: set[str], headlines: int, prose: int) -> str:
    """Why the page is not an article ("" when it is one).

    ``declared`` are the page's JSON-LD types (lower case), ``headlines`` its
    headline links, ``prose`` the running prose of its body.
    """
    if declared & ARTICLE_TYPES:
        return ""
    if declared & LISTING_TYPES and prose < PROSE_PER_HEADLINE * max(headlines, MIN_HEADLINES):
        return "a page listing other pages (it declares itself a collection)"
    if headlines >= MIN_HEADLINES and prose < PROSE_PER_HEADLINE * headlines:
        return (f"a page of links to other pages ({headlines} linked headlines, "
                f"{prose} characters of running prose)")
    return ""

