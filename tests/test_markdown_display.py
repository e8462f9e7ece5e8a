"""Markdown emphasis must not reach the index or the terminal, where ** marks a search hit."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from searchkit.cli.commands import cli

MARKDOWN = Path(__file__).parent / "fixtures" / "markdown"


def test_bold_in_the_source_is_not_shown_as_a_hit(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "corpus").mkdir()
    shutil.copy(MARKDOWN / "harvest.md", tmp_path / "corpus" / "harvest.md")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["index"], catch_exceptions=False).exit_code == 0
    result = CliRunner().invoke(cli, ["query", "twenty"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "**twenty**" in result.stdout  # the hit is marked
    assert "**largest" not in result.stdout  # the source's bold is not
    shown = CliRunner().invoke(cli, ["show", "corpus/harvest.md"], catch_exceptions=False)
    assert "**" not in shown.stdout and "Pickers from across the region" in shown.stdout
