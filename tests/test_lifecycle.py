"""An index's life: created empty, interrupted in its first sync, synced from folders it remembers.

Issue 12.1 (an empty index is reached in many ways and must answer every
command; a first sync under way is said so; a mistyped folder leaves no index
behind) and the remembered folders of 12.2 (`index`, `check` and
`check --repair` without PATH use the folders the index was synced from).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_factory import write_corpus
from faults import DUMPABLE, exit_code, lock_held_elsewhere, lock_taken, only_committed_files, wait_for

from searchkit import ArticleNotFound, Index, PersonNotFound, SourceError


def cli_run(*args, cwd: Path = Path("/")):
    """The CLI as a user runs it, from a folder without ./corpus unless told."""
    env = dict(os.environ, SEARCHKIT_DEBUG="1")
    return subprocess.run([sys.executable, "-m", "searchkit", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=600)


def assert_empty_index_answers(index_dir: Path) -> None:
    """Every command on an index without articles answers; none crashes."""
    searched = cli_run("query", "ceasefire", "--index", index_dir)
    assert searched.returncode == 1 and searched.stdout.strip() == "No articles match."
    assert cli_run("query", "ceasefire", "--sort", "date", "--facets", "people,month", "--json",
                   "--index", index_dir).returncode == 1
    for command, message in ((["related", "world/a.txt"], "no article with id 'world/a.txt'"),
                             (["show", "world/a.txt"], "no article with id 'world/a.txt' (the index has no articles)")):
        result = cli_run(*command, "--index", index_dir)
        assert result.returncode == 2 and result.stderr.startswith(f"searchkit: error: {message}"), result.stderr
    nobody = cli_run("people", "Amara Okafor", "--index", index_dir)  # nobody found: 1, as a query
    assert nobody.returncode == 1 and nobody.stderr == "searchkit: no person named 'Amara Okafor' in the index\n"
    listed = cli_run("people", "--index", index_dir)
    assert listed.returncode == 1 and "No people found." in listed.stdout
    stats = cli_run("stats", "--index", index_dir)
    assert stats.returncode == 0 and "Articles: 0" in stats.stdout and "Synced:   never" in stats.stdout
    checked = cli_run("check", "--index", index_dir)  # in sync, or the remembered folder's files missing
    assert checked.returncode in (0, 1) and checked.stdout.startswith("index consistent, 0 articles")


def test_an_index_of_an_empty_folder_answers_every_command(tmp_path):
    (tmp_path / "empty").mkdir()
    index_dir = tmp_path / "index"
    created = cli_run("index", "--index", index_dir, tmp_path / "empty")
    assert created.returncode == 0 and "0 added" in created.stderr
    assert_empty_index_answers(index_dir)


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_a_new_index_answers_every_library_call(tmp_path, where):
    with Index.in_memory() if where == "memory" else Index.create(tmp_path / "index") as ix:
        results = ix.search("ceasefire", facets="people,section,month", sort="date")
        assert results.total == 0 and list(results) == []
        with pytest.raises(ArticleNotFound):
            ix.related("world/a.txt")
        with pytest.raises(ArticleNotFound, match="the index has no articles"):
            ix.get("world/a.txt")
        with pytest.raises(PersonNotFound):
            ix.person("Amara Okafor")
        assert ix.people() == [] and ix.ids() == [] and len(ix) == 0
        stats = ix.stats()
        assert stats.articles == 0 and stats.last_sync is None
        assert ix.check().consistent and not ix.first_sync_running()


def test_ctrl_c_in_the_first_sync_leaves_an_index_that_answers(tmp_path):
    corpus = tmp_path / "archive"
    write_corpus(corpus, 400)
    index_dir = tmp_path / "index"
    env = dict(os.environ, SEARCHKIT_DEBUG="1", **DUMPABLE)
    first = subprocess.Popen([sys.executable, "-m", "searchkit", "index", "--index", str(index_dir), str(corpus)],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: (Index.exists(index_dir) and lock_taken(index_dir)) or first.poll() is not None,
             what="the first sync taking the lock")
    first.send_signal(signal.SIGINT)
    exit_code(first, 120, "the interrupted first sync")
    assert "Traceback" not in first.stderr.read()
    assert not lock_taken(index_dir) and only_committed_files(index_dir)
    with Index.open(index_dir) as ix:
        interrupted = len(ix) == 0
        assert ix.check(()).consistent
    if interrupted:  # else the sync had finished before the signal: nothing to look at
        assert_empty_index_answers(index_dir)
    assert cli_run("index", "-q", "--index", index_dir, corpus).returncode == 0
    with Index.open(index_dir) as ix:
        assert len(ix) == 400


def test_a_query_during_the_first_sync_says_it_is_under_way(tmp_path):
    index_dir = tmp_path / "index"
    Index.create(index_dir).close()
    with lock_held_elsewhere(index_dir, tmp_path):  # a first sync has the lock, nothing committed yet
        searched = cli_run("query", "ceasefire", "--index", index_dir)
        assert searched.returncode == 1 and searched.stdout.strip() == "No articles match."
        assert searched.stderr.strip() == (f"searchkit: the first sync of {index_dir} is still under way; "
                                           "results are partial")
        with Index.open(index_dir) as ix:
            assert ix.first_sync_running()
    searched = cli_run("query", "ceasefire", "--index", index_dir)
    assert searched.returncode == 1 and searched.stderr == ""  # no writer: just an empty index


def test_indexing_a_folder_that_does_not_exist_leaves_no_index_behind(tmp_path):
    index_dir = tmp_path / "index"
    mistyped = cli_run("index", "--index", index_dir, tmp_path / "archiv")
    assert mistyped.returncode == 2
    assert mistyped.stderr == (f"searchkit: error: {tmp_path / 'archiv'}: no such file or folder "
                               f"(no index was created at {index_dir})\n")
    assert not index_dir.exists()
    no_corpus = cli_run("index", "--index", index_dir)  # no PATH, and no ./corpus here
    assert no_corpus.returncode == 2 and "corpus: no such file or folder" in no_corpus.stderr
    assert not index_dir.exists()
    with Index(index_dir) as ix, pytest.raises(SourceError, match="no such file or folder"):
        ix.sync([tmp_path / "archiv"])


@pytest.fixture
def two_folders(tmp_path) -> tuple[Path, Path, Path]:
    """An index synced from two folders, one sync each."""
    wires, features = tmp_path / "wires", tmp_path / "features"
    write_corpus(wires, 12)
    write_corpus(features / "longreads", 8, seed=2)  # ids of their own: longreads/world/...
    index_dir = tmp_path / "index"
    assert cli_run("index", "-q", "--index", index_dir, wires).returncode == 0
    assert cli_run("index", "-q", "--index", index_dir, features).returncode == 0
    return index_dir, wires, features


def test_commands_without_path_use_the_folders_the_index_remembers(two_folders, tmp_path):
    index_dir, wires, features = two_folders
    with Index.open(index_dir) as ix:
        assert sorted(ix.roots) == sorted([str(wires), str(features)])
    (wires / "world" / "late.txt").write_text("Late harbour story\n\nOfficials reopened the harbour.\n")
    (features / "longreads" / "science" / "article-00003.txt").unlink()
    checked = cli_run("check", "--index", index_dir, cwd=tmp_path)
    assert checked.returncode == 1 and "1 missing, 0 stale, 1 orphaned" in checked.stdout
    synced = cli_run("index", "--index", index_dir, cwd=tmp_path)
    assert synced.returncode == 0 and "1 added, 0 updated, 1 removed, 19 unchanged" in synced.stderr
    (features / "longreads" / "world" / "article-00000.txt").unlink()
    repaired = cli_run("check", "--repair", "--index", index_dir, cwd=tmp_path)
    assert repaired.returncode == 0 and "index consistent, 19 articles; files: 0 missing" in repaired.stdout


def test_a_remembered_folder_that_is_gone_keeps_its_articles(two_folders, tmp_path):
    index_dir, wires, features = two_folders
    shutil.move(features, tmp_path / "unmounted")
    synced = cli_run("index", "--index", index_dir)
    assert synced.returncode == 1
    assert f"searchkit: failed: {features}: no such file or folder (its indexed articles are kept)" in synced.stderr
    rebuilt = cli_run("index", "--rebuild", "--index", index_dir)
    assert rebuilt.returncode == 2 and "nothing was rebuilt" in rebuilt.stderr
    with Index.open(index_dir) as ix:
        assert len(ix) == 20


def test_an_index_of_dated_and_undated_articles_checks_consistent(tmp_path):
    """Undated articles sit beside dated ones in a segment; reading the date column back is no damage."""
    corpus = tmp_path / "corpus" / "world"
    corpus.mkdir(parents=True)
    (corpus / "storm.txt").write_text("Storm hits coast\n\n"
                                      "A storm hit the coast of Cornwall on Monday, officials said.\n")
    (corpus / "flood.txt").write_text("Title: River floods valley\nDate: 2024-03-01\n\n"
                                      "The river Severn burst its banks near Worcester, officials said.\n")
    with Index(tmp_path / "index") as ix:
        assert ix.sync([tmp_path / "corpus"]).added == 2
        report = ix.check()
        assert report.problems == [] and report.consistent
    result = cli_run("check", "--index", str(tmp_path / "index"), str(tmp_path / "corpus"))
    assert result.returncode == 0 and "index consistent, 2 articles" in result.stdout
