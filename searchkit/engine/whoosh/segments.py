"""New segments written by the preparing workers, committed by the sync that holds the lock.

Whoosh's writer analyses and files every posting, then sorts and writes them
all at commit, in one process: with the text prepared on every core, that one
process was what a large sync waited on. So each preparing worker writes the
articles it prepared into a segment of its own (a ``SegmentWriter`` that does
not take the lock, as the sub-writers of Whoosh's ``MpWriter`` do), and seals
it when the sync asks. A sealed segment's files are complete in the index
folder but listed by no table of contents (TOC), so no reader sees them; the
sync's own writer then commits them with its deletions in one TOC
(``commit_with``). A killed sync leaves only unlisted files, which the next
commit deletes, as it does a killed Whoosh writer's.

Whoosh's ``MpWriter`` itself is not used: its cancel does not stop the
children, its children delete the spill folder they share with the parent,
and it drops a child's segment that takes more than a second to report
(docs/architecture.md). The Whoosh internals used here are the ones
``MpWriter`` uses: ``SegmentWriter(_lk=False)``, ``_finalize_segment`` and the
steps of ``SegmentWriter.commit``.
"""

from __future__ import annotations

import os
import tempfile

from whoosh.filedb.filestore import FileStorage
from whoosh.util import random_name
from whoosh.writing import SegmentWriter

from searchkit.engine.whoosh.writers import remove_dead_spill_folders

#: Each worker's in-memory posting pool before it spills to disk (Whoosh's default is 128 MB): with
#: 192 a worker holds the postings of about 12,000 news articles before it spills, and spilling
#: pickles every posting to disk and back (docs/benchmarks-speed.md, "Session 3": 96 → 192 MB took
#: `python bench/index_speed.py` on 24k articles from 33 to 29 s).
WORKER_POOL_MB = 192


def new_spill_folder(ix) -> str:
    """A folder beside the index for a sync's workers to spill into; those of dead syncs are removed.

    Its name carries the sync's process id: a sync killed outright cannot remove
    its folder, so the next one does, once no process of that id is alive.
    """
    remove_dead_spill_folders(ix.storage.folder, ix.indexname)
    return tempfile.mkdtemp(prefix=f"{ix.indexname}.spill-{os.getpid()}-", suffix=".tmp", dir=ix.storage.folder)


class SegmentBuilder:
    """Adds documents to a new segment of ``ix``, started by the first document after each seal.

    Its posting pool spills under ``spill_folder``, which the sync removes
    after its workers have stopped, even when it killed them.
    """

    def __init__(self, ix, spill_folder: str) -> None:
        self.ix = ix
        self.spill_folder = spill_folder
        self.writer: SegmentWriter | None = None

    def add(self, fields: dict) -> int:
        """Add one document; returns its number within the segment being built."""
        if self.writer is None:
            self.writer = self._new_writer()
        docnum = self.writer.docnum
        self.writer.add_document(**fields)
        return docnum

    def seal(self):
        """Write the segment being built to the index folder and return it (None if nothing was added)."""
        writer, self.writer = self.writer, None
        if writer is None:
            return None
        try:
            return writer._finalize_segment()
        finally:
            writer.temp_storage().destroy()

    def _new_writer(self) -> SegmentWriter:
        writer = SegmentWriter(self.ix, _lk=False, compound=False, limitmb=WORKER_POOL_MB)
        # Whoosh names every writer's spill folder after the index, and a writer that
        # finishes deletes it: each builder spills into a folder of its own (the shared
        # one, just created, is left to the sync's writer, which may spill there too).
        spill = FileStorage(os.path.join(self.spill_folder, random_name())).create()
        writer._tempstorage = writer.pool.tempstore = spill
        return writer


def commit_with(writer: SegmentWriter, segments: list, mergetype=None) -> None:
    """Commit ``writer`` with sealed ``segments`` added to the new TOC (SegmentWriter.commit's steps)."""
    writer._check_state()
    final = writer._merge_segments(mergetype, None, None)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final + segments)
    writer._finish()
