"""Front pages and section indexes are reported as skipped, and indexed only when asked for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchkit import Index
from searchkit.cli.commands import cli

FIXTURES = Path(__file__).parent / "fixtures" / "html"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus" / "local"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "front_page.html", folder / "index.html")
    shutil.copy(FIXTURES / "furniture.html", folder / "ferry.html")
    return tmp_path / "corpus"


def test_cli_skips_a_front_page_with_one_line(archive: Path, monkeypatch) -> None:
    monkeypatch.chdir(archive.parent)
    result = CliRunner().invoke(cli, ["index", "corpus"], catch_exceptions=False)
    assert result.exit_code == 0
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 1
    assert "index.html" in skipped[0] and "not an article" in skipped[0]
    assert "--keep-non-articles" in skipped[0]
    assert "1 added" in result.stderr
    found = CliRunner().invoke(cli, ["query", "\"silent films\""], catch_exceptions=False)
    assert found.exit_code == 1  # the front page's teasers are not in the index


def test_cli_keeps_non_articles_when_asked(archive: Path, monkeypatch) -> None:
    monkeypatch.chdir(archive.parent)
    result = CliRunner().invoke(cli, ["index", "corpus", "--keep-non-articles"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "2 added" in result.stderr
    assert "skipped" not in result.stderr
    found = CliRunner().invoke(cli, ["query", "\"silent films\""], catch_exceptions=False)
    assert found.exit_code == 0


def test_sync_option(archive: Path, tmp_path: Path) -> None:
    with Index(tmp_path / "index") as ix:
        report = ix.sync([archive])
        assert (report.added, len(report.skipped)) == (1, 1)
        assert report.failed == 0
    with Index(tmp_path / "kept") as ix:
        report = ix.sync([archive], keep_non_articles=True)
        assert (report.added, report.skipped) == (2, [])
