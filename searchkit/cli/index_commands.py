"""``searchkit index``: bring the index in sync with article files, once or while they change."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

import click

from searchkit.cli.output import report_dict, to_json
from searchkit.cli.shared import (
    EXIT_NONE,
    EXIT_OK,
    follow_symlinks_option,
    index_option,
    library_errors,
    lock_timeout_option,
    print_failures,
    print_report,
    progress,
    quiet_option,
    say_waiting,
    targets,
    writing,
)
from searchkit.cli.terminal import one_line
from searchkit.errors import SearchkitError
from searchkit.index.core import Index
from searchkit.models import SyncReport


@click.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True,
              help="Re-read every file and replace the index's contents in one commit.")
@lock_timeout_option()
@follow_symlinks_option
@click.option("--optimize", is_flag=True,
              help="Then merge the index into one segment: the fastest searches, but the whole index is rewritten.")
@click.option("--watch", is_flag=True,
              help="After the sync, keep following the files: each change is indexed within about a second "
                   "(Ctrl-C stops).")
@click.option("--keep-non-articles", is_flag=True,
              help="Also index web pages that list other pages (front pages, section indexes, galleries); "
                   "without it they are reported as skipped.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the sync report as JSON (with --watch: one report a line, a line per sync).")
@quiet_option
@library_errors
def index_command(paths, index_path, rebuild, lock_timeout, follow_symlinks, optimize, watch, keep_non_articles,
                  as_json, quiet) -> None:
    """Bring the index in sync with article files.

    Adds new articles, re-indexes changed ones and removes those whose files
    were deleted from the given folders; unchanged files are not read again.
    Reads .txt/.md, .html/.htm and .jsonl files. Without PATH: the folders the
    index was synced from, or ./corpus for a new index. Exit status: 0 all
    indexed, 1 some files failed in this run (each reported on stderr), 2 error
    (nothing changed), 130 interrupted (the index keeps its last commit). With
    --watch it runs until Ctrl-C (or SIGTERM) and then exits 0.
    """
    sources = targets(paths, index_path)
    with Index(index_path, lock_timeout=lock_timeout, on_lock_wait=say_waiting(index_path, quiet)) as ix:
        writing()
        if watch:
            _watch(ix, sources, follow_symlinks=follow_symlinks, rebuild=rebuild, optimize=optimize,
                   as_json=as_json, quiet=quiet, keep_non_articles=keep_non_articles)
            return
        report = ix.sync(sources, progress=progress(quiet or as_json), follow_symlinks=follow_symlinks,
                         rebuild=rebuild, keep_non_articles=keep_non_articles)
        if as_json:
            click.echo(to_json(report_dict(report)))
            print_failures(report, quiet=True)
        else:
            print_report(report, quiet)
        if optimize:
            _optimize(ix, quiet)
    sys.exit(EXIT_NONE if report.failed else EXIT_OK)


def _optimize(ix: Index, quiet: bool) -> None:
    if not quiet:
        click.echo(f"searchkit: merging {ix.stats().segments} segment(s) into one ...", err=True)
    ix.optimize()


def _watch(ix: Index, targets: list[Path], *, follow_symlinks: bool, rebuild: bool, optimize: bool,
           as_json: bool, quiet: bool, keep_non_articles: bool) -> None:
    """Follow the files until Ctrl-C or SIGTERM, printing a report for each sync that did something."""
    first = True

    def on_sync(report: SyncReport) -> None:
        nonlocal first
        if as_json:
            click.echo(json.dumps(report_dict(report), ensure_ascii=False))
            print_failures(report, quiet=True)
        elif first or report.changed or report.failures:
            print_report(report, quiet)
        if first and optimize:
            _optimize(ix, quiet)
        if first and not quiet:
            shown = ", ".join(one_line(str(t)) for t in targets)
            click.echo(f"searchkit: watching {shown} for changes (Ctrl-C stops)", err=True)
        first = False

    def on_error(exc: SearchkitError) -> None:
        click.echo(f"searchkit: error: {one_line(str(exc))} (retrying)", err=True)

    def on_term(signum, frame) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        ix.watch(targets, on_sync=on_sync, on_error=on_error, follow_symlinks=follow_symlinks, rebuild=rebuild,
                 progress=progress(quiet or as_json), keep_non_articles=keep_non_articles)
    except KeyboardInterrupt:
        if not quiet:
            click.echo("searchkit: stopped watching", err=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
