"""Markdown articles rendered to text: headline, paragraphs and sub-headings.

Markdown's syntax is not the article's text: ``**bold**`` left in the body
would be indexed as punctuation and, in a terminal, look like a search
highlight; ``[text](url)`` would index the URL. The source is parsed with
markdown-it-py (CommonMark, plus tables) and only the words a reader sees are
kept: a ``#`` heading before any text is the headline, later headings are
sub-headings in place, list items and table rows are paragraphs, code is kept
as text, images and raw HTML tags are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark").enable("table")
_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")


@dataclass
class MarkdownText:
    """What a reader sees of a Markdown document."""

    headline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    subheads: list[str] = field(default_factory=list)


def render_markdown(source: str) -> MarkdownText:
    """The document's headline (a leading heading), paragraphs and sub-headings, as plain text."""
    out = MarkdownText()
    row: list[str] = []
    heading = in_cell = False
    for token in _PARSER.parse(source):
        kind = token.type
        if kind == "inline":
            text = _inline_text(token)
            if heading:
                _add_heading(out, text)
            elif in_cell:
                row.append(text)
            elif text:
                out.paragraphs.append(text)
        elif kind in ("heading_open", "heading_close"):
            heading = kind == "heading_open"
        elif kind in ("th_open", "td_open", "th_close", "td_close"):
            in_cell = kind.endswith("_open")
        elif kind == "tr_close":
            _add(out, " ".join(cell for cell in row if cell))
            row = []
        elif kind in ("fence", "code_block"):
            _add(out, token.content)
        elif kind == "html_block":
            _add(out, _TAG_RE.sub(" ", token.content))
    return out


def _add_heading(out: MarkdownText, text: str) -> None:
    if not text:
        return
    if not out.headline and not out.paragraphs:
        out.headline = text
    else:
        out.paragraphs.append(text)
        out.subheads.append(text)


def _add(out: MarkdownText, text: str) -> None:
    text = _SPACE_RE.sub(" ", text).strip()
    if text:
        out.paragraphs.append(text)


def _inline_text(token: Token) -> str:
    """The words of an inline run: emphasis, links and code without their markup; no images."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return _SPACE_RE.sub(" ", "".join(parts)).strip()
