"""Read source files into Articles: plain text, HTML and JSON lines.

Each reader returns the articles it could read and a Failure for each part it
could not (a JSONL file may have good and broken lines), so one bad line or
file never stops the rest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from searchkit.errors import SourceError
from searchkit.ingest.dates import parse_date
from searchkit.ingest.encoding import decode_bytes
from searchkit.ingest.plaintext import clean_plain_text, normalize_inline
from searchkit.models import Article, Failure

TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES

#: Single-article files larger than this are reported, not read (bounded memory).
MAX_ARTICLE_BYTES = 16 * 1024 * 1024
#: JSONL lines longer than this are reported as broken.
MAX_JSONL_LINE = 16 * 1024 * 1024


@dataclass
class ReadResult:
    """The articles read from one source file, and what could not be read."""

    articles: list[Article] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def is_article_file(path: Path) -> bool:
    """Whether searchkit reads this file (by its extension)."""
    return path.suffix.lower() in SUFFIXES


def read_file(path: Path, *, article_id: str, section: str = "", display_path: str = "") -> ReadResult:
    """Read one source file; ``section`` is used when an article names none."""
    display = display_path or str(path)
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            return _read_jsonl(path, article_id, section, display)
        data = _read_bytes(path, display)
        if suffix in HTML_SUFFIXES:
            article = _article_from_html(data, display)
        elif suffix in TEXT_SUFFIXES:
            article = _article_from_text(decode_bytes(data, display))
        else:
            raise SourceError(display, f"unsupported file type {suffix or '(none)'!r}")
        _require_text(article, display)
    except SourceError as exc:
        return ReadResult(failures=[Failure(display, exc.reason)])
    article.id = article_id
    article.path = display
    article.section = article.section or section
    return ReadResult(articles=[article])


def _read_bytes(path: Path, display: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            limit = MAX_ARTICLE_BYTES // (1024 * 1024)
            raise SourceError(display, f"file too large ({size // (1024 * 1024)} MB, the limit is {limit} MB)")
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(display, f"cannot read: {exc.strerror or exc}") from exc


def _require_text(article: Article, display: str) -> None:
    if not article.body.strip() and not article.headline.strip():
        raise SourceError(display, "empty article (no text)")


def _article_from_text(text: str) -> Article:
    cleaned = clean_plain_text(text)
    meta = cleaned.meta
    return Article(
        id="",
        headline=cleaned.headline,
        body=cleaned.body,
        subheads=cleaned.subheads,
        section=normalize_inline(meta.get("section") or meta.get("category") or ""),
        date=parse_date(meta.get("date")),
        url=meta.get("url", ""),
        authors=_names(meta.get("authors") or meta.get("author") or meta.get("by")),
    )


def _article_from_html(data: bytes, display: str) -> Article:
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
    )


def _read_jsonl(path: Path, base_id: str, section: str, display: str) -> ReadResult:
    result = ReadResult()
    try:
        handle = path.open("rb")
    except OSError as exc:
        return ReadResult(failures=[Failure(display, f"cannot read: {exc.strerror or exc}")])
    with handle:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where = f"{display}:{lineno}"
            try:
                if len(raw) > MAX_JSONL_LINE:
                    raise SourceError(where, "line too long")
                article = article_from_record(_json_object(raw, where), where)
            except SourceError as exc:
                result.failures.append(Failure(where, exc.reason))
                continue
            article.id = article.id or article.url or f"{base_id}#{lineno}"
            article.path = where
            article.section = article.section or section
            result.articles.append(article)
    return result


def _json_object(raw: bytes, where: str) -> dict:
    try:
        record = json.loads(decode_bytes(raw, where))
    except json.JSONDecodeError as exc:
        raise SourceError(where, f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
    if not isinstance(record, dict):
        raise SourceError(where, f"expected a JSON object, got {type(record).__name__}")
    return record


def article_from_record(record: dict, where: str = "record") -> Article:
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
        date=parse_date(record.get("date") or record.get("published") or record.get("datePublished")),
        url=_first_text(record, "url", "link"),
        authors=_names(record.get("authors", record.get("author"))),
        people=_names(people) if people is not None else [],
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

