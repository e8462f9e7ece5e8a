"""py3langid's model, kept uncompressed in the user's cache so that a process opens it in milliseconds.

py3langid ships its model as an xz-compressed archive of arrays (4.6 MB).
Opening it decompresses 68 MB and reads it whole: about 0.6 s of every
process that indexes, most of a sync of a few new articles. The first process
writes the arrays as plain ``.npy`` files in a folder of the cache (named by
the model file's size and time, so a new py3langid gets a folder of its own);
later ones map them from there. Where no cache can be written (a read-only
home, a full disk), the model is opened from the package, as before.

The cache is ``$SEARCHKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/searchkit``,
else ``~/.cache/searchkit``.
"""

from __future__ import annotations

import contextlib
import lzma
import os
import shutil
import tempfile
import time
from pathlib import Path

#: The arrays of py3langid's model file (py3langid.modelio).
ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
#: An unpacking folder older than this was left by a process killed while writing it (seconds).
ABANDONED_AFTER = 3600


def cache_folder() -> Path | None:
    """Where searchkit keeps files it can make again (None: nowhere, no home folder)."""
    if configured := os.environ.get("SEARCHKIT_CACHE_DIR"):
        return Path(configured)
    if base := os.environ.get("XDG_CACHE_HOME"):
        return Path(base) / "searchkit"
    try:
        return Path.home() / ".cache" / "searchkit"
    except RuntimeError:  # no home folder to be found
        return None


def load_identifier(**options):
    """py3langid's ``LanguageIdentifier`` with ``options`` (norm_probs...), from the cache when it can be."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model = MODEL_DIR / MODEL_FILE
    folder = _unpacked(model)
    if folder is None:
        return LanguageIdentifier.from_model_file(model, **options)
    import numpy as np

    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in ARRAYS}
    return LanguageIdentifier(arrays["ptc"], np.asarray(arrays["pc"]), arrays["classes"].tolist(),
                              _unsigned(arrays["nextmove"]), arrays["out_feat"].tolist(),
                              tk_row=_unsigned(arrays["nextmove_row"]), **options)


def _unpacked(model: Path) -> Path | None:
    """The folder of the model's arrays in the cache, written now if it is not there (None: it cannot be)."""
    root = cache_folder()
    try:
        stat = model.stat()
        folder = root / f"langid-{stat.st_size}-{stat.st_mtime_ns}" if root is not None else None
        if folder is None or (folder / "complete").exists():
            return folder
        root.mkdir(parents=True, exist_ok=True)
        _unpack(model, root, folder)
    except (OSError, ValueError):  # no cache: the packaged model
        return None
    return folder


def _unpack(model: Path, root: Path, folder: Path) -> None:
    """Write the model's arrays into ``folder``, whole or not at all (two processes may race: one wins)."""
    import numpy as np

    for stale in root.glob(".langid-*"):
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > ABANDONED_AFTER:
                shutil.rmtree(stale, ignore_errors=True)
    building = Path(tempfile.mkdtemp(prefix=".langid-", dir=root))
    try:
        with tempfile.TemporaryFile(dir=building) as archive:
            with lzma.open(model) as source:
                shutil.copyfileobj(source, archive, length=1 << 20)
            archive.seek(0)
            with np.load(archive, allow_pickle=False) as data:
                if set(ARRAYS) - set(data.files):
                    raise ValueError(f"{model}: not the model layout searchkit knows")
                for name in ARRAYS:
                    np.save(building / f"{name}.npy", data[name], allow_pickle=False)
        (building / "complete").touch()
        with contextlib.suppress(OSError):  # another process's folder got there first: use it
            os.rename(building, folder)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def _unsigned(values) -> memoryview:
    """A mapped array of unsigned integers as py3langid walks them: indexed one at a time, like the stdlib
    array py3langid.modelio copies them into (as fast to index, and nothing is copied)."""
    return memoryview(values).cast("B").cast({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
