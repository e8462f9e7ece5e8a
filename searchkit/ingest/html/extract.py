"""Extract a news article (body and metadata) from a saved HTML page.

``extract_html`` decodes the bytes (BOM, declared charset, detection), reads
metadata (``html_metadata``) from a BeautifulSoup tree of the metadata elements
only, and finds the body (``html_body``) on an lxml tree of the whole page --
libxml2 builds it far faster than BeautifulSoup builds its own. Any parser or tree failure falls
back to a plain tag-stripping reader, so a page yields a best-effort result or
one ``SourceError`` -- never another exception.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from searchkit.errors import SourceError
from searchkit.ingest.html.body import extract_body
from searchkit.ingest.html.edges import trim_edges
from searchkit.ingest.html.metadata import PageMeta, extract_metadata, metadata_soup
from searchkit.ingest.html.pagekind import listing_reason, running_prose
from searchkit.ingest.html.render import Body
from searchkit.ingest.html.text import clean_inline, decode_html

__all__ = ["ExtractedPage", "extract_html"]

# Pages bigger than this are cut: a 10 MB page parses in seconds, 100 MB would not.
MAX_CHARS = 16_000_000
# ...and after this many tags (memory: a 10 MB page of 520k tags peaks at ~550 MB).
MAX_TAGS = 250_000
_START_TAG_RE = re.compile(r"<[A-Za-z]")

_SCRIPT_RE = re.compile(r"<(script|style|noscript|template|svg)\b.*?</\1\s*>", re.I | re.S)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_BLOCK_TAG_RE = re.compile(
    r"<\s*/?\s*(?:p|div|br|h[1-6]|li|ul|ol|tr|table|section|article|blockquote|pre|hr)\b[^>]*>",
    re.I)
_TAG_RE = re.compile(r"<[^>]*>")
_HEAD_RE = re.compile(r"<head\b.*?</head\s*>", re.I | re.S)
# Script/style/svg bodies are dropped before parsing (JSON-LD kept): less to parse and walk.
_PRESTRIP_RE = re.compile(r"(<(script|style|svg|noscript|template|iframe|select)\b[^>]*>)(.*?)(</\2\s*>)",
                          re.I | re.S)
_OPEN_TITLE_RE = re.compile(r"(<title[^>]*>[^<]{0,1000})(?=<)", re.I)
_SCRIPT_BODY_RE = re.compile(r'"articleBody"\s*:\s*"((?:[^"\\]|\\.){200,})"')
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title", re.I | re.S)


@dataclass
class ExtractedPage:
    """What a news page holds: metadata plus the cleaned article body.

    ``body`` is paragraphs separated by a blank line with h2/h3 sub-headings in
    place; ``raw_length`` / ``clean_length`` are the page's visible text length
    before cleaning and the body length after, for diagnostics.
    """

    headline: str = ""
    description: str = ""
    section: str = ""
    date: datetime | None = None
    authors: list[str] = field(default_factory=list)
    url: str = ""
    site_name: str = ""
    language: str = ""
    body: str = ""
    subheads: list[str] = field(default_factory=list)
    raw_length: int = 0
    clean_length: int = 0
    not_article: str = ""  # why the page is a listing (front page, index, gallery), else ""


def _to_text(data: bytes | str) -> str:
    if isinstance(data, (bytes, bytearray, memoryview)):
        text, _ = decode_html(bytes(data))
    elif isinstance(data, str):
        text = data
    else:
        raise TypeError(f"extract_html expects bytes or str, not {type(data).__name__}")
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
    return _cap_tags(text.replace("\x00", ""))


def _cap_tags(text: str) -> str:
    """Cut the page after MAX_TAGS start tags: a BeautifulSoup tree costs ~1 KB per tag."""
    if len(text) < MAX_TAGS * 4:
        return text
    for count, match in enumerate(_START_TAG_RE.finditer(text), 1):
        if count > MAX_TAGS:
            return text[:match.start()]
    return text


def extract_html(data: bytes | str, *, url: str = "") -> ExtractedPage:
    """Extract headline, metadata and body from one HTML page.

    Raises ``SourceError`` only when the page has no usable text at all; any
    other defect (bad markup, wrong charset, extreme nesting) degrades to a
    best-effort result.
    """
    where = url or "<html>"
    text = _to_text(data)
    if not text.strip():
        raise SourceError(where, "empty page")
    try:
        page = _extract_tree(text, url)
    except Exception as exc:  # noqa: BLE001 - parser/tree failures (RecursionError, MemoryError,
        # lxml or bs4 errors, a bug on an odd page) degrade to the plain reader, never a crash
        if isinstance(exc, SourceError):
            raise
        page = _extract_plain(text, url)
        if not page.body and not page.headline:
            raise SourceError(where, f"cannot parse HTML ({type(exc).__name__})") from exc
    if not page.body and not page.headline:
        raise SourceError(where, "no article text found")
    return page


def _extract_tree(text: str, url: str) -> ExtractedPage:
    script_bodies: list[str] = []

    def prestrip(match: re.Match[str]) -> str:
        """Drop a script's or style's content; JSON-LD stays, an articleBody is kept aside."""
        if match.group(2).lower() == "script":
            if "ld+json" in match.group(1).lower():
                return match.group(0)
            if match.string.find('"articleBody"', match.start(3), match.end(3)) >= 0:
                script_bodies.extend(_script_article_bodies(match.group(3)))
        return match.group(1) + match.group(4)

    text = _COMMENT_RE.sub("", _PRESTRIP_RE.sub(prestrip, text))
    if "</title" not in text[:500_000].lower():
        # An unclosed <title> would swallow the whole page as title text.
        text = _OPEN_TITLE_RE.sub(r"\1</title>", text, count=1)
    tree, complete = parse_tree(text)
    lang = (tree.get("lang") or tree.get("xml:lang") or "") if tree is not None else ""
    meta = extract_metadata(metadata_soup(text), url, html_lang=lang)
    if script_bodies and not meta.article_body:
        meta.article_body = max(script_bodies, key=len)
    if tree is None:
        body = Body()
    elif complete:
        body = extract_body(tree, meta.article_body)
    else:  # too deep for libxml2: the tag-stripping reader gives the body
        body = Body(paragraphs=_plain_paragraphs(text))
        body.raw_length = sum(len(p) for p in body.paragraphs)
    raw_length = body.raw_length
    if not body.paragraphs and meta.article_body:
        body = Body(paragraphs=[p for p in (clean_inline(x) for x in
                                            meta.article_body.splitlines()) if p])
    if not body.paragraphs and meta.description:
        body = Body(paragraphs=[meta.description])
    return _assemble(meta, body, raw_length)


def parse_tree(text: str) -> tuple[etree._Element | None, bool]:
    """The page as an lxml tree for body extraction (scripts and styles removed), and
    whether it is complete.

    libxml2 builds it ~15x faster than BeautifulSoup builds its own tree, but stops
    at 2,048 nested elements: such a tree misses text and is flagged incomplete.
    """
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                              huge_tree=True)
    tree = etree.fromstring(text.encode("utf-8", "ignore"), parser)
    if tree is None:
        return None, True
    # JSON-LD and other script text must not count as page text (metadata reads it itself).
    etree.strip_elements(tree, "script", "style", "template", with_tail=False)
    return tree, not any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


def _script_article_bodies(script: str) -> list[str]:
    """``"articleBody": "..."`` values in a page's own script state (apps that render the
    article from JSON): the article's only copy in the page when it is not in the markup."""
    found = []
    for match in _SCRIPT_BODY_RE.finditer(script):
        try:
            value = json.loads(f'"{match.group(1)}"')
        except ValueError:
            continue
        found.append(html_lib.unescape(_TAG_RE.sub(" ", value)))
    return found


def _assemble(meta: PageMeta, body: Body, raw_length: int) -> ExtractedPage:
    paragraphs = list(body.paragraphs)
    subheads = list(body.subheads)
    # The headline repeated at the top of the body is not body text.
    while paragraphs and meta.headline and paragraphs[0] == meta.headline:
        paragraphs.pop(0)
    paragraphs = trim_edges(paragraphs, meta.authors)
    kept = set(paragraphs)
    subheads = [s for s in subheads if s in kept]
    text = "\n\n".join(paragraphs)
    not_article = listing_reason(meta.types, body.headline_links, running_prose(paragraphs, subheads))
    return ExtractedPage(
        headline=meta.headline, description=meta.description, section=meta.section,
        date=meta.date, authors=meta.authors, url=meta.url, site_name=meta.site_name,
        language=meta.language, body=text, subheads=subheads,
        raw_length=raw_length, clean_length=len(text), not_article=not_article,
    )


def _extract_plain(text: str, url: str) -> ExtractedPage:
    """Last resort when the tree cannot be built or walked: strip tags with regexes."""
    title_match = _TITLE_RE.search(text[:200_000])
    headline = clean_inline(html_lib.unescape(title_match.group(1))) if title_match else ""
    paragraphs = _plain_paragraphs(text)
    meta = PageMeta(headline=headline, url=url)
    return _assemble(meta, Body(paragraphs=paragraphs), sum(len(p) for p in paragraphs))


def _plain_paragraphs(text: str) -> list[str]:
    """Paragraphs of a page by tag stripping: block tags end a paragraph."""
    stripped = _HEAD_RE.sub(" ", _COMMENT_RE.sub(" ", _SCRIPT_RE.sub(" ", text)))
    stripped = _BLOCK_TAG_RE.sub("\n\n", stripped)
    stripped = html_lib.unescape(_TAG_RE.sub(" ", stripped))
    return [p for p in (clean_inline(x) for x in re.split(r"\n\s*\n", stripped)) if p]
