"""Repair a damaged index: the engine salvages what reads back, a sync re-reads the rest from the files.

The salvage is the engine's (``Engine.salvage``: for Whoosh, engine/whoosh/
repairing.py keeps the segments that read back and copies every article that
still reads out of the damaged ones, in one commit under the write lock); the
documents it writes again are made here, as a sync would make them. After the
salvage, ``Index.repair`` syncs the index with its folders.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from searchkit.engine.base import Document, SalvageReport, SyncKey
from searchkit.index.documents import content_hash, duplicate_key
from searchkit.models import Article, SyncReport

__all__ = ["RepairReport", "SalvageReport", "rebuilt_document"]


@dataclass
class RepairReport:
    """``Index.repair``: the salvage of damaged segments, then the sync with the article files."""

    salvage: SalvageReport = field(default_factory=SalvageReport)
    sync: SyncReport = field(default_factory=SyncReport)


def rebuilt_document(article: Article, kept: SyncKey) -> Document:
    """The document of a salvaged article: its kept sync key, its hash recomputed when that was unreadable."""
    return Document(article, kept.content_hash or content_hash(article), duplicate_key(article.body),
                    source=kept.source, mtime_ns=kept.mtime_ns, size=kept.size)
