"""Open and read article files so that no file can hang, flood or crash a sync.

A FIFO named ``*.txt`` blocks the reader that opens it until someone writes;
``/dev/zero`` linked in as an article never ends; a file can be swapped for
either between the walk that found it and the read. So files are opened
non-blocking, checked with ``fstat`` on the opened descriptor (what is read is
what was checked), and read up to a limit. File names that are not valid UTF-8
are shown (and used in ids) with the odd bytes escaped, so printing them never fails.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from searchkit.errors import SourceError

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def is_article_file(path: str | Path) -> bool:
    """Whether searchkit reads this file (by its extension); here, not beside the readers, so that
    listing an archive does not import them."""
    return os.path.splitext(path)[1].lower() in SUFFIXES


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is ("a FIFO (named pipe)", "a character device"...)."""
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return "not a regular file"


def not_regular(mode: int) -> str | None:
    """The reason a file of this mode is not read (None for a regular file)."""
    return None if stat.S_ISREG(mode) else f"not a regular file: {kind_of(mode)}"


def open_regular(path: str | os.PathLike[str], display: str) -> BinaryIO:
    """Open a regular file for reading; raises SourceError for anything else, without blocking."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise SourceError(display, f"cannot read: {exc.strerror or exc}") from exc
    try:
        reason = not_regular(os.fstat(fd).st_mode)
        if reason:
            raise SourceError(display, reason)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(path: str | os.PathLike[str], display: str, limit: int) -> bytes:
    """A regular file's bytes; SourceError when it cannot be read or holds more than ``limit`` bytes."""
    with open_regular(path, display) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise SourceError(display, f"cannot read: {exc.strerror or exc}") from exc
        if len(data) > limit:
            size = max(len(data), os.fstat(handle.fileno()).st_size)
            raise SourceError(display, f"file too large ({_megabytes(size)}, the limit is {_megabytes(limit)})")
    return data


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def printable(path: str) -> str:
    """``path`` with bytes that are not UTF-8 (kept by Python as surrogates) written as ``\\xNN``."""
    if path.isascii():
        return path
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that came from elsewhere than a file name
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
