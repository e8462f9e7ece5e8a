"""The library's ``Index`` and the command line on a Typesense cluster: the same calls, the same output."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from corpus_factory import write_corpus

from searchkit import Index, PersonNotFound
from searchkit.cli.commands import cli


def test_index_syncs_and_searches_a_cluster_like_a_folder(cluster, api_key, collection, tmp_path):
    corpus = tmp_path / "corpus"
    paths = write_corpus(corpus, 30)
    location = cluster.location(collection)
    with Index(location) as ix:
        report = ix.sync([corpus])
        assert (report.added, report.failed) == (30, 0)
        results = ix.search("grain", limit=5)
        assert results.total > 0 and results.hits[0].snippet
        assert any("grain" in hit.snippet[a:b].lower() for hit in results.hits for a, b in hit.highlights)
        paths[0].write_text(paths[0].read_text() + "\nA late paragraph about a harbour.\n", encoding="utf-8")
        paths[1].unlink()
        again = ix.sync([corpus])
        assert (again.added, again.updated, again.removed, again.unchanged) == (0, 1, 1, 28)
        assert len(ix) == 29
    with Index.open(location) as reopened:  # the folders synced are remembered on the cluster
        assert reopened.roots == [str(corpus)]


def test_people_suggestions_are_the_same_on_a_cluster(cluster, api_key, collection, tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 20)
    answers = []
    for location in (cluster.location(collection), tmp_path / "index"):
        with Index(location) as ix:
            ix.sync([corpus])
            found = ix.search("grain", person="Lars Nilson")
            with pytest.raises(PersonNotFound) as missing:
                ix.person("Lars Nilson")
            answers.append((len(found), found.person_suggestions, missing.value.suggestions, found.suggestion))
    assert answers[0] == answers[1] == (0, {"Lars Nilson": ["Lars Nilsen"]}, ["Lars Nilsen"], None)


def test_the_command_line_takes_a_cluster_url(cluster, api_key, collection, tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 12)
    location = cluster.location(collection)
    runner = CliRunner()
    indexed = runner.invoke(cli, ["index", str(corpus), "--index", location, "-q"])
    assert indexed.exit_code == 0, indexed.output
    found = runner.invoke(cli, ["query", "Kyiv", "--index", location, "--json"])
    assert found.exit_code == 0, found.output
    page = json.loads(found.output)
    assert page["total"] > 0 and page["hits"][0]["snippet"]
    with runner.isolated_filesystem(tmp_path):  # no ./corpus to build a missing index from
        again = runner.invoke(cli, ["index", "--index", location])  # the folders it remembers
        missing = runner.invoke(cli, ["query", "Kyiv", "--index", cluster.location("nothing_here")])
    assert again.exit_code == 0 and "0 added, 0 updated, 0 removed, 12 unchanged" in again.output, again.output
    assert missing.exit_code == 2 and "no index at typesense://" in missing.output


def test_one_writer_at_a_time_the_other_waits_then_is_told(cluster, api_key, collection):
    from searchkit.engine.typesense import TypesenseEngine
    from searchkit.errors import IndexLocked

    location = cluster.location(collection)
    first, second = TypesenseEngine(location), TypesenseEngine(location, lock_timeout=1.0)
    waited: list[float] = []
    second.on_lock_wait = waited.append
    with first.writer():
        assert second.writer_active()
        try:
            with second.writer():
                raise AssertionError("a second writer got the lock")
        except IndexLocked as error:
            assert "another writer is updating" in str(error)
    assert waited == [1.0]
    assert not second.writer_active()
    with second.writer() as writer:  # released: the next writer goes ahead
        writer.commit()
    first.drop()
    first.close()
    second.close()
