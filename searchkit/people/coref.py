"""Within-article coreference for people.py: lists, surnames, first names.

A person's full name ("Volodymyr Zelensky") is used once; later the article says
"Zelensky" or, in a heading, "ZELENSKY".  These functions link such short mentions to the
full name, and complete comma lists that are mostly people.
"""

from __future__ import annotations

from searchkit.people import lexicon as lex
from searchkit.people.tokens import Tok, keys


def complete_lists(
    toks: list[Tok],
    accepted: list[tuple[int, int, int]],
    pending: list[tuple[int, int, bool]],
    org_keys: set[tuple[str, ...]],
) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, bool]]]:
    """In a comma list that is mostly people ("Given, Breen, Staunton, Irwin ..."),
    the remaining name-shaped items are people too."""
    items = sorted([(a, b, True) for a, b, _s in accepted] + [(a, b, False) for a, b, ok in
                   pending if ok])
    promote: set[tuple[int, int]] = set()
    k = 0
    while k < len(items):
        group = [items[k]]
        while k + 1 < len(items) and _list_gap(toks, group[-1][1], items[k + 1][0]):
            k += 1
            group.append(items[k])
        k += 1
        people = sum(1 for item in group if item[2])
        if len(group) >= 3 and people >= 2 and 2 * people >= len(group):
            for a, b, is_person in group:
                if not is_person and b - a <= 3 and keys(toks, a, b) not in org_keys and all(
                    toks[i].lower not in lex.PLACES and toks[i].lower not in lex.ORG_WORDS
                    for i in range(a, b)
                ):
                    promote.add((a, b))
    if not promote:
        return accepted, pending
    accepted = accepted + [(a, b, 1) for a, b in promote]
    pending = [p for p in pending if (p[0], p[1]) not in promote]
    return accepted, pending


def _list_gap(toks: list[Tok], end: int, start: int) -> bool:
    """True when only a list separator (",", "and", ", and") lies between two items."""
    gap = [t.text for t in toks[end:start]]
    if not gap or toks[end].line != toks[start].line:
        return False
    return gap in ([","], ["and"], [",", "and"], [";"])


def corefer(
    toks: list[Tok],
    accepted: list[tuple[int, int, int]],
    pending: list[tuple[int, int, bool]],
    org_keys: set[tuple[str, ...]],
) -> list[tuple[int, int, str]]:
    """Link short mentions to full names in the same text and pick canonical names."""
    full: list[tuple[tuple[str, ...], str, int]] = []  # keys, display, position
    for a, b, _s in accepted:
        ks = keys(toks, a, b)
        if len(ks) >= 2:
            display = " ".join(toks[i].bare for i in range(a, b))
            full.append((ks, display, a))
    # each part (first name, surname, and contiguous sub-runs) -> candidate people
    index: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for ks, display, pos in full:
        n = len(ks)
        for i in range(n):
            for j in range(i + 1, n + 1):
                if i == 0 and j == n:
                    continue
                index.setdefault(ks[i:j], []).append((pos, display))
    for a, b, _s in accepted:
        ks = keys(toks, a, b)
        if len(ks) == 1 and ks not in index:
            index[ks] = [(a, toks[a].bare)]
    longest: dict[tuple[str, ...], str] = {}
    for ks, display, _pos in full:
        longest.setdefault(ks, display)

    def resolve(ks: tuple[str, ...], pos: int) -> str | None:
        if ks in longest:
            hits = index.get(ks)
            if hits:  # "Donald Trump" inside "Donald J. Trump"
                return hits[0][1]
            return longest[ks]
        hits = index.get(ks)
        if not hits:
            return None
        before = [h for h in hits if h[0] <= pos]
        return (before[-1] if before else hits[0])[1]

    out: list[tuple[int, int, str]] = []
    for a, b, _s in accepted:
        ks = keys(toks, a, b)
        name = resolve(ks, a) or " ".join(toks[i].bare for i in range(a, b))
        out.append((a, b, name))
    for a, b, _sub in pending:
        i = a
        while i < b:
            matched = False
            for j in range(b, i, -1):
                ks = keys(toks, i, j)
                if not ks or ks in org_keys:
                    continue
                name = resolve(ks, i)
                if name is not None:
                    out.append((i, j, name))
                    i = j
                    matched = True
                    break
            if not matched:
                i += 1
    out.sort()
    return out
