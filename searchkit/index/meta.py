"""What an index remembers about itself besides its articles: its format, its folders, its failing files.

Kept in one small JSON file beside the engine's files (``searchkit-meta.json``),
replaced whole (written, flushed to disk, renamed into place), so a reader sees
the old version or the new one. A writer saves it *before* committing the
articles it describes: a crash in between leaves a file that names a folder
or a failure the articles do not show yet, which the next sync puts right.

An index without the file was built before the file existed (format 1: ids
relative to each synced folder, so two folders of the same layout collide).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from searchkit.ingest.labels import assign_labels, inside

#: The current format: 2 = ids unique across synced folders; 3 = people keyed as one canonical person
#: per name (a bare name is keyed as itself, no longer also with a marker); 4 = every word indexed
#: (stop words under terms of their own, acronyms as words) and each word's exact form beside its stem;
#: 5 = each article's language indexed, its text analysed in that language, CJK text as bigrams.
FORMAT = 5
#: Indexes with no metadata file were written by searchkit before it kept one.
LEGACY_FORMAT = 1
META_NAME = "searchkit-meta.json"


@dataclass(frozen=True)
class KnownFailure:
    """A file that failed to index, as it was when it failed (so an untouched one is not retried).

    ``ctime_ns`` changes with the file's mode too: a file made readable again is retried.
    """

    mtime_ns: int
    size: int
    reason: str
    ctime_ns: int = 0

    def unchanged(self, mtime_ns: int, size: int, ctime_ns: int) -> bool:
        """Whether a file with this modification time, size and status-change time is as it was."""
        return (self.mtime_ns, self.size, self.ctime_ns) == (mtime_ns, size, ctime_ns)


@dataclass
class IndexMeta:
    """The index's format, the folders and files it is synced from, and the files that keep failing."""

    format: int = FORMAT
    #: Absolute path of each folder or file given to sync -> its label, the first part of its
    #: articles' ids (so two folders of the same layout give different ids); in the order first synced.
    roots: dict[str, str] = field(default_factory=dict)
    #: Absolute path of a file that failed -> the file as it was then.
    failing: dict[str, KnownFailure] = field(default_factory=dict)

    def to_json(self) -> str:
        # ASCII: a path may hold bytes that are not UTF-8 (surrogates in Python), which \u escapes carry
        return json.dumps(asdict(self), ensure_ascii=True, indent=1)  # unsorted: roots in the order first synced

    @classmethod
    def from_json(cls, text: str) -> IndexMeta:
        data = json.loads(text)
        failing = {path: KnownFailure(**entry) for path, entry in data.get("failing", {}).items()}
        return cls(format=int(data.get("format", LEGACY_FORMAT)), roots=dict(data.get("roots", {})),
                   failing=failing)


def load_meta(folder: Path) -> IndexMeta | None:
    """The metadata saved in ``folder``; None when there is none (an index older than the file)."""
    try:
        return IndexMeta.from_json((folder / META_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def save_meta(folder: Path, meta: IndexMeta) -> None:
    """Replace the metadata file in ``folder`` atomically and durably."""
    target = folder / META_NAME
    temporary = folder / f".{META_NAME}.{os.getpid()}.tmp"
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(meta.to_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:  # a full disk: leave no half-written file behind
        temporary.unlink(missing_ok=True)
        raise
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def meta_for_sync(current: IndexMeta, given: Sequence[str], rebuild: bool) -> IndexMeta:
    """The metadata a sync of the ``given`` roots (absolute paths) leaves: the roots it keeps, new ones labelled.

    A rebuild keeps the labels of the given folders (and of folders holding them), so
    their ids do not change, and forgets the index's other folders and its failing files.
    A root that does not exist gets no label.
    """
    known = current.roots
    if rebuild:
        known = {root: label for root, label in known.items() if any(inside(g, root) for g in given)}
    labels = assign_labels(given, known)
    roots = {root: label for root, label in labels.items() if root in known or os.path.exists(root)}
    return IndexMeta(format=FORMAT, roots=roots, failing={} if rebuild else dict(current.failing))
