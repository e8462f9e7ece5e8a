import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from searchkit import Index
from searchkit.cli.commands import cli

from conftest import SEED, SEED_PEOPLE


@pytest.fixture
def run(seed_corpus, monkeypatch):
    """Run the CLI in a folder holding ./corpus (the seed), as a user would."""
    monkeypatch.chdir(seed_corpus.parent)

    def invoke(*args, env=None):
        return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)

    return invoke


def test_first_query_builds_the_index_and_ranks_the_seed(run):
    result = run("query", "ceasefire Kursk")
    assert result.exit_code == 0
    assert "building it from corpus/" in result.stderr
    out = result.stdout
    assert out.startswith("1. The United States is sending a delegation to Russia")
    assert "world" in out and ", ".join(SEED_PEOPLE) in out
    assert "**ceasefire**" in out and "**Kursk**" in out
    assert "1–1 of 1 hit" in out
    assert os.path.exists("index")
    again = run("query", "ceasefire Kursk")
    assert "building" not in again.stderr


def test_accented_name_found_as_json(run):
    result = run("query", "Micheal Martin", "--json")
    assert result.exit_code == 0
    hits = json.loads(result.stdout)["hits"]
    assert [h["id"] for h in hits] == [f"corpus/world/{SEED.name}"]
    assert hits[0]["people"] == SEED_PEOPLE
    assert "Micheál" in hits[0]["snippet"]


def test_person_filter_exit_codes(run):
    assert run("query", "ceasefire", "--person", "Zelensky").exit_code == 0
    none = run("query", "ceasefire", "--person", "Boris Johnson")
    assert none.exit_code == 1
    assert "No articles match." in none.stdout


def test_malformed_query_is_one_line_and_exit_2(run):
    run("index")
    result = run("query", "ceasefire AND (")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "searchkit: error: unbalanced parenthesis: '(' at column 15 is never closed"
    ]
    assert run("query", "ceasefire AND (", "--literal").exit_code == 0


def test_index_reports_add_update_remove(run, seed_corpus):
    assert "1 added" in run("index").stderr
    new = seed_corpus / "world" / "kyiv.txt"
    new.write_text("Power restored in Kyiv\n\nEngineers restored power to most of Kyiv on Sunday after strikes.\n")
    assert "1 added, 0 updated, 0 removed, 1 unchanged, 0 failed" in run("index").stderr
    assert run("query", "Engineers").exit_code == 0
    new.write_text("Power restored in Kyiv\n\nEngineers restored water and power to Kyiv on Monday.\n")
    stat = new.stat()
    os.utime(new, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert "0 added, 1 updated, 0 removed" in run("index").stderr
    assert run("query", "water").exit_code == 0
    new.unlink()
    assert "0 added, 0 updated, 1 removed" in run("index").stderr
    assert run("query", "Engineers").exit_code == 1


def test_index_exit_1_when_some_files_fail(run, seed_corpus):
    (seed_corpus / "empty.txt").write_text("")
    result = run("index")
    assert result.exit_code == 1
    assert "searchkit: failed: corpus/empty.txt: empty article (no text)" in result.stderr
    assert "1 added" in result.stderr


def test_index_json_report(run):
    result = run("index", "--json")
    report = json.loads(result.stdout)
    assert report["added"] == 1 and report["failures"] == []


def test_jsonl_and_json_outputs(run):
    run("index")
    lines = run("query", "ceasefire", "--jsonl").stdout.strip().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["rank"] == 1
    nothing = json.loads(run("query", "nothingmatchesthis", "--json").stdout)
    assert nothing["total"] == 0 and nothing["hits"] == [] and nothing["pages"] == 1
    both = run("query", "ceasefire", "--json", "--jsonl")
    assert both.exit_code == 2


def test_colour_only_when_asked_or_on_a_terminal(run):
    run("index")
    assert "\x1b[" in run("query", "ceasefire", "--color", "always").stdout
    assert "\x1b[" not in run("query", "ceasefire").stdout  # not a terminal
    assert "\x1b[" not in run("query", "ceasefire", "--color", "never").stdout


def test_index_location_option_beats_environment(run, tmp_path):
    env_index = tmp_path / "env-index"
    assert run("index", env={"SEARCHKIT_INDEX": str(env_index)}).exit_code == 0
    assert Index.exists(env_index)
    other = tmp_path / "option-index"
    run("index", "--index", str(other), env={"SEARCHKIT_INDEX": str(env_index)})
    assert Index.exists(other)


def test_show_and_stats(run):
    run("index")
    shown = run("show", f"corpus/world/{SEED.name}", "--json")
    assert json.loads(shown.stdout)["subheads"][0] == "Progress on Ceasefire Negotiations"
    missing = run("show", "nope")
    assert missing.exit_code == 2 and "no article with id 'nope'" in missing.stderr
    stats = run("stats")
    assert "Articles: 1" in stats.stdout and "People:   11 distinct" in stats.stdout
    assert json.loads(run("stats", "--json").stdout)["articles"] == 1


def test_query_without_index_or_corpus_fails_clearly(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["query", "x"])
    assert result.exit_code == 2
    assert result.stderr.startswith("searchkit: error: no index at index")


def test_locked_index_fails_in_one_line(run):
    run("index")
    with Index("index") as ix:
        writer = ix.engine.writer().__enter__()  # takes the lock
        try:
            result = run("index", "--lock-timeout", "0.1")
        finally:
            writer.cancel()
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "searchkit: index is locked by another writer; waiting up to 0.1 s ...",
        "searchkit: error: index at index is locked by another writer (waited 0.1 s)",
    ]


def test_python_dash_m_runs_the_same_cli():
    out = subprocess.run([sys.executable, "-m", "searchkit", "--help"], capture_output=True, text=True, check=True)
    assert "query" in out.stdout and "index" in out.stdout


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(name):
    assert cli.commands[name].help
