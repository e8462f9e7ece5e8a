"""Verify an index: can every part of it be read, and does it match the corpus?

Two different questions, reported apart:

- *consistent*: every segment opens, every stored article, column and term
  dictionary reads back (``Engine.verify``). A failure here means the
  index files are damaged: a repair salvages what reads back (repair.py) and
  re-reads the rest from the corpus.
- *in sync*: every article file is indexed as it is now. Missing, stale and
  orphaned articles are what an interrupted or skipped ``sync`` leaves, and a
  sync repairs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from searchkit.engine.base import SyncKey
from searchkit.index.meta import KnownFailure
from searchkit.ingest.reading import read_file
from searchkit.ingest.sources import Discovery, under_roots
from searchkit.models import Failure


@dataclass
class CheckReport:
    """What ``Index.check`` found."""

    articles: int = 0
    problems: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    unreadable: list[Failure] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        return not self.problems

    @property
    def in_sync(self) -> bool:
        return self.consistent and not (self.missing or self.stale or self.orphaned)

    def summary(self) -> str:
        problems = len(self.problems)
        state = "consistent" if self.consistent else f"DAMAGED ({problems} problem{'' if problems == 1 else 's'})"
        return (
            f"index {state}, {self.articles:,} article{'' if self.articles == 1 else 's'}; "
            f"corpus: {len(self.missing)} missing, "
            f"{len(self.stale)} stale, {len(self.orphaned)} orphaned, {len(self.unreadable)} unreadable files"
        )

    def to_dict(self) -> dict:
        return {
            "consistent": self.consistent,
            "in_sync": self.in_sync,
            "articles": self.articles,
            "problems": self.problems,
            "missing": self.missing,
            "stale": self.stale,
            "orphaned": self.orphaned,
            "unreadable": [{"path": f.path, "reason": f.reason} for f in self.unreadable],
        }


def compare_with_corpus(docs: list[SyncKey], discovery: Discovery, report: CheckReport,
                        known_failures: Mapping[str, KnownFailure] | None = None) -> None:
    """Fill the missing/stale/orphaned/unreadable lists from the index's sync keys ``docs`` (nothing is written).

    A file the last sync found failing, unchanged since, is listed as unreadable
    with that reason (not read again, and not "stale": a sync would not change it).
    """
    by_source: dict[str, list] = {}
    for doc in docs:
        by_source.setdefault(doc.source, []).append(doc)
    report.unreadable.extend(discovery.failures)
    found = set()
    for source in discovery.files:
        found.add(source.path)
        old = by_source.get(source.path)
        known = (known_failures or {}).get(source.path)
        if known is not None and known.unchanged(source.mtime_ns, source.size, source.ctime_ns):
            report.unreadable.append(Failure(source.display, known.reason))
        elif not old:
            result = read_file(Path(source.path), article_id=source.article_id, section=source.section,
                               display_path=source.display)
            if result.articles:
                report.missing.append(source.display)
            report.unreadable.extend(result.failures)
        elif any(d.mtime_ns != source.mtime_ns or d.size != source.size for d in old):
            report.stale.append(source.display)
    for path, old in by_source.items():
        if path not in found and under_roots(path, discovery.roots) and not under_roots(path, discovery.unlisted):
            report.orphaned.extend(d.id for d in old)
