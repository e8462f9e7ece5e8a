"""Find the article files under the folders and files given to ``sync``.

Each file gets a stable id (its root's label and its path under that root,
labels.py) and a section hint (the first sub-folder name). Only regular files
are read: FIFOs, devices and sockets are skipped unopened. Symlinks leading
outside the indexed folders, and symlinked folders, are not followed unless
asked, hidden files and folders are ignored, the index's own folder is left
out, and files of an unknown type met in a walk are skipped with a note.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from searchkit.ingest.files import is_article_file, not_regular, printable
from searchkit.ingest.labels import assign_labels, inside, labelled_root
from searchkit.models import Failure

_SYMLINKED_FOLDER = "symlink to a folder (not followed; --follow-symlinks follows it)"


@dataclass(frozen=True)
class SourceFile:
    """An article file found on disk, with what sync compares (size, mtime; ctime for failing files)."""

    path: str  # absolute path: the key sync uses to tell files apart
    article_id: str
    section: str
    display: str
    size: int
    mtime_ns: int
    ctime_ns: int = 0


@dataclass
class Discovery:
    """Files found, files that failed (could not be listed or read), files skipped."""

    files: list[SourceFile] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Failure] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)
    #: Folders that could not be listed (absolute path -> its entry in ``failures``).
    unlisted: dict[str, Failure] = field(default_factory=dict)
    #: The labels the ids were given with: every known root's, and one for each new root.
    labels: dict[str, str] = field(default_factory=dict)

    def relabel(self, labels: Mapping[str, str]) -> None:
        """Give the files the ids ``labels`` make (another sync may have labelled a root meanwhile)."""
        if dict(labels) != self.labels:
            self.labels = dict(labels)
            self.files = [dataclasses.replace(f, **_identity(f.path, self.labels)) for f in self.files]


@dataclass
class _Walk:
    """One discovery's settings and results."""

    found: Discovery
    follow_symlinks: bool
    exclude: tuple[str, ...]


def given_roots(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The absolute paths of the folders and files given to a sync (the keys of its roots' labels)."""
    return [os.path.abspath(os.path.expanduser(p)) for p in paths]


def discover(
    paths: Iterable[str | os.PathLike[str]],
    *,
    follow_symlinks: bool = False,
    changed: Iterable[str | os.PathLike[str]] | None = None,
    labels: Mapping[str, str] | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> Discovery:
    """Walk the given folders and files, in a stable (sorted) order.

    ``labels`` are the root labels the index knows (absolute root -> label);
    roots it does not know get new ones (``Discovery.labels`` holds them all).
    ``exclude`` lists folders never to look into (the index's own).
    With ``changed``, only those paths (files or folders, present or deleted)
    under the given ones are looked at, with the ids a full walk would give
    them; ``roots`` then lists just the changed paths, so a sync removes only
    what was deleted there. That is what keeps a watched archive cheap to follow.
    """
    paths = list(paths)
    walk = _Walk(Discovery(labels=assign_labels(given_roots(paths), labels or {})), follow_symlinks,
                 tuple(os.path.abspath(p) for p in exclude))
    found = walk.found
    wanted = None if changed is None else _outermost(os.path.abspath(os.path.expanduser(p)) for p in changed)
    for given, absolute in zip(paths, given_roots(paths), strict=True):
        shown = printable(str(Path(given).expanduser()))
        if wanted is not None:
            for path in (p for p in wanted if inside(p, absolute)):
                found.roots.append(path)
                _discover_changed(Path(path), Path(absolute), shown, walk)
            continue
        found.roots.append(absolute)
        _discover_root(Path(absolute), shown, walk)
    return found


def _outermost(paths: Iterable[str]) -> list[str]:
    """The paths, sorted, without those inside another one (a new folder's files come with it)."""
    kept: list[str] = []
    for path in sorted(set(paths), key=lambda p: p.split(os.sep)):  # a folder just before what it holds
        if not kept or not inside(path, kept[-1]):
            kept.append(path)
    return kept


def _discover_root(root: Path, shown: str, walk: _Walk) -> None:
    """A folder or file given to sync: walk it, take it, or say why not."""
    try:
        mode = root.stat().st_mode
    except OSError as exc:
        reason = "no such file or folder" if isinstance(exc, FileNotFoundError) else f"cannot read: {exc.strerror}"
        walk.found.failures.append(Failure(shown, reason))
        return
    if stat.S_ISDIR(mode):
        _walk(root, root, shown, walk)
    elif not is_article_file(root):
        walk.found.failures.append(Failure(shown, f"unsupported file type {root.suffix or '(none)'!r}"))
    elif reason := not_regular(mode):
        walk.found.failures.append(Failure(shown, reason))
    else:
        _add(walk.found, root, shown)


def _discover_changed(path: Path, root: Path, shown_root: str, walk: _Walk) -> None:
    """A changed path, as a full walk would see it: no way through a symlinked folder unless following them."""
    if path != root and _ignored(path, root, walk):
        return
    if not walk.follow_symlinks and path != root:
        current = root
        for part in path.relative_to(root).parts[:-1]:
            current = current / part
            if current.is_symlink():
                return  # behind a symlinked folder, which the walk does not enter (and reports once)
        if path.is_symlink() and path.is_dir():
            walk.found.skipped.append(Failure(_display(path, root, shown_root), _SYMLINKED_FOLDER))
            return
    _discover_path(path, root, shown_root, walk)


def _discover_path(path: Path, root: Path, shown_root: str, walk: _Walk) -> None:
    """Add the article files at ``path`` (the root itself or something under it), ids relative to ``root``."""
    if path == root:
        _discover_root(root, shown_root, walk)
    elif _ignored(path, root, walk):
        return
    elif path.is_dir():
        _walk(path, root, shown_root, walk)
    elif path.exists() or path.is_symlink():
        _consider(path, root, shown_root, walk)


def _excluded(path: str, walk: _Walk) -> bool:
    return any(inside(path, folder) for folder in walk.exclude)


def _ignored(path: Path, root: Path, walk: _Walk) -> bool:
    """Hidden (a part of its path under the root starts with a dot), or inside the index's own folder."""
    return any(part.startswith(".") for part in path.relative_to(root).parts) or _excluded(str(path), walk)


def _walk(top: Path, root: Path, shown_root: str, walk: _Walk) -> None:
    found = walk.found
    seen: set[str] = set()  # when following symlinks: the folders walked, so none is walked twice (loops)

    def on_error(exc: OSError) -> None:
        where = printable(os.fsdecode(exc.filename)) if exc.filename else shown_root
        failure = Failure(where, f"cannot list folder: {exc.strerror}")
        found.unlisted[os.path.abspath(exc.filename or top)] = failure
        found.failures.append(failure)

    for folder, dirs, names in os.walk(top, onerror=on_error, followlinks=walk.follow_symlinks):
        if walk.follow_symlinks:
            seen.add(os.path.realpath(folder))
        kept = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            path = os.path.join(folder, name)
            if _excluded(path, walk):
                continue
            if os.path.islink(path) and (not walk.follow_symlinks or os.path.realpath(path) in seen):
                reason = "symlink to a folder already walked" if walk.follow_symlinks else _SYMLINKED_FOLDER
                found.skipped.append(Failure(_display(Path(path), root, shown_root), reason))
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(names):
            if not name.startswith("."):
                _consider(os.path.join(folder, name), root, shown_root, walk)  # strings: a walk does this per file


def _display(path: str | Path, root: Path, shown_root: str) -> str:
    return printable(os.path.join(shown_root, _relative(str(path), str(root))))


def _relative(path: str, root: str) -> str:
    """``path`` (inside ``root``) relative to ``root``: plain string work, since a walk does this per file."""
    return path[len(root):].lstrip(os.sep)


def _consider(path: str | Path, root: Path, shown_root: str, walk: _Walk) -> None:
    """Add one file met under a folder root, or note why it is skipped."""
    found = walk.found
    display = _display(path, root, shown_root)
    if not is_article_file(path):
        found.skipped.append(Failure(display, f"unsupported file type {Path(path).suffix or '(none)'!r}"))
        return
    if os.path.islink(path) and not walk.follow_symlinks and not inside(os.path.realpath(path), os.path.realpath(root)):
        found.skipped.append(Failure(display, "symlink to a file outside the indexed folder (not followed)"))
        return
    _add(found, path, display)


def _add(found: Discovery, path: str | Path, display: str) -> None:
    """Add a file after one stat (following a symlink): a FIFO, device or socket is skipped unopened."""
    try:
        info = os.stat(path)
    except OSError as exc:
        found.failures.append(Failure(display, f"cannot read: {exc.strerror or exc}"))
        return
    reason = not_regular(info.st_mode)
    if reason:
        found.skipped.append(Failure(display, reason))
        return
    found.files.append(SourceFile(str(path), display=display, size=info.st_size, mtime_ns=info.st_mtime_ns,
                                  ctime_ns=info.st_ctime_ns, **_identity(str(path), found.labels)))


def _identity(path: str, labels: Mapping[str, str]) -> dict[str, str]:
    """The id and section of the file at ``path``: its innermost labelled root's label and its place there."""
    root = labelled_root(path, labels)
    if root is None:  # not under any given root: cannot happen for a discovered file
        return {"article_id": printable(os.path.basename(path)), "section": ""}
    relative = _relative(path, root).split(os.sep) if path != root else []
    return {"article_id": "/".join([labels[root], *(printable(p) for p in relative)]),
            "section": printable(relative[0]) if len(relative) > 1 else ""}


def under_roots(source: str, roots: Iterable[str]) -> bool:
    """Whether an indexed source path belongs to one of the synced folders or files."""
    return any(inside(source, root) for root in roots)
