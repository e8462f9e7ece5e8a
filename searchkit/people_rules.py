"""Candidate generation, cue-based classification and coreference for people.py.

Kept separate from the public API so each module stays small; see people.py for the
pipeline overview and docs/people.md for the rationale of each cue.
"""

from __future__ import annotations

import re
import unicodedata

from searchkit import people_lexicon as lex

_FOLD_RE = re.compile(r"[^a-z0-9 ]+")
_DOUBLE_RE = re.compile(r"([a-z])\1+")
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|bin|ibn|ben|abu|de|d|da|di|o)['’\-][^\W\d_]")


def name_key(name: str) -> str:
    """Accent-, case- and transliteration-folded matching key (see people.name_key)."""
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    folded = folded.replace("’", "'").replace("-", " ")
    folded = _FOLD_RE.sub("", folded).replace("y", "i")
    folded = _DOUBLE_RE.sub(r"\1", folded)
    return " ".join(folded.split())


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


def _line_modes(toks: list[Tok]) -> dict[int, str]:
    """Map line number -> 'caps' (ALL CAPS), 'head' (title-case heading) or 'prose'."""
    by_line: dict[int, list[Tok]] = {}
    for t in toks:
        by_line.setdefault(t.line, []).append(t)
    modes: dict[int, str] = {}
    for line, lt in by_line.items():
        words = [t for t in lt if t.word]
        letters = "".join(t.text for t in words)
        lowers = sum(1 for c in letters if c.islower())
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


def _sentence_initial(toks: list[Tok], i: int) -> bool:
    j = i - 1
    while j >= 0 and toks[j].text in _QUOTES and toks[j].line == toks[i].line:
        j -= 1
    return j < 0 or toks[j].line != toks[i].line or toks[j].text in _SENT_END


def _sequences(toks: list[Tok], modes: dict[int, str]) -> list[list[int]]:
    """Runs of capitalised tokens (with inner particles), split after possessives."""
    seqs: list[list[int]] = []
    cur: list[int] = []
    n = len(toks)
    particles = lex.PARTICLES
    for i, t in enumerate(toks):
        if cur and t.line != toks[cur[-1]].line:
            seqs.append(cur)
            cur = []
        if t.word and t.cap:
            cur.append(i)
        elif (
            cur
            and t.word
            and t.lower in particles
            and i + 1 < n
            and (toks[i + 1].cap and toks[i + 1].word or toks[i + 1].lower in particles)
        ):
            cur.append(i)
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


def _is_title(t: Tok) -> bool:
    low = t.lower.rstrip(".")
    return low in lex.TITLES


def _split_titles(toks: list[Tok], seq: list[int]) -> tuple[list[int], bool]:
    """Drop a leading title phrase; return the name part and whether a title preceded."""
    last = len(seq) - 1
    r = -1
    for k in range(last):  # a title word in last position is a surname (John Major)
        if _is_title(toks[seq[k]]):
            r = k
    if r >= 0:
        return seq[r + 1 :], True
    return seq, False


def _strip_leading(toks: list[Tok], seq: list[int], initial: bool) -> list[int]:
    given = lex.given_names()
    k = 0
    while k < len(seq) - 0:
        t = toks[seq[k]]
        low = t.lower
        nxt = toks[seq[k + 1]] if k + 1 < len(seq) else None
        if low in lex.NON_NAME or low in lex.DEMONYMS or low in lex.TITLE_PARTS:
            k += 1
        elif not t.text[0].isupper() or t.text.isupper() and len(t.text) > 1 and (
            low in lex.ABBREVIATIONS
        ):
            k += 1
        elif low in lex.PLACES and not (low in given and nxt is not None and _namey(nxt)):
            k += 1
        elif initial and k == 0 and low in lex.SENTENCE_WORDS:
            k += 1
        elif "." in t.text and len(t.text) > 2:  # U.S.
            k += 1
        else:
            break
    return seq[k:]


def _namey(t: Tok) -> bool:
    low = t.lower
    return not (
        low in lex.PLACES or low in lex.ORG_WORDS or low in lex.NON_NAME or low in lex.DEMONYMS
    )


_STRONG_ORG = frozenset(
    """office center centre university college school institute hospital museum street
    avenue road stadium airport inc corp corporation ltd llc plc co company group party
    ministry department agency council committee commission parliament congress senate
    assembly court bureau league club cup championship championships fc government
    administration army navy police union federation association bank festival
    foundation airlines airways motors international republic kingdom states
    """.split()
)
_PREPS = frozenset("in at from on near into onto to across toward towards via".split())
_BLOCKERS = frozenset("the a an this that these those their its his her our".split())


def _classify(
    toks: list[Tok], cand: list[int], cue: bool, mode: str, initial: bool
) -> bool:
    """True when the candidate token run is a person by its own local evidence."""
    given = lex.given_names()
    sur = lex.surnames()
    words = [toks[i] for i in cand]
    core = [t for t in words if t.lower not in lex.PARTICLES or t.text[0].isupper()]
    if not core:
        return False
    lows = [t.lower for t in core]
    for low in lows:
        if low in lex.NON_NAME or low in lex.DEMONYMS:
            return False
    last = lows[-1]
    first = lows[0]
    first_given = first in given or first.split("-")[0] in given
    for low in lows:
        if low in _STRONG_ORG:
            return False
        if low in lex.ORG_WORDS and not (first_given and low in sur and len(core) == 2):
            return False
    prev = toks[cand[0] - 1] if cand[0] > 0 else None
    if prev is not None and prev.line != words[0].line:
        prev = None
    nxt_i = cand[-1] + 1
    nxt = toks[nxt_i] if nxt_i < len(toks) and toks[nxt_i].line == words[-1].line else None
    if prev is not None and prev.word and not prev.cap and prev.lower in lex.ROLE_NOUNS:
        cue = True
    if cue:
        return True
    if prev is not None and prev.lower in _BLOCKERS:
        return False
    if all(low in lex.PLACES for low in lows):
        return False
    n = len(core)
    if n >= 2:
        if first_given and not (first in lex.PLACES and lows[1] in lex.PLACES):
            return True
        f = core[0].text
        if (len(f) == 2 and f.endswith(".")) or (
            len(f) == 2 and f.isupper() and first not in lex.ABBREVIATIONS
        ):
            return True
        if mode != "prose":
            return False
        if prev is not None and prev.lower in _PREPS:
            return False
        common = lex.english_words()
        if initial and first in common and first not in sur:
            return False
        for low in lows:
            if low in lex.PLACES:
                return False
            if low in common and low not in sur and low not in given:
                return False
        return n <= 4
    # single token
    low = first
    if low in lex.PLACES or low in lex.ORG_WORDS or len(low) < 2:
        return False
    if core[0].text.isupper():
        return False
    speech = (nxt is not None and nxt.lower in lex.SPEECH_VERBS) or (
        prev is not None and prev.lower in lex.SPEECH_VERBS and (nxt is None or not nxt.word)
    )
    if speech and (low in sur or low in given) and not (initial and low in lex.english_words()):
        return True
    return False


def detect(toks: list[Tok], text: str) -> list[tuple[int, int, str]]:
    """Person spans as (first token, end token, canonical name), in text order."""
    modes = _line_modes(toks)
    accepted: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []  # candidate runs left for coreference
    for seq in _sequences(toks, modes):
        mode = modes[toks[seq[0]].line]
        if mode == "caps":
            pending.append((seq[0], seq[-1] + 1))
            continue
        initial = _sentence_initial(toks, seq[0])
        cand, cue = _split_titles(toks, seq)
        if not cand:
            continue
        was_initial = initial and cand[0] == seq[0]
        stripped = _strip_leading(toks, cand, was_initial)
        if len(stripped) != len(cand):
            was_initial = False
        cand = stripped
        if not cand:
            continue
        if _classify(toks, cand, cue, mode, was_initial):
            accepted.append((cand[0], cand[-1] + 1))
        else:
            pending.append((cand[0], cand[-1] + 1))
    return _corefer(toks, accepted, pending)


def _keys(toks: list[Tok], a: int, b: int) -> tuple[str, ...]:
    return tuple(
        name_key(toks[i].bare) for i in range(a, b)
        if not (toks[i].lower in lex.PARTICLES and not toks[i].text[0].isupper())
    )


def _corefer(
    toks: list[Tok], accepted: list[tuple[int, int]], pending: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Link short mentions to full names in the same text and pick canonical names."""
    full: list[tuple[tuple[str, ...], str, int]] = []  # keys, display, position
    for a, b in accepted:
        ks = _keys(toks, a, b)
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
    for a, b in accepted:
        ks = _keys(toks, a, b)
        name = resolve(ks, a) or " ".join(toks[i].bare for i in range(a, b))
        out.append((a, b, name))
    for a, b in pending:
        i = a
        while i < b:
            matched = False
            for j in range(b, i, -1):
                ks = _keys(toks, i, j)
                if not ks:
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
