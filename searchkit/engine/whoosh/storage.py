"""Whoosh file storage that makes each commit durable.

Whoosh writes a commit's segment files, then its table of contents (TOC) under
a temporary name, then renames the TOC into place: readers see the old commit
or the new one, never half of one, and a killed writer leaves only unused files
that the next commit removes. What Whoosh leaves out (whoosh#323) is syncing
to disk: after a power cut the new TOC may point at segment data that never
reached the disk. This storage fsyncs every file it writes before closing it,
and the folder after each rename, so a TOC is only ever renamed into place after
everything it points at is on disk.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref

from whoosh.filedb.filestore import FileStorage, RamStorage


class DurableFileStorage(FileStorage):
    """A FileStorage whose written files and renames reach the disk before they count."""

    def create_file(self, name, excl=False, mode="wb", **kwargs):
        handle = super().create_file(name, excl=excl, mode=mode, **kwargs)
        earlier = handle.onclose

        def sync_then_close(structfile) -> None:
            if earlier is not None:
                earlier(structfile)
            raw = structfile.file
            if hasattr(raw, "fileno"):
                raw.flush()
                os.fsync(raw.fileno())

        handle.onclose = sync_then_close
        return handle

    def rename_file(self, oldname, newname, safe=False):
        super().rename_file(oldname, newname, safe=safe)
        self._sync_folder()

    def _sync_folder(self) -> None:
        try:
            fd = os.open(self.folder, os.O_RDONLY)
        except OSError:
            return  # some platforms cannot open folders; nothing more can be done there
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class PrivateRamStorage(RamStorage):
    """An in-memory storage whose writers spill to a temporary folder of their own.

    Whoosh names that folder after the index (``/tmp/searchkit.tmp``), so two
    processes indexing in memory at once would delete each other's files; and
    the column writer never removes its spill folder, so each commit would leave
    an empty folder in ``/tmp``. Here every spill folder lives under one private
    folder, removed when the storage is garbage collected.
    """

    def __init__(self) -> None:
        super().__init__()
        self._spill_root: str | None = None

    def temp_storage(self, name=None):
        if self._spill_root is None:
            self._spill_root = tempfile.mkdtemp(prefix="searchkit-")
            weakref.finalize(self, shutil.rmtree, self._spill_root, True)
        return FileStorage(os.path.join(self._spill_root, name or "spill")).create()
