"""Terminal output cannot be forged by article fields, wraps to the width, and reads like a polished tool."""

import json
import re

import pytest
from click.testing import CliRunner

from searchkit import Article, Index
from searchkit.cli.commands import cli
from searchkit.cli.terminal import Piece, columns, one_line, running_text, size, wrap

FORGED = "2. Forged result  score 99.00"
RLO = "\u202e"


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    """An archive whose file name, headline and people carry newlines, escapes and a bidi override.

    The file is synced; the other article is added through the library, which stores fields as given.
    """
    corpus = tmp_path / "corpus"
    (corpus / "world").mkdir(parents=True)
    body = ("Aid convoys reached the northern districts on Tuesday after the ceasefire held for a third day, "
            "officials said.\n\nThe convoy carried food and medicine for about 40,000 people. \x1b[2J\x1b]0;pwned\x07"
            "Local councils said more trucks were expected later in the week.")
    (corpus / "world" / f"convoy\n{FORGED}.txt").write_text(f"Aid convoys reach the north\n\n{body}\n",
                                                            encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["index", "-q"], catch_exceptions=False).exit_code == 0
    with Index("index") as ix:
        ix.add(Article(id="wire-77", headline=f"Ceasefire holds\n{FORGED}", section="World",
                       people=[f"Amara Okafor\n{FORGED}", f"Lars {RLO}Nilsen"],
                       body="Negotiators said the ceasefire held overnight and that talks on a longer truce would "
                            "continue in Geneva next week, with both delegations expected to attend."))
    return corpus


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def assert_not_forged(text: str) -> None:
    assert not any(line.lstrip().startswith(FORGED) for line in text.splitlines()), text
    assert RLO not in text and "\x1b" not in text and "\x07" not in text


def test_query_output_cannot_be_forged(hostile):
    result = run("query", "ceasefire")
    assert result.exit_code == 0
    assert_not_forged(result.stdout)
    assert "Ceasefire holds\\n2. Forged result" in result.stdout  # shown, escaped
    assert "convoy\\n2. Forged result  score 99.00.txt" in result.stdout
    assert "Lars \\u202eNilsen" in result.stdout


def test_related_and_people_output_cannot_be_forged(hostile):
    related = run("related", "wire-77")
    assert_not_forged(related.stdout)
    listing = run("people")
    assert_not_forged(listing.stdout)
    assert "Lars \\u202eNilsen" in listing.stdout
    page = run("people", "Okafor")
    assert_not_forged(page.stdout)
    shown = run("show", "wire-77")
    assert_not_forged(shown.stdout)


def test_errors_naming_a_hostile_id_stay_on_one_line(hostile):
    result = run("show", f"x\n{FORGED}")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1


def test_json_keeps_the_fields_as_they_are(hostile):
    page = json.loads(run("query", "ceasefire", "--json").stdout)
    by_id = {hit["id"]: hit for hit in page["hits"]}
    assert by_id["wire-77"]["headline"] == f"Ceasefire holds\n{FORGED}"
    assert f"Lars {RLO}Nilsen" in by_id["wire-77"]["people"]


def test_text_wraps_to_the_width_and_keeps_its_indentation(hostile):
    result = run("query", "ceasefire", "--no-collapse", env={"COLUMNS": "48"})
    lines = result.stdout.splitlines()
    assert max(columns(line) for line in lines if "world/convoy" not in line) <= 48  # an id is never cut
    first_hit = result.stdout.split("\n\n")[0].splitlines()
    assert first_hit[0].startswith("1. ") and all(line.startswith("   ") for line in first_hit[1:])
    unwrapped = run("query", "ceasefire", "--no-collapse").stdout  # not a terminal, no COLUMNS: one line a field
    assert re.sub(r"\s+", " ", result.stdout) == re.sub(r"\s+", " ", unwrapped)


def test_no_score_when_sorted_by_date_and_plural_counts(hostile):
    by_date = run("query", "ceasefire", "--sort", "date")
    assert not re.search(r"· score \d", by_date.stdout) and "1–2 of 2 hits" in by_date.stdout
    assert re.search(r"· score \d", run("query", "ceasefire").stdout)
    one = run("query", "convoys")
    assert one.stdout.rstrip().endswith("1–1 of 1 hit")
    stats = run("stats").stdout
    assert "Articles: 2\n" in stats and re.search(r"Size: +\d+\.\d KiB in 2 segments\n", stats)
    assert "segment(s)" not in stats


def test_sizes_and_escapes():
    assert [size(n) for n in (0, 1023, 1024, 1536, 5 * 1024**2, 3 * 1024**3, 2 * 1024**4)] == [
        "0 B", "1023 B", "1.0 KiB", "1.5 KiB", "5.0 MiB", "3.0 GiB", "2048.0 GiB"]
    assert one_line("a\nb\tc\x1b[31m\u2028\u202ed") == "a\\nb\\tc\\x1b[31m\\u2028\\u202ed"
    assert running_text("one\n\ntwo\x1b[2J \x1b]0;title\x07three\u202e") == "one two three"


def test_wrap_never_breaks_a_whole_piece_and_glues_touching_pieces():
    pieces = [Piece("See "), Piece("world/a long file name.txt", whole=True), Piece(" for "), Piece("**truce**"),
              Piece(", the word.")]
    assert wrap(pieces, 24, first="   ", indent="   ") == [
        "   See", "   world/a long file name.txt", "   for **truce**, the", "   word."]
