"""Corrupt files, a read-only index and a full disk: one clear line each, and the index stays whole.

Issue 12.5 (a damaged or unwritable index looked like a crash) and 12.18b (a
full disk left the failed segment's files behind, so no later sync could run).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_factory import write_corpus
from faults import fill, only_committed_files, remount, segments_on_disk, small_disk, truncate

from searchkit import DiskFull, Index, IndexCorrupt, IndexReadOnly


def cli_run(*args, env: dict | None = None):
    """The CLI in a subprocess, without SEARCHKIT_DEBUG: what a user sees."""
    environment = {k: v for k, v in os.environ.items() if k != "SEARCHKIT_DEBUG"} | (env or {})
    return subprocess.run([sys.executable, "-m", "searchkit", *map(str, args)], capture_output=True, text=True,
                          cwd="/", env=environment, timeout=600)


def one_error_line(result, *needles: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("searchkit: error: "), result.stderr
    assert "internal error" not in lines[0] and "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def archive(tmp_path) -> tuple[Path, Path]:
    corpus = tmp_path / "archive"
    write_corpus(corpus, 40)
    index_dir = tmp_path / "index"
    with Index(index_dir) as ix:
        ix.sync([corpus])
    return index_dir, corpus


@pytest.mark.parametrize("damage", [
    pytest.param((".trm", 0.1), id="truncated term dictionary"),
    pytest.param(("._stored.col", 0.5), id="truncated stored articles"),
    pytest.param((".pst", 0.2), id="truncated postings"),
])
def test_a_damaged_index_is_one_line_naming_the_repair(archive, damage):
    index_dir, _ = archive
    suffix, keep = damage
    truncate(index_dir / f"{segments_on_disk(index_dir)[0]}{suffix}", keep)
    failed = 0
    for command in (["query", "officials"], ["query", "minister", "--sort", "date"], ["stats"],
                    ["people", "Amara Okafor"], ["related", "archive/business/article-00001.txt"],
                    ["show", "archive/business/article-00001.txt"]):
        result = cli_run(*command, "--index", index_dir)
        if result.returncode == 0:  # this command did not need the damaged file
            continue
        assert result.returncode == 2, (command, result.stderr)
        one_error_line(result, "is damaged", "searchkit check --repair")
        failed += 1
    assert failed >= 2  # the searches, at least
    checked = cli_run("check", "--index", index_dir)
    assert checked.returncode == 2 and "DAMAGED" in checked.stdout


def test_a_search_that_fails_on_a_damaged_file_raises_index_corrupt(archive):
    index_dir, _ = archive
    truncate(index_dir / f"{segments_on_disk(index_dir)[0]}._stored.col", 0.5)
    with Index.open(index_dir) as ix, pytest.raises(IndexCorrupt, match="stored articles.*check --repair"):
        ix.search("officials")


def test_a_bug_is_not_reported_as_damage(archive, monkeypatch):
    index_dir, _ = archive
    from searchkit.engine.whoosh import reader

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(reader, "run_search", broken)
    with Index.open(index_dir) as ix, pytest.raises(ZeroDivisionError):
        ix.search("officials")


def test_a_read_only_index_is_searched_and_refuses_writes_in_one_line(archive, tmp_path):
    index_dir, corpus = archive
    with small_disk(tmp_path / "ro", "8m") as disk:
        copy = disk / "index"
        subprocess.run(["cp", "-r", str(index_dir), str(copy)], check=True)
        remount(disk, "ro")
        try:
            searched = cli_run("query", "officials", "--index", copy)
            assert searched.returncode == 0 and "of 40 hits" in searched.stdout
            assert cli_run("stats", "--index", copy).returncode == 0
            assert cli_run("check", "--index", copy, corpus).returncode == 0
            (corpus / "world" / "new.txt").write_text("Flood barrier opens\n\nOfficials opened the barrier.\n")
            for command in (["index", corpus], ["index", "--rebuild", corpus], ["check", "--repair", corpus]):
                result = cli_run(*command, "--index", copy)
                assert result.returncode == 2, command
                one_error_line(result, "cannot be written (Read-only file system)", "can still be searched")
            with Index.open(copy) as ix, pytest.raises(IndexReadOnly):
                ix.sync([corpus])
        finally:
            remount(disk, "rw")


def folder_listing(index_dir: Path) -> set[str]:
    return {path.name for path in index_dir.iterdir()}


@pytest.mark.parametrize(("articles", "workers"), [
    pytest.param(30, "1", id="small sync in one process"),
    pytest.param(150, "2", id="large sync on worker processes"),
])
def test_a_full_disk_is_one_line_and_leaves_the_index_at_its_last_commit(tmp_path, articles, workers):
    corpus = tmp_path / "archive"
    write_corpus(corpus / "old", 20)
    with small_disk(tmp_path / "disk", "6m") as disk:
        index_dir = disk / "index"
        assert cli_run("index", "-q", "--index", index_dir, corpus).returncode == 0
        committed = folder_listing(index_dir)
        write_corpus(corpus / "new", articles, seed=5)
        filler = fill(disk, leave=60_000)  # room for a little, not for the new articles
        env = {"SEARCHKIT_WORKERS": workers}
        for _attempt in range(2):  # the disk stays full: the next sync fails the same clean way
            full = cli_run("index", "--index", index_dir, corpus, env=env)
            assert full.returncode == 2
            one_error_line(full, "no space left", str(index_dir), "as its last commit left it")
            assert folder_listing(index_dir) == committed  # the failed segment's files are gone
            with Index.open(index_dir) as ix:
                assert len(ix) == 20 and ix.check(()).consistent
        repaired = cli_run("check", "--repair", "--index", index_dir, env=env)
        assert repaired.returncode == 2 and "no space left" in repaired.stderr
        assert folder_listing(index_dir) == committed
        filler.unlink()  # space is freed: the same sync now completes
        done = cli_run("index", "--index", index_dir, corpus, env=env)
        assert done.returncode == 0, done.stderr
        with Index.open(index_dir) as ix:
            assert len(ix) == 20 + articles and ix.check([corpus]).in_sync
        assert only_committed_files(index_dir)


def test_a_full_disk_at_any_point_of_a_sync_leaves_only_committed_files(tmp_path):
    """The disk runs out at a different point each time: writing articles, merging, the commit itself."""
    corpus = tmp_path / "archive"
    write_corpus(corpus / "old", 20)
    with small_disk(tmp_path / "disk", "6m") as disk:
        index_dir = disk / "index"
        with Index(index_dir) as ix:
            ix.sync([corpus])
            for n in range(6):  # small commits, so the next sync also merges (tiers of 4)
                write_corpus(corpus / f"batch{n}", 3, seed=n)
                ix.sync([corpus])
        outcomes = set()
        for leave in (400_000, 250_000, 150_000, 100_000, 60_000, 30_000, 10_000):
            write_corpus(corpus / f"new{leave}", 40, seed=leave)
            filler = fill(disk, leave=leave)
            committed = folder_listing(index_dir)
            with Index(index_dir) as ix:
                before = len(ix)
                try:
                    ix.sync([corpus])
                    outcomes.add("synced")
                except DiskFull:
                    outcomes.add("full")
                    assert folder_listing(index_dir) == committed and len(ix) == before
                assert ix.check(()).consistent and only_committed_files(index_dir)
            filler.unlink()
        assert outcomes == {"synced", "full"}
