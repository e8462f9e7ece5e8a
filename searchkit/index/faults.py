"""What a failure while writing the index means, as one typed searchkit error.

A write that fails is undone before the error reaches the caller (the writer
is abandoned: writers.abandon), so every message can say that the index is as
its last commit left it.
"""

from __future__ import annotations

import contextlib
import errno
import time
from collections.abc import Iterator
from pathlib import Path

from searchkit.errors import DiskFull, IndexNotFound, IndexReadOnly, SearchkitError

NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})
NOT_WRITABLE = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
#: A file missing during a write may be the folder being removed: it is looked at for up to a second.
REMOVAL_POLLS = 20


def write_failure(exc: Exception, where: str, folder: Path | None) -> SearchkitError | None:
    """The searchkit error an exception raised while writing the index at ``folder`` stands for, if any.

    Files vanishing under a writer make Whoosh fail in many ways (a missing
    file, a reader half open), so any failure while the index folder is being
    removed is reported as that.
    """
    errno_ = exc.errno if isinstance(exc, OSError) else None
    if errno_ in NO_SPACE:
        return DiskFull(f"no space left on the disk of the index at {where}: nothing was saved, the index is "
                        "as its last commit left it (free some space and run it again)")
    if errno_ in NOT_WRITABLE:
        return IndexReadOnly(f"the index at {where} cannot be written ({exc.strerror or exc}): "
                             "it can still be searched, but not changed")
    if folder is not None and _removed(folder):
        return _folder_removed(where)
    return None


def _folder_removed(where: str) -> IndexNotFound:
    return IndexNotFound(f"the index folder {where} was removed (run `searchkit index` to build it again)")


def _removed(folder: Path) -> bool:
    """Whether the index folder is gone, or going (removed file by file: its TOC already gone, or soon)."""
    for _ in range(REMOVAL_POLLS):
        if not folder.is_dir() or not any(folder.glob("_*.toc")):
            return True
        time.sleep(0.05)
    return False


@contextlib.contextmanager
def translated_write_errors(where: str, folder: Path | None) -> Iterator[None]:
    """Raise the typed error for a failure of the ``with`` block (others pass unchanged)."""
    try:
        yield
    except SearchkitError as exc:
        # A worker's failure comes as a plain SearchkitError in Whoosh's words ("Index 'searchkit' does not
        # exist"): while the folder is being removed, it is that removal
        if type(exc) is SearchkitError and folder is not None and _removed(folder):
            raise _folder_removed(where) from exc
        raise
    except Exception as exc:
        typed = write_failure(exc, where, folder)
        if typed is None:
            raise
        raise typed from exc
