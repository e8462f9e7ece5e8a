"""Root labels: the first part of an article's id, unique across the folders an index is synced from.

An article's id is ``<label>/<path relative to its folder>``, so ``a2024/world/001.txt``
and ``a2025/world/001.txt`` stay two articles. A label is given once, when a
folder (or a file given directly) is first synced, and kept by the index, so
ids never change: it is the folder's name, or, when that would clash with a
label already given, the shortest tail of its path that does not
(``2024/news`` next to ``news``). Two labels clash when one equals the other
or is a leading part of it, since ``news`` and ``news/world`` would give the
same ids to different files.

A folder inside one that already has a label gets none: its files keep the
ids the outer folder gave them, whichever of the two is synced.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Mapping

from searchkit.ingest.files import printable


def assign_labels(roots: Iterable[str], known: Mapping[str, str]) -> dict[str, str]:
    """``known`` (absolute root -> label) plus a label for each of ``roots`` not covered by one already."""
    labels = dict(known)
    for root in roots:
        if labelled_root(root, labels) is None:
            labels[root] = _new_label(root, labels.values())
    return labels


def labelled_root(path: str, labels: Mapping[str, str]) -> str | None:
    """The innermost labelled root holding ``path`` (or equal to it); None when there is none."""
    best = None
    for root in labels:
        if inside(path, root) and (best is None or len(root) > len(best)):
            best = root
    return best


def inside(path: str, root: str) -> bool:
    """Whether ``path`` is ``root`` or lies under it."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _new_label(root: str, taken: Iterable[str]) -> str:
    taken = list(taken)
    parts = [printable(part) for part in root.split(os.sep) if part] or ["root"]
    tails = ["/".join(parts[-n:]) for n in range(1, len(parts) + 1)]
    numbered = (f"{tails[-1]}~{n}" for n in itertools.count(2))  # the same path synced under another spelling
    for candidate in itertools.chain(tails, numbered):
        if not any(_clash(candidate, label) for label in taken):
            return candidate


def _clash(one: str, other: str) -> bool:
    return one == other or one.startswith(other + "/") or other.startswith(one + "/")
