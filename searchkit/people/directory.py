"""One canonical name per person across the whole index, and people-aware queries.

Within an article the extractor already maps "Zelensky" to "Volodymyr Zelensky".
Across articles the spellings an archive holds (the index's ``people_names`` terms,
each with its article count) are merged into people here:

- spelling variants and transliterations (Zelensky / Zelenskyy / Zelenskiy) share a
  ``people.name_key``; the display name is the spelling most articles use (ties: the
  one with accents, kept for display: "Micheál Martin");
- a shorter or abbreviated form of a full name ("George Bush", "P O'Connell", "Vince
  Cable") joins the one full name in the archive it fits ("George W Bush", "Paul
  O'Connell", "Vincent Cable"): same surname (a hyphenated one kept whole), first names
  equal, one the other's initial or its short form, middle names absent on one side or
  matching. A form that fits two people about as often named stays apart;
- a bare surname ("Bush", or "President Bush" with the title dropped) belongs to the
  archive's dominant full name with that surname, unless the archive also uses the
  word as a first name about as often ("Charles" for Charles Kennedy and Ray Charles).

A name that resolves to a person is searched as the exact spellings that person has,
so a listing's count, a person page and ``--person`` agree; an ambiguous bare surname
is searched as any name with that surname.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from searchkit.people.lexicon import PARTICLES, SHORT_FORMS, TITLE_PARTS, TITLES
from searchkit.people.names import name_key, surname

#: A full name owns a bare surname (or an abbreviated name fitting several) when it has
#: at least this share of the articles naming someone with that surname (or fitting)...
DOMINANT_SHARE = 0.8
#: ...and when articles using the word as a first name are fewer than this share of its own.
GIVEN_NAME_SHARE = 0.5


@dataclass
class Person:
    """A person as the index knows them: display name, spellings, article count."""

    name: str
    key: str
    count: int = 0
    variants: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict:
        return {"name": self.name, "count": self.count, "variants": sorted(self.variants)}


@dataclass
class _Form:
    """One name key and the spellings written with it: "george w bush" ← "George W. Bush"."""

    key: str
    spellings: Counter[str]

    @property
    def count(self) -> int:
        return sum(self.spellings.values())


def _split(key: str) -> tuple[list[str], str]:
    """First and middle names, and the surname with its particles: "robert de niro" → ["robert"], "de niro"."""
    words = key.split()
    start = len(words) - 1
    while start > 1 and words[start - 1] in _PARTICLES:
        start -= 1
    return words[:start], " ".join(words[start:])


def _names(form: _Form) -> tuple[list[str], str]:
    """First and middle names and surname of a full name, a hyphenated surname kept whole
    ("Robert Kilroy-Silk" → ["robert"], "kilroy silk")."""
    last_word = _display(form.spellings).split()[-1]
    if "-" in last_word.strip("-"):
        last = name_key(last_word)
        words = form.key.split()
        if len(words) > len(last.split()) and form.key.endswith(" " + last):
            return words[: len(words) - len(last.split())], last
    return _split(form.key)


def _fits(short: list[str], full: list[str]) -> bool:
    """Whether the first/middle names ``short`` can be an abbreviation of ``full``."""
    if not short or not full or not _word_fits(short[0], full[0]):
        return False
    middles, full_middles = short[1:], full[1:]
    if not middles or not full_middles:
        return True
    return len(middles) == len(full_middles) and all(map(_word_fits, middles, full_middles))


def _word_fits(a: str, b: str) -> bool:
    """Equal words, an initial and a word that starts with it ("p" / "paul"), or a short form
    of a first name and the name ("vince" / "vincent", "andy" / "andrew")."""
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)) or (
        b in _SHORT_FORMS.get(a, ()) or a in _SHORT_FORMS.get(b, ()))


def _fit_initials(first: str) -> frozenset[str]:
    """The initials of the first names ``first`` can fit (``_word_fits``): its own, and those of the names
    it is a short form of or that are short forms of it ("bill": b and w, for William)."""
    return _OTHER_INITIALS.get(first, frozenset()) | {first[0]}


def _informative(form: _Form) -> tuple[int, int, int]:
    """Which forms lead, so shorter ones can join them: full first names, then most words, then most articles."""
    given, _ = _split(form.key)
    return (int(len(given[0]) == 1), -len(form.key.split()), -form.count)


class PeopleDirectory:
    """Canonical people built from spelling → article-count pairs.

    Built on first use: most searches name no one and never need it (building it
    reads the whole ``people_names`` term list).
    """

    def __init__(self, spellings: dict[str, int] | Callable[[], dict[str, int]]) -> None:
        self._source = spellings
        self._built = False
        self._lock = threading.Lock()  # a web server's threads share one snapshot's directory

    def _build(self) -> None:
        if self._built:
            return
        with self._lock:
            if not self._built:
                self._merge()
                self._built = True

    def _merge(self) -> None:
        spellings = self._source() if callable(self._source) else self._source
        self.spellings = spellings
        forms: dict[str, _Form] = {}
        for spelling, count in spellings.items():
            key = name_key(spelling)
            if key:
                forms.setdefault(key, _Form(key, Counter()))
                forms[key].spellings[spelling] += count
        self._person_of: dict[str, Person] = {}  # name key -> person
        self._leads: dict[str, list[tuple[list[str], Person]]] = {}  # surname -> (given names, person)
        # (surname, initial of the first name) -> (order of lead, given names, person): a form is compared
        # only with the full names whose first name it can fit (``_fit_initials``), not with every namesake
        self._leads_at: dict[tuple[str, str], list[tuple[int, list[str], Person]]] = {}
        self._given_use: Counter[str] = Counter()  # first name -> articles naming someone with it
        named = {key: _names(form) for key, form in forms.items() if " " in key}
        self._long_surnames = {last for _, last in named.values() if " " in last}  # "kilroy silk"
        full = [f for f in forms.values() if f.key in named and f.key not in self._long_surnames]
        for form in sorted(full, key=_informative):
            given, last = named[form.key]
            self._given_use[given[0]] += form.count
            person = self._full_name_owner(given, last)
            if person is None:
                person = Person(_display(form.spellings), form.key)
                self._leads.setdefault(last, []).append((given, person))
                self._leads_at.setdefault((last, given[0][0]), []).append((len(self._leads[last]), given, person))
            self._add(form, person)
        for form in forms.values():
            if " " not in form.key or form.key in self._long_surnames:
                owner = self._surname_owner(form.key)
                self._add(form, owner or Person(_display(form.spellings), form.key))
        for person in {id(p): p for p in self._person_of.values()}.values():
            person.name = _display(_votes(person))

    def _add(self, form: _Form, person: Person) -> None:
        person.variants.update(form.spellings)
        person.count += form.count
        self._person_of[form.key] = person

    def _full_name_owner(self, given: list[str], last: str) -> Person | None:
        """The person whose full name ``given`` + ``last`` abbreviates: the only one, or the dominant one
        (None: nobody, or several about as often named)."""
        leads = [lead for initial in _fit_initials(given[0]) for lead in self._leads_at.get((last, initial), ())]
        fitting = [person for _, names, person in sorted(leads, key=lambda lead: lead[0]) if _fits(given, names)]
        top = max(fitting, key=lambda p: p.count, default=None)
        return top if top is not None and top.count >= DOMINANT_SHARE * sum(p.count for p in fitting) else None

    def _surname_owner(self, key: str) -> Person | None:
        """The person a bare surname means: the dominant one, when the word is rarely a first name here."""
        people = [person for _, person in self._leads.get(key, ())]
        owner = max(people, key=lambda p: p.count, default=None)
        if owner is None or owner.count < DOMINANT_SHARE * sum(p.count for p in people):
            return None
        return owner if self._given_use[key] < GIVEN_NAME_SHARE * owner.count else None

    def _resolve(self, key: str) -> Person | None:
        known = self._person_of.get(key)
        if known is not None or " " not in key or key in self._long_surnames:
            return known or self._surname_owner(key)
        return self._full_name_owner(*_split(key))

    def canonical(self, spelling: str) -> Person | None:
        """The person a name refers to: its own spelling, the full name it abbreviates, a bare surname's owner.

        Leading titles are dropped when the name is not known with them ("President Bush").
        """
        self._build()
        words = name_key(spelling).split()
        while words:
            person = self._resolve(" ".join(words))
            if person is not None or len(words) == 1 or words[0] not in _TITLE_WORDS:
                return person
            words = words[1:]
        return None

    def search_key(self, name: str) -> str:
        """The name key to match when ``name`` is no one person: without leading titles ("Mr Brown" → "brown")."""
        self._build()
        words = name_key(name).split()
        while len(words) > 1 and words[0] in _TITLE_WORDS and self._person_of.get(" ".join(words)) is None:
            words = words[1:]
        return " ".join(words)

    def holds(self, key: str) -> bool:
        """Whether some name the index holds has the name key ``key``, or has it as surname."""
        self._build()
        return key in self._person_of or key in self._leads

    def spellings_of(self, name: str) -> list[str] | None:
        """The exact spellings a search for ``name`` matches; None for an ambiguous or unknown surname.

        A bare surname nobody owns ("Biden" with Joe and Hunter Biden) is no one
        person: a search for it matches every name with that surname.
        """
        person = self.canonical(name)
        if person is None or not any(" " in v.strip() for v in person.variants):
            return None
        return sorted(person.variants)

    def people(self, counts: dict[str, int] | None = None) -> list[Person]:
        """Everyone, merged and counted (``counts``: spelling → articles, e.g. from a facet)."""
        self._build()
        merged: dict[str, Person] = {}
        for spelling, count in (self.spellings if counts is None else counts).items():
            owner = self._person_of.get(name_key(spelling))
            if owner is None:
                continue
            entry = merged.setdefault(owner.key, Person(owner.name, owner.key))
            entry.count += count
            entry.variants[spelling] += count
        return sorted(merged.values(), key=lambda p: (-p.count, p.name))


_TITLE_WORDS = frozenset(name_key(w) for w in TITLES | TITLE_PARTS)
_SHORT_FORMS = {name_key(short): frozenset(name_key(f) for f in full) for short, full in SHORT_FORMS.items()}
_PARTICLES = frozenset(name_key(w) for w in PARTICLES)


def _initials_across_forms() -> dict[str, frozenset[str]]:
    """first name -> initials of the names it is a short form of, or that are short forms of it."""
    initials: dict[str, set[str]] = {}
    for short, fulls in _SHORT_FORMS.items():
        for full in fulls:
            initials.setdefault(short, set()).add(full[0])
            initials.setdefault(full, set()).add(short[0])
    return {name: frozenset(found) for name, found in initials.items()}


_OTHER_INITIALS = _initials_across_forms()


def _votes(person: Person) -> Counter[str]:
    """The spellings to choose the display name from: those of the full name most articles use
    (first names written out, when any are), each also counting the bare-surname articles that end with it."""
    if len(person.variants) == 1:
        return person.variants
    full = Counter({s: n for s, n in person.variants.items() if " " in s.strip()})
    if not full:
        return person.variants
    written_out = Counter({s: n for s, n in full.items() if len(_split(name_key(s))[0][0]) > 1}) or full
    by_key: Counter[str] = Counter()
    for spelling, count in written_out.items():
        by_key[name_key(spelling)] += count
    best = min(by_key, key=lambda k: (-by_key[k], -len(k.split()), k))
    votes = Counter({s: n for s, n in written_out.items() if name_key(s) == best})
    for spelling in votes:
        votes[spelling] += person.variants.get(surname(spelling), 0)
    return votes


def _display(spellings: Counter[str]) -> str:
    """The spelling most articles use; on a tie the one with accents, then the shortest."""
    if len(spellings) == 1:
        return next(iter(spellings))
    return min(spellings, key=lambda s: (-spellings[s], -sum(not c.isascii() for c in s), len(s), s))
