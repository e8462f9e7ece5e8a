"""Which folders a sync, check or repair works on: those given, or those the index remembers.

A folder that is not there (unmounted, moved, mistyped) is never taken to mean
that its articles were deleted: it is reported, and its articles are kept.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from searchkit.arguments import paths_argument
from searchkit.errors import InvalidOption
from searchkit.models import Failure

MISSING = "no such file or folder"


@dataclass
class Roots:
    """The folders and files to work on: those that exist, and failures for those that do not."""

    present: list[str] = field(default_factory=list)
    missing: list[Failure] = field(default_factory=list)

    @property
    def shown_missing(self) -> str:
        return ", ".join(failure.path for failure in self.missing)


def choose_roots(paths: Iterable[str | os.PathLike[str]] | None, remembered: list[str]) -> list[str]:
    """The paths given, or (``paths=None``) the roots the index remembers."""
    if paths is None:
        return list(remembered)
    return [os.fspath(path) for path in paths_argument(paths)]


def split_roots(roots: list[str]) -> Roots:
    """The roots that exist, and one failure for each that does not."""
    split = Roots()
    for root in roots:
        if os.path.exists(os.path.expanduser(root)):
            split.present.append(root)
        else:
            split.missing.append(Failure(root, f"{MISSING} (its indexed articles are kept)"))
    return split


def require_roots(roots: list[str], where: str) -> list[str]:
    """``roots``, or InvalidOption when there are none (nothing given, nothing remembered)."""
    if not roots:
        raise InvalidOption(f"no folders to sync: the index at {where} remembers none; give the folders to index")
    return roots
