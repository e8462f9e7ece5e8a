"""`searchkit people` filtered by section or date on an archive where some articles name nobody."""

import json

import pytest
from click.testing import CliRunner

from searchkit.cli.commands import cli

NOBODY = (
    "Title: Markets slide as bond yields climb\n"
    "Section: Business\n"
    "Date: 2025-02-12\n\n"
    "Shares in London and Frankfurt fell on Wednesday as government bond yields rose to their highest "
    "level in a year, with investors betting that interest rates will stay higher for longer.\n\n"
    "Housebuilders and retailers led the declines, while oil companies gained as crude prices edged up.\n"
)


@pytest.fixture
def archive(corpus, monkeypatch):
    """The fixture corpus plus a business story that names no one, indexed in ./index."""
    (corpus / "business" / "markets.txt").write_text(NOBODY, encoding="utf-8")
    monkeypatch.chdir(corpus.parent)
    assert CliRunner().invoke(cli, ["index", "-q"], catch_exceptions=False).exit_code == 0
    return corpus


def people(*args):
    return CliRunner().invoke(cli, ["people", *args], catch_exceptions=False)


def test_section_filter_counts_only_the_people_of_that_section(archive):
    result = people("--section", "business", "--json")
    assert result.exit_code == 0
    assert {p["name"]: p["count"] for p in json.loads(result.stdout)} == {"Andrew Bailey": 1, "Rachel Reeves": 1}


def test_date_range_over_an_article_naming_nobody(archive):
    result = people("--since", "2025-02-01", "--until", "2025-02-28")
    assert result.exit_code == 0
    names = {line.split("  ", 1)[1] for line in result.stdout.splitlines()}
    assert names == {"Andrew Bailey", "Rachel Reeves", "Ursula von der Leyen", "Gitanas Nausėda", "Andrus Ansip"}


def test_filter_matching_only_articles_without_people_lists_nobody(archive):
    result = people("--section", "business", "--since", "2025-02-10")
    assert result.stdout.strip() == "No people found."
    assert result.exit_code == 1
