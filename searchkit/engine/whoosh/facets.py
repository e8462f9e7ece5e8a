"""How hits are sorted, collapsed and grouped: the date order, the copies key and the facets."""

from __future__ import annotations

from collections import Counter, defaultdict

from whoosh import sorting

from searchkit.engine.whoosh.columns import CachedColumnFacet, segment_column
from searchkit.people.directory import PeopleDirectory


class _NewestFirstKeys(sorting.Categorizer):
    """Sort keys from the raw date column: dated articles newest first, then undated ones."""

    def set_searcher(self, segment_searcher, docoffset: int) -> None:
        reader = segment_searcher.reader()
        self.column = segment_column(reader, "date")
        self.undated = reader.schema["date"].default  # the column value of an undated article (the largest)

    def key_for(self, matcher, segment_docnum: int) -> tuple[int, int]:
        value = self.column[segment_docnum]
        return (1, 0) if value == self.undated else (0, -value)


class NewestFirst(sorting.FacetType):
    """Newest first, undated articles last, read from the date column alone.

    Whoosh's way (a reversed date facet, and a query facet to put undated
    articles last) reads the posting list of every date term to find the dated
    articles: 11 s a segment at 111,000 articles, for every date-sorted search.
    """

    def categorizer(self, global_searcher) -> _NewestFirstKeys:
        return _NewestFirstKeys()


NEWEST_FIRST = NewestFirst()
#: Wire copies of a story share a near-duplicate key (fingerprint.py); collapsing keeps the best.
COPIES = CachedColumnFacet("dupkey")


class VectorKeys(sorting.Categorizer):
    """Each article's terms of a vectored field; none for an article without them.

    Whoosh's own (``FieldFacet(allow_overlap=True)``) reads the vector of every
    matching article and fails on one that has none, as an article naming no
    people has none in ``people_names``.
    """

    allow_overlap = True

    def __init__(self, fieldname: str) -> None:
        self.fieldname = fieldname
        self.reader = None

    def set_searcher(self, segment_searcher, docoffset: int) -> None:
        self.reader = segment_searcher.reader()

    def keys_for(self, matcher, docid: int) -> list:
        if not self.reader.has_vector(docid, self.fieldname):
            return []
        return list(self.reader.vector(docid, self.fieldname).all_ids())


class VectorFacet(sorting.FacetType):
    """Facet by the terms of a vectored field (see VectorKeys)."""

    def __init__(self, fieldname: str) -> None:
        self.fieldname = fieldname

    def categorizer(self, global_searcher) -> VectorKeys:
        return VectorKeys(self.fieldname)


FACET_FIELDS = {
    "people": VectorFacet("people_names"),
    "section": sorting.FieldFacet("section"),
    "month": sorting.FieldFacet("month"),
}


class KeptCount(sorting.FacetMap):
    """Articles per facet value, counting only the hits kept: a copy replaced by a better one is taken out.

    Whoosh's ``Count`` cannot forget a document, so a collapsed search counted
    a story twice when its first-seen copy was later replaced by a better one.
    """

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.values_of: defaultdict[int, list] = defaultdict(list)

    def add(self, groupname, docid: int, sortkey) -> None:
        self.counts[groupname] += 1
        self.values_of[docid].append(groupname)

    def discard(self, docid: int) -> None:
        for groupname in self.values_of.pop(docid, ()):
            self.counts[groupname] -= 1

    def as_dict(self) -> dict:
        return {groupname: count for groupname, count in self.counts.items() if count > 0}


def facet_values(name: str, groups: dict, directory: PeopleDirectory, limit: int) -> list[tuple[str, int]]:
    """The top ``limit`` values of one facet with their article counts (months: the newest)."""
    counts = {str(k): v for k, v in groups.items() if k not in (None, "")}
    if name == "people":
        return [(p.name, p.count) for p in directory.people(counts)[:limit]]
    if name == "month":
        return sorted(counts.items(), reverse=True)[:limit]
    merged: Counter[str] = Counter()
    shown: dict[str, str] = {}  # sections group case-insensitively: show the first spelling
    for value, count in counts.items():
        merged[shown.setdefault(value.lower(), value)] += count
    return sorted(merged.items(), key=lambda kv: (-kv[1], kv[0].lower()))[:limit]
