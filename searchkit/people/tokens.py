"""Tokens of an article for the people extractor: offsets, line modes and capitalised runs.

The first stage of the pipeline (see ``extract``): each token keeps its character
span and line; a line is prose, a title-case heading or ALL CAPS; runs of
capitalised tokens (with name particles inside) are the candidates the rules
classify.
"""

from __future__ import annotations

import re

from searchkit.people import lexicon as lex
from searchkit.people.names import name_key

_PARTICLE_PREFIX = re.compile(r"^(?:al|el|bin|ibn|ben|abu|de|d|da|di|o)['’\-][^\W\d_]")


class Tok:
    """A token with its offsets and the few derived flags the rules look at."""

    __slots__ = ("start", "end", "text", "line", "first", "lower", "cap", "word", "poss",
                 "name_end", "bare")

    def __init__(self, start: int, end: int, text: str, line: int, first: bool) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.line = line
        self.first = first
        self.poss = False
        bare = text
        if len(text) > 2 and text[-2] in "'’" and text[-1] in "sS":
            bare = text[:-2]
            self.poss = True
        self.bare = bare
        self.name_end = start + len(bare)
        self.lower = bare.lower()
        c0 = text[0]
        self.word = c0.isalpha()
        self.cap = c0.isupper() or bool(_PARTICLE_PREFIX.match(text))


_SENT_END = frozenset(".!?:;")
_QUOTES = frozenset("\"“”‘’'()[]«»-–—")
_SENT_PUNCT_END = frozenset(".!?\"”’:")


def line_modes(toks: list[Tok]) -> dict[int, str]:
    """Map line number -> 'caps' (ALL CAPS), 'head' (title-case heading) or 'prose'."""
    by_line: dict[int, list[Tok]] = {}
    for t in toks:
        by_line.setdefault(t.line, []).append(t)
    modes: dict[int, str] = {}
    for line, lt in by_line.items():
        words = [t for t in lt if t.word]
        letters = "".join(t.text for t in words)
        lowers = sum(map(str.islower, letters))
        if len(letters) >= 2 and lowers <= 0.1 * len(letters):
            modes[line] = "caps"
            continue
        long_words = [t for t in words if len(t.text) > 3]
        digits = any(t.text[0].isdigit() for t in lt)
        if (
            len(long_words) >= 2
            and not digits
            and len(words) <= 14
            and lt[-1].text not in _SENT_PUNCT_END
            and all(t.cap for t in long_words)
        ):
            modes[line] = "head"
        else:
            modes[line] = "prose"
    return modes


def sentence_initial(toks: list[Tok], i: int) -> bool:
    j = i - 1
    while j >= 0 and toks[j].text in _QUOTES and toks[j].line == toks[i].line:
        j -= 1
    return j < 0 or toks[j].line != toks[i].line or toks[j].text in _SENT_END


def sequences(toks: list[Tok], modes: dict[int, str]) -> list[list[int]]:
    """Runs of capitalised tokens (with inner particles), split after possessives."""
    seqs: list[list[int]] = []
    cur: list[int] = []
    n = len(toks)
    particles = lex.PARTICLES
    for i, t in enumerate(toks):
        if cur and t.line != toks[cur[-1]].line:
            seqs.append(cur)
            cur = []
        if t.word and t.cap or (
            cur
            and t.word
            and t.lower in particles
            and i + 1 < n
            and (toks[i + 1].cap and toks[i + 1].word or toks[i + 1].lower in particles)
        ):
            cur.append(i)
        elif (
            cur
            and t.text == "."
            and toks[cur[-1]].lower in lex.TITLES
            and len(toks[cur[-1]].text) <= 4  # "Gov.", not "... the Attorney General. Earlier"
            and i + 1 < n
            and toks[i + 1].cap
        ):
            continue  # "Mr. Smith", "Gov. Carroll Campbell"
        else:
            if cur:
                seqs.append(cur)
                cur = []
            continue
        if t.poss or (i + 2 < n and toks[i + 1].text in "'’" and toks[i + 2].text in "sS"):
            toks[i].poss = True
            seqs.append(cur)
            cur = []
    if cur:
        seqs.append(cur)
    return seqs



def keys(toks: list[Tok], a: int, b: int) -> tuple[str, ...]:
    """Name keys of the tokens a..b, lowercase particles left out (de Gaulle = Gaulle)."""
    return tuple(
        name_key(toks[i].bare) for i in range(a, b)
        if not (toks[i].lower in lex.PARTICLES and not toks[i].text[0].isupper())
    )


_TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # abbreviations: U.S., J.R.
    r"|[^\W\d_]\.(?!\w)"  # single initial: J.
    r"|[^\W\d_]+(?:['’\-][^\W\d_]+)*"  # words, O'Brien, Jean-Luc, Zelensky’s
    r"|\d+(?:[.,:/\-]\d+)*"
    r"|\S"
)


def tokenise(text: str) -> list[Tok]:
    """The tokens of ``text`` with their character offsets and line numbers."""
    toks: list[Tok] = []
    line = 0
    prev_end = 0
    for m in _TOKEN_RE.finditer(text):
        start, end = m.span()
        newline = text.count("\n", prev_end, start)
        line += newline
        toks.append(Tok(start, end, m.group(), line, newline > 0 or not toks))
        prev_end = end
    return toks
