"""What every command shares: exit codes, common options, error handling, sync reports and progress."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from searchkit.cli.terminal import one_line, plural
from searchkit.errors import SearchkitError
from searchkit.index.core import DEFAULT_LOCK_TIMEOUT, Index, is_remote
from searchkit.index.meta import load_meta
from searchkit.models import SyncReport

DEFAULT_INDEX = "index"
DEFAULT_CORPUS = "corpus"

#: Exit status, the same scheme for every command (docs/cli.md).
EXIT_OK = 0
#: No hits, nobody, out of date, or some files failed in this run.
EXIT_NONE = 1
#: An error: nothing was done, or the index is damaged.
EXIT_ERROR = 2
#: Interrupted (Ctrl-C): 128 + SIGINT, as shells report it.
EXIT_INTERRUPTED = 130

#: Set in the click context by a command about to write, so an interruption says where the index stands.
WRITING = "searchkit.writing"


class Failed(click.ClickException):
    """A one-line error with exit code 2."""

    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:
        click.echo(f"searchkit: error: {one_line(self.message)}", err=True)


def writing() -> None:
    """Mark the running command as writing to the index (see ``WRITING``)."""
    click.get_current_context().meta[WRITING] = True


def targets(paths: tuple[Path, ...], index_path: Path, *, default_corpus: bool = True) -> list[Path]:
    """The PATHs given; else the folders the index is synced from; else ./corpus (if ``default_corpus``).

    A PATH that does not exist, or remembered folders none of which does, is an
    error (nothing is synced or compared, and no index is created); a remembered
    folder missing among others is the library's to report: a sync keeps its
    articles and says so.
    """
    meta = None if paths else saved_meta(index_path)
    remembered = [Path(root) for root in meta.roots] if meta else []
    chosen = list(paths) or remembered
    if not chosen and (default_corpus or Path(DEFAULT_CORPUS).is_dir()):
        chosen = [Path(DEFAULT_CORPUS)]
    gone = [path for path in chosen if not os.path.lexists(os.path.expanduser(path))]
    if gone and (paths or len(gone) == len(chosen)):  # a PATH typed wrong, or every folder gone
        shown = ", ".join(str(path) for path in gone)
        created = "" if Index.exists(index_path) else f" (no index was created at {index_path})"
        raise Failed(f"{shown}: no such file or folder{created}")
    return chosen


def saved_meta(index_path: Path | str):
    """The index's metadata, read without opening a folder (it may be too damaged to open); a cluster's from it."""
    if not is_remote(index_path):
        return load_meta(index_path)
    if not Index.exists(index_path):
        return None
    with Index.open(index_path) as ix:
        return ix.meta


def library_errors(func):
    """Turn SearchkitError into one error line and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except SearchkitError as exc:
            raise Failed(str(exc)) from exc

    return wrapper


class IndexLocation(click.Path):
    """An index folder, or a search cluster's URL (``typesense://host:port[,host:port...]/collection``), kept whole."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and is_remote(value):
            return value
        return super().convert(value, param, ctx)


def index_option(func):
    return click.option(
        "--index", "index_path", type=IndexLocation(file_okay=False, path_type=Path),
        envvar="SEARCHKIT_INDEX", default=DEFAULT_INDEX, show_default=True, show_envvar=True,
        help="Index folder, or a typesense:// URL.",
    )(func)


def color_option(func):
    return click.option(
        "--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
        help="Colour the output (auto: only on a terminal, and not when NO_COLOR is set).",
    )(func)


def lock_timeout_option(help: str = "How long to wait for another writer to finish."):
    """--lock-timeout for every command that writes: one default, one meaning."""
    return click.option("--lock-timeout", type=click.FloatRange(0), default=DEFAULT_LOCK_TIMEOUT, show_default=True,
                        metavar="SECONDS", help=help)


def follow_symlinks_option(func):
    return click.option("--follow-symlinks", is_flag=True,
                        help="Follow symlinks that lead outside the given folders.")(func)


def quiet_option(func):
    return click.option("-q", "--quiet", is_flag=True, help="Print nothing but results and errors.")(func)


def use_color(choice: str) -> bool:
    """--color: always/never, or auto = stdout is a terminal and NO_COLOR is unset."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def say_waiting(index_path: Path, quiet: bool):
    def say(timeout: float) -> None:
        if not quiet:
            where = one_line(str(index_path))
            click.echo(f"searchkit: {where} is locked by another writer; waiting up to {timeout:g} s ...", err=True)

    return say


def print_failures(report: SyncReport, quiet: bool) -> None:
    """This run's failures, always; skipped files, warnings and the files still failing unless quiet."""
    for failure in report.failures:
        click.echo(f"searchkit: failed: {one_line(str(failure))}", err=True)
    if quiet:
        return
    for skipped in report.skipped:
        click.echo(f"searchkit: skipped: {one_line(str(skipped))}", err=True)
    for warning in report.warnings:
        click.echo(f"searchkit: warning: {one_line(str(warning))}", err=True)
    if report.still_failing:
        files = plural(len(report.still_failing), "file still fails", "files still fail")
        click.echo(f"searchkit: {files} as before (searchkit check lists them)", err=True)


def print_report(report: SyncReport, quiet: bool) -> None:
    print_failures(report, quiet)
    if not quiet:
        click.echo(report.summary(), err=True)


def progress(quiet: bool):
    """A progress callback drawing a bar on stderr, only when stderr is a terminal."""
    if quiet or not sys.stderr.isatty():
        return None
    state = {}

    def update(done: int, total: int, path: str) -> None:
        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = click.progressbar(length=total, label="Indexing", file=sys.stderr)
            bar.__enter__()
        bar.update(1)
        if done == total:
            bar.__exit__(None, None, None)

    return update
