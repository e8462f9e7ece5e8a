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

from .models import Failure
from .reading import is_article_file


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


def discover(paths: Iterable[str | os.PathLike[str]], *, follow_symlinks: bool = False) -> Discovery:
    """Walk the given folders and files, in a stable (sorted) order."""
    found = Discovery()
    for given in paths:
        root = Path(given).expanduser()
        absolute = Path(os.path.abspath(root))
        found.roots.append(str(absolute))
        if absolute.is_dir():
            _walk(absolute, str(root), found, follow_symlinks)
        elif absolute.is_file():
            if not is_article_file(absolute):
                found.failures.append(Failure(str(root), f"unsupported file type {absolute.suffix or '(none)'!r}"))
            else:
                _add(found, absolute, absolute.name, "", str(root))
        else:
            found.failures.append(Failure(str(root), "no such file or folder"))
    return found


def _walk(root: Path, shown_root: str, found: Discovery, follow_symlinks: bool) -> None:
    real_root = os.path.realpath(root)

    def on_error(exc: OSError) -> None:
        found.unlisted.append(os.path.abspath(exc.filename or root))
        found.failures.append(Failure(exc.filename or shown_root, f"cannot list folder: {exc.strerror}"))

    for folder, dirs, names in os.walk(root, onerror=on_error, followlinks=follow_symlinks):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix()
            display = os.path.join(shown_root, relative)
            if not is_article_file(path):
                found.skipped.append(Failure(display, f"unsupported file type {path.suffix or '(none)'!r}"))
                continue
            if path.is_symlink() and not follow_symlinks and not _inside(os.path.realpath(path), real_root):
                found.skipped.append(Failure(display, "symlink to a file outside the indexed folder (not followed)"))
                continue
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
