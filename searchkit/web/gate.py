"""One index shared by every request: read by one request at a time, each answered within a time bound.

Whoosh's readers seek and read file handles they share, so two searches on one
``Index`` in parallel threads read each other's bytes: 8 threads searching the
BBC index at once saw most searches fail (unpickling, decompression, missing
terms) or return wrong hits. Reads therefore take turns, in worker threads, so
the event loop stays free to serve static files and to answer requests whose
time is up. A commit made meanwhile (a sync, ``index --watch``) is seen by the
next read: ``Index`` reopens its snapshot when the index changed on disk.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

from searchkit.index.core import Index

T = TypeVar("T")


class TooSlow(Exception):
    """A request that did not get its answer within the time bound."""


class TakeTurns:
    """A lock handed to waiters in the order they came: under load no request waits while later ones pass."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._waiting: deque[threading.Event] = deque()
        self._held = False

    def acquire(self, timeout: float) -> bool:
        with self._guard:
            if not self._held:
                self._held = True
                return True
            turn = threading.Event()
            self._waiting.append(turn)
        if turn.wait(timeout):
            return True
        with self._guard:
            if turn.is_set():  # handed over just as the wait ran out
                return True
            self._waiting.remove(turn)
            return False

    def release(self) -> None:
        with self._guard:
            if self._waiting:
                self._waiting.popleft().set()  # still held: now by the next in line
            else:
                self._held = False


class IndexGate:
    """Reads of one Index for concurrent requests: one at a time, each answered within ``timeout`` seconds.

    A request whose time is up gets ``TooSlow`` at once. If its read had started it
    runs to its end in its thread (Whoosh cannot stop a search half-way), so later
    requests wait for it; one still waiting for its turn gives up instead of running.
    """

    def __init__(self, index: Index, timeout: float) -> None:
        self.index = index
        self.timeout = timeout
        self._turns = TakeTurns()

    async def read(self, read: Callable[[Index], T]) -> T:
        """``read(index)`` in a worker thread, in turn with every other read."""
        deadline = time.monotonic() + self.timeout
        try:
            with anyio.fail_after(self.timeout):
                return await anyio.to_thread.run_sync(self._in_turn, read, deadline, abandon_on_cancel=True)
        except TimeoutError:
            raise TooSlow(f"the index did not answer within {self.timeout:g} s") from None

    def _in_turn(self, read: Callable[[Index], T], deadline: float) -> T:
        if not self._turns.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise TimeoutError
        try:
            return read(self.index)
        finally:
            self._turns.release()
