"""Text made safe and readable for a terminal: escaping, wrapping to the width, plurals and sizes.

Article fields come from files anyone may have written. A newline in a
headline or a file name would start a line that looks like a result of its
own, an escape sequence would drive the terminal, and a bidi override
(U+202E) would show text in another order than it is. So every field is
printed through ``one_line``, which shows such characters as escapes
(``\\n``, ``\\x1b``, ``\\u202e``), and running text (snippets, bodies)
through ``running_text``, which turns line breaks into spaces and drops the
rest. JSON output is not affected: ``json.dumps`` escapes what it must.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import click

#: C0 and C1 controls and DEL, the Unicode line and paragraph separators, and the bidi controls
#: (marks, embeddings, overrides, isolates).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile("[\t\n\x0b\x0c\r\x85\u2028\u2029]+")
#: A terminal control sequence: CSI (ESC [ ... final byte) or OSC (ESC ] ... BEL or ESC \\).
_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: Below this many columns, wrapping would do more harm than good.
MIN_WIDTH = 40


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """A field on one line: control, line-breaking and bidi characters shown as escapes."""
    return _UNSAFE.sub(_escape, text)


def running_text(text: str) -> str:
    """Prose on one line: line breaks become spaces; terminal escape sequences, other control and bidi
    characters are dropped."""
    return _UNSAFE.sub("", _BREAKS.sub(" ", _SEQUENCE.sub("", text)))


def paragraphs(text: str) -> str:
    """Prose that keeps its paragraphs (one per line, a blank line between), each cleaned as ``running_text``."""
    return "\n\n".join(running_text(p) for p in re.split(r"\n\s*\n", text) if p.strip())


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 article``, ``2,225 articles``."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


_UNITS = ("B", "KiB", "MiB", "GiB")


def size(count: int) -> str:
    """A size in bytes as people read it: ``512 B``, ``12.3 KiB``, ``1.5 MiB``, ``2.1 GiB``."""
    exponent = 0
    while exponent < len(_UNITS) - 1 and count >= 1024 ** (exponent + 1):
        exponent += 1
    return f"{count} B" if exponent == 0 else f"{count / 1024 ** exponent:.1f} {_UNITS[exponent]}"


def output_width() -> int | None:
    """Columns to wrap to: the terminal's width, else ``COLUMNS`` when set, else None (do not wrap)."""
    if sys.stdout.isatty():
        return max(shutil.get_terminal_size().columns, MIN_WIDTH)
    columns = os.environ.get("COLUMNS", "")
    return max(int(columns), MIN_WIDTH) if columns.isdigit() else None


def columns(text: str) -> int:
    """How many terminal columns ``text`` takes (wide East Asian characters two, combining marks none)."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


@dataclass(frozen=True)
class Piece:
    """A run of text printed in one style (the keyword arguments of ``click.style``; none: plain).

    A ``whole`` piece (an id, a URL) is never broken across lines, even at its spaces.
    """

    text: str
    style: dict = field(default_factory=dict)
    whole: bool = False

    def render(self, color: bool) -> str:
        return click.style(self.text, **self.style) if color and self.style else self.text


def wrap(pieces: Sequence[Piece], width: int | None, *, first: str = "", indent: str = "",
         color: bool = False) -> list[str]:
    """The pieces laid out in lines of at most ``width`` columns, breaking at spaces only.

    ``first`` starts the first line and ``indent`` the others, so text stays
    aligned under its label. A word longer than a line (a URL) gets a line of
    its own rather than being cut. With no width everything is one line.
    """
    words: list[list[Piece]] = [[]]
    for piece in pieces:
        for i, part in enumerate([piece.text] if piece.whole else piece.text.split(" ")):
            if i:
                words.append([])
            if part:
                words[-1].append(Piece(part, piece.style))
    words = [word for word in words if word]
    lines, line, used, empty = [], first, columns(first), True
    for word in words:
        needed = sum(columns(p.text) for p in word)
        if width is not None and not empty and used + 1 + needed > width:
            lines.append(line)
            line, used, empty = indent, columns(indent), True
        if not empty:
            line, used = line + " ", used + 1
        line, used, empty = line + "".join(p.render(color) for p in word), used + needed, False
    lines.append(line)
    return lines
