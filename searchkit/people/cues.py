"""Cues that a multi-word run is a person, where news puts names without a title.

- an age in commas right after it ("Samer Ammar Soliman, 42, told Reuters");
- a speech verb right after it, also after a preposition ("a letter from Marwan
  Jilani said ...") when no word of it is an English word or a place and one is a
  known first name or surname;
- a numbered line-up ("4 - Kobus Wiese, 3 - Marius Hurter, ..."), a team sheet of
  initials and surnames ("Ireland: G Murphy; S Horgan, B O'Driscoll, ...", where even
  "A Foley" is a name), or a byline line just before a dateline ("Richard Finn" /
  "NEW YORK 1996-08-31");
- nouns a person's name modifies after "the" ("the Marc Dutroux case").
"""

from __future__ import annotations

from searchkit.people import lexicon as lex
from searchkit.people import shapes
from searchkit.people.tokens import Tok

#: Nouns that take a person's name before them: "the Dutroux case", "the Bush administration".
PERSON_MODIFIED = frozenset(
    "case affair trial family murder killing scandal era administration government years camp "
    "campaign presidency estate inquiry verdict".split())
_MAX_AGE = 110


def person_context(toks: list[Tok], core: list[Tok], a: int, b: int) -> bool:
    """Whether the run ``toks[a:b]`` (of two words or more) stands where news puts a person."""
    return _age_after(toks, b) or _lineup(toks, a, b) or _byline(toks, a, b) or (
        _speech_after(toks, b) and all(_name_word(t) for t in core) and any(_listed(t) for t in core))


def _listed(t: Tok) -> bool:
    """A word the name lists know ("Jilani"), unlike a paper's title ("Zycie Warszawy said")."""
    return t.lower in lex.given_names() or t.lower in lex.surnames()


def _name_word(t: Tok) -> bool:
    low = t.lower
    return low not in lex.PLACES and (_listed(t) or not shapes.is_common(low))


def _age_after(toks: list[Tok], b: int) -> bool:
    """", 42," right after the run."""
    if b + 2 >= len(toks) or toks[b].text != "," or toks[b + 2].text != "," or toks[b + 1].line != toks[b].line:
        return False
    age = toks[b + 1].text
    return age.isdigit() and 0 < int(age) <= _MAX_AGE


def _speech_after(toks: list[Tok], b: int) -> bool:
    return b < len(toks) and toks[b].line == toks[b - 1].line and toks[b].lower in lex.SPEECH_VERBS


def _lineup(toks: list[Tok], a: int, b: int) -> bool:
    """"..., 4 - Kobus Wiese , 3 - Marius Hurter ,": shirt numbers before names, three times on the line."""
    if a < 2 or toks[a - 1].text not in "-–" or not toks[a - 2].text.isdigit():
        return False
    line = toks[a].line
    numbered = sum(1 for i in range(1, len(toks)) if toks[i].line == line and toks[i].text in "-–"
                   and toks[i - 1].text.isdigit() and i + 1 < len(toks) and toks[i + 1].cap)
    return numbered >= 3


def _byline(toks: list[Tok], a: int, b: int) -> bool:
    """A line holding just the run, followed by a dateline ("NEW YORK 1996-08-31", "LONDON, Jan 5")."""
    line = toks[a].line
    if (a > 0 and toks[a - 1].line == line) or b >= len(toks) or toks[b].line == line:
        return False
    nxt_line = [t for t in toks[b : b + 8] if t.line == toks[b].line]
    words = [t for t in nxt_line if t.word]
    return bool(words) and all(t.text.isupper() for t in words[:1]) and any(
        t.text[0].isdigit() for t in nxt_line) and len(words) <= 4


#: Initials before surnames on one line that make it a team sheet.
TEAM_SHEET_ITEMS = 4


def team_sheet_lines(toks: list[Tok]) -> frozenset[int]:
    """Lines listing people as an initial and a surname ("G Murphy; S Horgan, B O'Driscoll, ...")."""
    counts: dict[int, int] = {}
    for i in range(len(toks) - 1):
        if len(toks[i].text) == 1 and initial_item(toks, i):
            counts[toks[i].line] = counts.get(toks[i].line, 0) + 1
    return frozenset(line for line, n in counts.items() if n >= TEAM_SHEET_ITEMS)


def initial_item(toks: list[Tok], i: int) -> bool:
    """A single capital letter opening a list item, before a capitalised word."""
    t, nxt = toks[i], toks[i + 1] if i + 1 < len(toks) else None
    if len(t.text) != 1 or not t.text.isupper() or nxt is None or nxt.line != t.line or not nxt.cap:
        return False
    return len(nxt.bare) > 1 and (i == 0 or toks[i - 1].line != t.line or toks[i - 1].text in ",;:")


#: Short lines in a row that make a menu or a list when most of them are no person's name.
MENU_LINES = 5


def menu_lines(toks: list[Tok]) -> frozenset[int]:
    """Lines of a menu or option list: five short lines or more in a row (blank lines between
    allowed), most of which are not a first name and a surname ("Arial", "Georgia", "Arial
    Black", "Impact", ...). A run on such a line is no person without a title."""
    lines: dict[int, list[Tok]] = {}
    for t in toks:
        lines.setdefault(t.line, []).append(t)
    menus: set[int] = set()
    block: list[int] = []
    for line in sorted(lines) + [-1]:
        words = [t for t in lines.get(line, ()) if t.word]
        short = line >= 0 and 0 < len(words) <= 4 and len(words) == len(lines[line]) and words[0].cap
        if short and (not block or line - block[-1] <= 2):
            block.append(line)
            continue
        if len(block) >= MENU_LINES and 2 * sum(_full_name_line(lines[b]) for b in block) < len(block):
            menus.update(block)
        block = [line] if short else []
    return frozenset(menus)


def _full_name_line(words: list[Tok]) -> bool:
    return len(words) >= 2 and words[0].lower in lex.given_names() and shapes.surname_like(words[1])
