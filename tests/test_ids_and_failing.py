"""Article ids across several synced folders (root labels), old-format indexes, and files that keep failing."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchkit import Index, IndexOutdated
from searchkit.cli.commands import cli
from searchkit.index.meta import FORMAT, META_NAME, IndexMeta, load_meta, save_meta
from searchkit.ingest.sources import discover

STORY = "{place} harbour reopens\n\nDock workers in {place} returned to work on Friday after a pay deal.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cli_run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def years(tmp_path: Path) -> tuple[Path, Path]:
    """Two yearly folders of the same layout: a2024/world/001.txt and a2025/world/001.txt."""
    write(tmp_path / "a2024" / "world" / "001.txt", STORY.format(place="Rotterdam"))
    write(tmp_path / "a2025" / "world" / "001.txt", STORY.format(place="Antwerp"))
    return tmp_path / "a2024", tmp_path / "a2025"


def test_two_folders_of_the_same_layout_keep_both_articles(tmp_path, years):
    index = str(tmp_path / "index")
    first = cli_run("index", "--index", index, *map(str, years))
    assert first.exit_code == 0, first.stderr
    assert "2 added" in first.stderr
    for folder in (years[1], years[0]):  # a later sync of one folder never replaces the other's article
        again = cli_run("index", "--index", index, str(folder))
        assert again.exit_code == 0 and "0 added, 0 updated, 0 removed, 1 unchanged" in again.stderr
    with Index.open(index) as ix:
        assert sorted(ix.ids()) == ["a2024/world/001.txt", "a2025/world/001.txt"]
        assert ix.get("a2025/world/001.txt").section == "world"
        assert ix.search("Rotterdam").total == ix.search("Antwerp").total == 1
        assert ix.roots == [str(years[0]), str(years[1])]


def test_same_named_folders_are_told_apart_by_their_shortest_distinct_tail(tmp_path):
    news = [write(tmp_path / year / "news" / "world" / "001.txt", STORY.format(place=place)).parents[1]
            for year, place in (("2024", "Rotterdam"), ("2025", "Antwerp"))]
    with Index(tmp_path / "index") as ix:
        ix.sync([news[0]])
        ix.sync([news[1]])
        assert sorted(ix.ids()) == ["2025/news/world/001.txt", "news/world/001.txt"]
    with Index(tmp_path / "index") as ix:  # the labels are kept: the ids never change
        assert ix.sync(news).unchanged == 2
        assert load_meta(tmp_path / "index").roots == {str(news[0]): "news", str(news[1]): "2025/news"}


def test_a_folder_inside_a_synced_one_keeps_the_ids_it_had(tmp_path, years):
    with Index(tmp_path / "index") as ix:
        ix.sync([tmp_path])  # the parent of both years, from the index's own folder's parent
        before = sorted(ix.ids())
        report = ix.sync([years[0]])
        assert (report.added, report.removed, report.unchanged) == (0, 0, 1)
        assert sorted(ix.ids()) == before == [f"{tmp_path.name}/a2024/world/001.txt",
                                              f"{tmp_path.name}/a2025/world/001.txt"]


def test_a_file_given_directly_keeps_its_name_and_watch_paths_get_the_same_ids(tmp_path, years):
    feed = write(tmp_path / "feeds" / "wire.jsonl", '{"headline": "Wire", "body": "Ports reopened in Lima."}\n')
    with Index(tmp_path / "index") as ix:
        ix.sync([feed, years[0]])
        assert sorted(ix.ids()) == ["a2024/world/001.txt", "wire.jsonl#1"]
        write(years[0] / "europe" / "002.txt", STORY.format(place="Gdansk"))
        report = ix.sync([feed, years[0]], changed=[years[0] / "europe"])
        assert report.added == 1
        assert ix.get("a2024/europe/002.txt").section == "europe"
    full = {f.path: f.article_id for f in discover([years[0]], labels={str(years[0]): "a2024"}).files}
    assert full[str(years[0] / "europe" / "002.txt")] == "a2024/europe/002.txt"


def test_an_id_from_another_folder_is_never_taken_over(tmp_path):
    line = '{{"id": "same", "headline": "Story", "body": "{0} story about ports and cranes."}}\n'
    write(tmp_path / "a" / "one.jsonl", line.format("First"))
    write(tmp_path / "b" / "two.jsonl", line.format("Second"))
    with Index(tmp_path / "index") as ix:
        ix.sync([tmp_path / "a"])
        report = ix.sync([tmp_path / "b"])
        assert report.added == report.updated == 0
        assert [f.reason for f in report.failures] == [f"duplicate id 'same' (already used by {tmp_path}/a/one.jsonl)"]
        assert "First" in ix.get("same").body


def test_labels_another_process_gave_meanwhile_are_used(tmp_path):
    ours = write(tmp_path / "b" / "news" / "001.txt", STORY.format(place="Antwerp")).parent
    theirs = tmp_path / "a" / "news"
    theirs.mkdir(parents=True)
    with Index(tmp_path / "index", lock_timeout=30) as ix, Index(tmp_path / "index") as other:
        held = other.engine.writer().__enter__()  # the other process's sync, under way
        waiting = threading.Event()
        ix.on_lock_wait = lambda timeout: waiting.set()
        outcome = {}
        thread = threading.Thread(target=lambda: outcome.setdefault("report", ix.sync([ours])))
        thread.start()
        assert waiting.wait(30)  # our sync has walked its folder and waits for the lock
        save_meta(tmp_path / "index", IndexMeta(roots={str(theirs): "news"}))  # the other sync labelled "news"
        held.cancel()
        thread.join(30)
        assert outcome["report"].added == 1
        assert ix.ids() == ["b/news/001.txt"]
        assert ix.roots == [str(theirs), str(ours)]


def test_an_index_of_the_old_format_answers_queries_and_asks_for_a_rebuild(tmp_path, years):
    index = tmp_path / "index"
    with Index(index) as ix:
        ix.sync([years[0]])
    (index / META_NAME).unlink()  # as an index written before searchkit kept metadata
    assert cli_run("query", "--index", str(index), "Rotterdam").exit_code == 0
    refused = cli_run("index", "--index", str(index), str(years[0]))
    assert refused.exit_code == 2
    assert refused.stderr.strip().splitlines() == [
        f"searchkit: error: index at {index} was built by an older searchkit, whose article ids clash between "
        "folders of the same layout: run `searchkit index --rebuild` to rebuild it (searches work meanwhile)"]
    with Index(index) as ix, pytest.raises(IndexOutdated):
        ix.watch([years[0]])
    rebuilt = cli_run("index", "--index", str(index), "--rebuild", *map(str, years))
    assert rebuilt.exit_code == 0 and "2 added" in rebuilt.stderr
    assert load_meta(index).format == FORMAT
    assert cli_run("index", "--index", str(index), *map(str, years)).exit_code == 0


def test_a_file_that_keeps_failing_is_reported_apart_and_retried_once_changed(tmp_path, years):
    index = str(tmp_path / "index")
    broken = write(years[0] / "world" / "broken.txt", "")
    first = cli_run("index", "--index", index, str(years[0]))
    assert first.exit_code == 1
    assert f"searchkit: failed: {broken}: empty article (no text)" in first.stderr

    second = cli_run("index", "--index", index, str(years[0]))
    assert second.exit_code == 0, second.stderr  # nothing failed in this run
    assert "searchkit: failed" not in second.stderr
    assert "searchkit: 1 file still fails as before (searchkit check lists them)" in second.stderr
    report = json.loads(cli_run("index", "--index", index, "--json", str(years[0])).stdout)
    assert (report["failed"], report["still_failing"]) == (
        0, [{"path": str(broken), "reason": "empty article (no text)"}])
    check = cli_run("check", "--index", index, str(years[0]))
    assert check.exit_code == 0 and f"unreadable: {broken}: empty article (no text)" in check.stdout

    os.chmod(broken, 0o600)  # its status changed: read again (and it fails again, in this run)
    assert cli_run("index", "--index", index, str(years[0])).exit_code == 1
    write(broken, STORY.format(place="Gdansk"))  # fixed
    fixed = cli_run("index", "--index", index, str(years[0]))
    assert fixed.exit_code == 0 and "1 added" in fixed.stderr and "still fail" not in fixed.stderr
    assert load_meta(Path(index)).failing == {}


def test_a_folder_that_keeps_failing_to_list_is_reported_apart(tmp_path, years, monkeypatch):
    """A folder that cannot be listed fails once; untouched, later runs count it apart (exit 0, its
    articles kept); once it can be listed again it leaves the list. (Tests run as root, whom file
    modes do not stop, so listing is refused by replacing ``os.scandir``.)"""
    index = str(tmp_path / "index")
    locked = years[0] / "world"
    assert cli_run("index", "--index", index, str(years[0])).exit_code == 0
    real_scandir = os.scandir

    def refusing_scandir(path="."):
        if os.path.abspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    first = cli_run("index", "--index", index, str(years[0]))
    assert first.exit_code == 1
    assert f"searchkit: failed: {locked}: cannot list folder: Permission denied" in first.stderr
    second = cli_run("index", "--index", index, "--json", str(years[0]))
    assert second.exit_code == 0, second.stderr
    report = json.loads(second.stdout)
    assert report["failed"] == 0 and report["removed"] == 0
    assert report["still_failing"] == [{"path": str(locked), "reason": "cannot list folder: Permission denied"}]

    monkeypatch.setattr(os, "scandir", real_scandir)
    again = cli_run("index", "--index", index, str(years[0]))
    assert again.exit_code == 0 and "still fail" not in again.stderr
    assert load_meta(Path(index)).failing == {}


def test_a_deleted_failing_file_leaves_the_list(tmp_path, years):
    broken = write(years[0] / "broken.txt", "")
    with Index(tmp_path / "index") as ix:
        assert ix.sync([years[0]]).failed == 1
        assert list(ix.meta.failing) == [str(broken)]
        broken.unlink()
        assert ix.sync([years[0]]).still_failing == []
        assert load_meta(tmp_path / "index").failing == {}


def test_an_index_inside_the_synced_folder_is_not_listed_as_skipped(tmp_path, years, monkeypatch):
    monkeypatch.chdir(years[0])
    first = cli_run("index", "--index", "index", ".")
    second = cli_run("index", "--index", "index", ".")
    assert first.exit_code == second.exit_code == 0
    assert "skipped" not in first.stderr + second.stderr
    assert "1 unchanged" in second.stderr
