"""Pick the passages of an article that best show why it matched, and mark the words.

A snippet is the densest window of matched words inside one paragraph, cut at
word boundaries; when that window misses some of the query's words, a second
window holding them is added after " … ". Highlight spans point at the words as
written in the article (not as stemmed), and the snippet names the sub-heading
its first passage falls under.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from searchkit.analysis.languages import ENGLISH, analysis_of
from searchkit.analysis.news import surface_fold
from searchkit.analysis.news import terms as analysed_terms
from searchkit.search.highlight import Highlighter

SNIPPET_CHARS = 240
_LEAD_IN = 60
_JOIN = " … "

Match = tuple[int, int, str]  # startchar, endchar, analysed term


@dataclass(frozen=True)
class Snippet:
    """A passage of the body, the spans of its highlighted words, and its sub-heading."""

    text: str
    spans: tuple[tuple[int, int], ...]
    subheading: str


def make_snippet(body: str, subheads: Iterable[str], marks: Highlighter, width: int = SNIPPET_CHARS,
                 language: str = ENGLISH) -> Snippet:
    """The best snippet of ``body`` for the words a query ``marks`` (``search.highlight``); the body is
    analysed as its ``language`` (a code, "de") was indexed."""
    paragraphs = _paragraph_bounds(body)
    if not paragraphs:
        return Snippet("", (), "")
    matches = _matches(body, paragraphs, marks, analysis_of(language))
    if not matches:
        start, end = paragraphs[0]
        text, spans = _passage(body, start, end, start, [], width)
        return Snippet(text, spans, "")
    para_of = [bisect_right([s for s, _ in paragraphs], m[0]) - 1 for m in matches]
    first = _best_window(matches, para_of, range(len(matches)), width)
    missing = {matches[j][2] for j in range(len(matches))} - {matches[j][2] for j in first}
    windows = [first]
    if missing:
        rest = [j for j in range(len(matches)) if matches[j][2] in missing and j not in first]
        windows.append(_best_window(matches, para_of, rest, width // 2))
        windows.sort(key=lambda w: matches[w[0]][0])
    texts, spans, offset = [], [], 0
    each = width if len(windows) == 1 else width // 2 + 20
    for window in windows:
        p_start, p_end = paragraphs[para_of[window[0]]]
        text, local = _passage(body, p_start, p_end, matches[window[0]][0], [matches[j] for j in window], each)
        if texts:  # one " … " between passages, not three dots in a row
            if texts[-1].endswith("…"):
                texts[-1] = texts[-1][:-1]
                offset -= 1
            if text.startswith("…"):
                text, local = text[1:], [(s - 1, e - 1) for s, e in local]
            offset += len(_JOIN)
        spans.extend((s + offset, e + offset) for s, e in local)
        texts.append(text)
        offset += len(text)
    subheading = _subheading_at(body, paragraphs, subheads, matches[first[0]][0])
    return Snippet(_JOIN.join(texts), tuple(spans), subheading)


def _matches(body: str, paragraphs: list[tuple[int, int]], marks: Highlighter, lang: str) -> list[Match]:
    """The query words in the body, as (start, end, term); only paragraphs that may hold one are analysed.

    Analysing is the slow part of a snippet (pure Python, a word at a time), and
    most paragraphs of a long article hold none of the query's words: a plain
    substring test of each word's stem prefix rules them out first (English text: the prefixes are
    Porter's).
    """
    if not marks:
        return []
    clues = marks.clues() if lang == ENGLISH else None
    found: list[Match] = []
    for start, end in paragraphs:
        text = body[start:end]
        if clues is not None:
            folded = surface_fold(text)
            if not any(clue in folded for clue in clues):
                continue
        found.extend(match for match in analysed_terms(text, start, lang) if marks.matches(match[2]))
    return found


def _best_window(matches: list[Match], para_of: list[int], candidates: Iterable[int], width: int) -> list[int]:
    """Indexes of the run of matches, within one paragraph and ``width`` chars, with most distinct terms."""
    chosen = list(candidates)
    best, best_key = chosen[:1], (0, 0)
    for i in chosen:
        limit = matches[i][0] + width - _LEAD_IN
        window = [j for j in chosen if j >= i and para_of[j] == para_of[i] and matches[j][1] <= limit]
        key = (len({matches[j][2] for j in window}), len(window))
        if key > best_key:
            best, best_key = window, key
    return best


def _passage(
    body: str, p_start: int, p_end: int, anchor: int, window: list[Match], width: int
) -> tuple[str, list[tuple[int, int]]]:
    """Up to ``width`` chars of one paragraph around ``anchor``, cut at spaces, with ellipses."""
    start = p_start if anchor - p_start <= _LEAD_IN + 30 else anchor - _LEAD_IN
    if start > p_start:
        space = body.find(" ", start, anchor)
        start = space + 1 if space != -1 else anchor
    end = min(p_end, start + width)
    last_match_end = max((e for _, e, _ in window if e <= end), default=start)
    if end < p_end:
        space = body.rfind(" ", max(start, last_match_end), end)
        if space > start:
            end = space
    prefix = "…" if start > p_start else ""
    suffix = "…" if end < p_end else ""
    text = body[start:end].rstrip()
    shift = len(prefix) - start
    spans: list[tuple[int, int]] = []
    for s, e, _ in window:
        if e > start + len(text):
            continue
        if spans and s + shift < spans[-1][1]:  # CJK bigrams overlap: one mark over the whole word
            spans[-1] = (spans[-1][0], e + shift)
        else:
            spans.append((s + shift, e + shift))
    return prefix + text + suffix, spans


def _paragraph_bounds(body: str) -> list[tuple[int, int]]:
    bounds, index = [], 0
    for part in body.split("\n\n"):
        if part.strip():
            bounds.append((index, index + len(part)))
        index += len(part) + 2
    return bounds


def _subheading_at(body: str, paragraphs: list[tuple[int, int]], subheads: Iterable[str], position: int) -> str:
    """The last sub-heading paragraph that starts before ``position``."""
    headings = set(subheads)
    current = ""
    for start, end in paragraphs:
        if start > position:
            break
        if body[start:end] in headings:
            current = body[start:end]
    return current
