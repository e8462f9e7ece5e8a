"""`searchkit check --repair` and `Index.repair`: salvage what reads back, never lose what could be kept.

Issue 12.2 (a repair without PATH wiped the index: 2,226 articles to 0), 12.16
(a repair broke another writer's lock) and 12.18c (a damaged id column could
be found but not repaired), each reproduced on a damaged index.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus_factory import write_corpus
from faults import (
    lock_held_elsewhere,
    lock_taken,
    scramble,
    segment_files,
    segments_on_disk,
    truncate,
    wait_for,
)

from searchkit import Index, IndexCorrupt, IndexLocked
from searchkit.cli.commands import cli


def cli_run(*args, cwd: Path | None = None):
    """The CLI as a user runs it, from ``cwd`` (default: a folder without ./corpus)."""
    env = dict(os.environ, SEARCHKIT_DEBUG="1")
    return subprocess.run([sys.executable, "-m", "searchkit", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or Path("/"), env=env, timeout=600)


@pytest.fixture
def two_segments(tmp_path) -> tuple[Path, Path, int]:
    """An index synced twice from one folder (two segments), its folder, and how many articles it holds."""
    corpus = tmp_path / "archive"
    write_corpus(corpus / "first", 30)
    index_dir = tmp_path / "index"
    assert cli_run("index", "-q", "--index", index_dir, corpus).returncode == 0
    write_corpus(corpus / "second", 25, seed=3)
    assert cli_run("index", "-q", "--index", index_dir, corpus).returncode == 0
    assert len(segments_on_disk(index_dir)) == 2
    return index_dir, corpus, 55


def segment_file(index_dir: Path, segment: str, suffix: str) -> Path:
    return index_dir / f"{segment}{suffix}"


def articles(index_dir: Path) -> int:
    with Index.open(index_dir) as ix:
        return len(ix)


def test_repair_without_path_uses_the_folders_the_index_was_synced_from(two_segments):
    index_dir, corpus, total = two_segments
    truncate(segment_file(index_dir, segments_on_disk(index_dir)[0], ".trm"), 0.1)
    damaged = cli_run("check", "--index", index_dir)  # from a folder without ./corpus
    assert damaged.returncode == 2 and "DAMAGED" in damaged.stdout
    repaired = cli_run("check", "--repair", "--index", index_dir)
    assert repaired.returncode == 0, repaired.stderr
    assert f"index consistent, {total} articles" in repaired.stdout
    assert "0 missing, 0 stale, 0 orphaned" in repaired.stdout  # compared with the remembered folder


def test_a_damaged_segment_is_salvaged_and_the_undamaged_one_kept(two_segments):
    index_dir, corpus, total = two_segments
    healthy, damaged = segments_on_disk(index_dir)
    truncate(segment_file(index_dir, damaged, ".trm"), 0.1)  # searching fails; the stored articles are intact
    shutil.rmtree(corpus)  # nothing can be re-read: all must come from the index itself
    with Index.open(index_dir) as ix:
        with pytest.raises(IndexCorrupt, match=f"damaged .*{damaged}.*check --repair"):
            ix.search("officials")
        report = ix.repair(paths=())
        assert report.salvage.kept == 30 and report.salvage.salvaged == 25 and report.salvage.lost == 0
        assert len(ix) == total and ix.check(()).consistent
        found = ix.search("officials", limit=100)
        assert found.total + found.collapsed == total
    assert healthy in segments_on_disk(index_dir)  # kept as it was, not rewritten
    assert damaged not in segment_files(index_dir)  # its files went once the replacement was committed


def test_a_repair_from_a_missing_folder_is_an_error_and_keeps_every_readable_article(two_segments):
    index_dir, corpus, total = two_segments
    shutil.rmtree(corpus)  # the archive moved (or ./corpus was never there)
    untouched = segment_files(index_dir)
    refused = cli_run("check", "--repair", "--index", index_dir)
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and f"{corpus}: no such file or folder" in refused.stderr
    assert segment_files(index_dir) == untouched and articles(index_dir) == total  # nothing was changed

    truncate(segment_file(index_dir, segments_on_disk(index_dir)[1], "._stored.col"), 0.5)
    salvaged = cli_run("check", "--repair", "--index", index_dir)
    assert salvaged.returncode == 2 and "no such file or folder" in salvaged.stderr
    with Index.open(index_dir) as ix:
        kept = len(ix)
        assert ix.check(()).consistent
    assert 30 < kept < total  # the undamaged 30, and the articles whose records survived the truncation


def test_a_repair_given_a_mistyped_folder_changes_nothing(two_segments, tmp_path):
    index_dir, corpus, total = two_segments
    truncate(segment_file(index_dir, segments_on_disk(index_dir)[0], ".trm"), 0.1)
    result = CliRunner().invoke(cli, ["check", "--repair", "--index", str(index_dir), str(tmp_path / "archiv")])
    assert result.exit_code == 2 and "archiv: no such file or folder" in result.stderr
    assert articles(index_dir) == total  # salvaged whole: the folder was not needed for that


def test_a_truncated_stored_file_is_read_record_by_record(two_segments):
    index_dir, corpus, total = two_segments
    damaged = segments_on_disk(index_dir)[1]
    truncate(segment_file(index_dir, damaged, "._stored.col"), 0.6)  # its table of record lengths is gone
    with Index.open(index_dir) as ix:
        report = ix.repair(paths=())
        salvaged = report.salvage.salvaged
        assert 0 < salvaged < 25 and report.salvage.lost == 25 - salvaged
        assert len(ix) == 30 + salvaged
        kept = {article_id for article_id in ix.ids() if article_id.startswith("archive/second/")}
        assert all(ix.get(article_id).body for article_id in kept)
        full = ix.repair()  # the remembered folder gives back the rest
        assert full.sync.added == 25 - salvaged and len(ix) == total and ix.check().in_sync


def test_an_unreadable_table_of_contents_is_salvaged_from_the_segment_files(two_segments):
    index_dir, corpus, total = two_segments
    edited = corpus / "first" / "business" / "article-00001.txt"
    edited.write_text(edited.read_text() + "\nThe minister later withdrew the figures.\n")
    assert cli_run("index", "-q", "--index", index_dir).returncode == 0  # its old copy stays, deleted
    toc = next(index_dir.glob("_searchkit_*.toc"))
    toc.write_bytes(b"\x00garbage")
    shutil.rmtree(corpus)
    with pytest.raises(IndexCorrupt, match="table of contents.*check --repair"):
        Index.open(index_dir)
    report = Index.salvage(index_dir)
    assert report.damaged and report.salvaged == total and report.lost == 0
    with Index.open(index_dir) as ix:
        assert len(ix) == total and ix.check(()).consistent
        assert "withdrew the figures" in ix.get("archive/first/business/article-00001.txt").body  # the newer copy
    assert not toc.exists()


@pytest.mark.parametrize("damage", ["truncated", "end overwritten", "middle overwritten"])
def test_whatever_check_calls_damaged_repair_rebuilds(two_segments, damage):
    index_dir, corpus, total = two_segments
    ids = segment_file(index_dir, segments_on_disk(index_dir)[0], ".id.col")
    {"truncated": lambda: truncate(ids, 0.3), "end overwritten": lambda: scramble(ids, 0.6, 1.0),
     "middle overwritten": lambda: scramble(ids, 0.2, 0.7)}[damage]()
    checked = cli_run("check", "--index", index_dir)
    assert checked.returncode == 2 and "column 'id'" in checked.stdout
    for _ in range(2):  # the first repairs; the second finds nothing to do
        repaired = cli_run("check", "--repair", "--index", index_dir)
        assert repaired.returncode == 0, repaired.stderr
        assert f"index consistent, {total} articles" in repaired.stdout
        assert "Traceback" not in repaired.stderr


def test_a_repair_waits_for_another_writer_and_never_breaks_its_lock(two_segments, tmp_path):
    index_dir, corpus, total = two_segments
    truncate(segment_file(index_dir, segments_on_disk(index_dir)[0], ".trm"), 0.1)
    lock = index_dir / "searchkit_WRITELOCK"
    inode = lock.stat().st_ino
    before = segment_files(index_dir)
    with lock_held_elsewhere(index_dir, tmp_path):
        refused = cli_run("check", "--repair", "--lock-timeout", "0.5", "--index", index_dir)
        assert refused.returncode == 2
        assert "is locked by another writer; waiting up to 0.5 s" in refused.stderr
        assert "locked by another writer (waited 0.5 s)" in refused.stderr
        with Index.open(index_dir, lock_timeout=0.2) as ix, pytest.raises(IndexLocked):
            ix.repair()
        assert lock.stat().st_ino == inode and segment_files(index_dir) == before  # untouched
        assert lock_taken(index_dir)  # the holder still holds it
    repaired = cli_run("check", "--repair", "--index", index_dir)
    assert repaired.returncode == 0 and f"consistent, {total} articles" in repaired.stdout
    assert lock.stat().st_ino == inode


def test_an_unopenable_index_is_not_salvaged_under_another_writers_lock(two_segments, tmp_path):
    index_dir, corpus, total = two_segments
    next(index_dir.glob("_searchkit_*.toc")).write_bytes(b"garbage")
    before = segment_files(index_dir)
    with lock_held_elsewhere(index_dir, tmp_path):
        with pytest.raises(IndexLocked):
            Index.salvage(index_dir, lock_timeout=0.2)
        assert segment_files(index_dir) == before
    assert Index.salvage(index_dir).salvaged == total


def test_a_repair_started_during_a_rebuild_waits_for_it(tmp_path):
    corpus = tmp_path / "archive"
    write_corpus(corpus, 400)
    index_dir = tmp_path / "index"
    assert cli_run("index", "-q", "--index", index_dir, corpus).returncode == 0
    inode = (index_dir / "searchkit_WRITELOCK").stat().st_ino
    env = dict(os.environ, SEARCHKIT_DEBUG="1")
    rebuild = subprocess.Popen([sys.executable, "-m", "searchkit", "index", "-q", "--rebuild", "--index",
                                str(index_dir), str(corpus)], env=env, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: lock_taken(index_dir) or rebuild.poll() is not None, what="the rebuild taking the lock")
    repair = cli_run("check", "--repair", "--lock-timeout", "600", "--index", index_dir)
    assert rebuild.wait(timeout=600) == 0, rebuild.stderr.read()
    assert repair.returncode == 0, repair.stderr
    assert "index consistent, 400 articles" in repair.stdout
    assert (index_dir / "searchkit_WRITELOCK").stat().st_ino == inode


def test_a_failed_salvage_leaves_the_index_as_it_found_it(two_segments, monkeypatch):
    index_dir, corpus, total = two_segments
    truncate(segment_file(index_dir, segments_on_disk(index_dir)[0], ".trm"), 0.1)
    before = segment_files(index_dir)
    from whoosh.writing import SegmentWriter

    def disk_error(self, segments):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(SegmentWriter, "_commit_toc", disk_error)
    with Index.open(index_dir) as ix, pytest.raises(OSError):
        ix.repair(paths=())
    assert segment_files(index_dir) == before  # nothing deleted, nothing left behind
    monkeypatch.undo()
    with Index.open(index_dir) as ix:
        ix.repair()
        assert len(ix) == total and ix.check().in_sync


def test_a_repair_killed_at_any_moment_never_ends_with_fewer_articles(tmp_path):
    corpus = tmp_path / "archive"
    write_corpus(corpus, 300)
    index_dir = tmp_path / "index"
    assert cli_run("index", "-q", "--index", index_dir, corpus).returncode == 0
    pristine = tmp_path / "pristine"
    shutil.copytree(index_dir, pristine)
    rng = random.Random(5)
    env = dict(os.environ, SEARCHKIT_DEBUG="1")
    for _trial in range(4):
        shutil.rmtree(index_dir)
        shutil.copytree(pristine, index_dir)
        truncate(segment_file(index_dir, segments_on_disk(index_dir)[0], ".trm"), 0.1)
        repair = subprocess.Popen([sys.executable, "-m", "searchkit", "check", "--repair", "-q", "--index",
                                   str(index_dir)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda process=repair: lock_taken(index_dir) or process.poll() is not None,
                 what="the repair taking the lock")
        try:
            repair.wait(timeout=rng.uniform(0.05, 1.5))
        except subprocess.TimeoutExpired:
            repair.send_signal(signal.SIGKILL)
            repair.wait()
        with Index.open(index_dir) as ix:  # damaged as before, or repaired: never less
            if ix.check(()).consistent:
                assert len(ix) == 300
        assert Index.salvage(index_dir).lost == 0
        assert articles(index_dir) == 300
