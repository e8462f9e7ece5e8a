"""Column readers opened once per segment reader, not once per search.

Opening a variable-length Whoosh column reads its whole offset table: about
4 ms per segment on a 24,000-article index. Collapsing wire copies opens the
``dupkey`` column on every search, and counting each hit's copies opened it
again, so the readers are kept for as long as the segment reader lives.
"""

from __future__ import annotations

import bisect
import weakref

from whoosh import sorting

_READERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def segment_column(segment_reader, fieldname: str):
    """The (cached) column reader of one segment, with raw column values."""
    columns = _READERS.setdefault(segment_reader, {})
    column = columns.get(fieldname)
    if column is None:
        column = columns[fieldname] = segment_reader.column_reader(fieldname, translate=False)
    return column


def column_value(searcher, fieldname: str, docnum: int):
    """The raw column value of a document, given its index-wide number."""
    if searcher.is_atomic():
        return segment_column(searcher.reader(), fieldname)[docnum]
    offsets = [offset for _, offset in searcher.subsearchers]
    segment, offset = searcher.subsearchers[bisect.bisect_right(offsets, docnum) - 1]
    return segment_column(segment.reader(), fieldname)[docnum - offset]


class _CachedColumnCategorizer(sorting.ColumnCategorizer):
    def set_searcher(self, segment_searcher, docoffset) -> None:
        self._creader = segment_column(segment_searcher.reader(), self._fieldname)


class CachedColumnFacet(sorting.FieldFacet):
    """A facet on a column field (for ``collapse=``) that reuses the segments' column readers."""

    def categorizer(self, global_searcher):
        return _CachedColumnCategorizer(global_searcher, self.fieldname)
