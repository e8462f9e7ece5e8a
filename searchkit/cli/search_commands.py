"""``searchkit query`` and ``searchkit related``: a page of ranked hits, as text or JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from searchkit.cli.output import facets_text, results_text, search_notes, to_json, to_jsonl
from searchkit.cli.shared import (
    DEFAULT_CORPUS,
    EXIT_NONE,
    EXIT_OK,
    color_option,
    index_option,
    library_errors,
    print_report,
    progress,
    quiet_option,
    use_color,
    writing,
)
from searchkit.cli.terminal import one_line, output_width
from searchkit.errors import IndexNotFound
from searchkit.index.core import Index
from searchkit.models import Results
from searchkit.search.budget import DEFAULT_TIMEOUT


@click.command()
@click.argument("text", nargs=-1, required=True)
@index_option
@click.option("--section", multiple=True, help="Only this section (repeatable: any of them).")
@click.option("--person", multiple=True, help="Only articles naming this person: full name or surname (repeatable).")
@click.option("--lang", multiple=True, metavar="CODE",
              help="Only articles in this language: a code such as en, de, ja (repeatable: any of them).")
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
@click.option("--timeout", type=click.FloatRange(0), default=DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
              help="Stop searching after this long and show what was found, saying so (0: no limit).")
@click.option("--json", "as_json", is_flag=True,
              help="Print the page as one JSON object: total, paging and hits (and facets, suggestion).")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="Print one JSON object per hit, a line each.")
@color_option
@quiet_option
@library_errors
def query(text, index_path, section, person, lang, since, until, limit, page, sort, literal, no_collapse, no_suggest,
          no_feedback, facets, timeout, as_json, as_jsonl, color, quiet) -> None:
    """Search the index: ranked hits with highlighted snippets.

    TEXT uses searchkit's query language: AND, OR, NOT, -word, +word,
    "phrases", wildcards (ceasefire*), fuzzy terms (Zelensky~), and fields
    (headline:, section:, person:, author:, body:, date:) that restrict. Plain
    words are all searched for; articles holding all of them rank first; *
    alone lists every article, newest first.
    Exit status: 0 hits, 1 none (or a page past the last), 2 error, 130
    interrupted.
    """
    if as_json and as_jsonl:
        raise click.UsageError("--json and --jsonl cannot be used together")
    with open_for_query(index_path, quiet) as ix:
        results = ix.search(" ".join(text), limit=limit, page=page, section=section, person=person,
                            since=since, until=until, sort=sort, literal=literal, facets=facets,
                            collapse=not no_collapse, suggest=not no_suggest, feedback=not no_feedback,
                            timeout=timeout or None, lang=lang)
        if not results.total and not quiet and ix.first_sync_running():
            click.echo(f"searchkit: the first sync of {index_path} is still under way; results are partial", err=True)
    print_results(results, timeout=timeout, as_json=as_json, as_jsonl=as_jsonl, color=use_color(color))
    sys.exit(EXIT_OK if len(results) else EXIT_NONE)


def print_results(results: Results, *, timeout: float, as_json: bool, as_jsonl: bool, color: bool) -> None:
    """A result page as text, one JSON object (``Results.to_dict``) or JSON lines; notes go to stderr."""
    for note in search_notes(results, timeout):
        click.echo(note, err=True)
    if as_json or as_jsonl:
        if results.suggestion:
            click.echo(f"searchkit: did you mean: {one_line(results.suggestion)}", err=True)
        page = results.to_dict()
        if as_json:
            click.echo(to_json(page))
            return
        rows = page["hits"] + ([{"facets": page["facets"]}] if "facets" in page else [])
        if rows:
            click.echo(to_jsonl(rows))
        return
    width = output_width()
    text_out = results_text(results, width=width, color=color)
    if results.facets:
        text_out += "\n\n" + facets_text(results.facets, width)
    if results.suggestion:
        text_out += f"\n\nDid you mean: {one_line(results.suggestion)}"
    click.echo(text_out, color=color)


def open_for_query(index_path: Path, quiet: bool) -> Index:
    """Open the index; build it from ./corpus first when there is none yet."""
    if Index.exists(index_path) or not Path(DEFAULT_CORPUS).is_dir():
        if not Index.exists(index_path):
            raise IndexNotFound(f"no index at {index_path} (run `searchkit index PATH` to build one)")
        return Index.open(index_path)
    if not quiet:
        click.echo(f"searchkit: no index at {index_path}; building it from {DEFAULT_CORPUS}/ ...", err=True)
    writing()
    ix = Index(index_path)
    report = ix.sync([DEFAULT_CORPUS], progress=progress(quiet))
    print_report(report, quiet)
    return ix


@click.command()
@click.argument("article_id")
@index_option
@click.option("-n", "--limit", type=click.IntRange(1, 10_000), default=10, show_default=True, help="Hits per page.")
@click.option("--page", type=click.IntRange(1), default=1, show_default=True, help="Page of hits to show.")
@click.option("--timeout", type=click.FloatRange(0), default=DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
              help="Stop searching after this long and show what was found, saying so (0: no limit).")
@click.option("--json", "as_json", is_flag=True, help="Print the page as one JSON object: total, paging and hits.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="Print one JSON object per hit, a line each.")
@color_option
@library_errors
def related(article_id, index_path, limit, page, timeout, as_json, as_jsonl, color) -> None:
    """Articles related to ARTICLE_ID: shared key words and shared people.

    Exit status: 0 hits, 1 none, 2 error (e.g. no such article), 130 interrupted.
    """
    if as_json and as_jsonl:
        raise click.UsageError("--json and --jsonl cannot be used together")
    with Index.open(index_path) as ix:
        results = ix.related(article_id, limit=limit, page=page, timeout=timeout or None)
    print_results(results, timeout=timeout, as_json=as_json, as_jsonl=as_jsonl, color=use_color(color))
    sys.exit(EXIT_OK if len(results) else EXIT_NONE)
