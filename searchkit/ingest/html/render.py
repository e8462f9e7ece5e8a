"""Rendering the chosen nodes as paragraphs: the ``Body`` result and the line emitter.

Kept apart from node selection (``body``) so that what counts as a paragraph,
a sub-heading or a boilerplate line is decided in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from searchkit.ingest.html.rules import (
    BOILER_LINE_RE,
    COOKIE_LINE_RE,
    META_LINE_RE,
    SPLIT_HEADINGS,
)
from searchkit.ingest.html.text import clean_inline


@dataclass
class Body:
    """Extracted body paragraphs and which of them are sub-headings."""

    paragraphs: list[str] = field(default_factory=list)
    subheads: list[str] = field(default_factory=list)
    raw_length: int = 0  # page text length before cleaning
    headline_links: int = 0  # links standing alone with a headline's text, over the kept page

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


class Emitter:
    """Collects inline text into paragraphs and drops boilerplate lines when one ends."""

    def __init__(self) -> None:
        self.body = Body()
        self.buf: list[str] = []
        self.link_chars = 0
        self.seen: set[str] = set()

    def add(self, text: str, in_link: bool) -> None:
        self.buf.append(text)
        if in_link:
            self.link_chars += len(text.strip())

    def heading(self, name: str, text: str) -> None:
        """h2/h3 become sub-headings in place; h1 (the headline) and boilerplate go."""
        if name == "h1" or not text or BOILER_LINE_RE.match(text):
            return
        if name in SPLIT_HEADINGS and len(text) < 300:
            self.body.subheads.append(text)
            self.body.paragraphs.append(text)
        else:
            self.buf.append(text)
            self.flush()

    def flush(self) -> None:
        text = clean_inline("".join(self.buf))
        self.buf.clear()
        linked, self.link_chars = self.link_chars, 0
        if not text or BOILER_LINE_RE.match(text) or text in self.seen:
            return
        if len(text) < 200 and linked > 0.8 * len(text):
            return
        if len(text) < 120 and META_LINE_RE.search(text):
            return
        if len(text) < 300 and COOKIE_LINE_RE.search(text):
            return
        if len(text) >= 80:
            self.seen.add(text)  # long repeats (gallery captions, pull quotes) are kept once
        self.body.paragraphs.append(text)


def drop_subheads_without_text(body: Body) -> None:
    """A trailing sub-heading (e.g. of a removed "Related" box) has no paragraph under it."""
    while body.paragraphs and body.subheads and body.paragraphs[-1] == body.subheads[-1]:
        body.paragraphs.pop()
        body.subheads.pop()
