"""The ``searchkit`` command: a thin click layer over the library.

Each command turns options into library arguments, makes one library call and
prints the outcome; library errors become one ``searchkit: error: ...`` line
and exit code 2. Query exit codes: 0 hits, 1 no hits, 2 error.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import sys
from pathlib import Path

import click

from searchkit.cli.output import (
    article_dict,
    article_text,
    check_lines,
    clean_for_terminal,
    facets_dict,
    facets_text,
    people_text,
    person_text,
    report_dict,
    results_text,
    to_json,
    to_jsonl,
)
from searchkit.errors import IndexCorrupt, IndexNotFound, SearchkitError, SourceError
from searchkit.index.core import DEFAULT_LOCK_TIMEOUT, Index
from searchkit.models import SyncReport

DEFAULT_INDEX = "index"
DEFAULT_CORPUS = "corpus"
EXIT_ERROR = 2


class Failed(click.ClickException):
    """A one-line error with exit code 2."""

    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:
        click.echo(f"searchkit: error: {clean_for_terminal(self.message)}", err=True)


def library_errors(func):
    """Turn SearchkitError into one error line and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except SearchkitError as exc:
            raise Failed(str(exc)) from exc

    return wrapper


def index_option(func):
    return click.option(
        "--index", "index_path", type=click.Path(file_okay=False, path_type=Path),
        envvar="SEARCHKIT_INDEX", default=DEFAULT_INDEX, show_default=True, show_envvar=True,
        help="Index folder.",
    )(func)


def quiet_option(func):
    return click.option("-q", "--quiet", is_flag=True, help="Print nothing but results and errors.")(func)


def use_color(choice: str) -> bool:
    """--color: always/never, or auto = stdout is a terminal and NO_COLOR is unset."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


class SearchkitGroup(click.Group):
    """Turns an unexpected exception into one error line (exit 2) instead of a traceback.

    Set SEARCHKIT_DEBUG=1 to see the traceback (tests do, so bugs are not hidden).
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt, SystemExit):
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


@cli.command()
@click.argument("text", nargs=-1, required=True)
@index_option
@click.option("--section", multiple=True, help="Only this section (repeatable: any of them).")
@click.option("--person", multiple=True, help="Only articles naming this person: full name or surname (repeatable).")
@click.option("--since", metavar="DATE", help="Only articles dated on or after DATE (e.g. 2025-03-01).")
@click.option("--until", metavar="DATE", help="Only articles dated on or before DATE.")
@click.option("-n", "--limit", type=click.IntRange(1, 10_000), default=10, show_default=True, help="Hits per page.")
@click.option("--page", type=click.IntRange(1), default=1, show_default=True, help="Page of hits to show.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True,
              help="Rank by relevance, or newest first.")
@click.option("--literal", is_flag=True, help="Treat TEXT as plain words, not query syntax.")
@click.option("--no-collapse", is_flag=True, help="Show every copy of a story, not one with '+N similar'.")
@click.option("--no-suggest", is_flag=True, help="Do not suggest a respelled query when few articles match.")
@click.option("--no-feedback", is_flag=True,
              help="Rank by the query's words alone (no re-ranking with words of the top hits; faster).")
@click.option("--facets", metavar="NAMES",
              help="Count values over all hits: any of people,section,month (comma-separated).")
@click.option("--json", "as_json", is_flag=True,
              help="Print the hits as one JSON array (with --facets: an object with hits and facets).")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="Print one JSON object per hit, a line each.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the output (auto: only on a terminal, and not when NO_COLOR is set).")
@quiet_option
@library_errors
def query(text, index_path, section, person, since, until, limit, page, sort, literal, no_collapse, no_suggest,
          no_feedback, facets, as_json, as_jsonl, color, quiet) -> None:
    """Search the index: ranked hits with highlighted snippets.

    TEXT uses Whoosh's query language: AND, OR, NOT, "phrases", wildcards
    (ceasefire*), fuzzy terms (Zelensky~), and fields: headline:, section:,
    person:, author:, body:, date:. Plain words are all searched for; articles
    holding all of them rank first. Exit status: 0 hits, 1 none, 2 error.
    """
    if as_json and as_jsonl:
        raise click.UsageError("--json and --jsonl cannot be used together")
    with _open_for_query(index_path, quiet) as ix:
        results = ix.search(" ".join(text), limit=limit, page=page, section=section, person=person,
                            since=since, until=until, sort=sort, literal=literal, facets=facets,
                            collapse=not no_collapse, suggest=not no_suggest, feedback=not no_feedback)
        if not results.total and not quiet and ix.first_sync_running():
            click.echo(f"searchkit: the first sync of {index_path} is still under way; results are partial", err=True)
    _print_results(results, as_json=as_json, as_jsonl=as_jsonl, facets=bool(facets), color=use_color(color))
    sys.exit(0 if len(results) else 1)


def _print_results(results, *, as_json: bool, as_jsonl: bool, facets: bool, color: bool) -> None:
    """Hits as text, one JSON array (an object when facets are asked for) or JSON lines."""
    hits = [hit.to_dict() for hit in results]
    if as_json or as_jsonl:
        if results.suggestion:
            click.echo(f"searchkit: did you mean: {clean_for_terminal(results.suggestion)}", err=True)
        if as_json and facets:
            click.echo(to_json({"total": results.total, "hits": hits, "facets": facets_dict(results.facets),
                                "suggestion": results.suggestion}))
        elif as_json:
            click.echo(to_json(hits))
        else:
            rows = hits + ([{"facets": facets_dict(results.facets)}] if facets else [])
            if rows:
                click.echo(to_jsonl(rows))
        return
    text_out = results_text(results, color=color)
    if facets:
        text_out += "\n\n" + facets_text(results.facets)
    if results.suggestion:
        text_out += f"\n\nDid you mean: {clean_for_terminal(results.suggestion)}"
    click.echo(text_out, color=color)


def _open_for_query(index_path: Path, quiet: bool) -> Index:
    """Open the index; build it from ./corpus first when there is none yet."""
    if Index.exists(index_path) or not Path(DEFAULT_CORPUS).is_dir():
        if not Index.exists(index_path):
            raise IndexNotFound(f"no index at {index_path} (run `searchkit index PATH` to build one)")
        return Index.open(index_path)
    if not quiet:
        click.echo(f"searchkit: no index at {index_path}; building it from {DEFAULT_CORPUS}/ ...", err=True)
    ix = Index(index_path)
    report = ix.sync([DEFAULT_CORPUS], progress=_progress(quiet))
    _print_report(report, quiet)
    return ix


@cli.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True,
              help="Re-read every file and replace the index's contents in one commit.")
@click.option("--lock-timeout", type=click.FloatRange(0), default=DEFAULT_LOCK_TIMEOUT, show_default=True,
              metavar="SECONDS", help="How long to wait for another writer to finish.")
@click.option("--follow-symlinks", is_flag=True, help="Follow symlinks that lead outside the given folders.")
@click.option("--optimize", is_flag=True,
              help="Then merge the index into one segment: the fastest searches, but the whole index is rewritten.")
@click.option("--watch", is_flag=True,
              help="After the sync, keep following the files: each change is indexed within about a second "
                   "(Ctrl-C stops).")
@click.option("--json", "as_json", is_flag=True,
              help="Print the sync report as JSON (with --watch: one report a line, a line per sync).")
@quiet_option
@library_errors
def index_command(paths, index_path, rebuild, lock_timeout, follow_symlinks, optimize, watch, as_json,
                  quiet) -> None:
    """Bring the index in sync with article files (default: the folders it was synced from, else ./corpus).

    Adds new articles, re-indexes changed ones and removes those whose files
    were deleted from the given folders; unchanged files are not read again.
    Reads .txt/.md, .html/.htm and .jsonl files. Exit status: 0 all indexed,
    1 some files failed (each reported on stderr), 2 error (nothing changed).
    With --watch it runs until Ctrl-C (or SIGTERM) and then exits 0.
    """
    if not Index.exists(index_path):  # a mistyped folder leaves no empty index behind
        _require_one(list(paths) or [Path(DEFAULT_CORPUS)], index_path)
    with Index(index_path, lock_timeout=lock_timeout, on_lock_wait=_say_waiting(index_path, quiet)) as ix:
        targets = _targets(ix, paths)
        if watch:
            _watch(ix, targets, follow_symlinks=follow_symlinks, rebuild=rebuild, optimize=optimize,
                   as_json=as_json, quiet=quiet)
            return
        report = ix.sync(targets, progress=_progress(quiet or as_json), follow_symlinks=follow_symlinks,
                         rebuild=rebuild)
        if as_json:
            click.echo(to_json(report_dict(report)))
            _print_failures(report, quiet=True)
        else:
            _print_report(report, quiet)
        if optimize:
            _optimize(ix, quiet)
    sys.exit(1 if report.failed else 0)


def _targets(ix: Index, paths: tuple[Path, ...]) -> list[Path] | None:
    """The folders given; else None (the index's remembered folders), or ./corpus when it remembers none."""
    if paths:
        return list(paths)
    return None if ix.roots else [Path(DEFAULT_CORPUS)]


def _require_one(targets: list[Path], index_path: Path) -> None:
    if not any(target.expanduser().exists() for target in targets):
        shown = ", ".join(str(target) for target in targets)
        raise SourceError(shown, f"no such file or folder (no index was created at {index_path})")


def _optimize(ix: Index, quiet: bool) -> None:
    if not quiet:
        click.echo(f"searchkit: merging {ix.stats().segments} segment(s) into one ...", err=True)
    ix.optimize()


def _watch(ix: Index, targets: list[Path] | None, *, follow_symlinks: bool, rebuild: bool, optimize: bool,
           as_json: bool, quiet: bool) -> None:
    """Follow the files until Ctrl-C or SIGTERM, printing a report for each sync that did something."""
    first = True

    def on_sync(report: SyncReport) -> None:
        nonlocal first
        if as_json:
            click.echo(json.dumps(report_dict(report), ensure_ascii=False))
            _print_failures(report, quiet=True)
        elif first or report.changed or report.failures:
            _print_report(report, quiet)
        if first and optimize:
            _optimize(ix, quiet)
        if first and not quiet:
            shown = ", ".join(str(t) for t in targets or ix.roots)
            click.echo(f"searchkit: watching {shown} for changes (Ctrl-C stops)", err=True)
        first = False

    def on_error(exc: SearchkitError) -> None:
        click.echo(f"searchkit: error: {clean_for_terminal(str(exc))} (retrying)", err=True)

    def on_term(signum, frame) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        ix.watch(targets, on_sync=on_sync, on_error=on_error, follow_symlinks=follow_symlinks, rebuild=rebuild,
                 progress=_progress(quiet or as_json))
    except KeyboardInterrupt:
        if not quiet:
            click.echo("searchkit: stopped watching", err=True)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _say_waiting(index_path: Path, quiet: bool):
    def say(timeout: float) -> None:
        if not quiet:
            message = f"searchkit: {index_path} is locked by another writer; waiting up to {timeout:g} s ..."
            click.echo(message, err=True)

    return say


def _print_failures(report: SyncReport, quiet: bool) -> None:
    """This run's failures, always; skipped files, warnings and the files still failing unless quiet."""
    for failure in report.failures:
        click.echo(f"searchkit: failed: {clean_for_terminal(str(failure))}", err=True)
    if quiet:
        return
    for skipped in report.skipped:
        click.echo(f"searchkit: skipped: {clean_for_terminal(str(skipped))}", err=True)
    for warning in report.warnings:
        click.echo(f"searchkit: warning: {clean_for_terminal(str(warning))}", err=True)
    if report.still_failing:
        count = len(report.still_failing)
        files = "file still fails" if count == 1 else "files still fail"
        click.echo(f"searchkit: {count} {files} as before (searchkit check lists them)", err=True)


def _print_report(report: SyncReport, quiet: bool) -> None:
    _print_failures(report, quiet)
    if not quiet:
        click.echo(report.summary(), err=True)


def _progress(quiet: bool):
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


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--repair", is_flag=True,
              help="Fix what is wrong: salvage what can be read of a damaged index, then sync with the files.")
@click.option("--lock-timeout", type=click.FloatRange(0), default=DEFAULT_LOCK_TIMEOUT, show_default=True,
              metavar="SECONDS", help="With --repair: how long to wait for another writer to finish.")
@click.option("--follow-symlinks", is_flag=True, help="Follow symlinks that lead outside the given folders.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@quiet_option
@library_errors
def check(paths, index_path, repair, lock_timeout, follow_symlinks, as_json, quiet) -> None:
    """Verify the index against the article files (default: the folders it was synced from, else ./corpus).

    Reads back every segment (damaged files are reported) and compares the index
    with the files: missing, stale (changed since indexed) and orphaned articles
    (files deleted). Exit status: 0 consistent and in sync, 1 consistent but out
    of date, 2 damaged or error. With --repair, fixes what it finds, then checks again:
    the articles of damaged parts that still read back are kept, the rest are re-read
    from the files; nothing is deleted before the repaired index is complete.
    """
    if repair:
        _repair(index_path, paths, lock_timeout, follow_symlinks, quiet)
    with Index.open(index_path) as ix:
        report = ix.check(_targets(ix, paths), follow_symlinks=follow_symlinks)
    if as_json:
        click.echo(to_json(report.to_dict()))
    else:
        for line in check_lines(report, quiet):
            click.echo(line)
    sys.exit(0 if report.in_sync else 1 if report.consistent else EXIT_ERROR)


def _repair(index_path: Path, paths: tuple[Path, ...], lock_timeout: float, follow_symlinks: bool,
            quiet: bool) -> None:
    """Salvage a damaged index (one that cannot even be opened first), then sync it with its folders."""
    waiting = _say_waiting(index_path, quiet)
    try:
        ix = Index.open(index_path, lock_timeout=lock_timeout, on_lock_wait=waiting)
    except IndexCorrupt:
        salvaged = Index.salvage(index_path, lock_timeout=lock_timeout, on_lock_wait=waiting)
        if not quiet:
            click.echo(f"searchkit: {salvaged.summary()}", err=True)
        ix = Index.open(index_path, lock_timeout=lock_timeout, on_lock_wait=waiting)
    with ix:
        report = ix.repair(_targets(ix, paths), follow_symlinks=follow_symlinks, progress=_progress(quiet))
    if report.salvage.damaged and not quiet:
        click.echo(f"searchkit: {report.salvage.summary()}", err=True)
    _print_report(report.sync, quiet)


@cli.command()
@click.argument("article_id")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
@library_errors
def show(article_id, index_path, as_json) -> None:
    """Show a stored article by its id (as printed by `query`)."""
    with Index.open(index_path) as ix:
        article = ix.get(article_id)
    click.echo(to_json(article_dict(article)) if as_json else article_text(article))


@cli.command()
@click.argument("article_id")
@index_option
@click.option("-n", "--limit", type=click.IntRange(1, 10_000), default=10, show_default=True, help="Hits per page.")
@click.option("--page", type=click.IntRange(1), default=1, show_default=True, help="Page of hits to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as one JSON array.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="Print one JSON object per hit, a line each.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the output (auto: only on a terminal, and not when NO_COLOR is set).")
@library_errors
def related(article_id, index_path, limit, page, as_json, as_jsonl, color) -> None:
    """Articles related to ARTICLE_ID: shared key words and shared people.

    Exit status: 0 hits, 1 none, 2 error (e.g. no such article).
    """
    if as_json and as_jsonl:
        raise click.UsageError("--json and --jsonl cannot be used together")
    with Index.open(index_path) as ix:
        results = ix.related(article_id, limit=limit, page=page)
    _print_results(results, as_json=as_json, as_jsonl=as_jsonl, facets=False, color=use_color(color))
    sys.exit(0 if len(results) else 1)


@cli.command()
@click.argument("name", required=False)
@index_option
@click.option("--section", multiple=True, help="Only people in articles of this section (repeatable).")
@click.option("--since", metavar="DATE", help="Only articles dated on or after DATE.")
@click.option("--until", metavar="DATE", help="Only articles dated on or before DATE.")
@click.option("-n", "--limit", type=click.IntRange(1), default=50, show_default=True,
              help="How many people (or, with NAME, articles) to list.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@library_errors
def people(name, index_path, section, since, until, limit, as_json) -> None:
    """People named in the articles, most mentioned first; or one person's page.

    Spelling variants (Zelensky, Zelenskyy) count as one person, shown under the
    spelling most articles use. With NAME (full name, variant or surname): the
    canonical name, its spellings, its newest articles and the people most often
    mentioned with them.
    """
    with Index.open(index_path) as ix:
        if name:
            page = ix.person(name, limit=limit)
            click.echo(to_json(page.to_dict()) if as_json else person_text(page))
            return
        listing = ix.people(section=section, since=since, until=until, limit=limit)
    click.echo(to_json([p.to_dict() for p in listing]) if as_json else people_text(listing))


@cli.command()
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@library_errors
def stats(index_path, as_json) -> None:
    """Articles, sections, people, size and last sync of the index."""
    with Index.open(index_path) as ix:
        figures = ix.stats()
    if as_json:
        click.echo(to_json(figures.to_dict()))
        return
    sections = ", ".join(f"{name} ({count})" for name, count in figures.sections.items()) or "none"
    last = figures.last_sync.strftime("%Y-%m-%d %H:%M:%S UTC") if figures.last_sync else "never"
    click.echo(
        f"Index:    {figures.path}\n"
        f"Articles: {figures.articles}\n"
        f"Sections: {clean_for_terminal(sections)}\n"
        f"People:   {figures.people} distinct\n"
        f"Size:     {figures.size_bytes / 1024:.1f} KiB in {figures.segments} segment(s)\n"
        f"Synced:   {last}"
    )


def main() -> None:
    """Entry point for ``python -m searchkit``."""
    cli(prog_name="searchkit")


import searchkit.cli.serve  # noqa: E402, F401  (registers `searchkit serve`)
