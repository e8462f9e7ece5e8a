"""Repair a damaged Whoosh index in place: keep what reads back, salvage what it can, in one commit.

A repair is a writer like any other: it waits for the write lock (or refuses
with IndexLocked) and never deletes the lock file. Under the lock it reads
every segment back (health.py). Healthy segments are kept as they are; from
each damaged one every article whose stored fields still read back is copied
into a new segment (salvage.py); and one commit lists the kept and the new
segments. The damaged segments' files are deleted only after that commit is
in place, so a repair that fails or is killed leaves the index as it found
it. When the table of contents itself cannot be read, every segment found on
disk is salvaged the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from whoosh.writing import CLEAR, SegmentWriter

from searchkit.engine.base import TOC_PROBLEM, Document, SalvageReport, SyncKey
from searchkit.engine.whoosh.documents import from_fields
from searchkit.engine.whoosh.health import describe, examine
from searchkit.engine.whoosh.salvage import SalvagedArticle, TocLessIndex, salvage_segment, segments_from_files
from searchkit.engine.whoosh.schema import build_schema
from searchkit.engine.whoosh.writer import Encoder
from searchkit.engine.whoosh.writers import HeldLock, abandon, open_writer
from searchkit.models import Article

#: Makes the document to write again from a salvaged article and what was kept of its sync key.
Rebuild = Callable[[Article, SyncKey], Document]


def salvage(storage, indexname: str, rebuild: Rebuild, *, lock_timeout: float,
            on_lock_wait: Callable[[float], None] | None, where: str) -> SalvageReport:
    """Replace the damaged segments of the index in ``storage`` by what can be read of them, in one commit."""
    try:
        ix = storage.open_index(indexname)
    except Exception as exc:  # an unreadable TOC: find the segments from their files
        with HeldLock(storage, indexname, timeout=lock_timeout, on_wait=on_lock_wait, where=where):
            return _salvage_without_toc(storage, indexname, rebuild, f"{TOC_PROBLEM}: {describe(exc)}")
    opened: list[SegmentWriter] = []  # the writer, kept even when Ctrl-C comes as it opens
    try:
        writer = open_writer(ix, timeout=lock_timeout, on_wait=on_lock_wait, where=where, keep=opened.append)
        health = examine(storage, writer.schema, writer.segments)
        damaged = [h for h in health if h.problem is not None]
        report = SalvageReport(damaged=[h.problem for h in damaged])
        if not damaged:
            abandon(writer)
            return report
        healthy = [h.segment for h in health if h.problem is None]
        report.kept = sum(segment.doc_count() for segment in healthy)
        for h in damaged:
            articles, lost = salvage_segment(storage, writer.schema, h.segment)
            written = _add_all(writer, articles, rebuild)
            report.salvaged += written
            report.lost += lost + len(articles) - written
        writer.commit(mergetype=lambda _writer, _segments: healthy)
    except BaseException:
        for writer in opened:
            abandon(writer)
        raise
    return report


def _salvage_without_toc(storage, indexname: str, rebuild: Rebuild, problem: str) -> SalvageReport:
    """Re-index every article found in the segment files, one copy per id, and commit a new TOC."""
    schema = build_schema()
    report = SalvageReport(damaged=[problem])
    newest: dict[str, SalvagedArticle] = {}
    for segment in segments_from_files(storage, indexname):
        articles, lost = salvage_segment(storage, schema, segment)
        report.lost += lost
        for article in articles:  # deletions are lost with the TOC: keep the copy of the newest file
            known = newest.get(article.stored["id"])
            if known is None or article.bookkeeping.get("mtime_ns", 0) > known.bookkeeping.get("mtime_ns", 0):
                newest[article.stored["id"]] = article
    writer = SegmentWriter(TocLessIndex(storage, schema, indexname), _lk=False, compound=False)
    try:
        report.salvaged = _add_all(writer, list(newest.values()), rebuild)
        writer.commit(mergetype=CLEAR)
    except BaseException:
        abandon(writer)
        raise
    report.lost += len(newest) - report.salvaged
    return report


def _add_all(writer, articles: list[SalvagedArticle], rebuild: Rebuild) -> int:
    """Index salvaged articles again from their stored fields (people are stored: no extraction).

    Returns how many were written; an article whose fields came back garbled
    is skipped (a failure to write, such as a full disk, is raised).
    """
    written = 0
    for salvaged in articles:
        try:
            article = from_fields(salvaged.stored)
            document = rebuild(article, _kept_key(article.id, salvaged.bookkeeping))
            writer.add_document(**Encoder(writer.schema)(document))
        except OSError:
            raise
        except Exception:  # garbled fields that unpickled: the sync re-reads this article's file
            continue
        written += 1
    return written


def _kept_key(article_id: str, kept: dict) -> SyncKey:
    """What reads back of an article's sync key; unreadable parts make the next sync re-read its file."""
    source = kept.get("source")
    return SyncKey(article_id, source.decode("utf-8", "surrogateescape") if isinstance(source, bytes) else "",
                   _count(kept.get("mtime_ns")), _count(kept.get("size")), _ascii(kept.get("content_hash")))


def _ascii(value) -> str:
    try:
        return value.decode("ascii") if isinstance(value, bytes) else ""
    except UnicodeDecodeError:
        return ""


def _count(value) -> int:
    """A bookkeeping number as the column stores it (0, which never matches a file, when garbled)."""
    return value if isinstance(value, int) and 0 <= value < 2**64 else 0
