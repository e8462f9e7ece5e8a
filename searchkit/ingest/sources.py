"""Find the article files under the folders and files given to ``sync``.

Each file gets a stable id (its path relative to the folder it was found in)
and a section hint (the first sub-folder name). Symlinks leading outside the
indexed folders are not followed unless asked, hidden files and folders are
ignored, and files of an unknown type met in a walk are skipped with a note.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from searchkit.ingest.reading import is_article_file
from searchkit.models import Failure


@dataclass(frozen=True)
class SourceFile:
    """An article file found on disk, with what sync compares (size, mtime)."""

    path: str  # absolute path: the key sync uses to tell files apart
    article_id: str
    section: str
    display: str
    size: int
    mtime_ns: int


@dataclass
class Discovery:
    """Files found, files that failed (could not be listed or read), files skipped."""

    files: list[SourceFile] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Failure] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)  # folders that could not be listed


def discover(
    paths: Iterable[str | os.PathLike[str]],
    *,
    follow_symlinks: bool = False,
    changed: Iterable[str | os.PathLike[str]] | None = None,
) -> Discovery:
    """Walk the given folders and files, in a stable (sorted) order.

    With ``changed``, only those paths (files or folders, present or deleted)
    under the given ones are looked at, with the ids a full walk would give
    them; ``roots`` then lists just the changed paths, so a sync removes only
    what was deleted there. That is what keeps a watched archive cheap to follow.
    """
    found = Discovery()
    wanted = None if changed is None else _outermost(os.path.abspath(os.path.expanduser(p)) for p in changed)
    for given in paths:
        root = Path(given).expanduser()
        absolute = Path(os.path.abspath(root))
        if wanted is not None:
            for path in (p for p in wanted if _inside(p, str(absolute))):
                found.roots.append(path)
                _discover_path(Path(path), absolute, str(root), found, follow_symlinks)
            continue
        found.roots.append(str(absolute))
        if absolute.is_dir() or absolute.is_file():
            _discover_path(absolute, absolute, str(root), found, follow_symlinks)
        else:
            found.failures.append(Failure(str(root), "no such file or folder"))
    return found


def _outermost(paths: Iterable[str]) -> list[str]:
    """The paths, sorted, without those inside another one (a new folder's files come with it)."""
    kept: list[str] = []
    for path in sorted(set(paths), key=lambda p: p.split(os.sep)):  # a folder just before what it holds
        if not kept or not _inside(path, kept[-1]):
            kept.append(path)
    return kept


def _discover_path(path: Path, root: Path, shown_root: str, found: Discovery, follow_symlinks: bool) -> None:
    """Add the article files at ``path`` (the root itself or something under it), ids relative to ``root``."""
    if path == root and root.is_file():
        if not is_article_file(root):
            found.failures.append(Failure(shown_root, f"unsupported file type {root.suffix or '(none)'!r}"))
        else:
            _add(found, root, root.name, "", shown_root)
    elif any(part.startswith(".") for part in path.relative_to(root).parts):
        return
    elif path.is_dir():
        _walk(path, root, shown_root, found, follow_symlinks)
    elif path.is_file():
        _consider(path, root, shown_root, found, follow_symlinks)


def _walk(top: Path, root: Path, shown_root: str, found: Discovery, follow_symlinks: bool) -> None:
    def on_error(exc: OSError) -> None:
        found.unlisted.append(os.path.abspath(exc.filename or top))
        found.failures.append(Failure(exc.filename or shown_root, f"cannot list folder: {exc.strerror}"))

    for folder, dirs, names in os.walk(top, onerror=on_error, followlinks=follow_symlinks):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                _consider(Path(folder) / name, root, shown_root, found, follow_symlinks)


def _consider(path: Path, root: Path, shown_root: str, found: Discovery, follow_symlinks: bool) -> None:
    """Add one file met under a folder root, or note why it is skipped."""
    relative = path.relative_to(root).as_posix()
    display = os.path.join(shown_root, relative)
    if not is_article_file(path):
        found.skipped.append(Failure(display, f"unsupported file type {path.suffix or '(none)'!r}"))
        return
    if path.is_symlink() and not follow_symlinks and not _inside(os.path.realpath(path), os.path.realpath(root)):
        found.skipped.append(Failure(display, "symlink to a file outside the indexed folder (not followed)"))
        return
    parts = relative.split("/")
    _add(found, path, relative, parts[0] if len(parts) > 1 else "", display)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _add(found: Discovery, path: Path, article_id: str, section: str, display: str) -> None:
    try:
        stat = path.stat()
    except OSError as exc:
        found.failures.append(Failure(display, f"cannot read: {exc.strerror or exc}"))
        return
    found.files.append(SourceFile(str(path), article_id, section, display, stat.st_size, stat.st_mtime_ns))


def under_roots(source: str, roots: Iterable[str]) -> bool:
    """Whether an indexed source path belongs to one of the synced folders or files."""
    return any(_inside(source, root) for root in roots)
