import os
import time

import pytest

from searchkit import Index, IndexLocked, IndexNotFound, SourceError
from searchkit.engine.whoosh import merging
from searchkit.ingest import reading  # the preparing code looks read_file up here when it reads a file

ARTICLE = (
    "Title: Port strike ends\n\n"
    "Dock workers in Rotterdam returned to work on Friday after a pay deal was agreed.\n"
)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def bump_mtime(path):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def counts(report):
    return (report.added, report.updated, report.removed, report.unchanged, report.failed)


@pytest.fixture
def disk_index(tmp_path):
    with Index(tmp_path / "index") as ix:
        yield ix


def test_add_change_delete_cycle(seed_corpus, disk_index):
    assert counts(disk_index.sync([seed_corpus])) == (1, 0, 0, 0, 0)
    new = seed_corpus / "europe" / "port.txt"
    write(new, ARTICLE)
    assert counts(disk_index.sync([seed_corpus])) == (1, 0, 0, 1, 0)
    assert [h.id for h in disk_index.search("Rotterdam")] == ["corpus/europe/port.txt"]
    assert disk_index.get("corpus/europe/port.txt").section == "europe"

    write(new, ARTICLE.replace("Friday", "Saturday"))
    bump_mtime(new)
    assert counts(disk_index.sync([seed_corpus])) == (0, 1, 0, 1, 0)
    assert len(disk_index.search("Saturday")) == 1 and len(disk_index.search("Friday")) == 0

    new.unlink()
    assert counts(disk_index.sync([seed_corpus])) == (0, 0, 1, 1, 0)
    assert len(disk_index.search("Rotterdam")) == 0
    assert len(disk_index) == 1


def test_unchanged_files_are_not_read_again(seed_corpus, disk_index, monkeypatch):
    disk_index.sync([seed_corpus])
    calls = []
    real = reading.read_file
    monkeypatch.setattr(reading, "read_file", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert counts(disk_index.sync([seed_corpus])) == (0, 0, 0, 1, 0)
    assert calls == []


def test_touched_but_identical_file_counts_as_unchanged(seed_corpus, disk_index, monkeypatch):
    disk_index.sync([seed_corpus])
    bump_mtime(next(seed_corpus.rglob("*.txt")))
    assert counts(disk_index.sync([seed_corpus])) == (0, 0, 0, 1, 0)
    calls = []
    real = reading.read_file
    monkeypatch.setattr(reading, "read_file", lambda *a, **k: calls.append(a) or real(*a, **k))
    disk_index.sync([seed_corpus])
    assert calls == []  # the new mtime was recorded


def test_file_that_becomes_unreadable_keeps_its_article(seed_corpus, disk_index):
    port = seed_corpus / "port.txt"
    write(port, ARTICLE)
    disk_index.sync([seed_corpus])
    port.write_bytes(b"\x00\x01\x02\x03" * 100)  # now binary garbage
    report = disk_index.sync([seed_corpus])
    assert report.failed == 1 and "binary" in report.failures[0].reason
    assert report.removed == 0
    assert [h.id for h in disk_index.search("Rotterdam")] == ["corpus/port.txt"]


def test_bad_files_reported_and_the_rest_indexed(seed_corpus, disk_index):
    (seed_corpus / "empty.txt").write_bytes(b"")
    (seed_corpus / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (seed_corpus / "latin.txt").write_bytes("Caf\u00e9 owners in Lisbon protested on Monday.".encode("latin-1"))
    (seed_corpus / "broken.html").write_text("<html><body><p>Storm hits <b>Lisbon coast", encoding="utf-8")
    (seed_corpus / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    report = disk_index.sync([seed_corpus])
    failed = {os.path.basename(f.path): f.reason for f in report.failures}
    assert set(failed) == {"empty.txt", "binary.txt"}
    assert [os.path.basename(s.path) for s in report.skipped] == ["photo.jpg"]
    assert report.added == 3  # seed, latin.txt, broken.html
    assert {h.id for h in disk_index.search("Lisbon")} == {"corpus/latin.txt", "corpus/broken.html"}


def test_jsonl_articles_sync_one_by_one(tmp_path, disk_index):
    feed = tmp_path / "feeds" / "wire.jsonl"
    line = '{{"id": "{0}", "headline": "Story {0}", "body": "Text of story {0} about {1}."}}\n'
    write(feed, line.format("a", "tariffs") + line.format("b", "elections"))
    assert counts(disk_index.sync([feed.parent])) == (2, 0, 0, 0, 0)
    write(feed, line.format("a", "tariffs") + line.format("b", "floods") + line.format("c", "chess"))
    bump_mtime(feed)
    assert counts(disk_index.sync([feed.parent])) == (1, 1, 0, 1, 0)
    write(feed, line.format("c", "chess"))
    bump_mtime(feed)
    assert counts(disk_index.sync([feed.parent])) == (0, 0, 2, 1, 0)
    assert disk_index.ids() == ["c"]


def test_duplicate_ids_reported(tmp_path, disk_index):
    write(tmp_path / "src" / "one.jsonl", '{"id": "same", "body": "First story about ports."}\n')
    write(tmp_path / "src" / "two.jsonl", '{"id": "same", "body": "Second story about ports."}\n')
    report = disk_index.sync([tmp_path / "src"])
    assert report.added == 1 and report.failed == 1
    assert "duplicate id 'same'" in report.failures[0].reason


def test_other_roots_are_left_alone(tmp_path, disk_index):
    write(tmp_path / "a" / "one.txt", ARTICLE)
    write(tmp_path / "b" / "two.txt", ARTICLE.replace("Rotterdam", "Antwerp"))
    disk_index.sync([tmp_path / "a"])
    disk_index.sync([tmp_path / "b"])
    assert len(disk_index) == 2  # syncing b did not remove a's article


def test_symlink_outside_the_folder_is_not_followed(tmp_path, disk_index):
    outside = tmp_path / "secret.txt"
    write(outside, ARTICLE)
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    report = disk_index.sync([folder])
    assert report.added == 0
    assert "symlink" in report.skipped[0].reason
    assert disk_index.sync([folder], follow_symlinks=True).added == 1


def test_missing_folder_is_a_failure_not_a_wipe(seed_corpus, disk_index, tmp_path):
    disk_index.sync([seed_corpus])
    with pytest.raises(SourceError, match="no such file"):
        disk_index.sync([tmp_path / "nope"])
    report = disk_index.sync([seed_corpus, tmp_path / "nope"])
    assert report.failed == 1 and "no such file" in report.failures[0].reason
    assert len(disk_index) == 1


def test_second_writer_times_out_with_index_locked(tmp_path, seed_corpus):
    with Index(tmp_path / "index", lock_timeout=0.2) as first, Index(tmp_path / "index", lock_timeout=0.3) as second:
        first.sync([seed_corpus])
        writer = first.engine.writer().__enter__()  # hold the lock as a long sync would
        try:
            started = time.monotonic()
            with pytest.raises(IndexLocked, match="locked by another writer"):
                second.sync([seed_corpus])
            assert time.monotonic() - started >= 0.3
            assert len(second.search("ceasefire")) == 1  # readers keep working
        finally:
            writer.cancel()
        assert second.sync([seed_corpus]).unchanged == 1


def test_open_missing_index_raises(tmp_path):
    with pytest.raises(IndexNotFound):
        Index.open(tmp_path / "none")


def test_create_replaces_an_existing_index(tmp_path, seed_corpus):
    with Index(tmp_path / "index") as ix:
        ix.sync([seed_corpus])
    with Index.create(tmp_path / "index") as ix:
        assert len(ix) == 0
        assert ix.sync([seed_corpus]).added == 1


def test_stats(tmp_path, corpus):
    with Index(tmp_path / "index") as ix:
        ix.sync([corpus])
        stats = ix.stats()
    assert stats.articles == 7
    # the seed (folder "world") and the JSONL article ("World") share one section
    assert {k.lower(): v for k, v in stats.sections.items()}["world"] == 2
    assert stats.people >= 11
    assert stats.size_bytes > 0 and stats.last_sync is not None


def test_rebuild_replaces_contents_in_one_commit(tmp_path, seed_corpus):
    write(tmp_path / "other" / "port.txt", ARTICLE)
    with Index(tmp_path / "index") as ix:
        ix.sync([seed_corpus, tmp_path / "other"])
        report = ix.sync([seed_corpus], rebuild=True)
        assert (report.added, report.unchanged) == (1, 0)
        assert ix.ids() == [f"corpus/world/{next(seed_corpus.rglob('*.txt')).name}"]


def story(n: int) -> str:
    return f"Title: Harbour report {n}\n\nDock workers in Rotterdam loaded ship number {n} on Friday.\n"


def test_interrupted_sync_keeps_what_it_had_committed(tmp_path, disk_index):
    corpus = tmp_path / "corpus"
    for n in range(10):
        write(corpus / f"{n:02}.txt", story(n))
    disk_index.checkpoint_seconds = 0  # commit after every file, once the next one's progress is reported

    def interrupt(done, total, path):
        if done == 6:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        disk_index.sync([corpus], progress=interrupt)
    with Index.open(disk_index.path) as reader:
        assert len(reader) == 5 and reader.check().consistent
    assert counts(disk_index.sync([corpus])) == (5, 0, 0, 5, 0)


def test_many_small_syncs_keep_few_segments(tmp_path, disk_index):
    corpus = tmp_path / "corpus"
    for n in range(40):
        write(corpus / f"{n:02}.txt", story(n))
        disk_index.sync([corpus])
    stats = disk_index.stats()
    assert stats.articles == 40
    assert stats.segments <= merging.PER_TIER  # 40 one-article commits, merged by tiers
    assert disk_index.search("Rotterdam", limit=50).total == 40
    disk_index.optimize()
    assert disk_index.stats().segments == 1
    assert disk_index.search("Rotterdam", limit=50).total == 40


def test_merge_tiers_group_segments_of_similar_size():
    assert [merging.tier(n) for n in (1, 255, 256, 1023, 1024, 4096)] == [0, 0, 1, 1, 2, 3]
