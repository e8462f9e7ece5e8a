"""The search page's state and every address built from it: a search is its URL.

Clicking a facet, a bar of the timeline or a page number is a link to the same
state with one thing changed, so every view can be bookmarked, shared and
reached without JavaScript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode, urlsplit

from markupsafe import Markup

from searchkit.web.params import order

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_controls(value: object) -> object:
    """Text with no control characters (terminal escapes, NULs); everything a template prints passes here."""
    if isinstance(value, Markup):
        return Markup(_CONTROL.sub("", str(value)))
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    return value


def safe_link(url: str) -> str | None:
    """An article's URL if a browser may follow it (http or https), else None: no ``javascript:`` links."""
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def address(root: str, path: str, params: list[tuple[str, str]] | None = None) -> str:
    """A link within the site (``root``: where it is mounted), with its query string."""
    query = urlencode([(k, v) for k, v in params or [] if v not in ("", None)])
    return f"{root}{path}" + (f"?{query}" if query else "")


@dataclass(frozen=True)
class SearchState:
    """What the search page shows: query, filters, order and page."""

    root: str = ""
    q: str = ""
    sections: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    sort: str = ""
    page: int = 1

    @classmethod
    def from_params(cls, root: str, params: dict) -> SearchState:
        return cls(root, params["q"], tuple(params["section"]), tuple(params["person"]),
                   params["since"] or "", params["until"] or "", params["sort"] or "", params["page"])

    @property
    def browsing(self) -> bool:
        """No query text: every article (filtered), newest first."""
        return not self.q.strip() or self.q.strip() == "*"

    @property
    def searching(self) -> bool:
        """Anything asked for (else the page shows the archive's overview)."""
        return bool(self.q.strip() or self.sections or self.people or self.since or self.until)

    @property
    def order(self) -> str:
        return order(self.q, self.sort)

    def params(self) -> list[tuple[str, str]]:
        pairs = [("q", self.q)] + [("section", s) for s in self.sections] + [("person", p) for p in self.people]
        pairs += [("since", self.since), ("until", self.until), ("sort", self.sort)]
        return pairs + ([("page", str(self.page))] if self.page > 1 else [])

    def url(self, **changes) -> str:
        """This state's address with ``changes``; any change but the page goes back to page 1."""
        state = replace(self, **({"page": 1} | changes))
        return address(self.root, "/", state.params())

    def with_section(self, section: str) -> str:
        return self.url(sections=(section,))

    def with_person(self, name: str) -> str:
        return self.url(people=tuple(dict.fromkeys(self.people + (name,))))

    def with_range(self, since: str, until: str) -> str:
        return self.url(since=since, until=until)

    def at_page(self, page: int) -> str:
        return self.url(page=page)

    def filters(self) -> list[tuple[str, str, str]]:
        """The active filters as (kind, value, address without it), for the removable chips."""
        chips = [("Section", s, self.url(sections=tuple(x for x in self.sections if x != s))) for s in self.sections]
        chips += [("Person", p, self.url(people=tuple(x for x in self.people if x != p))) for p in self.people]
        if self.since or self.until:
            chips.append(("Dates", f"{self.since or '…'} to {self.until or '…'}", self.url(since="", until="")))
        return chips

    def hidden_fields(self) -> list[tuple[str, str]]:
        """The filters the search form carries along when the query changes (dates and order are visible fields)."""
        return [("section", s) for s in self.sections] + [("person", p) for p in self.people]


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """Page links to show: the first, the last and those around the current one (None: a gap)."""
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    out: list[int | None] = []
    for number in shown:
        if out and number - out[-1] > 1:  # type: ignore[operator]
            out.append(None)
        out.append(number)
    return out
