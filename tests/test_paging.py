"""Paging tells the truth: the total is what can be paged, copies are counted apart, past the end is empty."""

import json

import pytest
from click.testing import CliRunner

from searchkit import Article, Index
from searchkit.cli.commands import cli

WIRE = ("LONDON (Reuters) - Dock workers at the harbour walked out on Monday over pay, halting container traffic "
        "as unions and port operators failed to agree on a deal. Talks are due to resume on Thursday, a union "
        "spokesman said, adding that ships were already queueing outside the harbour entrance.")


def harbour_articles() -> list[Article]:
    """Six wire copies of one strike story (the last with the best headline) and 21 harbour notices."""
    copies = [Article(id=f"copy-{n}", headline="Port workers walk out", section="business", body=WIRE)
              for n in range(5)]
    copies.append(Article(id="copy-best", headline="Harbour strike halts harbour traffic", section="world",
                          body=WIRE))
    notices = [Article(id=f"notice-{n:02d}", headline=f"Harbour notice {n}", section="notices",
                       body=f"The harbour authority published notice number {n} about berth {n * 7} and the "
                            f"dredging of the outer channel, which will close it for {n + 1} days.")
               for n in range(21)]
    return copies + notices


@pytest.fixture
def harbour():
    with Index.in_memory() as ix:
        ix.add_many(harbour_articles())
        yield ix


def test_total_is_what_can_be_paged_and_copies_are_counted_apart(harbour):
    first = harbour.search("harbour", limit=10)
    assert (first.total, first.collapsed, first.pages) == (22, 5, 3)
    seen = []
    for page in range(1, first.pages + 1):
        results = harbour.search("harbour", limit=10, page=page)
        assert [hit.rank for hit in results] == list(range(results.first, results.first + len(results)))
        seen += [hit.id for hit in results]
    assert len(seen) == len(set(seen)) == 22  # every hit once, none repeated
    assert "copy-best" in seen and not any(i.startswith("copy-") and i != "copy-best" for i in seen)


def test_a_page_past_the_end_is_empty(harbour):
    results = harbour.search("harbour", limit=10, page=999)
    assert list(results) == [] and results.page == 999 and results.total == 22 and results.pages == 3
    last = harbour.search("harbour", limit=10, page=3)
    assert len(last) == 2 and last[0].rank == 21


def test_filters_fold_copies_too(harbour):
    filtered = harbour.search("harbour", section=["business", "world"])
    assert [hit.id for hit in filtered] == ["copy-best"]
    assert (filtered.total, filtered.collapsed, filtered[0].similar) == (1, 5, 5)


def test_facets_count_the_hits_that_can_be_paged(harbour):
    results = harbour.search("harbour", facets="section")
    assert dict(results.facets["section"]) == {"notices": 21, "world": 1}  # the kept copy, not the first seen
    assert sum(count for _, count in results.facets["section"]) == results.total


def test_cli_page_past_the_end_says_so_and_exits_1(harbour, tmp_path):
    with Index(tmp_path / "index") as ix:
        ix.add_many(harbour_articles())
    runner = CliRunner()
    text = runner.invoke(cli, ["query", "--index", str(tmp_path / "index"), "harbour", "--page", "999"])
    assert text.exit_code == 1
    assert text.stdout.strip() == "No hits on page 999 of 3 (22 hits in all)."
    last = runner.invoke(cli, ["query", "--index", str(tmp_path / "index"), "harbour", "--page", "3"])
    assert last.exit_code == 0
    assert last.stdout.strip().endswith("21–22 of 22 hits (page 3 of 3; 5 copies folded under them)")
    as_json = runner.invoke(cli, ["query", "--index", str(tmp_path / "index"), "harbour", "--page", "999", "--json"])
    page = json.loads(as_json.stdout)
    assert as_json.exit_code == 1
    assert {k: page[k] for k in ("total", "collapsed", "page", "pages", "limit", "hits")} == {
        "total": 22, "collapsed": 5, "page": 999, "pages": 3, "limit": 10, "hits": []}


def test_json_is_one_object_for_query_and_related(harbour, tmp_path):
    with Index(tmp_path / "index") as ix:
        ix.add_many(harbour_articles())
    where = ["--index", str(tmp_path / "index")]
    runner = CliRunner()
    plain = json.loads(runner.invoke(cli, ["query", *where, "harbour", "--json"]).stdout)
    faceted = json.loads(runner.invoke(cli, ["query", *where, "harbour", "--json", "--facets", "section"]).stdout)
    quiet = json.loads(runner.invoke(cli, ["query", *where, "harbour", "--json", "--no-suggest"]).stdout)
    related = json.loads(runner.invoke(cli, ["related", *where, "notice-03", "--json"]).stdout)
    common = {"query", "total", "collapsed", "page", "pages", "limit", "sort", "timed_out", "capped_terms", "hits"}
    assert set(plain) == common | {"suggestion"}
    assert set(faceted) == common | {"suggestion", "facets"}
    assert set(quiet) == common and set(related) == common
    assert faceted["facets"]["section"][0] == {"value": "notices", "count": 21}
    assert related["query"] == "related:notice-03" and related["hits"][0]["id"].startswith("notice-")
    by_date = json.loads(runner.invoke(cli, ["query", *where, "harbour", "--json", "--sort", "date"]).stdout)
    assert by_date["sort"] == "date" and {hit["score"] for hit in by_date["hits"]} == {None}
    assert plain["hits"][0]["score"] > 0
