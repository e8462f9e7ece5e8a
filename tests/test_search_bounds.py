"""Every search is bounded: `*` browses, wildcards and fuzzy terms expand to a bounded number of words, and a
search out of time answers with what it found, saying so. Time is injected (a fake clock), never raced."""

import json
import random
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from searchkit import Article, Index
from searchkit.cli.commands import cli
from searchkit.engine.whoosh import collecting, expansion
from searchkit.search import budget

PLACES = ["Harare", "Harbin", "Hargeisa", "Harwich", "Harlow", "Harrogate", "Hartlepool", "Hartford"]
#: How many of the 60 stories come from each place: the first three are the most frequent "har" words.
PLACE_OF_STORY = [place for place, count in zip(PLACES, [16, 12, 9, 7, 5, 4, 4, 3], strict=True)
                  for _ in range(count)]
WORDS = ("cargo crane berth quay tanker vessel freight terminal customs pilot tug dredging "
         "channel tide storm delay backlog shipment grain coal timber steel container lorry rail depot "
         "warehouse tariff levy union wage shift overtime safety inspection licence lease tender contract "
         "investment expansion upgrade automation ferry cruise passenger fishing trawler catch quota").split()


def port_story(n: int) -> Article:
    """A dated port story naming its place in the headline only; each body tells its own news (no copies)."""
    rng = random.Random(n)
    details = " ".join(rng.choice(WORDS) for _ in range(40))
    body = (f"Container traffic through the port rose by {n % 40} percent in the month, officials said. "
            f"Notes from the weekly bulletin: {details}.")
    return Article(id=f"port-{n:03d}", headline=f"Port traffic report {n} from {PLACE_OF_STORY[n]}",
                   section="business", date=datetime(2025, 1 + n % 12, 1 + n % 28, tzinfo=timezone.utc), body=body)


@pytest.fixture
def ports(tmp_path):
    """60 dated port stories in an index on disk (the CLI tests open it too)."""
    with Index(tmp_path / "index") as ix:
        ix.add_many(port_story(n) for n in range(60))
        yield ix


def test_star_alone_browses_every_article_newest_first(ports):
    results = ports.search("*", limit=5)
    assert results.sort == "date" and results.total == 60 and results.timed_out is False
    dates = [hit.date for hit in ports.search("*", limit=60)]
    assert dates == sorted(dates, reverse=True)
    assert {hit.score for hit in results} == {0.0}
    harare = ports.search("* NOT Harare", limit=60)
    assert harare.total == 60 - 16 and not any("Harare" in hit.headline for hit in harare)
    assert [h.id for h in ports.search("Harwich AND *")] == [h.id for h in ports.search("Harwich")]


def test_star_with_filters_browses_the_filtered_articles(ports):
    results = ports.search("*", since="2025-03-01", until="2025-03-31", limit=60)
    assert results.total == 5 and all(hit.date.month == 3 for hit in results)


def test_a_wildcard_matching_too_many_words_searches_the_most_frequent(ports, monkeypatch):
    monkeypatch.setattr(expansion, "MAX_EXPANSIONS", 3)
    results = ports.search("har*", limit=60)
    assert results.capped_terms == ["har*"]
    assert {hit.headline.rsplit(" ", 1)[1] for hit in results} == {"Harare", "Harbin", "Hargeisa"}
    assert results.total == 16 + 12 + 9
    assert ports.search("harwich", limit=60).capped_terms == []


def test_a_fuzzy_term_is_bounded_too(ports, monkeypatch):
    monkeypatch.setattr(expansion, "MAX_EXPANSIONS", 1)
    results = ports.search("Harlaw~2")
    assert results.capped_terms == ["Harlaw~2"] and results.total > 0


def test_the_cli_notes_a_capped_term(ports, tmp_path, monkeypatch):
    monkeypatch.setattr(expansion, "MAX_EXPANSIONS", 3)
    result = CliRunner().invoke(cli, ["query", "--index", str(tmp_path / "index"), "har*"])
    assert result.exit_code == 0
    assert "searchkit: note: har* matches too many words; only the most frequent were searched for" in result.stderr


class FakeClock:
    """A clock that moves on one second each time it is read: the budget runs out after a fixed number of looks."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


@pytest.fixture
def slow_clock(monkeypatch):
    monkeypatch.setattr(budget, "monotonic", FakeClock())
    monkeypatch.setattr(collecting, "BUDGET_CHECK_EVERY", 1)  # look at the clock after every match


def test_a_search_out_of_time_returns_what_it_found_and_says_so(ports, slow_clock):
    partial = ports.search("port traffic", timeout=5, limit=60)
    assert partial.timed_out is True
    assert 0 < partial.total < 60 and len(partial) == partial.total
    unbounded = ports.search("port traffic", timeout=None, limit=60)
    assert unbounded.timed_out is False and unbounded.total == 60


def test_the_cli_says_the_results_are_partial(ports, tmp_path, slow_clock):
    where = ["--index", str(tmp_path / "index")]
    result = CliRunner().invoke(cli, ["query", *where, "port traffic", "--timeout", "5"])
    assert result.exit_code == 0
    assert "searchkit: partial results: the search stopped after 5 s (--timeout allows more time)" in result.stderr
    assert "of at least" in result.stdout.splitlines()[-1]
    as_json = json.loads(CliRunner().invoke(cli, ["query", *where, "port traffic", "--timeout", "5", "--json"]).stdout)
    assert as_json["timed_out"] is True
    complete = CliRunner().invoke(cli, ["query", *where, "port traffic", "--timeout", "0", "--json"])
    assert json.loads(complete.stdout)["timed_out"] is False and json.loads(complete.stdout)["total"] == 60


def test_a_budget_spent_before_searching_gives_an_empty_partial_answer(ports, slow_clock):
    results = ports.search("port", timeout=1)
    assert results.timed_out is True and results.total == 0 and list(results) == []


def test_timeout_must_be_positive_seconds(ports):
    from searchkit import InvalidOption

    for bad in (0, -1, "5", True):
        with pytest.raises(InvalidOption, match="timeout must be a positive number of seconds"):
            ports.search("port", timeout=bad)
