"""Read every article that can still be read from damaged segments; find segments a lost TOC listed.

Each article's stored fields (its whole text, people included) are read one
by one from the segment's per-document files, which do not need the term
dictionary or the postings: a segment whose ``.trm`` is truncated still gives
back every article, and one whose stored-fields file lost its end (where the
table of record lengths is) is read record by record from the start. What
fails to read is counted and skipped. The sync
bookkeeping columns are read when they can be; a value that cannot is left
out, so the next sync re-reads that article's file.

When the table of contents (TOC) itself cannot be read, the segments are
found from their files: their ids from the file names, their document counts
from the stored-fields file (whose length table must add up to the data before
it). Which articles had been deleted is then unknown, so every copy is read
and the caller keeps one per id.
"""

from __future__ import annotations

import contextlib
import pickle
import zlib
from array import array
from dataclasses import dataclass, field

from whoosh.codec.whoosh3 import W3Codec, W3Segment
from whoosh.index import TOC, FileIndex

#: The sync's bookkeeping columns (schema.py), read back with each article when they can be.
BOOKKEEPING = ("source", "mtime_ns", "size", "content_hash")
_SCAN_CHUNK = 64 * 1024


@dataclass
class SalvagedArticle:
    """One article's stored fields, and the bookkeeping values that could be read."""

    stored: dict
    bookkeeping: dict = field(default_factory=dict)


def salvage_segment(storage, schema, segment) -> tuple[list[SalvagedArticle], int]:
    """The live articles of ``segment`` that read back, and how many did not."""
    live = [docnum for docnum in range(segment.doc_count_all()) if not segment.is_deleted(docnum)]
    try:
        perdoc = segment.codec().per_document_reader(storage, segment)
    except Exception:  # not even the per-document files open: nothing can be read
        return [], len(live)
    columns = {}
    for name in BOOKKEEPING:
        with contextlib.suppress(Exception):
            if perdoc.has_column(name):
                columns[name] = perdoc.column_reader(name, schema[name].column_type)
    try:
        stored = _stored_by_table(perdoc, live)
        if not stored:  # the length table is gone (a truncated file): read the records in order
            scanned = _stored_by_scan(storage, segment)
            stored = {docnum: scanned[docnum] for docnum in live if docnum < len(scanned)}
        found = [SalvagedArticle(fields, _bookkeeping(columns, docnum)) for docnum, fields in stored.items()
                 if _is_article(fields)]
    finally:
        with contextlib.suppress(Exception):
            perdoc.close()
    return found, len(live) - len(found)


def _stored_by_table(perdoc, docnums: list[int]) -> dict[int, dict]:
    """Each document's stored fields through the column's length table; those that fail are left out."""
    stored = {}
    for docnum in docnums:
        with contextlib.suppress(Exception):  # a damaged record: skip it, the rest may read
            stored[docnum] = perdoc.stored_fields(docnum)
    return stored


def _stored_by_scan(storage, segment) -> list:
    """The stored records from the start of the file, one zlib stream each, up to the first that fails."""
    try:
        with contextlib.closing(storage.open_file(W3Codec.column_filename(segment, "_stored"))) as handle:
            data = memoryview(bytes(handle.read()))
    except Exception:
        return []
    records, position = [], 0
    while position < len(data):
        stream = zlib.decompressobj()
        parts, fed = [], 0
        try:
            while not stream.eof and position + fed < len(data):
                chunk = data[position + fed:position + fed + _SCAN_CHUNK]
                parts.append(stream.decompress(chunk))
                fed += len(chunk)
            if not stream.eof:
                break
            records.append(pickle.loads(b"".join(parts)))
        except Exception:  # the end of what survived (or a damaged record): stop here
            break
        position += fed - len(stream.unused_data)
    return records


def _is_article(fields) -> bool:
    return isinstance(fields, dict) and isinstance(fields.get("id"), str) and bool(fields["id"])


def _bookkeeping(columns: dict, docnum: int) -> dict:
    values = {}
    for name, column in columns.items():
        with contextlib.suppress(Exception):
            values[name] = column[docnum]
    return values


# -- an index whose TOC is lost -------------------------------------------------------


class TocLessIndex(FileIndex):
    """A Whoosh index whose TOC cannot be read: a writer on it commits a new TOC over the old one.

    Its latest TOC is taken as empty, at the generation of the newest TOC file,
    so the writer's commit lists only what it writes and, once that TOC is in
    place, Whoosh deletes the old one and every segment file.
    """

    def __init__(self, storage, schema, indexname: str) -> None:
        self.storage = storage
        self._schema = schema
        self.indexname = indexname
        self._generation = TOC._latest_generation(storage, indexname)

    def _read_toc(self):
        return TOC(self._schema, [], self._generation)


def segments_from_files(storage, indexname: str) -> list:
    """The segments whose files are in ``storage``, each with its document count (no deletions known)."""
    pattern = TOC._segment_pattern(indexname)
    names = sorted({match.group(1) for name in storage.list() if (match := pattern.match(name))})
    codec = W3Codec()
    segments = []
    for name in names:
        segment = W3Segment(codec, indexname, segid=name[len(indexname) + 1:])
        count = _stored_count(storage, segment) or len(_stored_by_scan(storage, segment))
        if count:
            segment.set_doc_count(count)
            segments.append(segment)
    return segments


def _stored_count(storage, segment) -> int:
    """How many documents the segment's stored-fields file holds (0 when it cannot be told).

    Whoosh writes a variable-length column as the values, then their lengths
    (past 32,768 documents, then their offsets), then the type codes, arrays
    big-endian: the count is the one for which the values end where the
    lengths begin. The lengths' sum only grows with the count while their
    start only falls, so there is one such count.
    """
    try:
        with contextlib.closing(storage.open_file(W3Codec.column_filename(segment, "_stored"))) as handle:
            data = bytes(handle.read())
    except Exception:
        return 0
    offsets_code = ""
    if len(data) >= 3 and data.endswith(b"X"):
        lens_code, offsets_code, end = chr(data[-3]), chr(data[-2]), len(data) - 3
    elif data:
        lens_code, end = chr(data[-1]), len(data) - 1
    else:
        return 0
    lens_size, offsets_size = _itemsize(lens_code), _itemsize(offsets_code) if offsets_code else 0
    if not lens_size or (offsets_code and not offsets_size):
        return 0
    per_doc = lens_size + offsets_size
    total = 0
    for count in range(1, end // per_doc + 1):
        start = end - count * per_doc
        if not offsets_code:
            total += _item(lens_code, data, start)  # one more length, in front of the others
            if total == start:
                return count
        elif _item(offsets_code, data, end - offsets_size) + _item(lens_code, data, start + (count - 1) * lens_size) \
                == start:
            return count
    return 0


def _itemsize(code: str) -> int:
    try:
        return array(code).itemsize
    except ValueError:
        return 0


def _item(code: str, data: bytes, at: int) -> int:
    """One big-endian array item of ``data`` at byte ``at``."""
    item = array(code, data[at:at + array(code).itemsize])
    item.byteswap()
    return item[0]
