"""Ctrl-C held back around steps that must not be cut in half.

CPython runs a Python signal handler after any C call, so a KeyboardInterrupt
can come just after a lock or a file was taken and before the code that would
give it back has begun: a ``multiprocessing.Queue`` lock left held hangs the
process at exit, a write lock taken for a writer that was never kept stays
taken. Inside ``interrupts_held()`` Ctrl-C (and a SIGTERM that a Python
handler turns into an exception, as ``index --watch`` does) is noted, and
takes effect as the block ends, once what was taken is in hand.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack
from typing import TypeVar

T = TypeVar("T")


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Run the block whole; a SIGINT or SIGTERM received meanwhile is handled when it ends.

    Python signal handlers run only in the main thread: elsewhere nothing needs holding back.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    held = [number for number in (signal.SIGINT, signal.SIGTERM) if callable(signal.getsignal(number))]
    previous = {number: signal.signal(number, lambda signum, frame: received.append(signum)) for number in held}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    for number in received[:1]:
        previous[number](number, None)


def entered(stack: ExitStack, manager: AbstractContextManager[T]) -> T:
    """Enter ``manager`` with its exit registered first, so that one interrupted while it is entered
    (a writer that took its lock and then got Ctrl-C) is left as cleanly as one entered whole."""
    stack.push(manager)
    return manager.__enter__()
