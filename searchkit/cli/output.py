"""Render results for the terminal and for machines (JSON, JSON lines).

Everything printed passes through ``clean_for_terminal`` (article text may
carry control characters that would drive the terminal), and JSON is produced
by ``json.dumps`` only, so it is always valid.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import click

from searchkit.models import Article, Hit, Results, SyncReport

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_for_terminal(text: str) -> str:
    """Text safe to print: no escape sequences or other control characters."""
    return _CONTROL.sub("", text)


def hit_lines(hit: Hit, *, color: bool) -> list[str]:
    """The lines that show one hit in the terminal."""
    def style(text: str, **kwargs) -> str:
        return click.style(text, **kwargs) if color else text

    headline = clean_for_terminal(hit.headline) or "(no headline)"
    date = hit.date.date().isoformat() if hit.date else ""
    meta = [m for m in (hit.section, date, hit.id, hit.url if hit.url != hit.id else "") if m]
    if color:
        snippet = hit.marked_snippet("\x1b[1;31m", "\x1b[0m", clean_for_terminal)
    else:
        snippet = hit.marked_snippet("**", "**", clean_for_terminal)
    rank, score = style(f"{hit.rank}.", bold=True), style(f"score {hit.score:.2f}", dim=True)
    lines = [
        f"{rank} {style(headline, bold=True)}  {score}",
        "   " + style(clean_for_terminal(" · ".join(meta)), fg="green"),
    ]
    if hit.people:
        lines.append("   " + style("People: ", dim=True) + clean_for_terminal(", ".join(hit.people)))
    if hit.subheading:
        lines.append("   " + style(f"[{clean_for_terminal(hit.subheading)}]", fg="cyan"))
    if snippet:
        lines.append("   " + snippet.replace("\n", " "))
    if hit.similar:
        lines.append("   " + style(f"+{hit.similar} similar", dim=True))
    return lines


def results_text(results: Results, *, color: bool) -> str:
    """The whole result page for the terminal, with the total at the end."""
    blocks = ["\n".join(hit_lines(hit, color=color)) for hit in results]
    first = (results.page - 1) * results.pagelen + 1
    last = first + len(results) - 1
    noun = "hit" if results.total == 1 else "hits"
    if results.total == 0:
        footer = "No articles match."
    elif len(results) == 0:
        footer = f"No hits on page {results.page} ({results.total} {noun} in all)."
    else:
        pages = -(-results.total // results.pagelen)
        footer = f"{first}–{last} of {results.total} {noun}"
        if pages > 1:
            footer += f" (page {results.page} of {pages})"
    return "\n\n".join(blocks + [footer])


def facets_text(facets: dict[str, list[tuple[str, int]]]) -> str:
    """One line per facet: ``people: Donald Trump (3), Marco Rubio (2)``."""
    lines = []
    for name, values in facets.items():
        shown = ", ".join(f"{clean_for_terminal(value)} ({count})" for value, count in values) or "none"
        lines.append(f"{name}: {shown}")
    return "\n".join(lines)


def facets_dict(facets: dict[str, list[tuple[str, int]]]) -> dict:
    return {name: [{"value": value, "count": count} for value, count in values] for name, values in facets.items()}


def people_text(people: list) -> str:
    """The people listing: count and name, one a line."""
    if not people:
        return "No people found."
    width = len(str(people[0].count))
    return "\n".join(f"{p.count:>{width}}  {clean_for_terminal(p.name)}" for p in people)


def person_text(page) -> str:
    """A person's page for the terminal."""
    lines = [clean_for_terminal(page.name), ""]
    lines.append(f"Articles: {page.count}")
    if len(page.variants) > 1:
        lines.append("Also written: " + clean_for_terminal(", ".join(v for v in page.variants if v != page.name)))
    if page.co_mentioned:
        lines.append("Mentioned with: " + clean_for_terminal(
            ", ".join(f"{name} ({count})" for name, count in page.co_mentioned)))
    lines.append("")
    for ref in page.articles:
        date = ref.date.date().isoformat() if ref.date else "undated"
        lines.append(f"  {date}  {clean_for_terminal(ref.headline)}  [{clean_for_terminal(ref.id)}]")
    return "\n".join(lines)


def to_json(items: list[dict] | dict) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2)


def to_jsonl(items: Iterable[dict]) -> str:
    return "\n".join(json.dumps(item, ensure_ascii=False) for item in items)


def article_dict(article: Article) -> dict:
    """Every field of a stored article, JSON-ready."""
    return article.to_dict()


def article_text(article: Article) -> str:
    """A stored article as a readable page."""
    rows = [("Id", article.id), ("Section", article.section),
            ("Date", article.date.isoformat() if article.date else ""),
            ("Authors", ", ".join(article.authors)), ("People", ", ".join(article.people)),
            ("URL", article.url), ("Path", article.path)]
    head = [clean_for_terminal(article.headline), ""]
    head += [f"{name}: {clean_for_terminal(value)}" for name, value in rows if value]
    return "\n".join(head + ["", clean_for_terminal(article.body)])


def check_lines(report, quiet: bool) -> list[str]:
    """A check report: the summary, then each problem and out-of-date article (unless quiet)."""
    lines = [report.summary()]
    if quiet:
        return lines
    lines += [f"damaged: {clean_for_terminal(p)}" for p in report.problems]
    for label, items in (("missing", report.missing), ("stale", report.stale), ("orphaned", report.orphaned)):
        lines += [f"{label}: {clean_for_terminal(item)}" for item in items]
    lines += [f"unreadable: {clean_for_terminal(str(f))}" for f in report.unreadable]
    if not report.in_sync:
        lines.append("run `searchkit check --repair` (or `searchkit index`) to fix")
    return lines


def report_dict(report: SyncReport) -> dict:
    return {
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "failed": report.failed,
        "failures": [{"path": f.path, "reason": f.reason} for f in report.failures],
        "skipped": [{"path": f.path, "reason": f.reason} for f in report.skipped],
        "warnings": [{"path": f.path, "reason": f.reason} for f in report.warnings],
        "still_failing": [{"path": f.path, "reason": f.reason} for f in report.still_failing],
    }
