"""The ``searchkit`` command: a thin click layer over the library.

Each command turns options into library arguments, makes one library call and
prints the outcome; library errors become one ``searchkit: error: ...`` line
and exit code 2. The commands live in modules by job (search, index, check,
info); this one gathers them under one group that never shows a traceback.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator, MutableMapping

import click

from searchkit.cli.shared import EXIT_INTERRUPTED, WRITING, Failed

#: Where each command lives ("module:attribute"), in the order ``--help`` lists them.
COMMANDS = {
    "query": "searchkit.cli.search_commands:query",
    "index": "searchkit.cli.index_commands:index_command",
    "check": "searchkit.cli.check_command:check",
    "show": "searchkit.cli.info_commands:show",
    "related": "searchkit.cli.search_commands:related",
    "people": "searchkit.cli.info_commands:people",
    "stats": "searchkit.cli.info_commands:stats",
    "serve": "searchkit.cli.serve:serve",
}


class LazyCommands(MutableMapping):
    """The group's commands, each module imported when its command is first looked up.

    A command's module pulls in what only that command needs (the sync machinery,
    the checker, the web server's settings), so ``searchkit query`` starts without them.
    """

    def __init__(self, where: dict[str, str]) -> None:
        self._where = dict(where)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, attribute = self._where[name].split(":")
            self._loaded[name] = getattr(importlib.import_module(module), attribute)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._where.setdefault(name, "")
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._where[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


class SearchkitGroup(click.Group):
    """Every problem is one line on stderr with the exit status of docs/cli.md, never a traceback.

    Ctrl-C is "interrupted" (exit 130, saying the index keeps its last commit
    when the command was writing), a usage mistake is one line pointing to the
    command's help (exit 2), and an unexpected exception is one "internal error"
    line (exit 2). Set SEARCHKIT_DEBUG=1 to see the traceback (tests do, so
    bugs are not hidden).
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            if ctx.meta.get(WRITING):
                click.echo("searchkit: interrupted; the index is left at its last commit", err=True)
            else:
                click.echo("searchkit: interrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx is not None else ctx.command_path
            raise Failed(f"{exc.format_message()} (see `{command} --help`)") from exc
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("SEARCHKIT_DEBUG"):
                raise
            raise Failed(f"internal error: {type(exc).__name__}: {exc} (SEARCHKIT_DEBUG=1 shows details)") from exc


@click.group(cls=SearchkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="searchkit")
def cli() -> None:
    """Search an archive of news articles.

    \b
    searchkit index [PATH...]      bring the index in sync with article files
    searchkit query "ceasefire"    ranked articles with highlighted snippets
    """


cli.commands = LazyCommands(COMMANDS)


def main() -> None:
    """Entry point for ``python -m searchkit``."""
    cli(prog_name="searchkit")
