"""Repair a damaged index: keep what reads back, salvage what it can, re-read the rest from the files.

A repair is a writer like any other: it waits for the write lock (or refuses
with IndexLocked) and never deletes the lock file. Under the lock it reads
every segment back (engine/whoosh/health.py). Healthy segments are kept as
they are; from each damaged one every article whose stored fields still read
back is copied into a new segment (engine/whoosh/salvage.py); and one commit
lists the kept and the new segments. The damaged segments' files are deleted
only after that commit is in place, so a repair that fails or is killed
leaves the index as it found it. When the table of contents itself cannot be
read, every segment found on disk is salvaged the same way.

The articles that could not be read come back from the article files: after
the salvage, ``Index.repair`` syncs the index with its folders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh.writing import CLEAR, SegmentWriter

from searchkit.engine.whoosh.documents import from_fields, to_fields
from searchkit.engine.whoosh.health import describe, examine
from searchkit.engine.whoosh.salvage import SalvagedArticle, TocLessIndex, salvage_segment, segments_from_files
from searchkit.engine.whoosh.schema import build_schema
from searchkit.engine.whoosh.writers import HeldLock, abandon, open_writer
from searchkit.index.documents import content_hash, duplicate_key
from searchkit.models import SyncReport

TOC_PROBLEM = "table of contents"


@dataclass
class SalvageReport:
    """What a salvage found damaged, and how many articles it kept, copied and lost."""

    damaged: list[str] = field(default_factory=list)  # one problem per damaged segment (or the TOC)
    kept: int = 0  # articles of the healthy segments, kept as they were
    salvaged: int = 0  # articles read back from damaged segments and re-indexed
    lost: int = 0  # articles that could not be read back (a sync re-reads them from their files)

    def summary(self) -> str:
        if not self.damaged:
            return "index consistent: nothing to salvage"
        if self.damaged[0].startswith(TOC_PROBLEM):
            return (f"the table of contents could not be read: salvaged {self.salvaged} articles from the "
                    f"segment files, {self.lost} could not be read")
        return (f"salvaged {self.salvaged} articles from {len(self.damaged)} damaged segment(s), {self.lost} "
                f"could not be read; {self.kept} articles of undamaged segments kept as they were")


@dataclass
class RepairReport:
    """``Index.repair``: the salvage of damaged segments, then the sync with the article files."""

    salvage: SalvageReport = field(default_factory=SalvageReport)
    sync: SyncReport = field(default_factory=SyncReport)


def salvage(storage, indexname: str, *, lock_timeout: float, on_lock_wait: Callable[[float], None] | None,
            where: str) -> SalvageReport:
    """Replace the damaged segments of the index in ``storage`` by what can be read of them, in one commit."""
    try:
        ix = storage.open_index(indexname)
    except Exception as exc:  # an unreadable TOC: find the segments from their files
        with HeldLock(storage, indexname, timeout=lock_timeout, on_wait=on_lock_wait, where=where):
            return _salvage_without_toc(storage, indexname, f"{TOC_PROBLEM}: {describe(exc)}")
    writer = open_writer(ix, timeout=lock_timeout, on_wait=on_lock_wait, where=where)
    try:
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
            written = _add_all(writer, articles)
            report.salvaged += written
            report.lost += lost + len(articles) - written
        writer.commit(mergetype=lambda _writer, _segments: healthy)
    except BaseException:
        abandon(writer)
        raise
    return report


def _salvage_without_toc(storage, indexname: str, problem: str) -> SalvageReport:
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
        report.salvaged = _add_all(writer, list(newest.values()))
        writer.commit(mergetype=CLEAR)
    except BaseException:
        abandon(writer)
        raise
    report.lost += len(newest) - report.salvaged
    return report


def _add_all(writer, articles: list[SalvagedArticle]) -> int:
    """Index salvaged articles again from their stored fields (people are stored: no extraction).

    Returns how many were written; an article whose fields came back garbled
    is skipped (a failure to write, such as a full disk, is raised).
    """
    written = 0
    for salvaged in articles:
        try:
            writer.add_document(**_fields(salvaged))
        except OSError:
            raise
        except Exception:  # garbled fields that unpickled: the sync re-reads this article's file
            continue
        written += 1
    return written


def _fields(salvaged: SalvagedArticle) -> dict:
    """The Whoosh fields of a salvaged article; unreadable bookkeeping makes the next sync re-read its file."""
    article = from_fields(salvaged.stored)
    kept = salvaged.bookkeeping
    digest = _ascii(kept.get("content_hash")) or content_hash(article)
    source = kept.get("source")
    return to_fields(article, digest=digest, dupkey=duplicate_key(article.body),
                     source=source.decode("utf-8", "surrogateescape") if isinstance(source, bytes) else "",
                     mtime_ns=_count(kept.get("mtime_ns")), size=_count(kept.get("size")))


def _ascii(value) -> str:
    try:
        return value.decode("ascii") if isinstance(value, bytes) else ""
    except UnicodeDecodeError:
        return ""


def _count(value) -> int:
    """A bookkeeping number as the column stores it (0, which never matches a file, when garbled)."""
    return value if isinstance(value, int) and 0 <= value < 2**64 else 0
