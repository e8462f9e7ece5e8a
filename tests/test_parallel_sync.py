"""Large syncs: worker processes prepare the articles and write segments that the sync commits.

Every result is compared with the same sync done in one process (SEARCHKIT_WORKERS=1).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_factory import write_corpus
from faults import DUMPABLE, exit_code, lock_taken, only_committed_files

from searchkit import DiskFull, Index, SearchkitError
from searchkit.engine.whoosh import writer as whoosh_writer  # its encoder analyses the fields
from searchkit.index import prepare as preparing

FEED_A = [{"id": "wire-1", "headline": "Harbour cranes restart in Gdansk",
           "body": "Port workers in Gdansk restarted the cranes on Monday after a week of repairs."},
          {"id": "wire-2", "headline": "Ferry timetable changes",
           "body": "The ferry operator said summer sailings to Bornholm would start in May."}]
FEED_B = [{"id": "wire-1", "headline": "A second story claiming the same id",
           "body": "Lighthouse keepers in Tromsø described the unusual aurora seen overnight."},
          {"id": "wire-3", "headline": "Rail freight volumes rise",
           "body": "Freight trains carried more grain through Riga than in any month last year."}]


def write_feed(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")


#: Articles in big_corpus: enough files for the workers, and a feed.
ARTICLES = 3 * preparing.PARALLEL_MIN_FILES + len(FEED_A)


@pytest.fixture
def big_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "big"
    write_corpus(root, 3 * preparing.PARALLEL_MIN_FILES)
    write_feed(root / "feeds" / "a.jsonl", FEED_A)
    return root


def sync_with(workers: int, index_dir: Path, corpus: Path, monkeypatch, **kwargs):
    monkeypatch.setenv("SEARCHKIT_WORKERS", str(workers))
    with Index(index_dir) as ix:
        report = ix.sync([corpus], **kwargs)
        return report, view(ix), ix.stats().segments


def view(ix: Index) -> dict:
    """What a user can see of an index: every article as stored, and ranked answers to a few queries."""
    articles = {article_id: dataclasses.asdict(ix.get(article_id)) for article_id in ix.ids()}
    answers = {query: sorted((hit.id, round(hit.score, 6)) for hit in ix.search(query, limit=1000))
               for query in ("ceasefire talks", "Amara Okafor", '"grain exports"', "Gdansk cranes", "aurora")}
    return {"articles": articles, "answers": answers, "people": [dataclasses.astuple(person) for person in ix.people()]}


def counts(report):
    return (report.added, report.updated, report.removed, report.unchanged, report.failed)


def test_workers_write_the_same_index_as_one_process(big_corpus, tmp_path, monkeypatch):
    one_report, one, one_segments = sync_with(1, tmp_path / "one", big_corpus, monkeypatch)
    many_report, many, many_segments = sync_with(2, tmp_path / "many", big_corpus, monkeypatch)
    assert counts(many_report) == counts(one_report) == (ARTICLES, 0, 0, 0, 0)
    assert many == one  # the same articles, people and answers, to the score
    assert (one_segments, many_segments) == (1, 2)  # each worker wrote a segment of its own


def test_a_duplicate_id_written_by_a_worker_is_deleted(big_corpus, tmp_path, monkeypatch):
    write_feed(big_corpus / "feeds" / "b.jsonl", FEED_B)
    one_report, one, _ = sync_with(1, tmp_path / "one", big_corpus, monkeypatch)
    many_report, many, _ = sync_with(2, tmp_path / "many", big_corpus, monkeypatch)
    assert counts(many_report) == counts(one_report) == (ARTICLES + 1, 0, 0, 0, 1)
    assert "duplicate id 'wire-1'" in many_report.failures[0].reason
    assert many["articles"] == one["articles"]
    assert many["articles"]["wire-1"]["headline"] == "Harbour cranes restart in Gdansk"  # the first file's copy
    assert many["answers"]["aurora"] == one["answers"]["aurora"] == []
    # Scores differ a little: the deleted copy still counts in the statistics until its segment is merged.
    assert {q: [i for i, _ in hits] for q, hits in many["answers"].items()} == {
        q: [i for i, _ in hits] for q, hits in one["answers"].items()}


def test_workers_update_remove_and_keep_like_one_process(big_corpus, tmp_path, monkeypatch):
    for index_dir in (tmp_path / "one", tmp_path / "many"):
        sync_with(1, index_dir, big_corpus, monkeypatch)
    files = sorted(big_corpus.rglob("article-*.txt"))
    for path in files[: preparing.PARALLEL_MIN_FILES + 10]:  # changed: enough to go to the workers
        path.write_text(path.read_text(encoding="utf-8").replace("officials", "negotiators"), encoding="utf-8")
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    for path in files[-5:]:
        path.unlink()
    write_corpus(big_corpus / "extra", 20, seed=99)
    one_report, one, _ = sync_with(1, tmp_path / "one", big_corpus, monkeypatch)
    many_report, many, _ = sync_with(2, tmp_path / "many", big_corpus, monkeypatch)
    assert counts(many_report) == counts(one_report)
    assert many_report.updated > 0 and many_report.removed == 5 and many_report.added == 20
    assert many["articles"] == one["articles"] and many["people"] == one["people"]
    # Scores differ a little: old copies count in the statistics until their segment is rewritten
    # (merging.py), and which segments are depends on how the articles were split into them.
    assert {q: [i for i, _ in hits] for q, hits in many["answers"].items()} == {
        q: [i for i, _ in hits] for q, hits in one["answers"].items()}


def test_a_sync_with_few_files_to_read_forks_no_workers(big_corpus, tmp_path, monkeypatch):
    sync_with(2, tmp_path / "index", big_corpus, monkeypatch)
    forked = []
    real_worker = preparing._Worker

    def counted_worker(*args, **kwargs):
        forked.append(args)
        return real_worker(*args, **kwargs)

    monkeypatch.setattr(preparing, "_Worker", counted_worker)
    report, _, _ = sync_with(2, tmp_path / "index", big_corpus, monkeypatch)  # nothing changed
    assert (report.unchanged, report.added, forked) == (ARTICLES, 0, [])
    write_corpus(big_corpus / "late", 3, seed=7)  # three new files among hundreds: read in the sync's process
    report, _, _ = sync_with(2, tmp_path / "index", big_corpus, monkeypatch)
    assert (report.added, forked) == (3, [])
    write_corpus(big_corpus / "batch", preparing.PARALLEL_MIN_FILES, seed=8)
    report, _, _ = sync_with(2, tmp_path / "index", big_corpus, monkeypatch)
    assert report.added == preparing.PARALLEL_MIN_FILES and len(forked) == 2


def test_checkpoints_commit_the_workers_segments(big_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("SEARCHKIT_WORKERS", "2")
    with Index(tmp_path / "index") as ix:
        ix.checkpoint_seconds = 0  # commit whenever the workers can seal
        report = ix.sync([big_corpus])
        assert report.added == ARTICLES
        assert len(ix) == report.added and ix.check([big_corpus]).in_sync


def segment_files_match_the_toc(index_dir: Path) -> bool:
    with Index.open(index_dir) as ix:
        listed = {segment.segment_id() for segment in ix.engine.ix._segments()}
    on_disk = {m.group(1) for p in index_dir.iterdir() if (m := re.match(r"(searchkit_\w+)\.\w+$", p.name))}
    return on_disk == listed and not list(index_dir.glob("*.tmp"))


def test_an_interrupted_sync_leaves_the_index_as_it_was(big_corpus, tmp_path, monkeypatch, seed_corpus):
    monkeypatch.setenv("SEARCHKIT_WORKERS", "2")
    index_dir = tmp_path / "index"
    with Index(index_dir) as ix:
        ix.sync([seed_corpus])

        def interrupt(done, total, path):
            if done == 100:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            ix.sync([seed_corpus, big_corpus], progress=interrupt)
        assert len(ix) == 1 and ix.check().consistent
        assert ix.sync([seed_corpus, big_corpus]).added == ARTICLES  # lock released
    assert segment_files_match_the_toc(index_dir)  # the killed workers' unlisted files are gone


#: After a script's patches: the sync of argv[2] into argv[1], ended by Ctrl-C with 130 as the CLI does.
SYNC_UNTIL_CTRL_C = """
try:
    with Index(sys.argv[1]) as ix:
        ix.sync([sys.argv[2]])
except KeyboardInterrupt:
    sys.exit(130)
"""


def interrupted_sync(script: str, index_dir: Path, corpus: Path, workers: str, what: str) -> None:
    """Run a patched sync that gets Ctrl-C: it must end (130, within a hang guard) without a traceback."""
    env = dict(os.environ, SEARCHKIT_WORKERS=workers, **DUMPABLE)
    process = subprocess.Popen([sys.executable, "-c", script + SYNC_UNTIL_CTRL_C, str(index_dir), str(corpus)],
                               env=env, stderr=subprocess.PIPE, text=True)
    assert exit_code(process, 60, what) == 130
    assert "Traceback" not in process.stderr.read()


#: A sync whose task queues get Ctrl-C at the worst moment: just after ``Queue.put`` takes the queue's lock,
#: where CPython can raise KeyboardInterrupt before the ``with`` that would release it begins.
INTERRUPTED_IN_PUT = """
import os, signal, sys, threading
from multiprocessing import queues
from searchkit import Index

class InterruptedOnceTaken:
    taken = 0

    def __init__(self):
        self.lock = threading.Lock()

    def acquire(self, *args):
        return self.lock.acquire(*args)

    def release(self):
        self.lock.release()

    def __enter__(self):
        self.lock.acquire()
        if threading.current_thread() is threading.main_thread():
            InterruptedOnceTaken.taken += 1
            if InterruptedOnceTaken.taken == 3:  # the feeder thread, and its finalizer at exit, exist by now
                os.kill(os.getpid(), signal.SIGINT)
        return True

    def __exit__(self, *exc):
        self.lock.release()

made = queues.Queue.__init__
def made_interruptible(self, *args, **kwargs):
    made(self, *args, **kwargs)
    self._notempty = threading.Condition(InterruptedOnceTaken())
queues.Queue.__init__ = made_interruptible
"""


def test_ctrl_c_while_a_task_is_queued_ends_the_sync(big_corpus, tmp_path):
    index_dir = tmp_path / "index"
    interrupted_sync(INTERRUPTED_IN_PUT, index_dir, big_corpus, "2", "the sync interrupted while queueing a task")
    with Index.open(index_dir) as ix:
        assert len(ix) == 0 and ix.check(()).consistent and not ix.engine.writer_active()


#: A sync that gets Ctrl-C the moment its writer has taken the lock and begun its segment's files.
INTERRUPTED_AS_THE_WRITER_OPENS = """
import os, signal, sys
from whoosh import writing
from searchkit import Index

SYNC = os.getpid()  # not its workers, which write segments of their own
opened = writing.SegmentWriter.__init__
def interrupted_once_open(self, ix, **kwargs):
    opened(self, ix, **kwargs)
    if os.getpid() == SYNC:
        os.kill(SYNC, signal.SIGINT)  # the sync's writer: its lock taken, its files begun
writing.SegmentWriter.__init__ = interrupted_once_open
"""


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_as_the_writer_opens_leaves_no_file_and_no_lock(big_corpus, tmp_path, workers):
    index_dir = tmp_path / "index"
    interrupted_sync(INTERRUPTED_AS_THE_WRITER_OPENS, index_dir, big_corpus, workers,
                     "the sync interrupted as its writer opened")
    assert not lock_taken(index_dir) and only_committed_files(index_dir)
    with Index(index_dir) as ix:
        assert len(ix) == 0 and ix.check(()).consistent
        assert ix.sync([big_corpus]).added == ARTICLES


def test_a_failing_worker_stops_the_sync_and_changes_nothing(big_corpus, tmp_path, monkeypatch, seed_corpus):
    monkeypatch.setenv("SEARCHKIT_WORKERS", "2")
    real = whoosh_writer.pre_analysed

    def fail_on_report_70(fields, schema):
        if "(report 70)" in fields["headline"]:
            raise OSError(28, "No space left on device")
        return real(fields, schema)

    monkeypatch.setattr(whoosh_writer, "pre_analysed", fail_on_report_70)
    with Index(tmp_path / "index") as ix:
        ix.sync([seed_corpus])
        with pytest.raises(DiskFull, match="no space left"):
            ix.sync([seed_corpus, big_corpus])
        assert len(ix) == 1 and ix.check().consistent


def test_a_worker_that_dies_is_reported(big_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("SEARCHKIT_WORKERS", "2")
    monkeypatch.setattr(whoosh_writer, "pre_analysed", lambda fields, schema: os._exit(3))
    with Index(tmp_path / "index") as ix:
        with pytest.raises(SearchkitError, match=r"died \(exit code 3\)"):
            ix.sync([big_corpus])
        assert len(ix) == 0


def test_spill_folders_of_killed_syncs_are_removed(big_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("SEARCHKIT_WORKERS", "2")
    index_dir = tmp_path / "index"
    with Index(index_dir) as ix:
        finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                                  capture_output=True, text=True, check=True)
        dead = index_dir / f"searchkit.spill-{finished.stdout.strip()}-x1.tmp"  # that process is gone
        live = index_dir / f"searchkit.spill-{os.getpid()}-x2.tmp"  # as if another sync of this process ran
        for folder in (dead, live):
            (folder / "run").mkdir(parents=True)
        ix.sync([big_corpus])
    assert not dead.exists() and live.exists()
    assert [p.name for p in index_dir.glob("*.tmp")] == [live.name]  # this sync's own folder is gone too
