"""Field cleaners for article metadata: dates, author names and headline site suffixes.

Split from ``html_metadata`` (which decides *where* a value comes from) so the
rules for *what a clean value looks like* are small and unit-testable.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from bs4 import Tag
from dateutil import parser as date_parser

from searchkit.ingest.dates import article_dayfirst, parse_text
from searchkit.ingest.html.text import clean_inline

_TITLE_SEP_RE = re.compile(r"\s+(?:[|\-–—:/»·•~]|::)\s+")
_BRACKET_TAIL_RE = re.compile(r"\s*[\[(]([^\[\]()]{1,60})[\])]\s*$")
_LINK_RE = re.compile(r"\(?\s*(?:https?://|www\.)\S+\s*\)?|\(?[\w.+-]+@[\w-]+\.[\w.]+\)?")
_URL_RE = re.compile(r"https?://|www\.|\.com\b|@\w", re.IGNORECASE)
_BY_RE = re.compile(r"^(?:(?:written|posted|reported|words|story|text|photos?|edited)\s+)?"
                    r"(?:by|von|par|por|di|door|av|af)\b[:\s]*", re.IGNORECASE)
_AUTHOR_NOISE_RE = re.compile(
    r"\b(?:\d+\s*min(?:ute)?s?\s*read|updated?\b.*|published\b.*|posted\b.*|"
    r"staff(?:\s+writer|\s+reporter)?|correspondent|contributor|reporter|editor|"
    r"(?:senior\s+)?writer|columnist|follow\b.*|e-?mail\b.*|twitter\b.*)$",
    re.IGNORECASE,
)
_ROLE_END_RE = re.compile(r"\b(?:writer|reporter|editor|correspondent|columnist|contributor)\s*$",
                          re.IGNORECASE)
# "Martin Untersinger (avec Damien Leloup, Morgane Tual)": co-authors in parentheses.
_WITH_AUTHORS_RE = re.compile(r"\s*\(\s*(?:with|avec|mit|con|com|met|med)\s+([^()]*)\)", re.IGNORECASE)
_AUTHOR_SPLIT_RE = re.compile(r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b|\|)\s*", re.IGNORECASE)
# A byline often runs on into its date: cut at the first digit, month-and-day or weekday.
_DATE_TAIL_RE = re.compile(
    r"\s*(?:\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b).*$",
    re.IGNORECASE)
# Words naming an organisation or a desk, never part of a person's name ("BBC News",
# "Associated Press", "Detroit News wire services", "Ben Silverman Games").
_ORG_WORDS = frozenset(
    "news newsroom staff desk bureau wire wires service services agency agencies press media "
    "editorial editors team network magazine newspaper weekly daily online".split())
_DESK_WORDS = frozenset(
    "games gaming sport sports politics business tech technology entertainment opinion world "
    "culture science health lifestyle travel finance markets music movies video weather".split())
_NOT_NAMES = frozenset(
    "staff admin editor editors unknown none anonymous null nil author guest".split())
# A byline opening with a possessive names a desk ("Our Foreign Staff", "Unsere Redaktion").
_DESK_OPENERS = frozenset("our your unsere unser notre nos nuestro nuestra nuestros nostro nostra".split())
# A comment's avatar letter before the user name: "S Sky".
_AVATAR_RE = re.compile(r"^([^\W\d_])\s+(?=\1[^\W\d_])")
_NAME_PARTICLES = {"de", "da", "del", "della", "der", "den", "van", "von", "du", "la", "le",
                   "di", "bin", "al", "el", "ibn", "y", "e", "dos", "das", "do", "ter", "zu"}


def parse_date(value: str) -> datetime | None:
    """Parse a date string to an aware UTC datetime; naive values are taken as UTC."""
    value = clean_inline(value)
    if not value or len(value) > 80 or not re.search(r"\d{4}|\d{1,2}[/.-]\d{1,2}", value):
        return None
    if value.isdigit() and len(value) in (10, 13):  # epoch seconds / milliseconds
        try:
            stamp = int(value) / (1000 if len(value) == 13 else 1)
            return datetime.fromtimestamp(stamp, tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            return None
    try:
        dt = date_parser.isoparse(value)
    except (ValueError, OverflowError):
        dt, _ = parse_text(value, dayfirst=article_dayfirst(), fuzzy=True)  # news zones (EST...), no future "63"
        if dt is None:
            return None
    if dt.year < 1800 or dt.year > 2200:
        return None
    if dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    try:
        return dt.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return dt.replace(tzinfo=timezone.utc)


def clean_author(name: str) -> str:
    """Strip bylines to a bare name: no "By", job titles, reading times or URLs."""
    name = _LINK_RE.sub(" ", clean_inline(name)).strip()
    if not name or _URL_RE.search(name):
        return ""
    name = _BY_RE.sub("", name).strip(" ,:;|-–—·•")
    name = _AUTHOR_NOISE_RE.sub("", name).strip(" ,:;|-–—·•")
    name = _BY_RE.sub("", name).strip(" ,:;|-–—·•")
    name = _DATE_TAIL_RE.sub("", name).strip(" ,:;|-–—·•")
    name = _AVATAR_RE.sub("", _drop_org_tail(name))
    if not name or len(name) > 60 or len(name.split()) > 6 or not _looks_like_name(name):
        return ""
    if name.count("(") != name.count(")"):  # cut inside a bracket: a counter or a date ("Views (")
        return ""
    return name if _is_person_like(name) else ""


def _word_key(word: str) -> str:
    return re.sub(r"[\W\d_]", "", word).lower()


def _drop_org_tail(name: str) -> str:
    """"Tom Davies Associated Press" -> "Tom Davies"; "Ben Silverman Games" -> "Ben Silverman";
    "Tech Insider Alex Perry" -> "Alex Perry".

    The first organisation word ends the name, and from the fourth word on it takes
    the word before it along ("Associated", "Health"); a desk word is dropped only
    as the last of three or more words, and as the first of four or more it takes the
    next word along. A value starting with an organisation word is no name.
    """
    words = name.split()
    for i, word in enumerate(words):
        if _word_key(word) in _ORG_WORDS:
            if i < 2:
                return ""
            return " ".join(words[:i - 1] if i >= 3 else words[:i]).rstrip(" ,;-–—·")
    if len(words) >= 3 and _word_key(words[-1]) in _DESK_WORDS:
        return " ".join(words[:-1])
    if len(words) >= 4 and _word_key(words[0]) in _DESK_WORDS:
        return " ".join(words[2:])  # the desk named first: "Tech Insider Alex Perry"
    return name


def _is_person_like(name: str) -> bool:
    """At least two words, not all initials ("J J"), not "The ..." (an organisation).

    A single word in a cased script is an agency or site ("Reuters", "CNN"), a bare
    first name or a split error; caseless scripts (Chinese, Japanese...) write full
    names as one word, so a single word is kept there.
    """
    words = name.split()
    if name.lower() in _NOT_NAMES or words[0].lower() == "the" or words[0].lower() in _DESK_OPENERS:
        return False
    letters = [_word_key(w) for w in words]
    if all(len(w) <= 1 for w in letters):
        return False
    cased = any(c.lower() != c.upper() for c in name)
    return len(words) >= 2 or not cased


def drop_site_authors(names: list[str], sites: list[str], host: str,
                      persons: frozenset[str] = frozenset()) -> list[str]:
    """Drop author values that name the site or publisher ("BBC News" on bbc.co.uk).

    A person name followed by the site ("Kevin McCoy USA TODAY") keeps the name.
    Names in ``persons`` (JSON-LD authors typed Person, lowercased) are kept even
    when they equal the site name, as on a personal blog.
    """
    keys = {squash(re.sub(r"^the\s+", "", s, flags=re.IGNORECASE)) for s in sites}
    keys.add(squash(_domain_label(host)))
    keys = {k for k in keys if len(k) >= 3}
    if not keys:
        return names
    out = []
    for name in names:
        kept = name if name.lower() in persons else _without_site(name, keys)
        if kept:
            out.append(kept)
    return out


def _domain_label(host: str) -> str:
    """The registered name of a host: "bbc" for www.bbc.co.uk, "pixnet" for a.pixnet.net."""
    labels = host.lower().split(".")[:-1]
    if len(labels) > 1 and labels[-1] in ("co", "com", "org", "net", "gov", "ac", "edu", "or", "ne"):
        labels.pop()
    return labels[-1] if labels else ""


def _without_site(name: str, keys: set[str]) -> str:
    """The name before a run of words spelling a site key; "" if that leaves no full name."""
    words = name.split()
    parts = [squash(w) for w in words]
    whole = "".join(parts)
    if len(whole) >= 6 and any(whole in k for k in keys):
        return ""
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            if "".join(parts[i:j]) in keys:
                return " ".join(words[:i]).rstrip(" ,;-–—·") if i >= 2 else ""
    return name


def _looks_like_name(name: str) -> bool:
    """Capitalised words (or a caseless script); no sentence punctuation or symbols."""
    if re.search(r"[:$%#@|!?;/\\<>{}=+*]", name) or not re.search(r"[^\W\d_]", name):
        return False
    words = [re.sub(r"[\W\d_]", "", w) for w in name.split()]
    lower = [w for w in words if w and w.lower() == w and w.upper() != w]
    if words and words[0] in lower and words[0] not in _NAME_PARTICLES:
        return False
    long_words = [w for w in words if len(w) >= 4]
    return sum(1 for w in lower if len(w) >= 4) * 2 <= len(long_words)


def split_authors(text: str) -> list[str]:
    """Split "A, B and C" into cleaned names, dropping noise."""
    text = _WITH_AUTHORS_RE.sub(r", \1", _BY_RE.sub("", clean_inline(text)))
    names: list[str] = []
    for part in _AUTHOR_SPLIT_RE.split(text):
        if names and _ROLE_END_RE.search(part):
            continue  # "TOM KRISHER, AP Auto Writer": the job title after a name
        name = clean_author(part)
        if name:
            names.append(name)
    return names


def add_authors(target: list[str], names: list[str]) -> None:
    seen = {n.lower() for n in target}
    for name in names:
        if name.lower() not in seen:
            seen.add(name.lower())
            target.append(name)


def jsonld_authors(value: Any) -> list[str]:
    out: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items[:20]:
        if isinstance(item, dict):
            raw = item.get("name") or ""
            if isinstance(raw, list):
                raw = " , ".join(str(x) for x in raw)
            add_authors(out, split_authors(str(raw)))
        elif isinstance(item, str):
            add_authors(out, split_authors(item))
    return out


def jsonld_persons(value: Any) -> frozenset[str]:
    """Lowercased names of JSON-LD author objects explicitly typed Person."""
    items = value if isinstance(value, list) else [value]
    return frozenset(name.lower() for item in items[:20]
                     if isinstance(item, dict) and str(item.get("@type", "")).lower() == "person"
                     for name in jsonld_authors(item))


def squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _is_site_part(part: str, sites: list[str], host: str) -> bool:
    """A title part naming the site: equals a known site name or spells the host name."""
    key = squash(part)
    if not key or len(part.split()) > 6:
        return False
    if any(key == s or (len(s) >= 3 and s in key and len(key) <= len(s) + 12) for s in sites):
        return True
    host = host.lower().removeprefix("www.")
    if host and key == squash(host):  # "LWN.net" on lwn.net
        return True
    labels = [squash(x) for x in host.split(".") if x not in ("com", "org")]
    return any(len(lab) >= 3 and (lab == key or (len(key) >= 3 and key in lab)
                                  or (len(lab) >= 4 and lab in key and len(key) <= len(lab) + 8))
               for lab in labels)


def strip_site_suffix(title: str, site_names: list[str] | None = None, host: str = "",
                      guess: bool = False) -> str:
    """Remove a " | Site" / "Site - " part from a title, keeping the headline part.

    Only parts naming the site (known site name, or the host name) are removed;
    with ``guess`` (a bare <title>) one short trailing part is also dropped.
    """
    title = clean_inline(title)
    sites = [squash(x) for x in (site_names or []) if squash(x)]
    bracket = _BRACKET_TAIL_RE.search(title)
    if bracket and bracket.start() > 0 and _is_site_part(bracket.group(1), sites, host):
        title = title[:bracket.start()].rstrip()
    parts = _TITLE_SEP_RE.split(title)
    if len(parts) < 2:
        return title
    kept = list(parts)
    while len(kept) > 1 and _is_site_part(kept[-1], sites, host):
        kept.pop()
    while len(kept) > 1 and _is_site_part(kept[0], sites, host):
        kept.pop(0)
    if len(kept) < len(parts):
        return _join_parts(title, kept)
    if guess:
        head, tail = parts[:-1], parts[-1]
        if len(tail.split()) <= 3 and len(" ".join(head).split()) >= 3:
            return _join_parts(title, head)
    return title


def _join_parts(title: str, kept: list[str]) -> str:
    """Re-join consecutive kept parts with the separators they had in the title."""
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    if start < 0 or end <= start:
        return kept[0]
    return title[start:end].strip()


def byline_authors(tags: list[Tag]) -> list[str]:
    """Names from rel=author links, itemprop=author and byline/author-classed elements.

    A byline element holding another one is read through the inner one: the outer
    box often carries the desk, the date and share buttons around the name
    ("Tech Insider / Alex Perry / 1 day ago").
    """
    out: list[str] = []
    outer = {id(parent) for tag in tags for parent in tag.parents}
    for tag in [t for t in tags if id(t) not in outer] + [t for t in tags if id(t) in outer]:
        if tag.name in ("meta", "link", "script", "body", "html", "article"):
            continue
        text = clean_inline(tag.get_text(" "))
        if 0 < len(text) <= 120:
            add_authors(out, split_authors(text))
        if out:
            break
    return out


_HOST_LIKE_RE = re.compile(r"^(?:https?://)?(?:[\w-]+\.)+[a-z]{2,6}/?$", re.IGNORECASE)
_PATH_LIKE_RE = re.compile(r"^(?:https?://[^/\s]+)?/?[\w.-]+(?:/[\w.-]*)*$")


def clean_section(value: str, sites: list[str], host: str) -> str:
    """A section label a reader would type: "/world/middle_east" -> "Middle East".

    A URL path (a slash, no spaces) becomes its last part, most specific first,
    with ``_``/``-`` as spaces and title-cased. A host name, the site's own name,
    a byline ("By: ...") or an empty marker ("nil") is no section.
    """
    value = clean_inline(value)
    if not value or _HOST_LIKE_RE.match(value) or _BY_RE.match(value):
        return ""
    if "/" in value and _PATH_LIKE_RE.match(value):
        parts = [p for p in re.sub(r"^https?://[^/]+", "", value).split("/")
                 if p and not re.fullmatch(r"index(?:\.\w+)?|\d+", p, re.IGNORECASE)]
        if not parts:
            return ""
        label = re.sub(r"\.\w{2,5}$", "", parts[-1])
        value = " ".join(w[:1].upper() + w[1:] for w in re.split(r"[_\-\s]+", label) if w)
    key = squash(value)
    if not key or value.lower() in _NOT_NAMES or key == squash(host.removeprefix("www.")) \
            or any(key == squash(site) for site in sites):
        return ""
    return value
