"""``a ANDNOT b`` that never lets through the first match of ``a`` when ``b`` holds it.

Whoosh's ``AndNotMatcher`` (2.7) moves the excluded side forward to the first
match only when both sides happen to start on the same document, so when the
excluded word's first article comes earlier, the first article of the other
side is kept even if it holds the excluded word (``grain -Lima`` returned an
article with Lima in its headline). This matcher always moves it forward.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.matching import AndNotMatcher


class _ExcludingMatcher(AndNotMatcher):
    def _find_first(self) -> None:
        if self.a.is_active() and self.b.is_active():
            self._find_next()


class AndNot(wq.AndNot):
    """Whoosh's ``AndNot`` with the matcher above."""

    def matcher(self, searcher, context=None):
        scored = self.a.matcher(searcher, context)
        excluded = self.b.matcher(searcher, searcher.boolean_context())
        return _ExcludingMatcher(scored, excluded)
