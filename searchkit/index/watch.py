"""Keep an index in sync with article folders while they change (``searchkit index --watch``).

watchdog reports file-system events (inotify on Linux) from its own thread;
they are collected here as changed paths. A burst (an editor saving, a folder
copied in) is waited out until the files have been quiet for ``settle``
seconds, at most ``max_delay`` after its first event, and then synced in one
commit by ``Index.sync(changed=...)``, which looks only at those paths, so the
cost of following an archive does not grow with its size. Syncs run on the
caller's thread: Ctrl-C lands between syncs or inside one, whose writer is then
abandoned (what it wrote deleted), so the index stays at its last commit. The
index folder being removed ends the watch with IndexNotFound.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from searchkit.errors import IndexNotFound, SearchkitError, SourceError
from searchkit.ingest.sources import under_roots
from searchkit.models import SyncReport

if TYPE_CHECKING:
    from searchkit.index.core import Index
    from searchkit.index.sync import Progress

#: Events that say nothing about content: a file read, a folder's own mtime.
_IGNORED_EVENTS = frozenset({"opened", "closed_no_write"})
#: How long stopping waits for the watcher's threads (they are daemons: the process may exit without them).
STOP_SECONDS = 1.0


class ChangeQueue:
    """Changed paths reported by the watcher thread, handed out once their burst has settled."""

    def __init__(self, settle: float, max_delay: float) -> None:
        self.settle = settle
        self.max_delay = max_delay
        self._paths: set[str] = set()
        self._first = self._last = 0.0
        self._cond = threading.Condition()

    def add(self, *paths: str) -> None:
        if not paths:
            return
        with self._cond:
            now = time.monotonic()
            if not self._paths:
                self._first = now
            self._paths.update(paths)
            self._last = now
            self._cond.notify()

    def take(self, stop: threading.Event, poll: float = 0.1, check: Callable[[], None] | None = None,
             ) -> set[str] | None:
        """Block until a burst has settled and return its paths; None once ``stop`` is set.

        ``check()`` is called at every ``poll`` (it may raise to end the wait).
        """
        with self._cond:
            while not stop.is_set():
                if check is not None:
                    check()
                timeout = poll
                if self._paths:
                    now = time.monotonic()
                    left = min(self.settle - (now - self._last), self.max_delay - (now - self._first))
                    if left <= 0:
                        paths, self._paths = self._paths, set()
                        return paths
                    timeout = min(left, poll)
                self._cond.wait(timeout)
        return None


def _collector(queue: ChangeQueue, ignored: str | None):
    """A watchdog handler passing changed paths to the queue (those under ``ignored`` left out)."""
    from watchdog.events import FileSystemEventHandler

    class Collector(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.event_type in _IGNORED_EVENTS or (event.is_directory and event.event_type == "modified"):
                return
            paths = (os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p)
            queue.add(*(p for p in paths if ignored is None or not under_roots(p, [ignored])))

    return Collector()


def _start_observer(roots: list[str], queue: ChangeQueue, ignored: str | None):
    """Watch every root (a file root through its folder); inotify, or polling where inotify is unavailable."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    handler = _collector(queue, ignored)
    for observer_class in (Observer, PollingObserver):
        observer = observer_class()
        try:
            for root in roots:
                if os.path.isdir(root):
                    observer.schedule(handler, root, recursive=True)
                else:
                    observer.schedule(handler, os.path.dirname(root), recursive=False)
            observer.start()
            return observer
        except OSError as exc:
            failure = exc
            observer.unschedule_all()
    raise SourceError(", ".join(roots), f"cannot watch: {failure.strerror or failure}")


def watch(
    index: Index,
    paths: Iterable[str | os.PathLike[str]],
    *,
    stop: threading.Event | None = None,
    on_sync: Callable[[SyncReport], None] | None = None,
    on_error: Callable[[SearchkitError], None] | None = None,
    settle: float = 0.25,
    max_delay: float = 1.0,
    retry: float = 5.0,
    progress: Progress | None = None,
    follow_symlinks: bool = False,
    rebuild: bool = False,
    keep_non_articles: bool = False,
) -> None:
    """Sync ``paths`` fully once, then sync what changes until ``stop`` is set (see ``Index.watch``)."""
    paths = list(paths)
    roots = [os.path.abspath(os.path.expanduser(p)) for p in paths]
    for root, given in zip(roots, paths, strict=True):
        if not os.path.exists(root):
            raise SourceError(str(given), "cannot watch: no such file or folder")
    stop = stop or threading.Event()
    queue = ChangeQueue(settle, max_delay)
    # Started before the first sync, so no change falls between; the index's own files (when it
    # lives inside a watched folder) are not changes to follow: each commit would wake it again.
    own = os.path.abspath(index.path) if index.path is not None else None
    observer = _start_observer(roots, queue, own)
    try:
        pending: set[str] | None = None  # None: the whole archive
        while not stop.is_set():
            try:
                if pending is None:
                    report = index.sync(paths, progress=progress, follow_symlinks=follow_symlinks, rebuild=rebuild,
                                        keep_non_articles=keep_non_articles)
                else:
                    report = index.sync(paths, follow_symlinks=follow_symlinks, changed=pending,
                                        keep_non_articles=keep_non_articles)
            except IndexNotFound:  # the index folder was removed: nothing left to keep in sync
                raise
            except SearchkitError as exc:
                if on_error is None:
                    raise
                on_error(exc)
                if stop.wait(retry):
                    break
                _require_folder(index)
                continue
            if on_sync is not None:
                on_sync(report)
            changed = queue.take(stop, check=lambda: _require_folder(index))
            if changed is None:
                break
            pending = changed
    finally:
        observer.stop()
        observer.join(timeout=STOP_SECONDS)  # its threads are daemons: a slow one does not hold up the exit


def _require_folder(index: Index) -> None:
    """Raise IndexNotFound once the index folder is gone (removed by hand while watching)."""
    if index.path is not None and not index.path.is_dir():
        raise IndexNotFound(f"the index folder {index.path} was removed; stopped watching "
                            "(run `searchkit index --watch` to build it again)")
