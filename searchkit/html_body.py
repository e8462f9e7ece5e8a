"""Main-content (article body) extraction from a parsed page.

Stages, all iterative (no recursion, so 100k-deep pages are fine):

1. *mark*: hard junk (script, style, forms controls, hidden nodes, comments) is
   skipped; soft junk (nav/header/footer/aside/form and elements whose class/id
   says comments, share, related, newsletter, cookie...) is flagged, unless a
   structural element holds most of the page text (a page wrapped in <form>).
2. *score*: readability-style paragraph scoring -- each paragraph gives points
   (length, commas) to its ancestors; candidates are weighted by class/id hints
   and penalised by link density.
3. *select*: best candidate, widened to a common ancestor when several good
   candidates share it, plus qualifying siblings; a JSON-LD ``articleBody``,
   when present, picks between candidates by word overlap.
4. *emit*: paragraphs at block boundaries, h2/h3 kept in place as sub-headings,
   link-heavy lists and boilerplate lines dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from searchkit.html_rules import (
    BLOCKS,
    BOILER_LINE_RE,
    CONTAINERS,
    COOKIE_LINE_RE,
    HARD_JUNK,
    INLINE,
    META_LINE_RE,
    SENTENCE_END_RE,
    SPLIT_HEADINGS,
    STRUCT_JUNK,
    TAG_BONUS,
    attr_text,
    class_weight,
    is_content_anchor,
    is_hidden,
    is_soft_junk,
)
from searchkit.html_text import clean_inline


@dataclass
class Body:
    """Extracted body paragraphs and which of them are sub-headings."""

    paragraphs: list[str] = field(default_factory=list)
    subheads: list[str] = field(default_factory=list)
    raw_length: int = 0  # page text length before cleaning

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


class _Page:
    """Per-page state of one extraction attempt: flags and per-node statistics."""

    def __init__(self, root: Tag, use_classes: bool) -> None:
        self.root = root
        self.skip: set[int] = set()  # hard junk + soft junk (ids)
        # id -> [text_len, link_len, commas, has_block_child, direct_len]
        self.stats: dict[int, list[int]] = {}
        self._mark(use_classes)
        self._measure()

    def _mark(self, use_classes: bool) -> None:
        """Flag junk; soft junk holding over half the page's text is kept (wrapper <form>)."""
        skip = self.skip
        root = self.root
        soft: list[Tag] = []
        anchors: list[Tag] = []
        total = 0
        stack: list[Tag] = [root]
        while stack:
            tag = stack.pop()
            attrs = tag.attrs
            if tag.name in HARD_JUNK or (attrs and is_hidden(tag)):
                skip.add(id(tag))
                continue
            if tag.name in ("h1", "main") or (attrs and is_content_anchor(tag)):
                anchors.append(tag)
            if tag is not root and (tag.name in STRUCT_JUNK
                                    or (attrs and is_soft_junk(tag, use_classes))):
                soft.append(tag)
            for child in tag.contents:
                if isinstance(child, Tag):
                    stack.append(child)
                elif not isinstance(child, PreformattedString):
                    total += len(child.strip())
        self.total_text = total
        self.class_flagged = 0
        # A class word like "header-style-2" on a page-wide wrapper must not remove the
        # article: class-flagged elements around the <h1>/<main>/articleBody stay.
        protected: set[int] = set()
        for anchor in anchors:
            node = anchor.parent
            while node is not None and id(node) not in protected:
                protected.add(id(node))
                node = node.parent
        for tag in soft:
            if tag.name in ("form", "header", "main") and self._raw_len(tag) > 0.5 * total:
                continue
            if attr_text(tag, "role").lower() == "main":
                continue
            if tag.name not in STRUCT_JUNK and id(tag) in protected:
                continue
            if tag.name not in STRUCT_JUNK:
                self.class_flagged += 1
            skip.add(id(tag))

    def _raw_len(self, top: Tag) -> int:
        """Text length under ``top``, hard junk excluded (used for a few wrappers only)."""
        total = 0
        stack = [top]
        while stack:
            tag = stack.pop()
            for child in tag.contents:
                if isinstance(child, Tag):
                    if id(child) not in self.skip:
                        stack.append(child)
                elif not isinstance(child, PreformattedString):
                    total += len(child.strip())
        return total

    def _measure(self) -> None:
        """Text, link text, comma counts per kept node (junk excluded)."""
        stats = self.stats
        order: list[tuple[Tag, bool]] = []
        stack: list[tuple[Tag, bool]] = [(self.root, False)]
        skip = self.skip
        while stack:
            tag, in_link = stack.pop()
            order.append((tag, in_link))
            in_link = in_link or tag.name == "a"
            text = link = commas = direct = 0
            block_child = 0
            for child in tag.contents:
                if isinstance(child, Tag):
                    if id(child) in skip:
                        continue
                    if child.name in BLOCKS:
                        block_child = 1
                    stack.append((child, in_link))
                elif not isinstance(child, PreformattedString):
                    s = child.strip()
                    if s:
                        n = len(s)
                        text += n
                        direct += n
                        commas += s.count(",") + s.count("，") + s.count("、")
                        if in_link:
                            link += n
            stats[id(tag)] = [text, link, commas, block_child, direct]
        for tag, _ in reversed(order):
            if tag is self.root:
                continue
            parent = tag.parent
            ps = stats.get(id(parent)) if parent is not None else None
            if ps is None:
                continue
            st = stats[id(tag)]
            ps[0] += st[0]
            ps[1] += st[1]
            ps[2] += st[2]
            if tag.name in INLINE:
                ps[4] += st[0]

    def link_density(self, tag: Tag) -> float:
        st = self.stats.get(id(tag))
        if not st or not st[0]:
            return 0.0
        return st[1] / st[0]

    def text_len(self, tag: Tag) -> int:
        st = self.stats.get(id(tag))
        return st[0] if st else 0

    # -- scoring ---------------------------------------------------------------------------

    def score(self) -> dict[int, tuple[Tag, float]]:
        """Readability-style candidate scores: paragraphs feed their ancestors."""
        scores: dict[int, list] = {}
        for tag in self._iter_kept():
            st = self.stats[id(tag)]
            name = tag.name
            if name in ("p", "pre", "td") or (name in ("div", "section", "span", "font", "center")
                                               and not st[3]):
                length, unit_parent_level = st[0], 1
            elif name in ("div", "section", "article", "main", "td", "body") and st[4] >= 25:
                length, unit_parent_level = st[4], 0
            else:
                continue
            if length < 25:
                continue
            points = (1 + st[2] + min(length // 100, 3)) * (1 - self.link_density(tag) * 0.5)
            node: Tag | None = tag if unit_parent_level == 0 else tag.parent
            for level in range(5):
                if node is None or id(node) not in self.stats:  # above the root
                    break
                entry = scores.get(id(node))
                if entry is None:
                    entry = [node, float(TAG_BONUS.get(node.name, 0) + class_weight(node))]
                    scores[id(node)] = entry
                divider = 1 if level == 0 else (2 if level == 1 else level * 3)
                entry[1] += points / divider
                node = node.parent
        return {k: (t, s * (1 - self.link_density(t))) for k, (t, s) in scores.items()}

    def _iter_kept(self):
        stack = [self.root]
        skip = self.skip
        while stack:
            tag = stack.pop()
            yield tag
            stack.extend(c for c in reversed(tag.contents)
                         if isinstance(c, Tag) and id(c) not in skip)

    def select(self, scores: dict[int, tuple[Tag, float]]) -> list[Tag]:
        """Top candidate, widened to a shared ancestor, plus qualifying siblings."""
        if not scores:
            return []
        ranked = sorted(scores.values(), key=lambda ts: ts[1], reverse=True)
        top, top_score = ranked[0]
        # Several strong candidates under one ancestor: the ancestor is the article.
        alternatives = [t for t, s in ranked[1:5] if s >= 0.75 * top_score]
        if len(alternatives) >= 3:
            parent = top.parent
            while isinstance(parent, Tag) and parent.name not in ("body", "[document]"):
                inside = sum(1 for alt in alternatives if _contains(parent, alt))
                if inside >= 3:
                    top = parent
                    break
                parent = parent.parent
        # Climb while a parent scores clearly better.
        last = scores.get(id(top), (top, top_score))[1]
        parent = top.parent
        while isinstance(parent, Tag) and parent.name not in ("body", "[document]"):
            entry = scores.get(id(parent))
            if entry is None:
                parent = parent.parent
                continue
            if entry[1] < last / 3:
                break
            if entry[1] > last:
                top = parent
                break
            last = entry[1]
            parent = parent.parent
        while (isinstance(top.parent, Tag) and top.parent.name not in ("body", "[document]")
               and self.text_len(top.parent) == self.text_len(top)):
            top = top.parent
        # Climbing through single-child wrappers must not lower the sibling bar.
        top_score = max(scores.get(id(top), (top, top_score))[1], top_score)
        parent = top.parent
        if not isinstance(parent, Tag):
            return [top]
        threshold = max(10.0, top_score * 0.2)
        top_class = attr_text(top, "class")
        chosen = []
        for sib in parent.contents:
            if not isinstance(sib, Tag) or id(sib) in self.skip:
                continue
            if sib is top:
                chosen.append(sib)
                continue
            bonus = top_score * 0.2 if top_class and attr_text(sib, "class") == top_class else 0
            entry = scores.get(id(sib))
            if entry is not None and entry[1] + bonus >= threshold and (
                    self.link_density(sib) < 0.3 or entry[1] >= 0.5 * top_score):
                chosen.append(sib)
                continue
            st = self.stats.get(id(sib))
            if st and (sib.name == "p" or (sib.name == "div" and not st[3])):
                ld = self.link_density(sib)
                long_ok = st[0] > 80 and ld < 0.25
                if long_ok or (0 < st[0] <= 80 and ld == 0
                               and SENTENCE_END_RE.search(sib.get_text())):
                    chosen.append(sib)
        return chosen

    # -- output ----------------------------------------------------------------------------

    def emit(self, roots: list[Tag]) -> Body:
        """Paragraphs of the chosen nodes, in document order."""
        body = Body()
        buf: list[str] = []
        link_chars = [0]
        seen: set[str] = set()

        def flush() -> None:
            text = clean_inline("".join(buf))
            buf.clear()
            linked = link_chars[0]
            link_chars[0] = 0
            if not text or BOILER_LINE_RE.match(text) or text in seen:
                return
            if len(text) < 200 and linked > 0.8 * len(text):
                return
            if len(text) < 120 and META_LINE_RE.search(text):
                return
            if len(text) < 300 and COOKIE_LINE_RE.search(text):
                return
            if len(text) >= 80:
                seen.add(text)  # long repeats (gallery captions, pull quotes) are kept once
            body.paragraphs.append(text)

        skip = self.skip
        for root in roots:
            stack: list[tuple[object, bool]] = [(root, False)]
            while stack:
                node, in_link = stack.pop()
                if node is None:
                    flush()
                    continue
                if isinstance(node, NavigableString):
                    if not isinstance(node, PreformattedString):
                        buf.append(str(node))
                        if in_link:
                            link_chars[0] += len(node.strip())
                    continue
                tag = node
                assert isinstance(tag, Tag)
                if id(tag) in skip:
                    continue
                name = tag.name
                if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
                    flush()
                    text = clean_inline(tag.get_text(" "))
                    if name == "h1" or not text or BOILER_LINE_RE.match(text):
                        continue
                    if name in SPLIT_HEADINGS and len(text) < 300:
                        body.subheads.append(text)
                        body.paragraphs.append(text)
                    else:
                        buf.append(text)
                        flush()
                    continue
                if tag is not root and name in CONTAINERS and self._is_link_block(tag):
                    continue
                if name == "br" or name == "hr":
                    flush()
                    continue
                block = name in BLOCKS
                if block:
                    flush()
                    stack.append((None, False))
                elif name in ("td", "th"):
                    buf.append(" ")
                link = in_link or name == "a"
                for child in reversed(tag.contents):
                    stack.append((child, link))
            flush()
        _drop_subheads_without_text(body)
        return body

    def _is_link_block(self, tag: Tag) -> bool:
        """Lists and boxes made mostly of links (related stories, tag clouds, menus)."""
        st = self.stats.get(id(tag))
        if not st or not st[0]:
            return False
        ld = st[1] / st[0]
        if tag.name in ("ul", "ol", "dl"):
            return ld > 0.4
        return ld > 0.5 and st[0] - st[1] < 300


def _contains(ancestor: Tag, tag: Tag) -> bool:
    node = tag.parent
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False


def _drop_subheads_without_text(body: Body) -> None:
    """A trailing sub-heading (e.g. of a removed "Related" box) has no paragraph under it."""
    while body.paragraphs and body.subheads and body.paragraphs[-1] == body.subheads[-1]:
        body.paragraphs.pop()
        body.subheads.pop()


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def _overlap_f1(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 0.0
    return 2 * sum((a & b).values()) / total


def extract_body(soup: BeautifulSoup, hint: str = "") -> Body:
    """Find and render the article body; ``hint`` is a JSON-LD articleBody if any."""
    root = soup.body if isinstance(soup.body, Tag) else soup
    best = Body()
    best_raw = 0
    for use_classes in (True, False):
        page = _Page(root, use_classes)
        scores = page.score()
        chosen = page.select(scores)
        body = page.emit(chosen) if chosen else Body()
        # An articleBody under ~1/3 of the chosen text is a teaser: it would favour small nodes.
        if len(hint) >= 300 and len(hint) >= 0.35 * len(body.text):
            body = _apply_hint(page, scores, body, hint)
        if len(body.text) > len(best.text):
            best = body
        best_raw = max(best_raw, page.total_text)
        if len(best.text) >= 250 or page.total_text < 500 or not page.class_flagged:
            break
    if not best.paragraphs:
        page = _Page(root, False)
        best = page.emit([root])
    best.raw_length = best_raw
    return best


def _apply_hint(page: _Page, scores: dict[int, tuple[Tag, float]], body: Body,
                hint: str) -> Body:
    """Use the publisher's JSON-LD articleBody to pick the candidate that matches it best."""
    target = _words(hint)
    current = _overlap_f1(target, _words(body.text))
    if current >= 0.9:
        return body
    ranked = sorted(scores.values(), key=lambda ts: ts[1], reverse=True)[:8]
    seen: set[int] = set()
    options: list[Tag] = []
    for tag, _ in ranked:
        node: Tag | None = tag
        for _level in range(4):
            if not isinstance(node, Tag) or id(node) in seen or node.name == "[document]":
                break
            seen.add(id(node))
            options.append(node)
            node = node.parent
    best_body, best_f1 = body, current
    for node in options[:24]:
        if page.text_len(node) < 0.3 * len(hint):
            continue
        candidate = page.emit([node])
        f1 = _overlap_f1(target, _words(candidate.text))
        if f1 > best_f1 + 0.03:
            best_body, best_f1 = candidate, f1
    got = _words(best_body.text)
    inside = sum((got & target).values()) / (sum(got.values()) or 1)
    # Nothing on the page matches, or the page shows only a teaser of it (paywall):
    # the publisher's own articleBody is the better text.
    if len(hint) > 2 * len(best_body.text) and (best_f1 < 0.3 or inside >= 0.8):
        paras = [clean_inline(p) for p in re.split(r"\n\s*\n|\r\n|\n", hint)]
        return Body(paragraphs=[p for p in paras if p])
    return best_body
