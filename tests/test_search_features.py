"""Did you mean, related articles, and folding of wire copies."""

import json

from click.testing import CliRunner

from searchkit import Article
from searchkit.cli.commands import cli
from searchkit.index.fingerprint import duplicate_key

WIRE = ("The Bank of England held interest rates at 5.25 percent on Thursday, saying inflation remained "
        "too high for a cut, although two policymakers voted for a reduction and markets now expect "
        "easing in the summer months ahead.")


def test_duplicate_key_ignores_datelines_and_headlines():
    key = duplicate_key(WIRE)
    assert key
    assert duplicate_key("LONDON (Reuters) - " + WIRE) == key
    assert duplicate_key("WASHINGTON, March 3 (AP) — " + WIRE) == key
    assert duplicate_key(WIRE.replace("Bank of England", "Federal Reserve").replace("Thursday", "Wednesday")) != key
    assert duplicate_key("Too short to be a wire copy.") == ""


def test_wire_copies_show_once_with_a_count(ram_index):
    ram_index.add_many([
        Article(id="reuters", headline="BoE holds rates", body="LONDON (Reuters) - " + WIRE),
        Article(id="ap", headline="Rates unchanged in UK", body="LONDON (AP) - " + WIRE),
        Article(id="other", headline="Bank of England outlook",
                body="The Bank of England said growth would slow this year as higher rates weigh on spending."),
    ])
    collapsed = ram_index.search("Bank of England rates")
    assert sorted(h.id for h in collapsed) in (["other", "reuters"], ["ap", "other"])
    assert {h.id: h.similar for h in collapsed}.get("reuters", 1) == 1
    assert max(h.similar for h in collapsed) == 1
    assert len(ram_index.search("Bank of England rates", collapse=False)) == 3


def test_did_you_mean_on_a_misspelt_query(indexed):
    results = indexed.search("cesefire Kursk")
    assert results.suggestion == "ceasefire Kursk"
    assert indexed.search("ceasefire Kursk").suggestion is None
    assert indexed.search("cesefire", suggest=False).suggestion is None
    assert indexed.search("heatwve").suggestion == "heatwave"


def test_related_articles_share_topic_and_people(ram_index):
    ram_index.add_many([
        Article(id="talks-1", headline="Ceasefire talks in Jeddah", people=["Marco Rubio"],
                body="Marco Rubio led ceasefire talks with Ukrainian officials in Jeddah on the war."),
        Article(id="talks-2", headline="Rubio returns from Jeddah", people=["Marco Rubio"],
                body="Secretary of State Marco Rubio said the ceasefire proposal was now with Russia."),
        Article(id="cooking", headline="Ten summer salads", body="Tomatoes, basil and olive oil make a salad."),
    ])
    related = ram_index.related("talks-1")
    assert [h.id for h in related] == ["talks-2"]


def test_cli_related_and_suggestion(seed_corpus, monkeypatch):
    monkeypatch.chdir(seed_corpus.parent)
    runner = CliRunner()
    runner.invoke(cli, ["index"], catch_exceptions=False)
    text = runner.invoke(cli, ["query", "cesefire", "Kursk"], catch_exceptions=False)
    assert "Did you mean: ceasefire Kursk" in text.stdout
    as_json = runner.invoke(cli, ["query", "cesefire", "--json"], catch_exceptions=False)
    page = json.loads(as_json.stdout)
    # found through the typo's neighbour ("ceasefire", one edit away), and respelled
    assert page["total"] == 1 and page["suggestion"] == "ceasefire"
    assert "did you mean: ceasefire" in as_json.stderr
    with_facets = runner.invoke(cli, ["query", "cesefire", "--json", "--facets", "section"])
    assert json.loads(with_facets.stdout)["suggestion"] == "ceasefire"
    assert "Did you mean" not in runner.invoke(cli, ["query", "cesefire", "--no-suggest"]).stdout
    missing = runner.invoke(cli, ["related", "nope"])
    assert missing.exit_code == 2 and "no article with id 'nope'" in missing.stderr
    alone = runner.invoke(cli, ["related", next(p.relative_to(seed_corpus.parent).as_posix()
                                                for p in seed_corpus.rglob("*.txt"))])
    assert alone.exit_code == 1  # the only article has nothing related
