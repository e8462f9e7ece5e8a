"""`searchkit index --watch` stopped by Ctrl-C in the middle of a sync, and its index folder removed under it.

Issue 12.14: a watch ignored Ctrl-C for more than 30 s when it came during a
sync of a few hundred changes. These tests only guard against hangs (the
bound is generous); the time a stop takes is measured by bench/watch_stop.py.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_factory import write_corpus
from faults import DUMPABLE, exit_code, lock_taken, only_committed_files, wait_for

from searchkit import Index, IndexNotFound, SearchkitError
from searchkit.index.faults import translated_write_errors

HANG = 20.0  # seconds: far beyond a normal stop, far below the 30 s of the bug


def start_watch(index_dir: Path, corpus: Path) -> subprocess.Popen:
    env = dict(os.environ, SEARCHKIT_DEBUG="1", **DUMPABLE)
    watch = subprocess.Popen([sys.executable, "-m", "searchkit", "index", "--watch", "--index", str(index_dir),
                              str(corpus)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = ""
    while "watching" not in line:
        line = watch.stderr.readline()
        assert line or watch.poll() is None, "the watch ended before it started watching"
    return watch


def edit(files: list[Path], tag: str) -> None:
    for path in files:
        path.write_text(path.read_text(encoding="utf-8") + f"\nCorrection {tag}.\n", encoding="utf-8")


@pytest.fixture
def watched(tmp_path) -> tuple[Path, Path, list[Path]]:
    corpus = tmp_path / "archive"
    files = write_corpus(corpus, 300)
    return tmp_path / "index", corpus, files


def test_ctrl_c_during_a_sync_stops_the_watch_at_its_last_commit(watched):
    index_dir, corpus, files = watched
    rng = random.Random(3)
    for trial in range(3):
        watch = start_watch(index_dir, corpus)
        edit(rng.sample(files, 200), f"{trial}")
        wait_for(lambda process=watch: lock_taken(index_dir) or process.poll() is not None,
                 what="the sync of the edits starting")
        with contextlib.suppress(subprocess.TimeoutExpired):
            watch.wait(timeout=rng.uniform(0.0, 1.5))  # Ctrl-C at some point of the sync
        watch.send_signal(signal.SIGINT)
        code = exit_code(watch, HANG, "the watch after Ctrl-C")
        rest = watch.stderr.read()
        assert code == 0 and "searchkit: stopped watching" in rest and "Traceback" not in rest, rest
        assert not lock_taken(index_dir) and only_committed_files(index_dir)
        with Index.open(index_dir) as ix:
            assert len(ix) == 300 and ix.check(()).consistent
    with Index(index_dir) as ix:
        ix.sync()
        assert ix.check().in_sync


def test_removing_the_index_folder_ends_the_watch_in_one_line(watched):
    index_dir, corpus, files = watched
    watch = start_watch(index_dir, corpus)
    shutil.rmtree(index_dir)
    code = exit_code(watch, HANG, "the watch without its index folder")
    rest = watch.stderr.read()
    assert code == 2 and "Traceback" not in rest
    assert rest.strip().splitlines()[-1] == (f"searchkit: error: the index folder {index_dir} was removed; "
                                             "stopped watching (run `searchkit index --watch` to build it again)")


def test_removing_the_index_folder_during_a_sync_ends_the_watch_in_one_line(watched):
    index_dir, corpus, files = watched
    watch = start_watch(index_dir, corpus)
    edit(files[:200], "x")
    wait_for(lambda: lock_taken(index_dir) or watch.poll() is not None, what="the sync starting")

    def removed() -> bool:  # as `rm -rf` is run again when the sync wrote a file meanwhile ("not empty")
        shutil.rmtree(index_dir, ignore_errors=True)
        return not index_dir.exists()

    wait_for(removed, what="the index folder removed")
    code = exit_code(watch, HANG, "the watch without its index folder")
    rest = watch.stderr.read()
    assert code == 2 and "Traceback" not in rest and "internal error" not in rest, rest
    assert rest.strip().splitlines()[-1].startswith(f"searchkit: error: the index folder {index_dir} was removed")


def test_a_workers_failure_while_the_index_folder_goes_says_it_was_removed(tmp_path):
    index_dir = tmp_path / "index"
    Index.create(index_dir).close()
    for toc in index_dir.glob("_*.toc"):  # removed file by file: the table of contents already gone
        toc.unlink()
    removed = pytest.raises(IndexNotFound, match=re.escape(f"the index folder {index_dir} was removed"))
    with removed, translated_write_errors(str(index_dir), index_dir):
        raise SearchkitError("preparing articles failed: EmptyIndexError: Index 'searchkit' does not exist")
    whole = tmp_path / "whole"
    Index.create(whole).close()
    as_it_was = pytest.raises(SearchkitError, match="preparing articles failed: ValueError")  # an index still there
    with as_it_was, translated_write_errors(str(whole), whole):
        raise SearchkitError("preparing articles failed: ValueError: a bug")
