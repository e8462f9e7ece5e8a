"""``searchkit check``: does the index read back whole, and does it match the files? (``--repair`` fixes it.)"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from searchkit.cli.output import CHECK_EXAMPLES, check_lines, to_json
from searchkit.cli.shared import (
    EXIT_ERROR,
    EXIT_NONE,
    EXIT_OK,
    follow_symlinks_option,
    index_option,
    library_errors,
    lock_timeout_option,
    print_report,
    progress,
    quiet_option,
    say_waiting,
    targets,
    writing,
)
from searchkit.errors import IndexCorrupt
from searchkit.index.core import Index


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--repair", is_flag=True,
              help="Fix what is wrong: salvage what can be read of a damaged index, then sync with the files.")
@lock_timeout_option("With --repair: how long to wait for another writer to finish.")
@follow_symlinks_option
@click.option("-v", "--verbose", is_flag=True, help=f"List every problem (without it: {CHECK_EXAMPLES} of each kind).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@quiet_option
@library_errors
def check(paths, index_path, repair, lock_timeout, follow_symlinks, verbose, as_json, quiet) -> None:
    """Verify the index, and compare it with the article files.

    Reads back every segment (damaged files are reported) and compares the index
    with the files: missing, stale (changed since indexed) and orphaned articles
    (files deleted). Without PATH: the folders the index was synced from (or
    ./corpus). Exit status: 0 consistent and in sync, 1 consistent but out of
    date, 2 damaged or error, 130 interrupted. With --repair, fixes what it
    finds, then checks again: the articles of damaged parts that still read
    back are kept, the rest are re-read from the files; nothing is deleted
    before the repaired index is complete.
    """
    if repair:  # salvages first: a folder that is gone is reported after that
        _repair(index_path, list(paths) or None, lock_timeout, follow_symlinks, quiet)
    sources = targets(paths, index_path, default_corpus=False)
    with Index.open(index_path) as ix:
        report = ix.check(sources, follow_symlinks=follow_symlinks)
    if as_json:
        click.echo(to_json(report.to_dict()))
    else:
        for line in check_lines(report, compared=bool(sources), verbose=verbose, quiet=quiet):
            click.echo(line)
    sys.exit(EXIT_OK if report.in_sync else EXIT_NONE if report.consistent else EXIT_ERROR)


def _repair(index_path: Path, sources: list[Path] | None, lock_timeout: float, follow_symlinks: bool,
            quiet: bool) -> None:
    """Salvage a damaged index (one that cannot even be opened first), then sync it with its folders."""
    writing()
    waiting = say_waiting(index_path, quiet)
    try:
        ix = Index.open(index_path, lock_timeout=lock_timeout, on_lock_wait=waiting)
    except IndexCorrupt:
        salvaged = Index.salvage(index_path, lock_timeout=lock_timeout, on_lock_wait=waiting)
        if not quiet:
            click.echo(f"searchkit: {salvaged.summary()}", err=True)
        ix = Index.open(index_path, lock_timeout=lock_timeout, on_lock_wait=waiting)
    with ix:
        report = ix.repair(sources, follow_symlinks=follow_symlinks, progress=progress(quiet))
    if report.salvage.damaged and not quiet:
        click.echo(f"searchkit: {report.salvage.summary()}", err=True)
    print_report(report.sync, quiet)
