"""Read an index back to find damage, one segment at a time, so a repair knows what to salvage.

Whoosh opens a segment's files lazily and trusts what it reads: a truncated
or overwritten file shows up as whatever the decoder trips on (an OSError from
a seek, a struct or pickle error, an IndexError). So damage is found by
reading: every stored article, every column, the whole term dictionary and a
sample of the postings.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from whoosh.reading import SegmentReader

#: Postings of one term in this many are read back (all of them would take minutes on big indexes).
POSTINGS_SAMPLE = 20
CHECKED_COLUMNS = ("id", "content_hash")  # read back as text and compared with what was written


@dataclass
class SegmentHealth:
    """One segment and, if it does not read back whole, what failed."""

    segment: object
    problem: str | None = None

    @property
    def name(self) -> str:
        return self.segment.segment_id()


def describe(exc: BaseException) -> str:
    """An exception as one line: its type and message."""
    return f"{type(exc).__name__}: {exc}".rstrip(": ")


def examine(storage, schema, segments) -> list[SegmentHealth]:
    """The health of each segment (the latest TOC's, or those a salvage found)."""
    return [SegmentHealth(segment, segment_problem(storage, schema, segment)) for segment in segments]


def segment_problem(storage, schema, segment) -> str | None:
    """None when every part of ``segment`` reads back, else which part failed and how."""
    part = "files"
    reader = None
    try:
        reader = SegmentReader(storage, schema, segment)
        part = "stored articles"
        stored_ids = {docnum: stored.get("id") for docnum, stored in reader.iter_docs()}
        for fieldname in schema.names():
            if reader.has_column(fieldname):
                part = f"column {fieldname!r}"
                # raw values but for the checked text columns: an undated article's date column holds a
                # default that is no date, which translating would take for damage
                values = reader.column_reader(fieldname, translate=fieldname in CHECKED_COLUMNS)
                _check_column(fieldname, list(values), stored_ids)
        part = "term dictionary"
        for index, (fieldname, term) in enumerate(reader.all_terms()):
            if index % POSTINGS_SAMPLE == 0:
                part = f"postings of {fieldname!r}"
                list(reader.postings(fieldname, term).all_ids())
                part = "term dictionary"
    except Exception as exc:  # any failure to read back is damage, whatever its type
        return f"segment {segment.segment_id()} ({segment.doc_count_all()} documents): {part}: {describe(exc)}"
    finally:
        if reader is not None:
            with contextlib.suppress(Exception):
                reader.close()
    return None


def _check_column(fieldname: str, values: list, stored_ids: dict) -> None:
    """Raise ValueError when a column's values cannot be what was written (they were decoded already)."""
    if fieldname == "id" and any(values[docnum] != article_id for docnum, article_id in stored_ids.items()):
        raise ValueError("the ids do not match the stored articles")
    if fieldname == "content_hash" and not all(value.isascii() for value in values):
        raise ValueError("a content hash is not ASCII")


def first_problem(storage, schema, segments) -> str | None:
    """The first damage found, segment by segment (stops there: cheaper than a whole check)."""
    for segment in segments:
        problem = segment_problem(storage, schema, segment)
        if problem is not None:
            return problem
    return None
