"""Render results for the terminal and for machines (JSON, JSON lines).

Every field printed as text goes through ``terminal.one_line`` or
``terminal.running_text`` (article text may carry newlines, escape sequences
or bidi overrides that would forge output or drive the terminal), and is
wrapped to the terminal's width with its indentation kept. JSON is produced
by ``json.dumps`` only, so it is always valid.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from searchkit.cli.terminal import Piece, one_line, paragraphs, plural, running_text, size, wrap
from searchkit.models import Article, Hit, IndexStats, NodeStats, Results, SyncReport
from searchkit.search.people_suggestions import did_you_mean

_HIGHLIGHT = {"fg": "red", "bold": True}
#: How many of each kind of problem ``check`` lists without --verbose.
CHECK_EXAMPLES = 5


def hit_lines(hit: Hit, *, scored: bool, width: int | None, color: bool) -> list[str]:
    """The lines that show one hit: headline, where it is from, people, sub-heading, snippet, copies."""
    first = f"{hit.rank}. "
    indent = " " * len(first)
    headline = Piece(one_line(hit.headline) or "(no headline)", {"bold": True})
    lines = wrap([headline], width, first=first, indent=indent, color=color)
    meta = [m for m in (hit.section, hit.date.date().isoformat() if hit.date else "", hit.id,
                        hit.url if hit.url != hit.id else "") if m]
    facts = [Piece(one_line(m), {"fg": "green"}, whole=True) for m in meta]
    if scored:
        facts.append(Piece(f"score {hit.score:.2f}", {"dim": True}, whole=True))
    lines += wrap(_joined(facts, Piece(" · ", {"fg": "green"})), width, first=indent, indent=indent, color=color)
    if hit.people:
        lines += wrap([Piece("People: ", {"dim": True}), Piece(one_line(", ".join(hit.people)))], width,
                      first=indent, indent=indent, color=color)
    if hit.subheading:
        lines += wrap([Piece(f"[{one_line(hit.subheading)}]", {"fg": "cyan"})], width, first=indent, indent=indent,
                      color=color)
    if hit.snippet:
        lines += wrap(_snippet_pieces(hit, color), width, first=indent, indent=indent, color=color)
    if hit.similar:
        lines.append(indent + Piece(f"+{hit.similar} similar", {"dim": True}).render(color))
    return lines


def _joined(pieces: list[Piece], separator: Piece) -> list[Piece]:
    out: list[Piece] = []
    for piece in pieces:
        out += [separator, piece] if out else [piece]
    return out


def _snippet_pieces(hit: Hit, color: bool) -> list[Piece]:
    """The snippet with its matched words highlighted: in colour, or between ``**`` marks."""
    pieces, index = [], 0
    for start, end in hit.highlights:
        word = running_text(hit.snippet[start:end])
        pieces.append(Piece(running_text(hit.snippet[index:start])))
        pieces.append(Piece(word, _HIGHLIGHT) if color else Piece(f"**{word}**"))
        index = end
    pieces.append(Piece(running_text(hit.snippet[index:])))
    return pieces


def results_text(results: Results, *, width: int | None, color: bool) -> str:
    """The whole result page for the terminal, with the total at the end."""
    scored = results.sort == "relevance"
    blocks = ["\n".join(hit_lines(hit, scored=scored, width=width, color=color)) for hit in results]
    return "\n\n".join(blocks + [results_footer(results)])


def results_footer(results: Results) -> str:
    """``1–10 of 23 hits (page 1 of 3)``; what an empty or partial page means."""
    counted = f"at least {plural(results.total, 'hit')}" if results.timed_out else plural(results.total, "hit")
    if results.total == 0:
        return "No articles match."
    if len(results) == 0:
        return f"No hits on page {results.page} of {results.pages} ({counted} in all)."
    last = results.first + len(results) - 1
    footer = f"{results.first}–{last} of {counted}"
    notes = [f"page {results.page} of {results.pages}"] if results.pages > 1 else []
    if results.collapsed:
        notes.append(f"{plural(results.collapsed, 'copy', 'copies')} folded under them")
    return footer + (f" ({'; '.join(notes)})" if notes else "")


def search_notes(results: Results, timeout: float | None) -> list[str]:
    """Lines for stderr: a partial answer, terms cut to their most frequent words."""
    notes = []
    if results.timed_out:
        spent = f" after {timeout:g} s" if timeout else ""
        notes.append(f"searchkit: partial results: the search stopped{spent} (--timeout allows more time)")
    for term in results.capped_terms:
        notes.append(f"searchkit: note: {one_line(term)} matches too many words; only the most frequent were "
                     "searched for (narrow it to find the rest)")
    for name, people in (results.person_suggestions or {}).items():
        notes.append(unknown_person_note(name, people))
    return notes


def unknown_person_note(name: str, people: list[str]) -> str:
    """``searchkit: no person named 'Tony Blar' in the index; did you mean: Tony Blair?``"""
    offer = f"; did you mean: {one_line(did_you_mean(people))}?" if people else ""
    return f"searchkit: no person named {one_line(repr(name))} in the index{offer}"


def facets_text(facets: dict[str, list[tuple[str, int]]], width: int | None) -> str:
    """One paragraph per facet: ``people: Donald Trump (3), Marco Rubio (2)``."""
    lines = []
    for name, values in facets.items():
        shown = ", ".join(f"{one_line(value)} ({count})" for value, count in values) or "none"
        lines += wrap([Piece(f"{name}: "), Piece(shown)], width, indent="  ")
    return "\n".join(lines)


def people_text(people: list) -> str:
    """The people listing: count and name, one a line."""
    if not people:
        return "No people found."
    width = len(str(people[0].count))
    return "\n".join(f"{p.count:>{width}}  {one_line(p.name)}" for p in people)


def person_text(page, width: int | None) -> str:
    """A person's page for the terminal."""
    lines = [one_line(page.name), "", f"Articles: {page.count}"]
    if len(page.variants) > 1:
        others = ", ".join(v for v in page.variants if v != page.name)
        lines += wrap([Piece("Also written: "), Piece(one_line(others))], width, indent="  ")
    if page.co_mentioned:
        named = ", ".join(f"{name} ({count})" for name, count in page.co_mentioned)
        lines += wrap([Piece("Mentioned with: "), Piece(one_line(named))], width, indent="  ")
    lines.append("")
    for ref in page.articles:
        date = ref.date.date().isoformat() if ref.date else "undated"
        pieces = [Piece(f"{one_line(ref.headline)} "), Piece(f"[{one_line(ref.id)}]", whole=True)]
        lines += wrap(pieces, width, first=f"  {date:<10}  ", indent=" " * 14)
    return "\n".join(lines)


def to_json(items: list[dict] | dict) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2)


def to_jsonl(items: Iterable[dict]) -> str:
    return "\n".join(json.dumps(item, ensure_ascii=False) for item in items)


def article_dict(article: Article) -> dict:
    """Every field of a stored article, JSON-ready."""
    return article.to_dict()


def article_text(article: Article, width: int | None) -> str:
    """A stored article as a readable page: headline, its facts, then the body's paragraphs."""
    rows = [("Id", article.id), ("Section", article.section),
            ("Date", article.date.isoformat() if article.date else ""), ("Language", article.language),
            ("Authors", ", ".join(article.authors)), ("People", ", ".join(article.people)),
            ("URL", article.url), ("Path", article.path)]
    head = wrap([Piece(one_line(article.headline))], width)
    head.append("")
    for name, value in rows:
        if value:
            head += wrap([Piece(f"{name}: "), Piece(one_line(value), whole=name in ("Id", "URL", "Path"))], width,
                         indent="  ")
    body = ["\n".join(wrap([Piece(p)], width)) for p in paragraphs(article.body).split("\n\n")]
    return "\n".join(head) + "\n\n" + "\n\n".join(body)


def stats_text(figures: IndexStats, width: int | None) -> str:
    """The index's figures, one a line."""
    sections = ", ".join(f"{name} ({count})" for name, count in figures.sections.items()) or "none"
    last = figures.last_sync.strftime("%Y-%m-%d %H:%M:%S UTC") if figures.last_sync else "never"
    held = f"{size(figures.size_bytes)} in memory on the leader (each node holds all of it)" if figures.nodes \
        else f"{size(figures.size_bytes)} in {plural(figures.segments, 'segment')}"
    rows = [("Index:", one_line(figures.path)), ("Articles:", f"{figures.articles:,}"),
            ("Sections:", one_line(sections)), ("People:", f"{figures.people:,} distinct"),
            ("Size:", held), ("Synced:", last)]
    rows += [("Nodes:" if n == 0 else "", node_line(node)) for n, node in enumerate(figures.nodes)]
    lines = []
    for label, value in rows:
        lines += wrap([Piece(value)], width, first=f"{label:<10}", indent=" " * 10)
    return "\n".join(lines)


def node_line(node: NodeStats) -> str:
    """One cluster node: address, role and health, then the figures it gave."""
    if node.role == "down":
        return f"{node.address} down: no answer"
    parts = []
    if node.memory_bytes is not None:
        parts.append(f"{size(node.memory_bytes)} memory")
    if node.disk_used_bytes is not None and node.disk_total_bytes:
        parts.append(f"disk {size(node.disk_used_bytes)} of {size(node.disk_total_bytes)} used")
    if node.pending_writes:
        parts.append(f"{plural(node.pending_writes, 'write batch', 'write batches')} pending")
    state = f"{node.role}, {'healthy' if node.healthy else 'NOT HEALTHY'}"
    return f"{node.address} {state}" + (": " + ", ".join(parts) if parts else "")


def check_lines(report, *, compared: bool, verbose: bool, quiet: bool) -> list[str]:
    """A check report: one summary line, then a few of each kind of problem (all with ``verbose``)."""
    state = "consistent" if report.consistent else f"DAMAGED ({plural(len(report.problems), 'problem')})"
    summary = f"index {state}, {plural(report.articles, 'article')}"
    if compared:
        summary += (f"; files: {len(report.missing):,} missing, {len(report.stale):,} stale, "
                    f"{len(report.orphaned):,} orphaned, {len(report.unreadable):,} unreadable")
    else:
        summary += "; not compared with any files (name the folders to compare with)"
    lines = [summary]
    if quiet:
        return lines
    kinds = [("damaged", report.problems), ("missing", report.missing), ("stale", report.stale),
             ("orphaned", report.orphaned), ("unreadable", [str(f) for f in report.unreadable])]
    for label, items in kinds:
        shown = items if verbose else items[:CHECK_EXAMPLES]
        lines += [f"{label}: {one_line(item)}" for item in shown]
        if len(items) > len(shown):
            lines.append(f"... and {len(items) - len(shown):,} more {label} (--verbose lists them all)")
    if not report.consistent:
        lines.append("run `searchkit check --repair` to rebuild the index from the files")
    elif not report.in_sync:
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
