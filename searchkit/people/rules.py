"""Candidate generation, cue-based classification and coreference for people.py.

Kept separate from the public API so each module stays small; see people.py for the
pipeline overview and docs/people.md for the rationale of each cue.
"""

from __future__ import annotations

import re
from functools import lru_cache

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


def _line_modes(toks: list[Tok]) -> dict[int, str]:
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


def _is_title(t: Tok) -> bool:
    low = t.lower.rstrip(".")
    return low in lex.TITLES or ("-" in low and low.split("-")[-1] in lex.TITLES)


def _split_titles(toks: list[Tok], seq: list[int]) -> tuple[list[int], bool]:
    """Drop a leading title phrase; return the name part and whether a title preceded."""
    r = -1
    for k in range(len(seq) - 1):  # a title word in last position is a surname (John Major)
        if _is_title(toks[seq[k]]):
            r = k
    if r >= 0:
        return seq[r + 1 :], True
    return seq, False


_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers")


@lru_cache(maxsize=1 << 16)
def is_common(low: str) -> bool:
    """A lowercase English word, also through regular inflections (tensions -> tension)."""
    words = lex.english_words()
    if low in words:
        return True
    if low.endswith("men") and low[:-3] + "man" in words:
        return True
    if low.endswith("ies") and low[:-3] + "y" in words:
        return True
    for suf in _SUFFIXES:
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            stem = low[: -len(suf)]
            if stem in words or stem + "e" in words:
                return True
    return False


def _surname_like(t: Tok) -> bool:
    low = t.lower
    if low in lex.PLACES or low in lex.ORG_WORDS or low in lex.NON_NAME or low in lex.DEMONYMS:
        return False
    return low in lex.surnames() or not is_common(low)


def _is_org_token(t: Tok) -> bool:
    low = t.lower
    if low in lex.ORG_SUFFIXES:
        return t.text[0].isupper()  # "Pirelli SpA", but not "... as saying"
    return low in lex.STRONG_ORG_WORDS or t.text == "&"


_PREPS = frozenset(["in", "at", "from", "on", "near", "into", "onto", "across", "via"])
# Verbs after which a bare name is the speaker ("..., said Smith"); "told X" is excluded
# because X is usually the listener, often a news agency.
_INVERSION_VERBS = (lex.SPEECH_VERBS - {"told", "tells", "asked", "asks", "urged", "urges"}) | {
    "quoted", "quoting", "quotes"}
_AFTER_SPEAKER = lex.AFTER_SPEAKER
_BLOCKERS = frozenset(["the", "a", "an", "this", "that", "these", "those", "their", "its", "our"])


_CONTRACTION = re.compile(r"(?:['’](?:ve|re|ll|d|m)|n['’]t)$", re.I)
_CAMEL_HEAD = re.compile(r"([A-Z][a-z]{3,})[A-Z]")


def _digit_glued(toks: list[Tok], i: int) -> bool:
    """A word written against a number ("16GB", "DDR3", "F1", "4K."): a unit or a model."""
    t = toks[i]
    before = i > 0 and toks[i - 1].end == t.start and toks[i - 1].text[0].isdigit()
    after = i + 1 < len(toks) and toks[i + 1].start == t.end and toks[i + 1].text[0].isdigit()
    return before or after


def _glued_word(t: Tok) -> bool:
    """A word glued to a capitalised word ("JavaScript", "PlayStation", "CreditKirsten"
    from a caption): a product or run-together text, not a name.

    Name prefixes are shorter ("Mc", "Mac", "De", "La", "Van") or are names ("FitzGerald").
    """
    m = _CAMEL_HEAD.match(t.bare)
    if m is None:
        return False
    head = m.group(1).lower()
    return head not in lex.given_names() and head not in lex.surnames()


def _modifier_compound(t: Tok) -> bool:
    """A hyphenated English modifier ("Just-released", "Un-Angry"), not a double-barrelled
    name ("Lloyd-Webber", "Dong-hoon", "Ka-shing")."""
    head, _, tail = t.bare.rpartition("-")
    low = tail.lower()
    if not tail or low in lex.given_names() or low in lex.surnames() or not is_common(low):
        return False
    if tail[0].islower():
        return len(tail) >= 5  # short lowercase tails are romanised syllables: "Dong-hoon"
    return all(is_common(w.lower()) and w.lower() not in lex.surnames() for w in head.split("-"))


def _dotted_initials(t: Tok, nxt: Tok | None) -> bool:
    """"J.K." before a surname ("J.K. Rowling"); "U.S."/"D.C." are known abbreviations."""
    letters = t.text.replace(".", "")
    if len(letters) > 3 or not letters.isupper() or nxt is None or _acronym(nxt):
        return False
    low = letters.lower()
    return low not in lex.ABBREVIATIONS and low not in lex.PLACES and _surname_like(nxt)


def _breaker(toks: list[Tok], seq: list[int], k: int, part_empty: bool) -> bool:
    """True when seq[k] cannot be part of a person name and splits the run."""
    t = toks[seq[k]]
    low = t.lower
    nxt = toks[seq[k + 1]] if k + 1 < len(seq) else None
    if low in lex.NON_NAME or low in lex.TITLE_PARTS:
        return True
    if low in lex.NAME_MONTHS:
        return part_empty and not (nxt is not None and _surname_like(nxt) and t.text[0].isupper())
    if low in lex.DEMONYMS:
        return not (low in lex.given_names() and nxt is not None and _surname_like(nxt))
    if not t.text[0].isupper() and low not in lex.PARTICLES and "-" not in low:
        return True
    if "." in t.text and len(t.text) > 2:  # U.S., but not J.K. Rowling
        return not (part_empty and _dotted_initials(t, nxt))
    if t.text.isupper() and low in lex.ABBREVIATIONS:
        return True
    if "-" in t.text:
        head, _, tail = t.text.partition("-")
        if head.lower() == "ex" or tail.lower() in lex.MODIFIER_TAILS or _modifier_compound(t):
            return True
    if _digit_glued(toks, seq[k]) or _glued_word(t) or _CONTRACTION.search(t.bare):
        return True
    if part_empty and low in lex.PLACES:
        return not (low in lex.given_names() and nxt is not None and _surname_like(nxt))
    return False


def _parts(toks: list[Tok], seq: list[int], cue: bool, initial: bool) -> list[tuple[list[int], bool]]:
    """Split a run at non-name words; yield (tokens, cue) per part."""
    out: list[tuple[list[int], bool]] = []
    cur: list[int] = []
    cur_cue = cue
    for k, i in enumerate(seq):
        t = toks[i]
        if k == 0 and initial:
            low = t.lower
            if low in lex.SENTENCE_WORDS or (
                is_common(low) and low not in lex.given_names() and low not in lex.surnames()
            ):
                continue
        if _breaker(toks, seq, k, not cur):
            if cur:
                out.append((cur, cur_cue))
            cur, cur_cue = [], False
            continue
        if not cur and k + 1 < len(seq) and t.lower in lex.ROLE_NOUNS:
            cur_cue = True  # "Economist Joel Naroff"
            continue
        cur.append(i)
    if cur:
        out.append((cur, cur_cue))
    return out


def _neighbours(toks: list[Tok], a: int, b: int) -> tuple[Tok | None, Tok | None]:
    line = toks[a].line
    prev = toks[a - 1] if a > 0 and toks[a - 1].line == line else None
    nxt = toks[b] if b < len(toks) and toks[b].line == line else None
    return prev, nxt


def _thing_context(toks: list[Tok], seq: list[int]) -> bool:
    """Organisation/thing evidence around or inside a capitalised run."""
    prev, nxt = _neighbours(toks, seq[0], seq[-1] + 1)
    if any(_is_org_token(toks[i]) for i in seq) or toks[seq[-1]].lower in lex.ORG_WORDS:
        return True
    if nxt is not None and (_is_org_token(nxt) or nxt.text == "&"):
        return True
    if (
        nxt is not None
        and not toks[seq[-1]].poss
        and nxt.word
        and not nxt.cap
        and nxt.lower in lex.THING_NOUNS
    ):
        return True
    if prev is not None and prev.lower == "of" and seq[0] >= 2:
        prev = toks[seq[0] - 2]  # "the town of Bou Haroun"
    return prev is not None and prev.word and not prev.cap and prev.lower in lex.THING_NOUNS


def _acronym(t: Tok) -> bool:
    """All-caps letters ("GPU", "ET", "CNIL") or their plural ("APIs"); not a Roman numeral."""
    text = t.bare
    if len(text) < 2 or not text.isalpha() or text in lex.ROMAN:
        return False
    return text.isupper() or (len(text) >= 4 and text[-1] == "s" and text[:-1].isupper())


def _product_shape(toks: list[Tok], core: list[Tok], b: int) -> bool:
    """Acronyms or a model number make a run a product, unit or agency, not a person:
    "AMD Polaris GPU", "PlayStation VR", "La CNIL", "AM ET", "Intel Core i7".

    Initials before a surname ("JD Vance") and long all-caps names ("DESMOND TUTU") stay.
    """
    nxt = toks[b] if b < len(toks) and toks[b].line == toks[b - 1].line else None
    if nxt is not None and nxt.word and nxt.start > toks[b - 1].end and _digit_glued(toks, b):
        return True  # "Intel Core i7"
    flags = [_acronym(t) for t in core]
    if not any(flags):
        return False
    if all(flags):
        return any(len(t.bare) <= 3 or not t.bare.isupper() for t in core)
    return not (flags[0] and len(core[0].bare) == 2 and not any(flags[1:]))


def _foreign_article(lows: list[str]) -> bool:
    """"Le Monde", "La Stampa": an article before words that are not names is a title of a
    paper or work; "Le Duc Anh" (a Vietnamese surname) has name words after it."""
    if len(lows) < 2 or lows[0] not in lex.ARTICLES:
        return False
    names = (lex.given_names(), lex.surnames())
    return not any(low in group for low in lows[1:] for group in names)


def _not_a_single_name(t: Tok, nxt: Tok | None) -> bool:
    """A cue before one ordinary word is not enough: "Student Journalism" (a role noun
    in a heading), "Lord Mayor of London" (a title, then "of")."""
    low = t.lower
    if _is_title(t) and nxt is not None and nxt.lower == "of":
        return True
    return is_common(low) and low not in lex.given_names() and low not in lex.surnames()


_OPEN_QUOTES = frozenset("“\"«")
_CLOSE_QUOTES = frozenset("”\"»")


def _quoted_title(prev: Tok | None, nxt: Tok | None) -> bool:
    """A run that fills a pair of quotes is a work's title ("“Eve Valkyrie” ($60)")."""
    return prev is not None and nxt is not None and prev.text in _OPEN_QUOTES and (
        nxt.text in _CLOSE_QUOTES
    )


def _name_like_tail(words: list[Tok], lowercase: frozenset[str]) -> bool:
    """Words after a given name must not be places ("Hamilton Chicago") or words the same
    text also writes in lowercase ("Pearl Oscar Dress" beside "Oscar dress"), unless they
    are known surnames or given names.

    The dictionary alone cannot tell: it holds rare words that are surnames (Venter, Lama).
    """
    given, sur = lex.given_names(), lex.surnames()
    for t in words:
        low = t.lower
        if low in sur or low in lex.PARTICLES:
            continue
        if low in lex.PLACES or (low in lowercase and low not in given):
            return False
    return True


def _classify(
    toks: list[Tok],
    cand: list[int],
    cue: bool,
    mode: str,
    whole_line: bool,
    lowercase: frozenset[str],
) -> int:
    """Evidence for a person: 2 strong (cue, given name, initials), 1 weak, 0 none."""
    given = lex.given_names()
    sur = lex.surnames()
    words = [toks[i] for i in cand]
    core = [t for t in words if t.lower not in lex.PARTICLES or t.text[0].isupper()]
    if not core:
        return 0
    lows = [t.lower for t in core]
    first = lows[0]
    if first in lex.PLACE_PREFIXES:
        return 0
    first_given = first in given or first.split("-")[0] in given
    strong_given = first_given and not is_common(first)
    for low in lows:
        if low in lex.ORG_WORDS and not (
            first_given and low in lex.SURNAME_ORG_WORDS and len(core) == 2
        ):
            return 0
    prev, nxt = _neighbours(toks, cand[0], cand[-1] + 1)
    if _product_shape(toks, core, cand[-1] + 1) or _foreign_article(lows):
        return 0
    if prev is not None and prev.word and not prev.cap and prev.lower in lex.ROLE_NOUNS:
        cue = True
    if cue:
        return 0 if len(core) == 1 and _not_a_single_name(core[0], nxt) else 3
    if _quoted_title(prev, nxt):
        return 0
    if prev is not None and prev.lower in _BLOCKERS:
        return 0
    if all(low in lex.PLACES for low in lows):
        return 0
    n = len(core)
    if n >= 2:
        if lows[-1] in lex.PLACES and len(core[0].text) <= 2:
            return 0  # "N. Korea"
        if (
            first_given
            and (strong_given or _surname_like(core[1]))
            and not (first in lex.PLACES and lows[1] in lex.PLACES)
            and _name_like_tail(core[1:], lowercase)
        ):
            return 2
        f = core[0].text
        if (len(f) == 2 and f.endswith(".")) or _dotted_initials(core[0], core[1]) or (
            len(f) == 2 and f.isupper() and first not in lex.ABBREVIATIONS
            and _surname_like(core[1])
        ):
            return 2
        if mode != "prose" and not whole_line:
            return 0
        if prev is not None and prev.lower in _PREPS:
            return 0
        if nxt is not None and nxt.text.isdigit():
            after = toks[cand[-1] + 2] if cand[-1] + 2 < len(toks) else None
            if after is not None and (after.text.isdigit() or after.cap):
                return 0  # team in a results table: "Red Star 3 Partizan 6"
        for k, low in enumerate(lows):
            if low in lex.PLACES:
                return 0
            if is_common(low) and low not in sur and (k > 0 or low not in given):
                return 0
        return 1 if n <= 4 else 0
    low = first
    if low in lex.PLACES or len(low) < 2 or core[0].text.isupper():
        return 0
    if is_common(low) and low not in sur and low not in given:
        return 0
    b = cand[-1] + 1
    speech = (nxt is not None and nxt.lower in lex.SPEECH_VERBS) or (
        prev is not None
        and prev.lower in _INVERSION_VERBS
        and (nxt is None or not nxt.word or nxt.lower in _AFTER_SPEAKER)
    )
    age = (  # "Yeltsin, 65, has been seen"
        nxt is not None and nxt.text == "," and b + 2 < len(toks)
        and toks[b + 1].text.isdigit() and toks[b + 2].text == ","
    )
    if (speech or age) and not is_common(low) and (low in sur or low in given or age):
        return 1
    return 0


Candidates = tuple[
    list[tuple[int, int, int]], list[tuple[int, int, bool]], set[tuple[str, ...]]
]


def classify_runs(toks: list[Tok]) -> Candidates:
    """Accepted runs (a, b, strength), pending runs (a, b, list-eligible), org keys."""
    modes = _line_modes(toks)
    accepted: list[tuple[int, int, int]] = []  # a, b, strength
    pending: list[tuple[int, int, bool]] = []  # candidate runs left for coreference
    org_keys: set[tuple[str, ...]] = set()
    lowercase = frozenset(t.text for t in toks if t.word and t.text.islower())
    for seq in _sequences(toks, modes):
        mode = modes[toks[seq[0]].line]
        if mode == "caps":
            pending.append((seq[0], seq[-1] + 1, False))
            continue
        initial = _sentence_initial(toks, seq[0])
        cand, cue = _split_titles(toks, seq)
        if not cand:
            continue
        if len(cand) != len(seq):
            initial = False
        if _thing_context(toks, cand):
            _remember_org(toks, cand, org_keys)
            continue
        whole = seq[0] == 0 or toks[seq[0] - 1].line != toks[seq[0]].line
        whole = whole and (seq[-1] + 1 == len(toks) or toks[seq[-1] + 1].line != toks[seq[0]].line)
        for part, part_cue in _parts(toks, cand, cue, initial):
            strength = _classify(toks, part, part_cue, mode, whole, lowercase)
            if strength:
                accepted.append((part[0], part[-1] + 1, strength))
            else:
                pending.append((part[0], part[-1] + 1, True))
    accepted = [
        (a, _extend_roman(toks, b), s) for a, b, s in accepted
        if s == 3 or keys(toks, a, b) not in org_keys
    ]
    return accepted, pending, org_keys


def _remember_org(toks: list[Tok], seq: list[int], org_keys: set[tuple[str, ...]]) -> None:
    """Record the name-like head of an organisation so later bare mentions stay orgs."""
    head: list[int] = []
    for i in seq:
        if _is_org_token(toks[i]) or toks[i].lower in lex.ORG_WORDS:
            break
        head.append(i)
    for i in range(len(head)):
        for j in range(i + 1, len(head) + 1):
            org_keys.add(keys(toks, head[i], head[i] + j - i))


def _extend_roman(toks: list[Tok], b: int) -> int:
    """Include a regnal numeral after a name ("Elizabeth II")."""
    # "I" is left out: "... said Smith I think" is far commoner than "Pedro I".
    if b < len(toks) and toks[b].text in lex.ROMAN and toks[b].line == toks[b - 1].line:
        return b + 1
    return b


def keys(toks: list[Tok], a: int, b: int) -> tuple[str, ...]:
    """Name keys of the tokens a..b, lowercase particles left out (de Gaulle = Gaulle)."""
    return tuple(
        name_key(toks[i].bare) for i in range(a, b)
        if not (toks[i].lower in lex.PARTICLES and not toks[i].text[0].isupper())
    )
