"""One exit-status scheme for every command: 0 ok, 1 none / some files failed in this run, 2 error, 130 interrupted."""

import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchkit import Index
from searchkit.cli.commands import cli
from searchkit.index.meta import load_meta, save_meta

from conftest import SEED

SEED_ID = f"corpus/world/{SEED.name}"


def invoke(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def indexed_here(seed_corpus, monkeypatch):
    """./corpus (the seed article) indexed in ./index."""
    monkeypatch.chdir(seed_corpus.parent)
    assert invoke("index", "-q").exit_code == 0
    return seed_corpus


def test_indexing_a_missing_path_is_an_error_and_changes_nothing(seed_corpus, monkeypatch):
    monkeypatch.chdir(seed_corpus.parent)
    result = invoke("index", "corpus", "archive-2019")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["searchkit: error: archive-2019: no such file or folder "
                                          "(no index was created at index)"]
    assert not Path("index").exists()  # not even an empty index was created


def test_check_against_a_missing_folder_is_an_error(indexed_here):
    result = invoke("check", "archive-2019")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["searchkit: error: archive-2019: no such file or folder"]
    assert "consistent" not in result.stdout


def test_nothing_to_index_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("index")
    assert result.exit_code == 2
    assert "corpus: no such file or folder (no index was created at index)" in result.stderr
    assert not (tmp_path / "index").exists()


def test_without_path_index_and_check_use_the_folders_the_index_remembers(seed_corpus, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    assert invoke("index", "-q", "--index", str(index_dir), str(seed_corpus)).exit_code == 0
    meta = load_meta(index_dir)
    meta.roots = {str(seed_corpus.resolve()): "corpus"}  # what a sync records (see index/meta.py)
    save_meta(index_dir, meta)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # no ./corpus here
    (seed_corpus / "world" / "kyiv.txt").write_text(
        "Power restored in Kyiv\n\nEngineers restored power to most of Kyiv on Sunday after overnight strikes "
        "damaged two substations, the city's mayor said.\n", encoding="utf-8")
    checked = invoke("check", "--index", str(index_dir))
    assert checked.exit_code == 1 and "1 missing" in checked.stdout
    synced = invoke("index", "--index", str(index_dir))
    assert synced.exit_code == 0 and "1 added" in synced.stderr
    assert invoke("check", "--index", str(index_dir)).exit_code == 0


def test_a_remembered_folder_that_is_gone_is_an_error(seed_corpus, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    assert invoke("index", "-q", "--index", str(index_dir), str(seed_corpus)).exit_code == 0
    meta = load_meta(index_dir)
    meta.roots = {str(tmp_path / "unmounted-drive"): "archive"}
    save_meta(index_dir, meta)
    monkeypatch.chdir(tmp_path)
    result = invoke("index", "--index", str(index_dir))
    assert result.exit_code == 2
    assert f"{tmp_path / 'unmounted-drive'}: no such file or folder" in result.stderr
    with Index.open(index_dir) as ix:
        assert ix.ids() == [SEED_ID]  # nothing was removed


def test_check_without_folders_checks_the_index_alone(indexed_here, monkeypatch, tmp_path):
    index_dir = indexed_here.parent / "index"
    meta = load_meta(index_dir)
    meta.roots = {}
    save_meta(index_dir, meta)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # no ./corpus here, and the index remembers no folder
    result = invoke("check", "--index", str(index_dir))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "index consistent, 1 article; not compared with any files (name the folders to compare with)"]


def test_check_lists_a_few_examples_and_all_with_verbose(indexed_here):
    for n in range(8):
        (indexed_here / "world" / f"brief-{n}.txt").write_text(
            f"Grain ship {n} leaves Odesa\n\nThe grain ship number {n} left the port of Odesa on Tuesday "
            "under the corridor agreement, port officials said.\n", encoding="utf-8")
    short = invoke("check")
    assert short.exit_code == 1
    assert short.stdout.splitlines()[0] == (
        "index consistent, 1 article; files: 8 missing, 0 stale, 0 orphaned, 0 unreadable")
    assert sum(line.startswith("missing: ") for line in short.stdout.splitlines()) == 5
    assert "... and 3 more missing (--verbose lists them all)" in short.stdout
    full = invoke("check", "--verbose")
    assert sum(line.startswith("missing: ") for line in full.stdout.splitlines()) == 8
    assert "more missing" not in full.stdout


def test_every_read_command_says_none_with_1_and_errors_with_2(indexed_here):
    assert invoke("query", "ceasefire").exit_code == 0
    assert invoke("query", "harvest").exit_code == 1
    assert invoke("related", SEED_ID).exit_code == 1  # the only article has nothing related
    assert invoke("people").exit_code == 0
    assert invoke("people", "--since", "2030-01-01").exit_code == 1
    assert invoke("show", SEED_ID).exit_code == 0
    assert invoke("stats").exit_code == 0
    nobody = invoke("people", "Boris Johnson")  # a name is looked up like a query: nobody found, not an error
    assert nobody.exit_code == 1 and nobody.stderr == "searchkit: no person named 'Boris Johnson' in the index\n"
    for args in (["show", "nope"], ["related", "nope"], ["stats", "--index", "nowhere"],
                 ["query", "ceasefire AND ("], ["query", "--since", "someday", "ceasefire"]):
        result = invoke(*args)
        assert result.exit_code == 2, args
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("searchkit: error: "), args


def test_usage_mistakes_are_one_line_pointing_to_help(indexed_here):
    for args, expected in [
        (["query", "--colour", "never", "ceasefire"], "No such option '--colour'"),
        (["qurey", "ceasefire"], "No such command 'qurey'"),
        (["query", "ceasefire", "--json", "--jsonl"], "--json and --jsonl cannot be used together"),
        (["query", "-n", "0", "ceasefire"], "0 is not in the range"),
    ]:
        result = invoke(*args)
        assert result.exit_code == 2
        (line,) = result.stderr.splitlines()
        assert line.startswith("searchkit: error: ") and expected in line
        assert line.endswith("--help`)")


def test_ctrl_c_during_a_search_exits_130_in_one_line(indexed_here, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Index, "search", interrupted)
    result = invoke("query", "ceasefire")
    assert result.exit_code == 130
    assert result.stderr.splitlines() == ["searchkit: interrupted"]


def test_ctrl_c_while_indexing_exits_130_and_leaves_the_last_commit(indexed_here):
    """A real SIGINT, sent while `searchkit index` waits for the lock the test holds (no race with the clock)."""
    (indexed_here / "world" / "kyiv.txt").write_text(
        "Power restored in Kyiv\n\nEngineers restored power to most of Kyiv on Sunday.\n", encoding="utf-8")
    env = dict(os.environ, SEARCHKIT_DEBUG="")
    with Index("index") as ix:
        writer = ix.engine.writer().__enter__()  # takes the lock
        try:
            process = subprocess.Popen([sys.executable, "-m", "searchkit", "index", "--lock-timeout", "600"],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            ready, _, _ = select.select([process.stderr], [], [], 300)  # a bound that only catches a hang
            assert ready, "searchkit index never said it was waiting for the lock"
            assert "is locked by another writer; waiting up to 600 s" in process.stderr.readline()
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=300)
        finally:
            writer.cancel()
    assert process.returncode == 130
    assert stderr.splitlines() == ["searchkit: interrupted; the index is left at its last commit"]
    with Index.open("index") as ix:
        assert ix.ids() == [SEED_ID]
    searched = invoke("query", "ceasefire", "--json")
    assert [hit["id"] for hit in json.loads(searched.stdout)["hits"]] == [SEED_ID]
