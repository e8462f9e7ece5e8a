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

from lxml.etree import _Element

from searchkit.ingest.html.hint import apply_hint
from searchkit.ingest.html.pagekind import headline_links
from searchkit.ingest.html.render import Body, Emitter, drop_subheads_without_text
from searchkit.ingest.html.rules import (
    BLOCKS,
    CONTAINERS,
    HARD_JUNK,
    INLINE,
    SENTENCE_END_RE,
    STRUCT_JUNK,
    TAG_BONUS,
    attr_text,
    class_weight,
    is_content_anchor,
    is_hidden,
    is_soft_junk,
)
from searchkit.ingest.html.text import clean_inline


class _Page:
    """Per-page state of one extraction attempt: flags and per-node statistics.

    Elements are keyed by the lxml proxy objects themselves: lxml reuses a proxy
    while a reference to it exists, and these dicts/sets hold one (``id()`` of a
    proxy could be recycled).
    """

    def __init__(self, root: _Element, use_classes: bool) -> None:
        self.root = root
        self.skip: set[_Element] = set()  # hard junk + soft junk
        # element -> [text_len, link_len, commas, has_block_child, direct_len], kept nodes only,
        # in document order
        self.stats: dict[_Element, list[int]] = {}
        self.anchors: list[_Element] = []  # kept links, in document order
        self._mark(use_classes)
        self._measure()

    def _mark(self, use_classes: bool) -> None:
        """Flag junk; soft junk holding over half the page's text is kept (wrapper <form>)."""
        skip = self.skip
        root = self.root
        soft: list[_Element] = []
        anchors: list[_Element] = []
        total = 0
        stack: list[_Element] = [root]
        while stack:
            el = stack.pop()
            name = el.tag
            attrs = bool(el.attrib)
            if name in HARD_JUNK or (attrs and is_hidden(el)):
                skip.add(el)
                continue
            total += _stripped_len(el.text)
            if name in ("h1", "main") or (attrs and is_content_anchor(el)):
                anchors.append(el)
            if el is not root and (name in STRUCT_JUNK or (attrs and is_soft_junk(el, use_classes))):
                soft.append(el)
            for child in el:
                total += _stripped_len(child.tail)
                stack.append(child)
        self.total_text = total
        self.class_flagged = 0
        # A class word like "header-style-2" on a page-wide wrapper must not remove the
        # article: class-flagged elements around the <h1>/<main>/articleBody stay.
        protected: set[_Element] = set()
        for anchor in anchors:
            node = anchor.getparent()
            while node is not None and node not in protected:
                protected.add(node)
                node = node.getparent()
        for el in soft:
            if el.tag in ("form", "header", "main") and self._raw_len(el) > 0.5 * total:
                continue
            if attr_text(el, "role").lower() == "main":
                continue
            if el.tag not in STRUCT_JUNK and el in protected:
                continue
            if el.tag not in STRUCT_JUNK:
                self.class_flagged += 1
            skip.add(el)

    def _raw_len(self, top: _Element) -> int:
        """Text length under ``top``, hard junk excluded (used for a few wrappers only)."""
        total = _stripped_len(top.text)
        stack = [top]
        while stack:
            for child in stack.pop():
                total += _stripped_len(child.tail)
                if child not in self.skip:
                    total += _stripped_len(child.text)
                    stack.append(child)
        return total

    def _measure(self) -> None:
        """Text, link text, comma counts per kept node (junk excluded)."""
        stats = self.stats
        skip = self.skip
        children_first: list[tuple[list[int], list[int], bool]] = []
        stack: list[tuple[_Element, list[int] | None, bool]] = [(self.root, None, False)]
        while stack:
            el, parent_st, in_link = stack.pop()
            if el.tag == "a":
                in_link = True
                self.anchors.append(el)
            st = [0, 0, 0, 0, 0]
            stats[el] = st
            if parent_st is not None:
                children_first.append((st, parent_st, el.tag in INLINE))
            _count_text(st, el.text, in_link)
            kept = []
            for child in el:
                _count_text(st, child.tail, in_link)
                if child in skip:
                    continue
                if child.tag in BLOCKS:
                    st[3] = 1
                kept.append((child, st, in_link))
            stack.extend(reversed(kept))  # popped in document order
        for st, ps, inline in reversed(children_first):
            ps[0] += st[0]
            ps[1] += st[1]
            ps[2] += st[2]
            if inline:
                ps[4] += st[0]

    def link_density(self, el: _Element) -> float:
        st = self.stats.get(el)
        if not st or not st[0]:
            return 0.0
        return st[1] / st[0]

    def text_len(self, el: _Element) -> int:
        st = self.stats.get(el)
        return st[0] if st else 0

    # -- scoring ---------------------------------------------------------------------------

    def score(self) -> dict[_Element, tuple[_Element, float]]:
        """Readability-style candidate scores: paragraphs feed their ancestors."""
        scores: dict[_Element, list] = {}
        stats = self.stats
        for el, st in stats.items():
            name = el.tag
            if name in ("p", "pre", "td") or (name in ("div", "section", "span", "font", "center")
                                               and not st[3]):
                length, unit_parent_level = st[0], 1
            elif name in ("div", "section", "article", "main", "td", "body") and st[4] >= 25:
                length, unit_parent_level = st[4], 0
            else:
                continue
            if length < 25:
                continue
            points = (1 + st[2] + min(length // 100, 3)) * (1 - self.link_density(el) * 0.5)
            node: _Element | None = el if unit_parent_level == 0 else el.getparent()
            for level in range(5):
                if node is None or node not in stats:  # above the root
                    break
                entry = scores.get(node)
                if entry is None:
                    entry = [node, float(TAG_BONUS.get(node.tag, 0) + class_weight(node))]
                    scores[node] = entry
                divider = 1 if level == 0 else (2 if level == 1 else level * 3)
                entry[1] += points / divider
                node = node.getparent()
        return {k: (t, s * (1 - self.link_density(t))) for k, (t, s) in scores.items()}

    def select(self, scores: dict[_Element, tuple[_Element, float]]) -> list[_Element]:
        """Top candidate, widened to a shared ancestor, plus qualifying siblings."""
        if not scores:
            return []
        ranked = sorted(scores.values(), key=lambda ts: ts[1], reverse=True)
        top, top_score = ranked[0]
        # Several strong candidates under one ancestor: the ancestor is the article.
        alternatives = [t for t, s in ranked[1:5] if s >= 0.75 * top_score]
        if len(alternatives) >= 3:
            parent = top.getparent()
            while _below_body(parent):
                inside = sum(1 for alt in alternatives if _contains(parent, alt))
                if inside >= 3:
                    top = parent
                    break
                parent = parent.getparent()
        top = self._climb(scores, top, top_score)
        # Climbing through single-child wrappers must not lower the sibling bar.
        top_score = max(scores.get(top, (top, top_score))[1], top_score)
        parent = top.getparent()
        if parent is None:
            return [top]
        return [sib for sib in parent
                if sib is top or (sib not in self.skip and self._sibling_ok(sib, top, top_score, scores))]

    def _climb(self, scores: dict[_Element, tuple[_Element, float]], top: _Element,
               top_score: float) -> _Element:
        """Climb while a parent scores clearly better, then through single-child wrappers."""
        last = scores.get(top, (top, top_score))[1]
        parent = top.getparent()
        while _below_body(parent):
            entry = scores.get(parent)
            if entry is None:
                parent = parent.getparent()
                continue
            if entry[1] < last / 3:
                break
            if entry[1] > last:
                top = parent
                break
            last = entry[1]
            parent = parent.getparent()
        while _below_body(top.getparent()) and self.text_len(top.getparent()) == self.text_len(top):
            top = top.getparent()
        return top

    def _sibling_ok(self, sib: _Element, top: _Element, top_score: float,
                    scores: dict[_Element, tuple[_Element, float]]) -> bool:
        """A sibling of the chosen node that scores well or is a plain text paragraph."""
        top_class = attr_text(top, "class")
        bonus = top_score * 0.2 if top_class and attr_text(sib, "class") == top_class else 0
        entry = scores.get(sib)
        if entry is not None and entry[1] + bonus >= max(10.0, top_score * 0.2) and (
                self.link_density(sib) < 0.3 or entry[1] >= 0.5 * top_score):
            return True
        st = self.stats.get(sib)
        if not st or not (sib.tag == "p" or (sib.tag == "div" and not st[3])):
            return False
        ld = self.link_density(sib)
        if st[0] > 80 and ld < 0.25:
            return True
        return 0 < st[0] <= 80 and ld == 0 and bool(SENTENCE_END_RE.search(_text(sib)))

    # -- output ----------------------------------------------------------------------------

    def emit(self, roots: list[_Element]) -> Body:
        """Paragraphs of the chosen nodes, in document order."""
        out = Emitter()
        skip = self.skip
        for root in roots:
            # Entries: an element, a text (an element's tail) or None (end of a block).
            stack: list[tuple[_Element | str | None, bool]] = [(root, False)]
            while stack:
                node, in_link = stack.pop()
                if node is None:
                    out.flush()
                elif isinstance(node, str):
                    out.add(node, in_link)
                elif node not in skip and (node is root or not self._is_link_block(node)):
                    self._open(node, in_link, out, stack)
            out.flush()
        drop_subheads_without_text(out.body)
        return out.body

    @staticmethod
    def _open(el: _Element, in_link: bool, out: Emitter,
              stack: list[tuple[_Element | str | None, bool]]) -> None:
        """Emit an element's own text and queue its children (and their tails)."""
        name = el.tag
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            out.flush()
            out.heading(name, clean_inline(_text(el, " ")))
            return
        if name == "br" or name == "hr":
            out.flush()
            return
        if name in BLOCKS:
            out.flush()
            stack.append((None, False))
        elif name in ("td", "th"):
            out.add(" ", False)
        link = in_link or name == "a"
        for child in reversed(el):
            if child.tail:
                stack.append((child.tail, link))
            stack.append((child, link))
        if el.text:
            out.add(el.text, link)

    def _is_link_block(self, el: _Element) -> bool:
        """Lists and boxes made mostly of links (related stories, tag clouds, menus)."""
        if el.tag not in CONTAINERS:
            return False
        st = self.stats.get(el)
        if not st or not st[0]:
            return False
        ld = st[1] / st[0]
        if el.tag in ("ul", "ol", "dl"):
            return ld > 0.4
        return ld > 0.5 and st[0] - st[1] < 300


def _stripped_len(text: str | None) -> int:
    return len(text.strip()) if text else 0


def _count_text(st: list[int], text: str | None, in_link: bool) -> None:
    """Add one text run to a node's [text, link, commas, ...] counters."""
    if not text:
        return
    s = text.strip()
    if s:
        n = len(s)
        st[0] += n
        st[4] += n
        st[2] += s.count(",") + s.count("，") + s.count("、")
        if in_link:
            st[1] += n


def _text(el: _Element, sep: str = "") -> str:
    """All text under an element (the body tree holds no scripts or styles)."""
    return sep.join(el.itertext())


def _below_body(el: _Element | None) -> bool:
    """Candidates may widen up to, not including, <body>."""
    return el is not None and el.tag != "body"


def _contains(ancestor: _Element, el: _Element) -> bool:
    node = el.getparent()
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def extract_body(tree: _Element, hint: str = "") -> Body:
    """Find and render the article body of an lxml tree; ``hint`` is a JSON-LD articleBody if any."""
    body_el = tree.find("body")
    root = tree if body_el is None else body_el
    best = Body()
    best_raw = 0
    for use_classes in (True, False):
        page = _Page(root, use_classes)
        scores = page.score()
        chosen = page.select(scores)
        body = page.emit(chosen) if chosen else Body()
        # An articleBody under ~1/3 of the chosen text is a teaser: it would favour small nodes.
        if len(hint) >= 300 and len(hint) >= 0.35 * len(body.text):
            body = apply_hint(page, scores, body, hint)
        if len(body.text) > len(best.text):
            best = body
        best_raw = max(best_raw, page.total_text)
        if len(best.text) >= 250 or page.total_text < 500 or not page.class_flagged:
            break
    if not best.paragraphs:
        page = _Page(root, False)
        best = page.emit([root])
    best.raw_length = best_raw
    best.headline_links = headline_links(page.anchors, page.stats)
    return best


