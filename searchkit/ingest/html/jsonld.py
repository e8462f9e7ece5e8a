"""Structured data on a page: JSON-LD objects, microdata itemscopes, parse.ly and breadcrumbs.

Kept apart from ``metadata`` (which decides between sources) because reading
structured data has its own tolerance rules: CDATA and comment wrappers,
trailing junk after the JSON, ``@graph`` and nested ``mainEntity`` objects.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bs4 import Tag

from searchkit.ingest.html.text import clean_inline

ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
                 "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle",
                 "blogposting", "socialmediaposting", "liveblogposting", "techarticle",
                 "scholarlyarticle", "report", "review", "satiricalarticle",
                 "advertisercontentarticle", "askpublicnewsarticle", "posting",
                 "discussionforumposting"}
PAGE_TYPES = {"webpage", "itempage", "collectionpage", "medicalwebpage", "videoobject",
               "recipe", "howto", "qapage", "faqpage", "profilepage", "aboutpage"}
_JSON_WRAP_RE = re.compile(r"^(?:/[/*]\s*)?(?:<!--|<!\[CDATA\[)(?:\s*\*/)?|"
                           r"(?:/[/*]\s*)?(?:-->|\]\]>)(?:\s*\*/)?$")
def types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type", "")
    items = t if isinstance(t, list) else [t]
    return {str(x).lower().rsplit("/", 1)[-1] for x in items}


def walk_jsonld(node: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    """Flatten JSON-LD: lists, @graph and nested mainEntity objects become one list."""
    if depth > 8:
        return
    if isinstance(node, list):
        for item in node[:200]:
            walk_jsonld(item, out, depth + 1)
    elif isinstance(node, dict):
        out.append(node)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart"):
            if key in node and isinstance(node[key], (list, dict)):
                walk_jsonld(node[key], out, depth + 1)


def load_json(text: str) -> Any:
    text = _JSON_WRAP_RE.sub("", text.strip())
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    try:  # trailing junk after a valid object, or several objects in a row
        obj, _ = json.JSONDecoder(strict=False).raw_decode(text)
        return obj
    except ValueError:
        return None


def text_of(value: Any) -> str:
    """A JSON-LD value as text: strings as is, {name}/{@value} objects, first list item."""
    if isinstance(value, list):
        for item in value:
            got = text_of(item)
            if got:
                return got
        return ""
    if isinstance(value, dict):
        return text_of(value.get("name") or value.get("@value") or "")
    if isinstance(value, (str, int, float)):
        return clean_inline(str(value))
    return ""


def jsonld_headline(art: dict[str, Any], title: str) -> str:
    """JSON-LD headline, or its name when that is closer to the page title (wikis)."""
    headline, name = text_of(art.get("headline")), text_of(art.get("name"))
    if not (headline and name) or headline == name or not title:
        return headline or name

    def closeness(text: str) -> float:
        a, b = set(_squash_words(text)), set(_squash_words(title))
        return len(a & b) / (len(a | b) or 1)

    return name if closeness(name) > closeness(headline) else headline


def _squash_words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def microdata(scopes: list[Tag]) -> dict[str, str]:
    """itemprop values inside an Article-typed itemscope (first of each property)."""
    found: dict[str, str] = {}
    for scope in scopes:
        for prop in scope.find_all(itemprop=re.compile(
                r"^(headline|datePublished|author|articleSection|articleBody|name)$"), limit=60):
            key = str(prop.get("itemprop"))
            if key in found:
                continue
            if key == "author":
                name = prop.find(itemprop="name")
                value = (name or prop).get_text(" ")
            elif key == "datePublished":
                value = str(prop.get("content") or prop.get("datetime") or prop.get_text(" "))
            elif key == "articleBody":
                value = prop.get_text(" ")
            else:
                value = str(prop.get("content") or prop.get_text(" "))
            value = clean_inline(value)
            if value:
                found[key] = value
        if found:
            break
    return found


def breadcrumb(objects: list[dict[str, Any]], crumb: Tag | None, headline: str) -> str:
    """The section is the last breadcrumb item that is neither home nor the article."""
    names: list[str] = []
    for o in objects:
        if "breadcrumblist" in types(o):
            items = o.get("itemListElement") or []
            items = items if isinstance(items, list) else [items]
            for item in items:
                if isinstance(item, dict):
                    name = text_of(item.get("name") or item.get("item"))
                    names.append(name)
            break
    if not names and isinstance(crumb, Tag):
        names = [clean_inline(a.get_text(" ")) for a in crumb.find_all("a", limit=10)]
    for name in reversed(names):
        if name and name.lower() not in {"home", "homepage", "news"} and name != headline \
                and len(name) < 60 and not name.startswith("http"):
            return name
    return ""
