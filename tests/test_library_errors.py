"""Bad arguments to the public API raise a SearchkitError naming the argument, never a bare Python error."""

from importlib.metadata import version

import pytest
from click.testing import CliRunner

import searchkit
from searchkit import Article, Index, InvalidOption, SearchkitError
from searchkit.cli.commands import cli

SEED_ID = "corpus/world/000_e5306c6442d6f8c1.txt"

BAD_CALLS = {
    "query None": (lambda ix: ix.search(None), "query must be a string, not None"),
    "query a number": (lambda ix: ix.search(5), "query must be a string, not int"),
    "query bytes": (lambda ix: ix.search(b"ceasefire"), "query must be a string, not bytes"),
    "section a number": (lambda ix: ix.search("ceasefire", section=5), "section must be a string or a list"),
    "section list of numbers": (lambda ix: ix.search("ceasefire", section=[5]), "list holding int"),
    "person a number": (lambda ix: ix.search("ceasefire", person=5), "person must be a string or a list"),
    "since a number": (lambda ix: ix.search("ceasefire", since=5), "since must be a date"),
    "limit a string": (lambda ix: ix.search("ceasefire", limit="5"), "limit must be a whole number, not str"),
    "limit a fraction": (lambda ix: ix.search("ceasefire", limit=5.5), "limit must be a whole number, not float"),
    "limit True": (lambda ix: ix.search("ceasefire", limit=True), "limit must be a whole number, not bool"),
    "page None": (lambda ix: ix.search("ceasefire", page=None), "page must be a whole number, not None"),
    "page 0": (lambda ix: ix.search("ceasefire", page=0), "page must be 1 or more, not 0"),
    "facets a number": (lambda ix: ix.search("ceasefire", facets=5), "facets must be a string or a list"),
    "literal a string": (lambda ix: ix.search("ceasefire", literal="yes"), "literal must be True or False"),
    "related None": (lambda ix: ix.related(None), "article id must be a string, not None"),
    "get a number": (lambda ix: ix.get(5), "article id must be a string, not int"),
    "delete None": (lambda ix: ix.delete(None), "article id must be a string, not None"),
    "person None": (lambda ix: ix.person(None), "name must be a string, not None"),
    "person limit 0": (lambda ix: ix.person("Peskov", limit=0), "limit must be 1 or more, not 0"),
    "people section a number": (lambda ix: ix.people(section=5), "section must be a string or a list"),
    "sync list of numbers": (lambda ix: ix.sync([5]), "each of paths must be a path, not int"),
    "check list of numbers": (lambda ix: ix.check([5]), "each of paths must be a path, not int"),
    "repair a number": (lambda ix: ix.repair(42), "paths must be a path or a list of paths, not int"),
    "add None": (lambda ix: ix.add(None), "articles must be Article objects, not NoneType"),
    "add_many None": (lambda ix: ix.add_many(None), "articles must be a list of Article objects"),
}


@pytest.mark.parametrize("name", sorted(BAD_CALLS))
def test_bad_argument_raises_invalid_option_naming_it(indexed, name):
    call, message = BAD_CALLS[name]
    before = sorted(indexed.ids())
    with pytest.raises(InvalidOption) as raised:
        call(indexed)
    assert isinstance(raised.value, SearchkitError)
    assert message in str(raised.value)
    assert sorted(indexed.ids()) == before  # nothing was written or removed


def test_index_needs_a_path_of_the_right_type():
    with pytest.raises(InvalidOption, match="path must be a path, not int"):
        Index(5)
    with pytest.raises(InvalidOption, match="needs a path or an engine"):
        Index(None)


def test_one_path_is_a_list_of_one_not_its_characters(corpus, ram_index, monkeypatch):
    monkeypatch.chdir(corpus.parent)
    report = ram_index.sync("corpus")
    assert report.failures == [] and report.added == 7
    assert ram_index.get(SEED_ID).headline.startswith("The United States is sending a delegation")


def test_good_calls_still_work_after_bad_ones(indexed):
    with pytest.raises(InvalidOption):
        indexed.search(None)
    results = indexed.search("ceasefire", section=["world"], person=("Witkoff",), limit=5)
    assert [hit.id for hit in results] == ["wire-1003", SEED_ID]  # "Ceasefire" in its headline
    indexed.add(Article(id="note-1", headline="Grid operators test backup lines", body="Engineers in Riga tested "
                        "the backup lines on Sunday, a week after the switch to the European grid."))
    assert indexed.search("backup lines")[0].id == "note-1"


def test_version_is_the_installed_package_version():
    assert searchkit.__version__ == version("searchkit")
    printed = CliRunner().invoke(cli, ["--version"])
    assert printed.exit_code == 0 and printed.stdout.strip().endswith(searchkit.__version__)
    assert "__version__" in dir(searchkit)
