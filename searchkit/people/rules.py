"""Cue-based classification of capitalised runs: who is a person, what is an organisation.

Kept apart from tokenising (``tokens``) and word shapes (``shapes``); see
``extract`` for the pipeline overview and docs/people.md for the rationale of each cue.
"""

from __future__ import annotations

from searchkit.people import cues, evidence, shapes, tokens
from searchkit.people import lexicon as lex
from searchkit.people.tokens import Tok, keys


def _split_titles(toks: list[Tok], seq: list[int]) -> tuple[list[int], bool]:
    """Drop a leading title phrase; return the name part and whether a title preceded."""
    r = -1
    for k in range(len(seq) - 1):  # a title word in last position is a surname (John Major)...
        if shapes.is_title(toks[seq[k]]):
            r = k
    if r >= 0 and r == len(seq) - 2 and shapes.is_title(toks[seq[-1]]):
        return [], True  # ...unless titles are all there is ("Lord Chancellor")
    if r >= 0:
        return seq[r + 1 :], True
    return seq, False


_PREPS = frozenset(["in", "at", "from", "on", "near", "into", "onto", "across", "via"])
# Verbs after which a bare name is the speaker ("..., said Smith"); "told X" is excluded
# because X is usually the listener, often a news agency.
_INVERSION_VERBS = (lex.SPEECH_VERBS - {"told", "tells", "asked", "asks", "urged", "urges"}) | {
    "quoted", "quoting", "quotes"}
_AFTER_SPEAKER = lex.AFTER_SPEAKER
_AND_PARTICLES = frozenset(["y", "e"])
_DATE_PREPOSITIONS = frozenset(["in", "from", "to", "until", "since", "by", "during", "before", "after", "early",
                                "late", "mid", "last", "next", "of"])
_BLOCKERS = frozenset(["the", "a", "an", "this", "that", "these", "those", "their", "its", "our", "@"])


def _breaker(toks: list[Tok], seq: list[int], k: int, part_empty: bool) -> bool:
    """True when seq[k] cannot be part of a person name and splits the run."""
    t = toks[seq[k]]
    low = t.lower
    nxt = toks[seq[k + 1]] if k + 1 < len(seq) else None
    if low in lex.NON_NAME or low in lex.TITLE_PARTS:
        return True
    if low in _AND_PARTICLES and k + 2 < len(seq) and nxt is not None and nxt.lower in lex.given_names():
        return True  # "Emily Anthes y Tal Abbady" is two people; "José Ortega y Gasset" one
    if low in lex.NAME_MONTHS:  # "June Carter", but "from January to June Comelf exported"
        before = toks[seq[k] - 1] if seq[k] else None
        return part_empty and (before is not None and before.lower in _DATE_PREPOSITIONS or not (
            nxt is not None and shapes.surname_like(nxt) and t.text[0].isupper()))
    if low in lex.DEMONYMS:  # "Christian Bale", "Richard Finn", but "Tory Neil Hamilton"
        if not part_empty and nxt is None and low in lex.surnames() and toks[seq[k - 1]].lower in lex.given_names():
            return False
        after = toks[seq[k + 2]] if k + 2 < len(seq) else None
        return not (low in lex.given_names() and nxt is not None and shapes.surname_like(nxt)
                    and not (after is not None and nxt.lower in lex.given_names() and shapes.surname_like(after)))
    if not t.text[0].isupper() and low not in lex.PARTICLES and "-" not in low:
        return True
    if "." in t.text and len(t.text) > 2:  # U.S., but not J.K. Rowling
        return not (part_empty and shapes.dotted_initials(t, nxt))
    if t.text.isupper() and low in lex.ABBREVIATIONS:
        return True
    if "-" in t.text:
        head, _, tail = t.text.partition("-")
        if head.lower() == "ex" or tail.lower() in lex.MODIFIER_TAILS or shapes.modifier_compound(t):
            return True
    if shapes.digit_glued(toks, seq[k]) or shapes.glued_word(t) or shapes.CONTRACTION.search(t.bare) or (
        k == len(seq) - 1 and shapes.numbered_label(toks, seq[k])
    ):
        return True
    if part_empty and low in lex.PLACES:
        return not (low in lex.given_names() and nxt is not None and shapes.surname_like(nxt))
    return False


def _unknown_before_full_name(toks: list[Tok], seq: list[int]) -> bool:
    """A sentence's first word that no name list knows, before a first name and a surname:
    a misspelt or unlisted role ("Subtitute Robin van Persie"), not part of the name."""
    if len(seq) < 3:
        return False
    first, given, after = (toks[i] for i in seq[:3])
    low = first.lower
    return (low not in lex.given_names() and low not in lex.surnames() and given.lower in lex.given_names()
            and (after.lower in lex.PARTICLES or shapes.surname_like(after)))


def _parts(toks: list[Tok], seq: list[int], cue: bool, initial: bool,
           sheets: frozenset[int]) -> list[tuple[list[int], bool]]:
    """Split a run at non-name words; yield (tokens, cue) per part."""
    out: list[tuple[list[int], bool]] = []
    cur: list[int] = []
    cur_cue = cue
    for k, i in enumerate(seq):
        t = toks[i]
        if not cur and toks[i].line in sheets and cues.initial_item(toks, i):
            cur, cur_cue = [i], True  # "A Foley" on a team sheet: an initial, not the article
            continue
        if k == 0 and initial:
            low = t.lower
            if low in lex.SENTENCE_WORDS or (
                shapes.is_common(low) and low not in lex.given_names() and low not in lex.surnames()
            ) or _unknown_before_full_name(toks, seq):
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
    strong_given = first_given and not shapes.is_common(first)
    for low in lows:
        if low in lex.ORG_WORDS and not (
            first_given and low in lex.SURNAME_ORG_WORDS and len(core) == 2
        ):
            return 0
    prev, nxt = evidence.neighbours(toks, cand[0], cand[-1] + 1)
    if shapes.product_shape(toks, core, cand[-1] + 1) or shapes.foreign_article(lows):
        return 0
    if prev is not None and prev.word and not prev.cap and prev.lower in lex.ROLE_NOUNS and not (
        cand[0] >= 2 and toks[cand[0] - 2].lower in ("at", "best")  # "at analyst Gartner", "best actress Oscar"
    ):
        cue = True
    if (prev is None or prev.lower not in _BLOCKERS) and evidence.apposition_of_person(toks, cand[-1] + 1):
        cue = True  # "Oscar Dress, the tailor, said"
    if len(core) > 1 and cues.person_context(toks, core, cand[0], cand[-1] + 1):
        cue = True
    if cue:
        return 0 if len(core) == 1 and shapes.not_a_single_name(core[0], nxt) else 3
    if shapes.quoted_title(prev, nxt):
        return 0
    if prev is not None and prev.lower in _BLOCKERS and not (nxt is not None and nxt.lower in cues.PERSON_MODIFIED):
        return 0
    if all(low in lex.PLACES for low in lows):
        return 0
    n = len(core)
    if n >= 2:
        if lows[-1] in lex.PLACES and len(core[0].text) <= 2:
            return 0  # "N. Korea"
        if (
            first_given
            and (strong_given or shapes.surname_like(core[1]))
            and not (first in lex.PLACES and lows[1] in lex.PLACES)
            and shapes.name_like_tail(core[1:], lowercase, mode == "head")
        ):
            return 2
        f = core[0].text
        if (len(f) == 2 and f.endswith(".")) or shapes.dotted_initials(core[0], core[1]) or (
            len(f) == 2 and f.isupper() and first not in lex.ABBREVIATIONS
            and shapes.surname_like(core[1])
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
            if shapes.is_common(low) and low not in sur and (k > 0 or low not in given):
                return 0
        return 1 if n <= 4 else 0
    low = first
    if low in lex.PLACES or len(low) < 2 or core[0].text.isupper() or shapes.is_title(core[0]):
        return 0  # a title alone ("the Lord Chancellor, Lord Falconer") is nobody's name
    if shapes.is_common(low) and low not in sur and low not in given:
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
    if (speech or age) and not shapes.is_common(low) and (low in sur or low in given or age):
        return 1
    return 0


Candidates = tuple[
    list[tuple[int, int, int]], list[tuple[int, int, bool]], set[tuple[str, ...]]
]


def classify_runs(toks: list[Tok]) -> Candidates:
    """Accepted runs (a, b, strength), pending runs (a, b, list-eligible), org keys."""
    modes = tokens.line_modes(toks)
    accepted: list[tuple[int, int, int]] = []  # a, b, strength
    pending: list[tuple[int, int, bool]] = []  # candidate runs left for coreference
    lowercase = frozenset(t.text for t in toks if t.word and t.text.islower())
    seqs = tokens.sequences(toks, modes)
    org_keys = evidence.plural_groups(toks, seqs)
    sheets = cues.team_sheet_lines(toks)
    menus = cues.menu_lines(toks)
    for seq in seqs:
        mode = modes[toks[seq[0]].line]
        if mode == "caps":
            pending.append((seq[0], seq[-1] + 1, False))
            continue
        initial = tokens.sentence_initial(toks, seq[0])
        if evidence.named_law(toks, seq):
            continue
        cand, cue = _split_titles(toks, seq)
        if not cand:
            continue
        if len(cand) != len(seq):
            initial = False
        if evidence.thing_context(toks, cand):
            _remember_org(toks, cand, org_keys)
            continue
        if initial and len(cand) > 1 and toks[cand[0]].lower in _BLOCKERS:
            _remember_org(toks, cand[1:], org_keys)  # "The Cambridge Analytica scandal": no one is "the X"
            continue
        whole = seq[0] == 0 or toks[seq[0] - 1].line != toks[seq[0]].line
        whole = whole and (seq[-1] + 1 == len(toks) or toks[seq[-1] + 1].line != toks[seq[0]].line)
        for part, part_cue in _parts(toks, cand, cue, initial, sheets):
            strength = _classify(toks, part, part_cue, mode, whole, lowercase)
            if strength < 3 and toks[part[0]].line in menus:
                strength = 0  # "Arial Black" in a list of fonts
            if strength:
                accepted.append((part[0], part[-1] + 1, strength))
            else:
                pending.append((part[0], part[-1] + 1, True))
    accepted = [(a, _extend_roman(toks, b), s) for a, b, s in accepted
                if s == 3 or not _named_org(toks, a, b, org_keys)]
    return accepted, pending, org_keys


def _named_org(toks: list[Tok], a: int, b: int, org_keys: set[tuple[str, ...]]) -> bool:
    """A run the article calls an organisation, or whose first word (not a first name) it does
    ("Hutchison, the Hong Kong conglomerate" also rules out "Hutchison Whampoa")."""
    first = toks[a]
    return keys(toks, a, b) in org_keys or (
        len(first.bare) > 2 and first.lower not in lex.given_names() and keys(toks, a, a + 1) in org_keys)


def _remember_org(toks: list[Tok], seq: list[int], org_keys: set[tuple[str, ...]]) -> None:
    """Record the name-like head of an organisation so later bare mentions stay orgs."""
    head: list[int] = []
    for i in seq:
        if shapes.is_org_token(toks[i]) or toks[i].lower in lex.ORG_WORDS:
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
