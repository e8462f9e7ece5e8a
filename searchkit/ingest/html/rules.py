"""Tag and line classification rules for body extraction: what is junk, what is a block.

Kept apart from the extraction algorithm (``html_body``) so the patterns -- all
generic: tag names, ARIA roles, class/id words, boilerplate lines -- can be read
and tested in one place. There are no per-site rules.
"""

from __future__ import annotations

import re

from lxml.etree import _Element

HARD_JUNK = frozenset([
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "button", "input", "select", "textarea", "option", "optgroup", "link", "meta",
    "head", "title", "video", "audio", "source", "track", "map", "area", "datalist", "output",
    "progress", "meter", "dialog", "rt", "rp",
])
# figcaption: a photo's caption and credit describe the picture, not the story.
STRUCT_JUNK = frozenset(["nav", "header", "footer", "aside", "form", "menu", "figcaption"])
BLOCKS = frozenset([
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "li", "blockquote", "pre", "table", "tr", "dl", "dt", "dd", "figure",
    "figcaption", "hr", "br", "address", "center", "details", "summary", "caption", "tbody",
    "thead", "tfoot", "body", "html", "hgroup", "fieldset", "legend",
])
INLINE = frozenset([
    "a", "span", "em", "strong", "b", "i", "u", "font", "small", "sup", "sub", "abbr", "cite",
    "q", "mark", "time", "code", "s", "del", "ins", "big", "tt", "var", "kbd",
])
CONTAINERS = frozenset([
    "div", "section", "ul", "ol", "table", "figure", "dl", "article", "aside", "form",
])
SPLIT_HEADINGS = frozenset(["h2", "h3"])
TAG_BONUS = {"div": 5, "article": 8, "main": 5, "section": 3, "pre": 3, "td": 3, "blockquote": 3,
              "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3,
              "form": -3, "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5}
_NEG_RE = re.compile(
    r"comment|disqus|share|sharing|social|related|recommend|newsletter|subscri|signup|sign-up|"
    r"cookie|consent|gdpr|promo|advert|sponsor|outbrain|taboola|popular|trending|breadcrumb|"
    r"popup|modal|sr-only|visually-?hidden|screen-?reader|byline|author|bio\b|sidebar|"
    r"footer|masthead|navbar|navigation|pagination|pager(?![a-z])|widget|toolbar|read-?more|more-?stories|"
    r"most-?read|also-?read|gallery|slideshow|carousel|player|playlist|lightbox|"
    r"(?:^|[-_])(?:ad|ads|adv|nav|menu|tags?|meta|skip|print|banner|header|"
    r"hidden|hide|rail|teaser|topics|keywords|login|follow|utility|tools|dateline|timestamp|prev|next|"
    r"credits?)"
    r"(?:$|[-_])",
    re.IGNORECASE)
_POS_RE = re.compile(r"article|body|content|entry|main|post|story|text|blog|prose|column",
                     re.IGNORECASE)
_EMBED_RE = re.compile(r"embed|tweet|instagram-media|tiktok-embed", re.IGNORECASE)
# Galleries, players and promotions use "embed" in their class names too.
_MEDIA_RE = re.compile(r"promo|gal(?:lery)?(?:$|[-_])|player|slideshow|carousel", re.IGNORECASE)
# Captions and credits of pictures, also inside an "imageEmbed" wrapper.
_CAPTION_CLASS_RE = re.compile(r"caption|(?:^|[-_]|[a-z])credits?(?:$|[-_])", re.IGNORECASE)
_JUNK_ROLES = {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog",
               "menu", "menubar", "search", "toolbar", "tablist", "button", "menuitem", "tab",
               "slider", "listbox", "option", "switch", "tooltip"}
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
BOILER_LINE_RE = re.compile(
    r"^(?:advertisement|advertising|advert|ads?|sponsored( content)?|supported by|"
    r"continue reading.*|don'?t miss:?|must reads?:?|trending(?: now)?:?|most (?:read|popular):?|"
    r"top stories:?|more stories:?|you (?:might|may) also like:?|recommended for you:?|"
    r"(?:this |the )?(?:slideshow|video|content|page|site) requires javascript.{0,60}|"
    r"(?:please )?enable javascript.{0,80}|"
    r"read more.{0,60}|(?:click|tap) here.{0,60}|share (?:this|on|via).{0,40}|share|"
    r"follow us.{0,60}|sign up.{0,80}|subscribe.{0,80}|(?:image|photo|video)(?: credit)?:.{0,80}|"
    r"related(?: articles?| stories| content| coverage)?:?.{0,80}|recommended.{0,40}|"
    r"loading\.*|skip (?:to )?.{0,30}|back to top|print|email|comments?|\d+ comments?|"
    r"caption|close|expand|enlarge(?: this)? image|(?:toggle|hide|show) caption|"
    r"(?:view|open) (?:gallery|slideshow).{0,30}|(?:image|photo|slide)s? \d+ (?:of|/) \d+|"
    r"\d+ (?:of|/) \d+|(?:©|\(c\)|copyright\b).{0,150}|\d{1,3}|"
    r"(?:image|photo|picture|video)s? (?:copyright|credit|source)\b.{0,80}|"
    r"\d+ ?of ?\d+\S.{0,400})$",
    re.IGNORECASE)
# Short lines that are bylines / datelines / calls to action rather than article text.
META_LINE_RE = re.compile(
    r"^(?:by\s+\S+(?:\s+\S+){0,4}$|by\s.{0,80}\d{1,2}[:/.]\d{2}|"
    r"(?:published|updated|posted|last updated|first published)\b.{0,60}\d)|"
    r"\b(?:sign up|subscribe|newsletter)\b",
    re.IGNORECASE)
# Cookie / consent notices that are not inside a recognisable banner element.
COOKIE_LINE_RE = re.compile(
    r"\bcookies\b.{0,200}\b(?:use|accept|consent|experience|privacy|agree)|"
    r"\b(?:use|accept|consent to)\b.{0,40}\bcookies\b", re.IGNORECASE)
SENTENCE_END_RE = re.compile(r"[.!?。！？…\"'”’)]\s*$")


def attr_text(el: _Element, name: str) -> str:
    """An attribute's value, "" when absent."""
    return el.get(name) or ""


def class_weight(el: _Element) -> int:
    """+25 / -25 per class and id, as readability does."""
    weight = 0
    for name in ("class", "id"):
        text = el.get(name)
        if text:
            if _NEG_RE.search(text):
                weight -= 25
            if _POS_RE.search(text):
                weight += 25
    if attr_text(el, "itemprop").lower() == "articlebody":
        weight += 40
    return weight


def is_soft_junk(el: _Element, use_classes: bool) -> bool:
    """Structural junk, a junk ARIA role, or (with ``use_classes``) junk class/id words."""
    name = el.tag
    if name in STRUCT_JUNK:
        return True
    role = el.get("role")
    if role and role.lower() in _JUNK_ROLES:
        return True
    cls, ident = el.get("class"), el.get("id")
    if not (cls or ident) or name in ("body", "html", "a", "p", "main"):
        return False
    if not use_classes:  # the retry without class rules still drops pictures' captions and credits
        return bool(_CAPTION_CLASS_RE.search(f"{cls or ''} {ident or ''}"))
    if attr_text(el, "itemprop").lower() == "articlebody":
        return False
    key = f"{cls or ''} {ident or ''}"
    got = _JUNK_CACHE.get(key)
    if got is None:
        if len(_JUNK_CACHE) > 50_000:
            _JUNK_CACHE.clear()
        got = _JUNK_CACHE[key] = _junk_tokens(key.split())
    return got


_JUNK_CACHE: dict[str, bool] = {}


def _junk_tokens(tokens: list[str]) -> bool:
    """Junk if a class/id token says so and no token is a plain content marker."""
    negative = False
    for token in tokens:
        if _CAPTION_CLASS_RE.search(token):
            return True
        if _EMBED_RE.search(token) and not _MEDIA_RE.search(token):  # embedded posts quoted by the article are content
            return False
        if _NEG_RE.search(token):
            negative = True
        elif _POS_RE.search(token):
            return False
    return negative


def is_hidden(el: _Element) -> bool:
    """``hidden``, ``aria-hidden=true``, an inline ``display:none`` style, or a control.

    A focusable element with no children that is not a link (``tabindex`` on a
    <div>) is a widget's button or menu item: a player's "Auto", "HD", "Back".
    """
    if el.get("hidden") is not None or attr_text(el, "aria-hidden").lower() == "true":
        return True
    if el.get("tabindex") is not None and el.tag not in ("a", "p") and not len(el):
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE_RE.search(style))


def is_content_anchor(el: _Element) -> bool:
    """Markers of the main content: itemprop=articleBody, role=main."""
    return (attr_text(el, "itemprop").lower() == "articlebody"
            or attr_text(el, "role").lower() == "main")
