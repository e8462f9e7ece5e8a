"""A search's time budget: past it, a search stops looking and answers with what it has found.

A query such as ``t*`` on a large archive can match most of it; a tool that
serves searches to a web page must answer anyway. The engine asks
``exhausted()`` as it goes (between matched documents, before optional
steps) and, once it is true, stops and flags its results ``timed_out``, like
Elasticsearch's ``timeout``.
"""

from __future__ import annotations

from time import monotonic

#: The budget of a search unless the caller sets one (seconds); None means no limit.
DEFAULT_TIMEOUT = 10.0


class Budget:
    """The time left to a search; ``Budget(None)`` never runs out."""

    def __init__(self, seconds: float | None) -> None:
        self.ends = None if seconds is None else monotonic() + seconds
        self.spent = False

    def exhausted(self) -> bool:
        """Whether the time is up (once it is, it stays up)."""
        if not self.spent and self.ends is not None and monotonic() >= self.ends:
            self.spent = True
        return self.spent
