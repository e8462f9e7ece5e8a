"""Evidence that a name-shaped run is a thing (organisation, team, band, work), not a person.

A run with such evidence is remembered for the whole article (``rules``'s
organisation keys), so "Deutsche Boerse, the German stock exchange" also keeps
the headline's "Deutsche Boerse boosts dividend" out of the people. Every cue is
about how English news writes of things, never about particular names:

- an organisation word inside or right after the run ("Lincoln Center", "Pirelli SpA");
- a lowercase noun of things right before or after it ("the film Vera Drake",
  "Harry Potter books", "Con Edison officials");
- an apposition whose head is such a noun ("Deutsche Boerse, the German stock exchange"),
  or "which" ("Con Edison, which maintains ...");
- a plural verb right after it opening a clause, as British English writes of teams,
  bands and firms ("Villa were", "Merrill Lynch are"); a person takes "was"/"is";
- a person belonging to it ("Aston Villa's Mark Delaney"), or a role and a name right after
  a name of two words or more ("Lib Dem home affairs spokesman Mark Oaten");
- "its" as the next pronoun after a run that starts with no first name ("Sony Ericsson
  just released its ..."; "Lars Nilsen put its cost at ..." speaks of something else);
- a state or country after a comma ("in Beverly Hills, California"), or "Bill"/"Act" as its
  last word after a word that is no first name ("the Criminal Justice Bill");
- "the" and the run in the plural elsewhere in the article ("the Lib Dems").
"""

from __future__ import annotations

from searchkit.people import lexicon as lex
from searchkit.people import shapes
from searchkit.people.tokens import Tok, keys

_PLURAL_VERBS = frozenset(["are", "were"])
_APPOSITION_ENDS = frozenset(["that", "which", "whose"])
_CLAUSE_OPENERS = frozenset(["while", "but", "as", "when", "after", "before", "because", "although", "though",
                             "since", "if", "until", "whereas", "so", "yet"])
_OTHER_PRONOUNS = frozenset(["his", "her", "he", "she", "their", "they", "who", "the", "a", "an"])
_AGENT_ENDINGS = ("or", "ist", "ian")
_OBJECT_PREPOSITIONS = frozenset(["by", "of", "from", "about", "with", "to", "and", "than", "for", "in", "on", "at"])
_APPOSITION_STOPS = frozenset(["that", "which", "who", "whose", "of", "in", "to", "and", "with", "for", "on", "at",
                               "by", "from", "as", "said", "says"])


def neighbours(toks: list[Tok], a: int, b: int) -> tuple[Tok | None, Tok | None]:
    """The tokens right before ``a`` and right after ``b - 1`` on the same line."""
    line = toks[a].line
    prev = toks[a - 1] if a > 0 and toks[a - 1].line == line else None
    nxt = toks[b] if b < len(toks) and toks[b].line == line else None
    return prev, nxt


def thing_noun(t: Tok | None) -> bool:
    """A lowercase noun of things, singular or plural ("film", "games", "officials")."""
    if t is None or not t.word or t.cap:
        return False
    low = t.lower
    return low in lex.THING_NOUNS or (low.endswith("s") and (low[:-1] in lex.THING_NOUNS or (
        low.endswith("es") and low[:-2] in lex.THING_NOUNS)))


def thing_context(toks: list[Tok], seq: list[int]) -> bool:
    """Organisation/thing evidence around or inside a capitalised run."""
    b = seq[-1] + 1
    prev, nxt = neighbours(toks, seq[0], b)
    last = toks[seq[-1]]
    if any(shapes.is_org_token(toks[i]) for i in seq) or last.lower in lex.ORG_WORDS:
        return True
    if nxt is not None and (shapes.is_org_token(nxt) or nxt.text == "&"):
        return True
    opens = prev is None or (not prev.word and prev.text not in "&/") or prev.lower in _CLAUSE_OPENERS
    if not last.poss and (thing_noun(nxt) or _apposition_of_thing(toks, b) or (opens and _plural_verb(nxt))
                          or _relative_which(toks, prev, b)
                          or (opens and toks[seq[0]].lower not in lex.given_names() and _its_after(toks, b))
                          or (len(seq) > 1 and _modifies_a_role(toks, b))):
        return True
    if last.poss and _person_follows(toks, b):
        return True
    if not last.poss and prev is not None and prev.lower in lex.PLACE_PREPS and _place_follows(toks, b):
        return True
    if prev is not None and prev.lower in ("of", "like") and seq[0] >= 2:
        prev = toks[seq[0] - 2]  # "the town of Bou Haroun", "games like Forza Motorsport 7"
    return thing_noun(prev)


def _plural_verb(nxt: Tok | None) -> bool:
    """"Villa were" (the run opening a clause: not "Smith and Jones were", nor "a group headed by Smith were")."""
    return nxt is not None and nxt.lower in _PLURAL_VERBS


def _its_after(toks: list[Tok], b: int) -> bool:
    """"Sony Ericsson just released its ...": the run's own possessive is "its", a person's "his"/"her"."""
    line = toks[b - 1].line
    for t in toks[b : b + 3]:
        if t.line != line or not t.word or t.cap or t.lower in _OBJECT_PREPOSITIONS:
            return False
        if t.lower == "its":
            return True
        if t.lower in _OTHER_PRONOUNS:
            return False
    return False


def _modifies_a_role(toks: list[Tok], b: int) -> bool:
    """"Lib Dem home affairs spokesman Mark Oaten": a name of two words or more before a role
    and another name is a party, team or firm ("Blair aide ..." with a bare surname stays open)."""
    line = toks[b - 1].line
    for k in range(b, min(b + 5, len(toks) - 1)):
        t = toks[k]
        if t.line != line or not t.word:
            return False
        if t.lower in lex.ROLE_NOUNS or shapes.is_title(t):
            nxt = toks[k + 1]
            return nxt.line == line and nxt.word and nxt.cap
        if t.cap or t.lower in lex.NON_NAME or t.lower in lex.SPEECH_VERBS or t.lower.endswith(("ed", "ing")):
            return False  # "Boris Yeltsin visited his wife Naina", "Henry VIII and his second wife Anne"
    return False


def _relative_which(toks: list[Tok], prev: Tok | None, b: int) -> bool:
    """"for Con Edison, which maintains": a person is "who"; not "a book by Dan Brown, which sold"."""
    return (b + 1 < len(toks) and toks[b].text == "," and toks[b + 1].lower == "which"
            and (prev is None or prev.lower not in _OBJECT_PREPOSITIONS and prev.lower not in lex.ROLE_NOUNS
                 and not shapes.is_title(prev)))


def _apposition_of_thing(toks: list[Tok], b: int) -> bool:
    """", the German stock exchange", ", a Glasgow band": the apposition's last word names a thing."""
    head = apposition_head(toks, b)
    return head is not None and (thing_noun(head) or (not head.cap and head.lower in lex.ORG_WORDS))


def apposition_of_person(toks: list[Tok], b: int) -> bool:
    """", the tailor,", ", a former chief executive,": the apposition's last word is a role."""
    head = apposition_head(toks, b)
    if head is None or thing_noun(head):
        return False
    low = head.lower
    agent = len(low) > 4 and low.endswith(_AGENT_ENDINGS) and shapes.is_common(low)  # "tailor", "novelist"
    return low in lex.ROLE_NOUNS or shapes.is_title(head) or (agent and not head.cap)


def apposition_head(toks: list[Tok], b: int) -> Tok | None:
    """The last word of ", the/a/an ..." right after a run, when the apposition is closed
    (by punctuation or "that"/"which"), not the subject of a verb ("..., the ministry said")."""
    if b + 2 >= len(toks) or toks[b].text != "," or toks[b + 1].lower not in ("the", "a", "an"):
        return None
    line, head, end = toks[b].line, None, None
    for t in toks[b + 2 : b + 8]:
        if t.line != line or not t.word or t.lower in _APPOSITION_STOPS:
            end = t if t.line == line else None
            break
        head = t
    closed = end is None or not end.word or end.lower in _APPOSITION_ENDS
    return head if closed and head is not None and not head.poss else None


def named_law(toks: list[Tok], seq: list[int]) -> bool:
    """"the Criminal Justice Bill", "the Crown Bill": a bill or act, whose last word is no first name here."""
    return len(seq) > 1 and toks[seq[-1]].lower in ("bill", "act") and toks[seq[-2]].lower not in lex.given_names()


def _place_follows(toks: list[Tok], b: int) -> bool:
    """"in Beverly Hills, California": a place name and then a state or country ("Kelly Holmes,
    Britain," in a results list has no place preposition before it)."""
    if b + 1 >= len(toks) or toks[b].text != "," or toks[b + 1].line != toks[b].line:
        return False
    place = toks[b + 1]
    after = toks[b + 2] if b + 2 < len(toks) else None
    return place.cap and place.lower in lex.PLACES and (after is None or not after.word or after.line != place.line)


def _person_follows(toks: list[Tok], b: int) -> bool:
    """"Aston Villa's Mark Delaney": a full name right after a possessive belongs to an organisation."""
    if b + 1 >= len(toks) or toks[b].line != toks[b - 1].line or toks[b + 1].line != toks[b].line:
        return False
    first, second = toks[b], toks[b + 1]
    return (first.cap and second.cap and first.word and second.word and first.lower in lex.given_names()
            and first.lower not in lex.NON_NAME and shapes.surname_like(second))


def plural_groups(toks: list[Tok], seqs: list[list[int]]) -> set[tuple[str, ...]]:
    """Keys of runs the article also writes as a plural group ("the Lib Dems" → "Lib Dem")."""
    groups: set[tuple[str, ...]] = set()
    for seq in seqs:
        last = toks[seq[-1]]
        if len(seq) < 2 or last.poss or not last.text.endswith("s") or len(last.text) < 4:
            continue
        start = seq[0]
        if start > 0 and toks[start - 1].lower == "the" or toks[start].lower == "the":
            words = [i for i in seq if toks[i].lower != "the"]
            if len(words) >= 2:
                singular = keys(toks, words[0], words[-1]) + (keys(toks, words[-1], words[-1] + 1)[0][:-1],)
                groups.add(singular)
    return groups
