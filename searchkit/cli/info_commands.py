"""``searchkit show``, ``people`` and ``stats``: what the index holds."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from searchkit.cli.output import (
    article_dict,
    article_text,
    people_text,
    person_text,
    stats_text,
    to_json,
    unknown_person_note,
)
from searchkit.cli.shared import EXIT_NONE, EXIT_OK, index_option, library_errors
from searchkit.cli.terminal import output_width
from searchkit.errors import PersonNotFound
from searchkit.index.core import Index
from searchkit.models import PersonPage


@click.command()
@click.argument("article_id")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
@library_errors
def show(article_id, index_path, as_json) -> None:
    """Show a stored article by its id (as printed by `query`)."""
    with Index.open(index_path) as ix:
        article = ix.get(article_id)
    click.echo(to_json(article_dict(article)) if as_json else article_text(article, output_width()))


@click.command()
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
    mentioned with them; a NAME the index does not hold is answered with the
    people it may mean ("Did you mean"). Exit status: 0 found, 1 nobody (or an
    unknown NAME), 2 error.
    """
    with Index.open(index_path) as ix:
        if name:
            try:
                page = ix.person(name, limit=limit)
            except PersonNotFound as missing:
                unknown_person(name, missing.suggestions, as_json)
            click.echo(to_json(page.to_dict()) if as_json else person_text(page, output_width()))
            return
        listing = ix.people(section=section, since=since, until=until, limit=limit)
    click.echo(to_json([p.to_dict() for p in listing]) if as_json else people_text(listing))
    sys.exit(EXIT_OK if listing else EXIT_NONE)


def unknown_person(name: str, suggestions: list[str], as_json: bool) -> NoReturn:
    """Say that nobody of that name is in the index, offering the people it may mean; exit 1 (nobody found).

    ``--json`` prints an empty person page with ``person_suggestions`` keyed by the
    name, the shape ``query --json`` gives a ``--person`` that finds nobody.
    """
    click.echo(unknown_person_note(name, suggestions), err=True)
    if as_json:
        empty = PersonPage(name=name, variants=[], count=0, articles=[], co_mentioned=[])
        click.echo(to_json({**empty.to_dict(), "person_suggestions": {name: suggestions}}))
    sys.exit(EXIT_NONE)


@click.command()
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@library_errors
def stats(index_path, as_json) -> None:
    """Articles, sections, people, size and last sync of the index."""
    with Index.open(index_path) as ix:
        figures = ix.stats()
    click.echo(to_json(figures.to_dict()) if as_json else stats_text(figures, output_width()))
