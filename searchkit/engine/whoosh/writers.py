"""Whoosh writers that wait for the write lock, and that leave nothing behind when they fail.

The write lock is Whoosh's ``<index>_WRITELOCK`` file, locked with ``flock``:
the operating system releases it when its holder dies, and the file itself is
never deleted (a writer that deleted and re-created it would hold a lock on a
new file while another writer still holds the old one).

A writer that fails (a full disk, Ctrl-C, a bug) has written files no table of
contents (TOC) lists: its segment, perhaps a half-written TOC. Whoosh deletes
such files only at the next successful commit, so on a full disk they would
keep the disk full for ever. ``abandon`` deletes them at once, while the lock
is still held, so no other writer's new files can be mistaken for them.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from whoosh.index import TOC
from whoosh.util.filelock import try_for
from whoosh.writing import SegmentWriter

from searchkit.errors import IndexLocked
from searchkit.interrupts import interrupts_held

WRITELOCK = "WRITELOCK"


def open_writer(ix, *, timeout: float, on_wait: Callable[[float], None] | None = None, where: str = "memory",
                keep: Callable[[SegmentWriter], None] = lambda writer: None) -> SegmentWriter:
    """A writer holding the write lock of ``ix``, waiting up to ``timeout`` seconds for another writer.

    ``keep(writer)`` runs as soon as it exists, before a Ctrl-C received meanwhile takes
    effect (``interrupts_held``): the caller always has the writer whose segment files and
    lock a failure must give back. Ctrl-C ends the wait for the lock at once.

    Segments are left as separate files (``compound=False``): Whoosh would
    otherwise copy each new segment into one compound file at commit, and
    every process opening the index copies each part of a compound file out
    of its memory map again (about 45 ms of a cold query at 24,000 articles).
    """
    lock = ix.lock(WRITELOCK)
    opened: list[SegmentWriter] = []

    def attempt() -> bool:
        with interrupts_held():
            if not lock.acquire(False):
                return False
            try:
                writer = SegmentWriter(ix, _lk=False, compound=False)
            except BaseException:
                lock.release()
                raise
            writer.writelock = lock
            opened.append(writer)
            keep(writer)
        return True

    if not attempt():
        if on_wait is not None:
            on_wait(timeout)
        if not try_for(attempt, timeout=timeout):
            raise IndexLocked(f"index at {where} is locked by another writer (waited {timeout:g} s)")
    return opened[0]


class HeldLock:
    """The write lock of an index whose TOC cannot be read (no Whoosh index object can be opened)."""

    def __init__(self, storage, indexname: str, *, timeout: float, on_wait: Callable[[float], None] | None = None,
                 where: str = "memory") -> None:
        self.lock = storage.lock(f"{indexname}_{WRITELOCK}")
        if self._try():
            return
        if on_wait is not None:
            on_wait(timeout)
        if not try_for(self._try, timeout=timeout):
            raise IndexLocked(f"index at {where} is locked by another writer (waited {timeout:g} s)")

    def _try(self) -> bool:
        return self.lock.acquire(False)

    def release(self) -> None:
        self.lock.release()

    def __enter__(self) -> HeldLock:
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()


def lock_held(storage, indexname: str) -> bool:
    """Whether some writer (in any process, this one included) holds the index's write lock.

    Read from /proc/locks where there is one, so that looking never takes the
    lock (a writer starting at that instant would find it taken); elsewhere a
    shared lock is tried for an instant.
    """
    folder = getattr(storage, "folder", "")
    if not folder:
        return False
    path = os.path.join(folder, f"{indexname}_{WRITELOCK}")
    try:
        status = os.stat(path)
    except OSError:
        return False
    try:
        with open("/proc/locks", encoding="ascii") as handle:
            table = handle.read()
    except OSError:
        return _probe(path)
    key = f"{os.major(status.st_dev):02x}:{os.minor(status.st_dev):02x}:{status.st_ino}"
    return any(len(fields) > 5 and fields[1] != "->" and fields[5] == key
               for fields in (line.split() for line in table.splitlines()))


def _probe(path: str) -> bool:
    try:
        import fcntl
    except ImportError:  # no flock on this platform: say nothing rather than guess
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases the shared lock, if it was taken
    return False


def abandon(writer: SegmentWriter) -> None:
    """Cancel ``writer`` whatever state it is in; delete what it wrote, then release its lock.

    Whoosh's own ``cancel`` leaves the new segment's files it opened (until a
    later commit deletes them) and, when closing them fails (a full disk),
    keeps its lock. Here each step is tried on its own, the files are deleted
    and the lock is released all the same. A committed writer is left alone.
    """
    if writer.is_closed:
        return
    with contextlib.suppress(Exception):
        writer._close_segment()
    searcher = writer._searcher
    if searcher is not None:
        with contextlib.suppress(Exception):
            searcher._orig_close()
    with contextlib.suppress(Exception):
        writer._tempstorage.destroy()
    with contextlib.suppress(Exception):
        remove_unlisted(writer.storage, writer.indexname)
    writer.is_closed = True
    if writer.writelock is not None:
        with contextlib.suppress(Exception):
            writer.writelock.release()


def remove_unlisted(storage, indexname: str) -> int:
    """Delete what no commit lists: other segments' files, old and half-written TOCs. Returns how many.

    Only call it holding the write lock. Nothing is deleted when the latest TOC
    cannot be read: its segments may still be salvaged (salvage.py).
    """
    try:
        toc = TOC.read(storage, indexname)
    except Exception:  # an unreadable TOC: every file may be needed to salvage the index
        return 0
    listed = {segment.segment_id() for segment in toc.segments}
    current = TOC._filename(indexname, toc.generation)
    segment_file = TOC._segment_pattern(indexname)
    toc_file = re.compile(rf"^_{re.escape(indexname)}_[0-9]+\.toc")  # with a temporary suffix too
    removed = 0
    for name in storage.list():
        match = segment_file.match(name)
        unlisted_segment = match is not None and match.group(1) not in listed
        if unlisted_segment or (toc_file.match(name) and name != current):
            with contextlib.suppress(OSError):
                storage.delete_file(name)
                removed += 1
    folder = getattr(storage, "folder", "")
    if folder:
        remove_dead_spill_folders(folder, indexname)
    return removed


def remove_dead_spill_folders(folder: str, indexname: str) -> None:
    """Delete the spill folders (segments.py) of syncs whose process is gone (killed outright)."""
    prefix = f"{indexname}.spill-"
    for stale in Path(folder).glob(f"{prefix}*.tmp"):
        pid = stale.name[len(prefix):].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True
