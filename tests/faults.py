"""Fault injection for the index tests: damaged files, small or read-only file systems, held locks.

A test that needs a mount skips where the OS forbids it (not root, no mount
permission), and fails instead in CI (CI=true), where it must run.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from searchkit import Index
from searchkit.engine.whoosh.writers import lock_held


def skip_or_fail(reason: str) -> None:
    """Skip with ``reason`` locally; in CI a missing piece is a failure, not a skip."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI=true: this test must run)")
    pytest.skip(reason)


@contextlib.contextmanager
def small_disk(where: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``where`` (root only), unmounted afterwards."""
    where.mkdir(parents=True, exist_ok=True)
    if sys.platform != "linux" or os.geteuid() != 0:
        skip_or_fail("mounting a small tmpfs needs Linux and root (run the tests as root, e.g. in a container)")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        skip_or_fail(f"the OS refused to mount a tmpfs: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def remount(where: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)


def fill(disk: Path, leave: int) -> Path:
    """Fill ``disk`` with one file until only about ``leave`` bytes are free; returns the file."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with open(filler, "wb") as handle, contextlib.suppress(OSError):
        handle.write(b"\0" * max(0, free - leave))
    return filler


def segment_files(index_dir: Path) -> dict[str, set[str]]:
    """The index folder's files by segment id (other files under their own name)."""
    found: dict[str, set[str]] = {}
    for path in index_dir.iterdir():
        match = re.match(r"(searchkit_[0-9a-z]+)\.", path.name)
        found.setdefault(match.group(1) if match else path.name, set()).add(path.name)
    return found


def only_committed_files(index_dir: Path) -> bool:
    """Whether the folder holds exactly the latest commit's files: no unlisted segment, temporary or spill file."""
    with Index.open(index_dir) as ix:
        listed = {segment.segment_id() for segment in ix.engine.ix._segments()}
        toc = f"_searchkit_{ix.engine.ix.latest_generation()}.toc"
    expected = listed | {toc, "searchkit_WRITELOCK", "searchkit-meta.json"}
    return set(segment_files(index_dir)) == expected


def scramble(path: Path, start: float = 0.25, end: float = 0.75) -> None:
    """Overwrite the bytes of ``path`` between two fractions of its length with other bytes."""
    data = bytearray(path.read_bytes())
    for i in range(int(len(data) * start), int(len(data) * end)):
        data[i] = (data[i] * 7 + 13) % 256
    path.write_bytes(bytes(data))


def truncate(path: Path, keep: float) -> None:
    """Cut ``path`` to a fraction of its length."""
    os.truncate(path, int(path.stat().st_size * keep))


def segments_on_disk(index_dir: Path) -> list[str]:
    """The ids of the segments the latest commit lists, in order."""
    with Index.open(index_dir) as ix:
        return [segment.segment_id() for segment in ix.engine.ix._segments()]


def lock_taken(index_dir: Path) -> bool:
    """Whether a writer holds the index's write lock (without taking it)."""
    return lock_held(FileStorage(str(index_dir)), "searchkit")


def wait_for(condition, timeout: float = 120.0, what: str = "condition") -> None:
    """Wait until ``condition()`` holds; ``timeout`` only guards against a hang."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} not reached within {timeout:g} s"
        time.sleep(0.02)


#: The environment of a child that may hang: faulthandler dumps its threads' stacks on SIGABRT (``exit_code``).
DUMPABLE = {"PYTHONFAULTHANDLER": "1"}


def exit_code(process: subprocess.Popen, timeout: float, what: str) -> int:
    """The exit code of ``process``; past ``timeout`` (a hang guard) the test fails with the Python stacks of
    the process and of its children (started with ``DUMPABLE`` in their environment), so a hang seen once
    under load can be read."""
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        pass
    tree = subprocess.run(["ps", "-ww", "-o", "pid,ppid,stat,wchan:24,etime,args", "--ppid", str(process.pid),
                           "-p", str(process.pid)], capture_output=True, text=True).stdout
    children = [int(line.split()[0]) for line in tree.splitlines()[1:] if int(line.split()[0]) != process.pid]
    for pid in [*children, process.pid]:  # the children first: they die with their parent
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGABRT)
        time.sleep(0.5)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    process.kill()
    process.wait()
    stderr = process.stderr.read() if process.stderr is not None else ""
    pytest.fail(f"{what}: still running after {timeout:g} s\n{tree}\n{stderr[-20000:]}")


LOCK_HOLDER = """
import sys, time
from pathlib import Path
from whoosh.util.filelock import FileLock
lock = FileLock(str(Path(sys.argv[1]) / "searchkit_WRITELOCK"))
assert lock.acquire()
print("locked", flush=True)
while not Path(sys.argv[2]).exists():
    time.sleep(0.02)
lock.release()
"""


@contextlib.contextmanager
def lock_held_elsewhere(index_dir: Path, tmp_path: Path) -> Iterator[subprocess.Popen]:
    """Another process holding the index's write lock until the block ends."""
    release = tmp_path / "release-lock"
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(index_dir), str(release)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        release.touch()
        holder.wait(timeout=60)
