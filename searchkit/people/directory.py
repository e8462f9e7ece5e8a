"""One canonical name per person across the whole index, and people-aware queries.

Within an article the extractor already maps "Zelensky" to "Volodymyr Zelensky".
Across articles two things remain, and this module does both from the index's
``people_names`` field (one term per spelling, with its article count):

- spelling variants and transliterations (Zelensky / Zelenskyy / Zelenskiy) are
  merged by ``people.name_key``; the canonical form is the spelling most articles
  use (ties: the one with accents, which is kept for display: "Micheál Martin");
- a bare surname in an article with no full name ("Zelensky said...") belongs to the
  corpus's dominant full name with that surname, when it is unambiguous.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from searchkit.people.names import BARE_PREFIX, name_key, surname

#: A full name owns a bare surname when it has at least this share of the
#: articles naming someone with that surname.
DOMINANT_SHARE = 0.8


@dataclass
class Person:
    """A person as the index knows them: display name, spellings, article count."""

    name: str
    key: str
    count: int = 0
    variants: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict:
        return {"name": self.name, "count": self.count, "variants": sorted(self.variants)}


class PeopleDirectory:
    """Canonical people built from spelling → article-count pairs.

    Built on first use: most searches name no one in full and never need it
    (building it reads the whole ``people_names`` term list).
    """

    def __init__(self, spellings: dict[str, int] | Callable[[], dict[str, int]]) -> None:
        self._source = spellings
        self._built = False

    def _build(self) -> None:
        if self._built:
            return
        self._built = True
        spellings = self._source() if callable(self._source) else self._source
        self.spellings = spellings
        groups: dict[str, Counter[str]] = {}
        for spelling, count in spellings.items():
            groups.setdefault(name_key(spelling), Counter())[spelling] += count
        self.by_key = {key: _person(key, counts) for key, counts in groups.items()}
        by_surname: dict[str, list[Person]] = {}
        for person in self.by_key.values():
            if " " in person.key:
                by_surname.setdefault(name_key(surname(person.name)), []).append(person)
        self.owner_of_surname: dict[str, Person] = {}
        for key, people in by_surname.items():
            total = sum(p.count for p in people)
            top = max(people, key=lambda p: p.count)
            if top.count >= DOMINANT_SHARE * total:
                self.owner_of_surname[key] = top
        self._vote_for_spellings_used_alone()

    def _vote_for_spellings_used_alone(self) -> None:
        """A bare "Zelensky" is a vote for displaying "Volodymyr Zelensky" over "...Zelenskyy"."""
        for key, owner in self.owner_of_surname.items():
            bare = self.by_key.get(key)
            if bare is None:
                continue
            votes = Counter(owner.variants)
            for spelling in owner.variants:
                votes[spelling] += bare.variants.get(surname(spelling), 0)
            owner.name = _display(votes)

    def canonical(self, spelling: str) -> Person | None:
        """The person a name belongs to: its own group, or a bare surname's owner."""
        self._build()
        key = name_key(spelling)
        if " " not in key and key in self.owner_of_surname:
            return self.owner_of_surname[key]
        return self.by_key.get(key)

    def people(self, counts: dict[str, int] | None = None) -> list[Person]:
        """Everyone, merged and counted (``counts``: spelling → articles, e.g. from a facet)."""
        self._build()
        merged: dict[str, Person] = {}
        for spelling, count in (self.spellings if counts is None else counts).items():
            owner = self.canonical(spelling)
            if owner is None:
                continue
            entry = merged.setdefault(owner.key, Person(owner.name, owner.key))
            entry.count += count
            entry.variants[spelling] += count
        return sorted(merged.values(), key=lambda p: (-p.count, p.name))

    def surname_key_of(self, full_name_key: str) -> str | None:
        """The marked key of articles naming this person by surname alone, when the surname is theirs.

        A query for "Volodymyr Zelensky" should also find articles that only say
        "Zelensky", but only when nobody else in the archive owns that surname.
        """
        self._build()
        owner = self.by_key.get(full_name_key)
        if owner is None:
            return None
        last = name_key(surname(owner.name))
        return BARE_PREFIX + last if self.owner_of_surname.get(last) is owner else None


def _person(key: str, spellings: Counter[str]) -> Person:
    return Person(name=_display(spellings), key=key, count=sum(spellings.values()), variants=spellings)


def _display(spellings: Counter[str]) -> str:
    """The spelling most articles use; on a tie the one with accents, then the shortest."""
    return min(spellings, key=lambda s: (-spellings[s], -sum(not c.isascii() for c in s), len(s), s))

