"""A watched corpus: changes become searchable (or gone), bursts are batched.

How soon is measured by bench/watch_latency.py, not here: on a loaded machine a sync can take
seconds, so these tests only guard against hangs."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import whoosh.index

from searchkit import Index, IndexLocked, SourceError
from searchkit.engine.whoosh.engine import INDEX_NAME
from searchkit.index.watch import ChangeQueue, watch
from searchkit.ingest.sources import discover

from conftest import SEED

BOUND = 60.0  # seconds from a change on disk to the search that sees it: a hang guard only

STORY = (
    "Zoo keepers recapture escaped zebras\n\n"
    "Three zebras that escaped from a zoo in Uzhhorod were recaptured on Tuesday, said keeper Olena Petrenko.\n"
)


def wait_for(condition, bound: float = BOUND) -> float:
    """Seconds until ``condition()`` holds; fails the test past ``bound``."""
    start = time.monotonic()
    while not condition():
        elapsed = time.monotonic() - start
        assert elapsed < bound, f"not seen within {bound} s"
        time.sleep(0.02)
    return time.monotonic() - start


class Watching:
    """``Index.watch`` running on a thread, with its reports and a reader on the same index."""

    def __init__(self, index_dir: Path, corpus: Path, index_options: dict | None = None, **kwargs) -> None:
        self.writer = Index(index_dir, **(index_options or {}))
        self.reader = Index(index_dir)
        self.reports: queue.Queue = queue.Queue()
        self.errors: list = []
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=watch, args=(self.writer, [corpus]),
            kwargs=dict(stop=self.stop, on_sync=self.reports.put, on_error=self.errors.append, **kwargs),
        )
        self.thread.start()
        self.first = self.reports.get(timeout=30)

    def total(self, query: str) -> int:
        return self.reader.search(query).total

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=10)
        assert not self.thread.is_alive()
        self.reader.close()
        self.writer.close()


@pytest.fixture
def watching(tmp_path, seed_corpus):
    watched = Watching(tmp_path / "index", seed_corpus)
    yield watched
    watched.close()


def test_added_changed_and_deleted_files_follow_within_the_bound(watching, seed_corpus):
    assert watching.first.added == 1
    story = seed_corpus / "europe" / "zebras.txt"
    story.parent.mkdir()
    story.write_text(STORY, encoding="utf-8")
    wait_for(lambda: watching.total("zebras") == 1)
    assert watching.reader.get("corpus/europe/zebras.txt").people == ["Olena Petrenko"]

    story.write_text(STORY.replace("Uzhhorod", "Chernivtsi"), encoding="utf-8")
    wait_for(lambda: watching.total("Chernivtsi") == 1)
    assert watching.total("Uzhhorod") == 0

    story.unlink()
    wait_for(lambda: watching.total("zebras") == 0)
    assert watching.total("ceasefire Kursk") == 1  # the rest of the archive is untouched
    assert watching.reader.check([seed_corpus]).in_sync


def test_a_folder_moved_in_arrives_as_one_batch(watching, seed_corpus, tmp_path):
    outside = tmp_path / "incoming"
    outside.mkdir()
    for n in range(25):
        (outside / f"story{n}.txt").write_text(STORY.replace("Three", f"{n + 3}"), encoding="utf-8")
    shutil.move(outside, seed_corpus / "africa")
    reports = []

    def all_reported():  # a sync's report is queued just after its commit becomes searchable
        while not watching.reports.empty():
            reports.append(watching.reports.get_nowait())
        return sum(r.added for r in reports) >= 25

    wait_for(all_reported)
    assert watching.total("zebras") == 25
    assert sum(r.added for r in reports) == 25
    assert len(reports) <= 2  # a burst, not 25 commits
    assert watching.reader.get("corpus/africa/story7.txt").section == "africa"


def test_a_locked_index_is_retried_not_fatal(tmp_path, seed_corpus):
    index_dir = tmp_path / "index"
    Index(index_dir).close()
    held = whoosh.index.open_dir(str(index_dir), indexname=INDEX_NAME).writer()  # another writer
    threading.Timer(0.5, held.cancel).start()
    watched = Watching(index_dir, seed_corpus, index_options={"lock_timeout": 0.05}, retry=0.2)
    try:
        assert watched.first.added == 1
        assert len(watched.errors) >= 1 and isinstance(watched.errors[0], IndexLocked)
        assert watched.total("ceasefire Kursk") == 1
    finally:
        watched.close()


def test_an_index_inside_the_watched_folder_does_not_wake_it(tmp_path, seed_corpus):
    watched = Watching(seed_corpus / ".index", seed_corpus)
    try:
        (seed_corpus / "zebras.txt").write_text(STORY, encoding="utf-8")
        wait_for(lambda: watched.total("zebras") == 1)
        time.sleep(1.5)  # a commit's own files would start another sync within this
        assert watched.reports.qsize() == 1
    finally:
        watched.close()


def test_burst_settles_into_one_batch():
    changes = ChangeQueue(settle=0.2, max_delay=1.0)
    stop = threading.Event()

    def burst() -> None:
        for n in range(5):
            changes.add(f"/archive/{n}.txt")
            time.sleep(0.05)

    threading.Thread(target=burst).start()
    start = time.monotonic()
    assert changes.take(stop) == {f"/archive/{n}.txt" for n in range(5)}
    assert 0.2 <= time.monotonic() - start < 1.0
    stop.set()
    assert changes.take(stop) is None


def test_changed_paths_get_the_ids_a_full_walk_gives(corpus):
    full = {f.path: f.article_id for f in discover([corpus]).files}
    some = [corpus / "world", corpus / "world" / ".draft.txt", corpus / "gone.txt"]
    found = discover([corpus], changed=some)
    assert {f.path: f.article_id for f in found.files} == {p: i for p, i in full.items() if "/world/" in p}
    assert str(corpus / "gone.txt") in found.roots  # so a sync removes what was there
    assert discover([corpus], changed=[]).files == []
    (corpus / "world-cup").mkdir()
    (corpus / "world-cup" / "final.txt").write_text(STORY, encoding="utf-8")
    nested = discover([corpus], changed=[corpus / "world", corpus / "world-cup", corpus / "world" / SEED.name])
    ids = [f.article_id for f in nested.files]
    assert len(ids) == len(set(ids)) and "corpus/world-cup/final.txt" in ids  # each file once


def test_cli_watch_indexes_a_new_file_and_stops_cleanly_on_ctrl_c(tmp_path, seed_corpus):
    index_dir = tmp_path / "index"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "searchkit", "index", "--watch", "--index", str(index_dir), str(seed_corpus)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        assert "watching" in proc.stderr.readline() + proc.stderr.readline()
        (seed_corpus / "zebras.txt").write_text(STORY, encoding="utf-8")
        with Index(index_dir) as reader:
            wait_for(lambda: reader.search("zebras").total == 1)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "stopped watching" in err
    with Index(index_dir) as reader:
        assert reader.check([seed_corpus]).in_sync


def test_watch_refuses_a_missing_folder(tmp_path):
    with Index(tmp_path / "index") as ix, pytest.raises(SourceError, match="cannot watch: no such file"):
        ix.watch([tmp_path / "nowhere"])
