"""The publisher's JSON-LD ``articleBody`` as a guide to, or a stand-in for, the page's body.

Publishers fill ``articleBody`` for search engines; it is often the cleanest
copy of the text. It picks between candidate nodes when they differ, and it
replaces the page's text when the page shows only a teaser (paywall) or
something else altogether (a consent overlay, an app shell that renders the
article from a script).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from lxml.etree import _Element

from searchkit.ingest.html.render import Body
from searchkit.ingest.html.text import clean_inline

if TYPE_CHECKING:
    from searchkit.ingest.html.body import _Page


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def _overlap_f1(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 0.0
    return 2 * sum((a & b).values()) / total


def apply_hint(page: _Page, scores: dict[_Element, tuple[_Element, float]], body: Body,
                hint: str) -> Body:
    """Use the publisher's JSON-LD articleBody to pick the candidate that matches it best."""
    target = _words(hint)
    current = _overlap_f1(target, _words(body.text))
    if current >= 0.9:
        return body
    ranked = sorted(scores.values(), key=lambda ts: ts[1], reverse=True)[:8]
    seen: set[_Element] = set()
    options: list[_Element] = []
    for el, _ in ranked:
        node: _Element | None = el
        for _level in range(4):
            if node is None or node in seen:
                break
            seen.add(node)
            options.append(node)
            node = node.getparent()
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
    # A page sharing almost no words with it shows something else (a consent overlay).
    if (len(hint) > 2 * len(best_body.text) and (best_f1 < 0.3 or inside >= 0.8)) or (
            best_f1 < 0.15 and len(hint) >= 500):
        paras = [clean_inline(p) for p in re.split(r"\n\s*\n|\r\n|\n", hint)]
        return Body(paragraphs=[p for p in paras if p])
    return best_body
