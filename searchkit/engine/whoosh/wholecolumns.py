"""A segment's column values, all documents at once, read in one piece.

Whoosh reads a column value with a seek and a read per document; a sync with
nothing to do wants five columns of every document, so it reads each column's
bytes once and splits them here. Columns of another kind than these two fall
back to Whoosh's own iteration.
"""

from __future__ import annotations

import sys
from array import array

from whoosh.columns import NumericColumn, VarBytesColumn


def column_values(leaf, name: str) -> list:
    """Every document's raw value (bytes or int) of column ``name`` in one segment reader, by docnum."""
    column = leaf.column_reader(name, translate=False)
    doccount = leaf.doc_count_all()
    if type(column) is NumericColumn.Reader:
        return _numbers(column, doccount)
    if type(column) is VarBytesColumn.Reader:
        return _byte_strings(column)
    return list(column)


def _numbers(column, doccount: int) -> list[int]:
    # Private attributes of whoosh 2.7's reader (pinned <2.8); values are big-endian
    values = array(column._typecode)
    values.frombytes(column._dbfile.get(column._basepos, column._fixedlen * column._count))
    if sys.byteorder == "little":
        values.byteswap()
    return values.tolist() + [column._default] * (doccount - column._count)


def _byte_strings(column) -> list[bytes]:
    lengths, offsets = column._lengths, column._offsets
    if not len(lengths):
        return []
    data = column._dbfile.get(column._basepos, offsets[-1] + lengths[-1])
    return [data[offset:offset + length] for offset, length in zip(offsets, lengths, strict=True)]
