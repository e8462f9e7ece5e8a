"""Read source files into Articles: plain text, HTML and JSON lines.

Each reader returns the articles it could read, a Failure for each part it
could not (a JSONL file may have good and broken lines), so one bad line or
file never stops the rest, and warnings: what was read but not understood
(a date), once per file and kind.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from searchkit.errors import SourceError
from searchkit.ingest.dates import read_date
from searchkit.ingest.encoding import decode_bytes
from searchkit.ingest.files import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    MARKDOWN_SUFFIXES,
    SUFFIXES,
    open_regular,
    printable,
    read_limited,
)
from searchkit.ingest.frontmatter import Meta, meta_text, split_front_matter
from searchkit.ingest.plaintext import (
    clean_plain_text,
    headline_from_lead,
    is_headline_shaped,
    is_widget_line,
    normalize_inline,
)
from searchkit.ingest.sniff import SNIFF_BYTES, what_binary
from searchkit.models import Article, Failure

#: Single-article files larger than this are reported, not read (bounded memory).
MAX_ARTICLE_BYTES = 16 * 1024 * 1024
#: JSONL lines longer than this are reported as broken (and never held in memory whole).
MAX_JSONL_LINE = 16 * 1024 * 1024
_SKIP_CHUNK = 1024 * 1024
_SURROGATE_ESCAPE_RE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


@dataclass
class ReadResult:
    """The articles read from one source file, and what could not be read."""

    articles: list[Article] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)
    #: Files read but not indexed: pages that list other pages rather than tell a story.
    skipped: list[Failure] = field(default_factory=list)


class _Notes:
    """Warnings about one file, kept to the first of each kind and a count of the rest."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.first: dict[str, tuple[str, str]] = {}
        self.more: dict[str, int] = {}

    def add(self, kind: str, where: str, note: str) -> None:
        if kind in self.first:
            self.more[kind] = self.more.get(kind, 0) + 1
        else:
            self.first[kind] = (where, note)

    def failures(self) -> list[Failure]:
        notes = []
        for kind, (where, note) in self.first.items():
            more = self.more.get(kind, 0)
            lines = "line" if more == 1 else "lines"
            notes.append(Failure(where, note + (f" (and {more} more such {lines} in this file)" if more else "")))
        return notes


def read_file(path: Path, *, article_id: str, section: str = "", display_path: str = "",
              keep_non_articles: bool = False) -> ReadResult:
    """Read one source file; ``section`` is used when an article names none.

    A web page that lists other pages (a front page, a section index, a
    gallery) is reported in ``skipped`` unless ``keep_non_articles``.
    """
    display = display_path or printable(str(path))
    suffix = path.suffix.lower()
    notes = _Notes(display)
    if suffix not in SUFFIXES:
        return ReadResult(failures=[Failure(display, f"unsupported file type {suffix or '(none)'!r}")])
    if suffix in JSONL_SUFFIXES:
        return _read_jsonl(path, article_id, section, display)
    try:
        data = read_limited(path, display, MAX_ARTICLE_BYTES)
        _refuse_binary(data, display)
        if suffix in HTML_SUFFIXES:
            article, listing = _article_from_html(data, display)
            if listing and not keep_non_articles:
                reason = f"not an article: {listing}; index it anyway with --keep-non-articles"
                return ReadResult(skipped=[Failure(display, reason)])
        elif suffix in MARKDOWN_SUFFIXES:
            article = _article_from_markdown(decode_bytes(data, display), notes)
        else:
            article = _article_from_text(decode_bytes(data, display), notes)
        _require_text(article, display)
    except SourceError as exc:
        return ReadResult(failures=[Failure(display, exc.reason)])
    article.id = article_id
    article.path = display
    article.section = article.section or section
    return ReadResult(articles=[article], warnings=notes.failures())


def _refuse_binary(head: bytes, display: str) -> None:
    """SourceError naming the format of a file that is a PDF, an image, an archive... rather than text."""
    kind = what_binary(head[:SNIFF_BYTES])
    if kind is not None:
        raise SourceError(display, f"not an article: {kind} (searchkit reads plain text, HTML and JSON lines)")


def _require_text(article: Article, display: str) -> None:
    if not article.body.strip() and not article.headline.strip():
        raise SourceError(display, "empty article (no text)")


def _article_from_text(text: str, notes: _Notes) -> Article:
    cleaned = clean_plain_text(text)
    return _article(cleaned.headline, cleaned.body, cleaned.subheads, cleaned.meta, notes)


def _article_from_markdown(text: str, notes: _Notes) -> Article:
    """A Markdown file: YAML front matter, then Markdown rendered to the text a reader sees."""
    from searchkit.ingest.markdown import render_markdown  # markdown-it loads only when Markdown is read

    meta, rest = split_front_matter(text.replace("\r\n", "\n").lstrip("\ufeff"))
    rendered = render_markdown(rest)
    paragraphs = [p for p in (normalize_inline(x) for x in rendered.paragraphs) if p and not is_widget_line(p)]
    subheads = [normalize_inline(h) for h in rendered.subheads]
    headline = normalize_inline(meta_text(meta, "title", "headline"))
    first_heading = normalize_inline(rendered.headline)
    if first_heading and headline and first_heading != headline:
        paragraphs.insert(0, first_heading)  # a heading under another title is text, kept in place
    headline = headline or first_heading
    if not headline and len(paragraphs) > 1 and is_headline_shaped(paragraphs[0]) \
            and paragraphs[0] not in subheads:
        headline = paragraphs.pop(0)
    if not headline and paragraphs:
        headline = headline_from_lead(paragraphs[0])
    kept = set(paragraphs)
    return _article(headline, "\n\n".join(paragraphs), [h for h in subheads if h in kept], meta, notes)


def _article(headline: str, body: str, subheads: list[str], meta: Meta, notes: _Notes) -> Article:
    """An Article from a text file's parts and its front matter."""
    return Article(
        id="",
        headline=headline,
        body=body,
        subheads=subheads,
        section=normalize_inline(meta_text(meta, "section", "category")),
        date=_date(meta_text(meta, "date") or None, notes, notes.display),
        url=meta_text(meta, "url"),
        authors=_names(meta.get("authors") or meta.get("author") or meta.get("by")),
        language=meta_text(meta, "language", "lang"),
    )


def _article_from_html(data: bytes, display: str) -> tuple[Article, str]:
    """The page's article, and why it is not one ("" when it is)."""
    from searchkit.ingest.html.extract import extract_html  # bs4 and lxml load only when HTML is read

    try:
        page = extract_html(data)
    except SourceError as exc:
        raise SourceError(display, exc.reason) from exc
    return Article(
        id="",
        headline=page.headline,
        body=page.body,
        subheads=list(page.subheads),
        section=page.section,
        date=page.date,
        authors=list(page.authors),
        description=page.description,
        url=page.url,
        site_name=page.site_name,
        language=page.language,
    ), page.not_article


def _read_jsonl(path: Path, base_id: str, section: str, display: str) -> ReadResult:
    try:
        handle = open_regular(path, display)
    except SourceError as exc:
        return ReadResult(failures=[Failure(display, exc.reason)])
    result = ReadResult()
    notes = _Notes(display)
    with handle:
        try:
            _refuse_binary(handle.peek(SNIFF_BYTES), display)
            for lineno, raw in _lines(handle, MAX_JSONL_LINE):
                where = f"{display}:{lineno}"
                try:
                    if raw is None:
                        raise SourceError(where, f"line too long (the limit is {MAX_JSONL_LINE // (1024 * 1024)} MB)")
                    if not raw.strip():
                        continue
                    article = article_from_record(_json_object(raw, where, notes), where, notes)
                except SourceError as exc:
                    result.failures.append(Failure(where, exc.reason))
                    continue
                article.id = article.id or article.url or f"{base_id}#{lineno}"
                article.path = where
                article.section = article.section or section
                result.articles.append(article)
        except SourceError as exc:
            result.failures.append(Failure(display, exc.reason))
        except OSError as exc:
            result.failures.append(Failure(display, f"cannot read: {exc.strerror or exc}"))
    result.warnings = notes.failures()
    return result


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each line; None for a line over ``limit`` bytes, skipped without being held."""
    lineno = 0
    while raw := handle.readline(limit + 1):
        lineno += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := handle.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield lineno, None
        else:
            yield lineno, raw


def _json_object(raw: bytes, where: str, notes: _Notes) -> dict:
    text = decode_bytes(raw, where)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(where, f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
    except RecursionError as exc:
        raise SourceError(where, "invalid JSON: nested too deeply") from exc
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise SourceError(where, f"invalid JSON: {exc}") from exc
    if not isinstance(record, dict):
        raise SourceError(where, f"expected a JSON object, got {type(record).__name__}")
    if _SURROGATE_ESCAPE_RE.search(text) and _replace_surrogates(record):
        notes.add("surrogates", where, "text holds invalid Unicode (a lone surrogate escape such as \\ud800), "
                  "replaced with U+FFFD")
    return record


def _replace_surrogates(record: dict) -> bool:
    """Replace lone surrogates (text no encoder accepts) in every string of a record; whether there were any."""
    found = False
    stack: list[dict | list] = [record]
    while stack:
        node = stack.pop()
        for key, value in list(node.items() if isinstance(node, dict) else enumerate(node)):
            if isinstance(value, str) and _SURROGATE_RE.search(value):
                node[key] = _SURROGATE_RE.sub("\ufffd", value)
                found = True
            elif isinstance(value, (dict, list)):
                stack.append(value)
    return found


def _date(value: object, notes: _Notes, where: str) -> datetime | None:
    reading = read_date(value)
    if reading.note:
        notes.add("date", where, reading.note)
    return reading.value


def article_from_record(record: dict, where: str = "record", notes: _Notes | None = None) -> Article:
    """An Article from a JSON object with the keys documented for JSONL feeds."""
    text = _first_text(record, "body", "text", "content")
    headline = _first_text(record, "headline", "title")
    cleaned = clean_plain_text(text, headline=headline)
    people = record.get("people")
    article = Article(
        id=_first_text(record, "id"),
        headline=cleaned.headline,
        body=cleaned.body,
        subheads=cleaned.subheads,
        section=normalize_inline(_first_text(record, "section", "category")),
        date=_date(record.get("date") or record.get("published") or record.get("datePublished"),
                   notes or _Notes(where), where),
        url=_first_text(record, "url", "link"),
        authors=_names(record.get("authors", record.get("author"))),
        people=_names(people) if people is not None else [],
        language=_first_text(record, "language", "lang", "inLanguage"),
    )
    _require_text(article, where)
    return article


def _first_text(record: dict, *keys: str) -> str:
    for key in keys:
        value = record.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return ""


def _names(value: object) -> list[str]:
    """A list of names from a string ("A, B and C") or a list of strings or {"name": ...} objects."""
    if isinstance(value, str):
        parts = value.replace(" and ", ",").replace(";", ",").split(",")
    elif isinstance(value, list):
        parts = [item.get("name", "") if isinstance(item, dict) else item for item in value]
    elif isinstance(value, dict):
        parts = [value.get("name", "")]
    else:
        return []
    names = [normalize_inline(p) for p in parts if isinstance(p, str)]
    return list(dict.fromkeys(n for n in names if n))

