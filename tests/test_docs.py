"""The docs stay true to the code: the README example runs, every option is documented."""

import re
import shlex
import shutil

import click
import pytest
from click.testing import CliRunner

import searchkit
from searchkit.cli.commands import cli

from conftest import ROOT, SEED


def python_blocks(path):
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_readme_opens_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```bash\n(.*?)\n```", text, flags=re.S)[:2]
    assert commands == ['pip install -e . && searchkit query "ceasefire Kursk"', "pip install -e '.[test]' && pytest"]
    assert "pip install -e '.[test]' && pytest" in (ROOT / ".ci" / "run").read_text()


def test_readme_library_example_runs_as_written(tmp_path, monkeypatch, capsys):
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    (block,) = python_blocks(ROOT / "README.md")
    exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("1 added, 0 updated, 0 removed, 0 unchanged, 0 failed\n1 hits\n1 The United States")
    assert "[ceasefire]" in out and "Volodymyr Zelensky" in out
    assert SEED.name in "".join(p.name for p in (tmp_path / "corpus").rglob("*"))


def console_examples(path):
    """Each `$ searchkit ...` line of the README's console block with the output shown under it."""
    block = re.search(r"```console\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S).group(1)
    for example in re.split(r"^\$ ", block, flags=re.M)[1:]:
        command, _, shown = example.partition("\n")
        yield command.split("#")[0].strip(), shown.strip()


def test_readme_tour_prints_what_it_shows(tmp_path, monkeypatch):
    """After the README's first command, each tour command with output shown prints that output
    (the README shows it wrapped as on a 100-column terminal, so whitespace is compared loosely)."""
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["query", "ceasefire Kursk"]).exit_code == 0
    shown_examples = [(command, shown) for command, shown in console_examples(ROOT / "README.md") if shown]
    assert len(shown_examples) >= 2
    for command, shown in shown_examples:
        result = runner.invoke(cli, shlex.split(command)[1:])
        assert result.exit_code == 0, (command, result.output)
        assert result.output.split() == shown.split(), command


def all_options():
    for name, command in sorted(cli.commands.items()):
        for param in command.params:
            if isinstance(param, click.Option):
                for flag in param.opts:
                    yield name, flag


@pytest.mark.parametrize(("command", "flag"), list(all_options()))
def test_every_option_is_in_the_cli_reference(command, flag):
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = reference.split(f"## `searchkit {command}`", 1)[1].split("\n## ", 1)[0]
    assert flag in section


def test_public_api_is_exactly_all():
    public = {name for name in dir(searchkit) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(searchkit, name)).__name__ == "module"}
    assert public - modules == set(searchkit.__all__)
