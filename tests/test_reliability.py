"""Index health: check and repair, crashes mid-sync, concurrent readers and a writer."""

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from corpus_factory import write_corpus
from faults import wait_for

from searchkit import Index, IndexCorrupt
from searchkit.cli.commands import cli


@pytest.fixture
def synced(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 30)
    ix = Index(tmp_path / "index")
    ix.sync([corpus])
    yield ix, corpus
    ix.close()


def test_check_in_sync_then_missing_stale_orphaned(synced):
    ix, corpus = synced
    assert ix.check([corpus]).in_sync
    (corpus / "world" / "new.txt").write_text("Rail strike ends\n\nDrivers returned to work on Monday.\n")
    (corpus / "world" / "empty.txt").write_text("")
    stale = corpus / "business" / "article-00001.txt"
    stale.write_text(stale.read_text() + "\nUpdated with new figures.\n")
    os.utime(stale, ns=(stale.stat().st_atime_ns, stale.stat().st_mtime_ns + 10**9))
    (corpus / "politics" / "article-00002.txt").unlink()
    report = ix.check([corpus])
    assert report.consistent and not report.in_sync
    assert [os.path.basename(p) for p in report.missing] == ["new.txt"]
    assert [os.path.basename(p) for p in report.stale] == ["article-00001.txt"]
    assert report.orphaned == ["corpus/politics/article-00002.txt"]
    assert [os.path.basename(f.path) for f in report.unreadable] == ["empty.txt"]
    ix.repair([corpus])
    assert ix.check([corpus]).in_sync


def damage_segments(index_dir):
    """Scramble the middle of every segment file (one compound .seg, or a segment's separate files)."""
    for segment in index_dir.glob("searchkit_*.*"):
        data = bytearray(segment.read_bytes())
        for i in range(len(data) // 4, 3 * len(data) // 4):
            data[i] = (data[i] * 7 + 13) % 256
        segment.write_bytes(bytes(data))


def test_damaged_segment_found_and_rebuilt(synced, tmp_path):
    ix, corpus = synced
    ix.close()
    damage_segments(tmp_path / "index")
    with Index(tmp_path / "index") as damaged:
        assert not damaged.check([corpus]).consistent
        damaged.repair([corpus])
        report = damaged.check([corpus])
        assert report.in_sync and report.articles == 30


def test_unopenable_index_repaired_from_the_cli(synced, tmp_path):
    ix, corpus = synced
    ix.close()
    next((tmp_path / "index").glob("_searchkit_*.toc")).write_bytes(b"garbage")
    with pytest.raises(IndexCorrupt, match="check --repair"):
        Index.open(tmp_path / "index")
    runner = CliRunner()
    broken = runner.invoke(cli, ["check", "--index", str(tmp_path / "index"), str(corpus)])
    assert broken.exit_code == 2 and "is damaged" in broken.stderr and "check --repair" in broken.stderr
    fixed = runner.invoke(cli, ["check", "--repair", "--index", str(tmp_path / "index"), str(corpus)])
    assert fixed.exit_code == 0, fixed.output
    assert "index consistent, 30 articles" in fixed.stdout


def run_index(index_dir, corpus):
    env = dict(os.environ, SEARCHKIT_DEBUG="1")
    return subprocess.Popen([sys.executable, "-m", "searchkit", "index", "-q", "--index", str(index_dir), str(corpus)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def test_index_survives_being_killed_mid_sync(tmp_path):
    corpus = tmp_path / "corpus"
    total = len(write_corpus(corpus, 300))
    index_dir = tmp_path / "index"
    rng = random.Random(11)
    for trial in range(6):
        if trial == 3:  # later trials change files, so kills also land in updates and removals
            for path in list(corpus.rglob("*.txt"))[:40]:
                path.write_text(path.read_text() + "\nCorrection appended.\n")
        process = run_index(index_dir, corpus)
        # The random moment is counted from the index's creation: a loaded machine may take seconds to start.
        wait_for(lambda p=process: Index.exists(index_dir) or p.poll() is not None, what="the index created")
        time.sleep(rng.uniform(0.05, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        with Index.open(index_dir) as ix:  # opens, answers from its last commit, reads back whole
            assert ix.check().consistent
            ix.search("ceasefire talks")
    finished = run_index(index_dir, corpus)
    assert finished.wait(timeout=120) == 0, finished.stderr.read()
    with Index.open(index_dir) as ix:
        assert len(ix) == total
        assert ix.check([corpus]).in_sync


def test_readers_see_consistent_commits_while_a_writer_syncs(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 60)
    index_dir = tmp_path / "index"
    with Index(index_dir) as ix:
        ix.sync([corpus])
        before = ix.search("officials OR minister").total  # wire copies fold: fewer than the 60 articles
    reader_code = (
        "import sys, time\n"
        "from searchkit import Index\n"
        "end = time.time() + 4\n"
        "n = 0\n"
        "with Index.open(sys.argv[1]) as ix:\n"
        "    while time.time() < end:\n"
        "        r = ix.search('officials OR minister', limit=5)\n"
        f"        assert r.total >= {before} and len(r) == 5, r.total\n"
        "        n += 1\n"
        "print(n)\n"
    )
    readers = [subprocess.Popen([sys.executable, "-c", reader_code, str(index_dir)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    end = time.time() + 4
    added = 0
    with Index(index_dir, lock_timeout=10) as writer:
        while time.time() < end:
            path = corpus / "world" / f"extra-{added}.txt"
            path.write_text(f"Officials add story {added}\n\nThe minister said talks would go on in round {added}.\n")
            assert writer.sync([corpus]).added == 1
            added += 1
    for reader in readers:
        out, err = reader.communicate(timeout=60)
        assert reader.returncode == 0, err
        assert int(out) > 0
    assert added > 3


def test_a_search_on_a_snapshot_whose_files_a_commit_deleted_is_answered_from_the_new_commit(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 12)
    with Index(tmp_path / "index") as reader, Index(tmp_path / "index") as writer:
        reader.sync([corpus])
        stale = reader.snapshot()  # its stored-fields file is opened only by a first search
        writer.sync([corpus])
        (corpus / "world" / "late.txt").write_text("Late harbour story\n\nOfficials reopened the harbour.\n")
        writer.sync([corpus])
        writer.optimize()  # merges the segments and deletes their files
        fresh = reader.snapshot
        handed = iter([stale])
        reader.snapshot = lambda: next(handed, None) or fresh()  # the index changes between check and read
        results = reader.search("harbour officials", limit=20)
        assert "corpus/world/late.txt" in [hit.id for hit in results]


def test_an_empty_index_answers_every_read(tmp_path):
    """An index with no articles (an empty folder synced, a first sync killed early) answers, never crashes."""
    (tmp_path / "empty").mkdir()
    runner = CliRunner()
    index = str(tmp_path / "index")
    assert runner.invoke(cli, ["index", "--index", index, str(tmp_path / "empty")]).exit_code == 0
    searched = runner.invoke(cli, ["query", "--index", index, "ceasefire", "--facets", "people,section,month"])
    assert searched.exit_code == 1 and "No articles match." in searched.stdout
    by_date = runner.invoke(cli, ["query", "--index", index, "ceasefire", "--sort", "date"])
    assert by_date.exit_code == 1
    listed = runner.invoke(cli, ["people", "--index", index, "--section", "world"])
    assert listed.exit_code == 1 and "No people found." in listed.stdout
    with Index.in_memory() as ix:
        results = ix.search("ceasefire", facets="people,section,month")
        assert results.total == 0 and list(results) == []
        assert results.facets == {"people": [], "section": [], "month": []}
