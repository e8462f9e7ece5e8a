"""The ``searchkit`` command: a thin click layer over the library.

Each command turns options into library arguments, makes one library call and
prints the outcome; library errors become one ``searchkit: error: ...`` line
and exit code 2. The commands live in modules by job (search, index, check,
info); this one gathers them under one group that never shows a traceback.
"""

from __future__ import annotations

import os

import click

from searchkit.cli.check_command import check
from searchkit.cli.index_commands import index_command
from searchkit.cli.info_commands import people, show, stats
from searchkit.cli.search_commands import query, related
from searchkit.cli.serve import serve
from searchkit.cli.shared import EXIT_INTERRUPTED, WRITING, Failed


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


for command in (query, index_command, check, show, related, people, stats, serve):
    cli.add_command(command)


def main() -> None:
    """Entry point for ``python -m searchkit``."""
    cli(prog_name="searchkit")
