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

from whoosh import query as wq

from .analysis import BARE_PREFIX, surname
from .namekeys import name_key

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

    @classmethod
    def from_reader(cls, reader) -> PeopleDirectory:
        """A directory of the ``people_names`` term list (no stored documents are loaded)."""

        def spellings() -> dict[str, int]:
            if "people_names" not in reader.indexed_field_names():
                return {}
            counts = {}
            for term in reader.lexicon("people_names"):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                counts[text] = reader.doc_frequency("people_names", text)
            return counts

        return cls(spellings)

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

    def expand(self, query: wq.Query) -> wq.Query:
        """Let full-name people terms also match articles naming the person by surname only."""
        if not any(field == "people" and " " in str(text) for field, text in query.iter_all_terms()):
            return query  # nothing to expand: leave the directory unbuilt
        self._build()
        return self._expand(query)

    def _expand(self, query: wq.Query) -> wq.Query:
        if isinstance(query, wq.Term) and query.fieldname == "people" and " " in query.text:
            owner = self.by_key.get(query.text)
            last = name_key(surname(owner.name)) if owner else ""
            if owner is not None and self.owner_of_surname.get(last) is owner:
                return wq.Or([query, wq.Term("people", BARE_PREFIX + last, boost=query.boost)])
            return query
        return query if query.is_leaf() else query.apply(self._expand)


def _person(key: str, spellings: Counter[str]) -> Person:
    return Person(name=_display(spellings), key=key, count=sum(spellings.values()), variants=spellings)


def _display(spellings: Counter[str]) -> str:
    """The spelling most articles use; on a tie the one with accents, then the shortest."""
    return min(spellings, key=lambda s: (-spellings[s], -sum(not c.isascii() for c in s), len(s), s))

