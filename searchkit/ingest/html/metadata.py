"""Article metadata from a parsed page: JSON-LD and microdata first, then meta tags, then markup.

Structured data is what publishers maintain for search engines, so it is the
most reliable; meta tags (OpenGraph, Dublin Core, parse.ly...) come next; the
visible markup (<h1>, <time>, byline elements, <title>) is the last resort.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bs4 import BeautifulSoup, Tag
from bs4.filter import ElementFilter

from searchkit.ingest.html.fields import (
    add_authors,
    byline_authors,
    clean_section,
    drop_site_authors,
    jsonld_authors,
    jsonld_persons,
    parse_date,
    split_authors,
    strip_site_suffix,
)
from searchkit.ingest.html.jsonld import (
    ARTICLE_TYPES,
    PAGE_TYPES,
    breadcrumb,
    jsonld_headline,
    load_json,
    microdata,
    text_of,
    types,
    walk_jsonld,
)
from searchkit.ingest.html.text import clean_inline

_DATE_METAS = ("article:published_time", "og:article:published_time", "datepublished",
               "article.published", "publish-date", "publish_date", "pubdate", "publishdate",
               "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "dcterms.date",
               "dcterms.created", "date", "article:published", "og:published_time",
               "cxenseparse:recs:publishtime", "rnews:datepublished", "published-date",
               "release_date", "displaydate", "article_date_original", "original-publish-date",
               "article:modified_time", "og:updated_time", "last-modified")
_AUTHOR_METAS = ("dc:creator", "dc.creator", "dcterm:creator", "dcterms:creator",
                 "dcterms.creator", "author", "article:author", "parsely-author",
                 "sailthru.author", "byl", "citation_author", "cxenseparse:author",
                 "article.author", "og:article:author")


@dataclass
class PageMeta:
    """Metadata found on a page, each field possibly empty."""

    headline: str = ""
    description: str = ""
    section: str = ""
    date: datetime | None = None
    authors: list[str] = field(default_factory=list)
    url: str = ""
    site_name: str = ""
    language: str = ""
    article_body: str = ""
    types: set[str] = field(default_factory=set)  # every JSON-LD @type on the page, lower case


_BYLINE_RE = re.compile(r"byline|author", re.IGNORECASE)
_SCOPE_RE = re.compile(r"Article|Posting|Report", re.IGNORECASE)


def _is_byline(attrs: Mapping[str, str]) -> bool:
    return ("author" in str(attrs.get("rel", "")).lower()
            or str(attrs.get("itemprop", "")).lower() == "author"
            or bool(_BYLINE_RE.search(str(attrs.get("class", "")))))


class _MetadataOnly(ElementFilter):
    """Lets BeautifulSoup build only the elements metadata reads, each with its subtree.

    Metas, <title>, the canonical link, JSON-LD, <h1>, <time datetime>, Article
    itemscopes and byline/author/breadcrumb elements are a small part of a
    page's tags; not building the rest roughly halves BeautifulSoup's parse time.
    """

    def allow_tag_creation(self, nsprefix: str | None, name: str, attrs: Any) -> bool:
        if name in ("meta", "title", "h1"):
            return True
        if not attrs:
            return False
        if name == "script":
            return "ld+json" in str(attrs.get("type", "")).lower()
        if name == "time" and attrs.get("datetime"):
            return True
        if name == "link":
            return "canonical" in str(attrs.get("rel", "")).lower()
        if _SCOPE_RE.search(str(attrs.get("itemtype", ""))):
            return True
        if name in ("html", "head", "body"):  # a page-wide class must not keep the whole page
            return False
        return _is_byline(attrs) or "breadcrumb" in str(attrs.get("class", "")).lower()

    def allow_string_creation(self, string: str) -> bool:
        return False  # text outside the kept elements


def metadata_soup(text: str) -> BeautifulSoup:
    """Parse only the metadata-bearing elements of a page (see ``_MetadataOnly``)."""
    return BeautifulSoup(text, "lxml", multi_valued_attributes=None, parse_only=_MetadataOnly())


class _TagIndex:
    """Every tag metadata needs, gathered in one walk (many find_all calls cost more)."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.metas: list[Tag] = []
        self.ldjson: list[Tag] = []
        self.scopes: list[Tag] = []
        self.bylines: list[Tag] = []
        self.h1 = self.title = self.time = self.canonical = self.crumb = None
        for tag in soup.descendants:
            if not isinstance(tag, Tag):
                continue
            name = tag.name
            attrs = tag.attrs
            if name == "meta":
                self.metas.append(tag)
            elif name == "script":
                if "ld+json" in str(attrs.get("type", "")).lower():
                    self.ldjson.append(tag)
                continue
            elif name == "h1" and self.h1 is None:
                self.h1 = tag
            elif name == "title" and self.title is None:
                self.title = tag
            elif name == "time" and self.time is None and attrs.get("datetime"):
                self.time = tag
            elif name == "link" and self.canonical is None \
                    and "canonical" in str(attrs.get("rel", "")).lower():
                self.canonical = tag
            if not attrs:
                continue
            if len(self.scopes) < 3 and _SCOPE_RE.search(str(attrs.get("itemtype", ""))):
                self.scopes.append(tag)
            if len(self.bylines) < 20 and _is_byline(attrs):
                self.bylines.append(tag)
            if self.crumb is None and "breadcrumb" in str(attrs.get("class", "")).lower():
                self.crumb = tag


def _collect_meta(index: _TagIndex) -> dict[str, list[str]]:
    metas: dict[str, list[str]] = {}
    for tag in index.metas:
        content = tag.get("content")
        if content is None:
            continue
        content = str(content)
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = tag.get(attr)
            if key:
                for k in str(key).lower().split():
                    metas.setdefault(k.strip(), []).append(content)
    return metas


def _first(metas: dict[str, list[str]], *keys: str) -> str:
    for key in keys:
        for value in metas.get(key, ()):
            value = clean_inline(value)
            if value:
                return value
    return ""


def extract_metadata(soup: BeautifulSoup, url: str = "", html_lang: str = "") -> PageMeta:
    """Gather every metadata field from structured data, meta tags and markup.

    ``soup`` may hold only the metadata elements (``metadata_soup``), so the
    ``<html lang>`` value comes from the caller.
    """
    meta = PageMeta()
    index = _TagIndex(soup)
    metas = _collect_meta(index)
    objects: list[dict[str, Any]] = []
    for script in index.ldjson:
        data = load_json(script.string or script.get_text() or "")
        if data is not None:
            walk_jsonld(data, objects)
    articles = [o for o in objects if types(o) & ARTICLE_TYPES]
    for o in objects:
        meta.types |= types(o)
    pages = [o for o in objects if types(o) & PAGE_TYPES]
    art: dict[str, Any] = articles[0] if articles else {}
    if articles:  # several article objects: prefer the one with a body / headline
        art = max(articles, key=lambda o: (len(str(o.get("articleBody") or "")),
                                           bool(o.get("headline"))))
    micro = microdata(index.scopes)
    site_name = _first(metas, "og:site_name", "application-name", "twitter:site:name")
    if not site_name:
        for o in objects:
            if types(o) & {"website", "organization", "newsmediaorganization"} and o.get("name"):
                site_name = text_of(o.get("name"))
                break
        if not site_name and isinstance(art.get("publisher"), dict):
            site_name = text_of(art["publisher"].get("name"))
    meta.site_name = site_name

    h1_tag = index.h1
    h1 = clean_inline(h1_tag.get_text(" ")) if isinstance(h1_tag, Tag) else ""
    title_tag = index.title
    title = clean_inline(title_tag.get_text(" ")) if isinstance(title_tag, Tag) else ""
    canonical = index.canonical
    meta.url = (str(canonical.get("href") or "").strip() if isinstance(canonical, Tag) else "")
    meta.url = meta.url or _first(metas, "og:url", "twitter:url") or text_of(art.get("url")) or url
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", meta.url or url, flags=re.I).split("/")[0]
    sites = [site_name] + [text_of(o.get("name")) for o in objects
                           if types(o) & {"website", "organization", "newsmediaorganization"}]
    headline = jsonld_headline(art, title)
    if not headline:
        headline = _first(metas, "dc:title", "dc.title", "dcterm:title", "dcterms:title",
                          "og:title", "weibo:article:title", "twitter:title", "parsely-title",
                          "sailthru.title", "headline") \
            or micro.get("headline", "") or text_of(_parsely(metas).get("title", ""))
    if headline and len(headline) < 500:
        headline = strip_site_suffix(headline, sites, host)
    elif title:
        headline = strip_site_suffix(title, sites, host, guess=True)
    else:
        headline = h1
    meta.headline = headline

    meta.description = _first(metas, "og:description", "description", "twitter:description",
                              "dc.description") or text_of(art.get("description"))
    meta.section = (_first(metas, "article:section", "og:article:section", "section",
                           "article.section", "parsely-section", "sailthru.section")
                    or text_of(art.get("articleSection")) or micro.get("articleSection", "")
                    or breadcrumb(objects, index.crumb, headline))

    meta.language = clean_inline(html_lang or _first(metas, "content-language", "og:locale", "language",
                                                "dc.language") or text_of(art.get("inLanguage")))
    meta.language = meta.language.replace("_", "-").split(",")[0].strip()

    date_values = [text_of(art.get("datePublished")), micro.get("datePublished", ""),
                   _first(metas, *_DATE_METAS[:-3]), _parsely(metas).get("pub_date", ""),
                   text_of(art.get("dateCreated"))]
    time_tag = index.time
    if isinstance(time_tag, Tag):
        date_values.append(str(time_tag.get("datetime")))
    date_values += [text_of(art.get("dateModified")), _first(metas, *_DATE_METAS[-3:])]
    date_values += [text_of(p.get("datePublished")) for p in pages]
    for value in date_values:
        if value:
            meta.date = parse_date(value)
            if meta.date:
                break

    if isinstance(art.get("publisher"), dict):
        sites.append(text_of(art["publisher"].get("name")))
    meta.authors = _authors(art, micro, metas, index, sites, host)[:10]
    meta.section = clean_section(meta.section, sites, host)
    body = art.get("articleBody") or micro.get("articleBody", "")
    if isinstance(body, str) and body:
        # Some publishers put escaped HTML in articleBody.
        body = html_lib.unescape(re.sub(r"<[^>]{0,400}>", " ", body))
        meta.article_body = body
    # Double-escaped entities ("&amp;#8211;" in a meta tag) are common in CMS output.
    for name in ("headline", "description", "section", "site_name"):
        value = getattr(meta, name)
        if "&" in value:
            setattr(meta, name, clean_inline(html_lib.unescape(value)))
    meta.authors = [html_lib.unescape(a) if "&" in a else a for a in meta.authors]
    return meta






def _parsely(metas: dict[str, list[str]]) -> dict[str, Any]:
    raw = _first(metas, "parsely-page")
    data = load_json(raw) if raw else None
    return data if isinstance(data, dict) else {}


def _authors(art: dict[str, Any], micro: dict[str, str], metas: dict[str, list[str]],
             index: _TagIndex, sites: list[str], host: str) -> list[str]:
    """Author names from the first source that gives a person: JSON-LD, microdata, metas,
    then byline elements. Values naming the site ("BBC News") do not count."""
    sources = [
        lambda: jsonld_authors(art["author"]) if art.get("author") else [],
        lambda: split_authors(micro["author"]) if micro.get("author") else [],
        lambda: _meta_authors(metas),
        lambda: byline_authors(index.bylines),
    ]
    persons = jsonld_persons(art.get("author"))
    for source in sources:
        authors = drop_site_authors(source(), sites, host, persons)
        if authors:
            return authors
    return []


def _meta_authors(metas: dict[str, list[str]]) -> list[str]:
    authors: list[str] = []
    for key in _AUTHOR_METAS:
        for value in metas.get(key, ()):
            add_authors(authors, split_authors(value))
    parsely_author = _parsely(metas).get("author")
    if parsely_author:
        add_authors(authors, jsonld_authors(parsely_author))
    return authors
