"""The people a misspelt name may mean ("Tony Blar" → Tony Blair): "Did you mean" for ``--person`` and
``people NAME``, the same on every engine (it reads the people directory only).

Each word of the name typed (its matching key: accents, case, transliteration
folded, leading titles dropped) is compared with the word in the same place of
every name the index holds, within the edits its length allows (Elasticsearch's
``fuzziness: AUTO``: none up to two letters, one up to five, else two; an
initial stands for any word it starts); the last word typed is compared with the surname, so
"George Bsh" finds "George W. Bush" and a surname alone finds the people of
that name. The people found are ranked by how many articles name them.
"""

from __future__ import annotations

from collections.abc import Sequence

from searchkit.people.directory import PeopleDirectory
from searchkit.people.names import name_key
from searchkit.search.edits import auto_edits, within

#: The most people offered for one name.
MAX_SUGGESTIONS = 3


def _fits(typed: list[str], known: list[str]) -> bool:
    """Whether each typed word is within its edits of the known name's word in the same place."""
    if len(known) < len(typed):
        return False
    pairs = list(zip(typed[:-1], known, strict=False)) + [(typed[-1], known[-1])]
    return all(within(word, other, auto_edits(len(word))) or (len(word) == 1 and other.startswith(word))
               for word, other in pairs)


def knows(directory: PeopleDirectory, name: str) -> bool:
    """Whether a search for ``name`` can find anyone: a person, a name or a surname the index holds."""
    return directory.canonical(name) is not None or directory.holds(directory.search_key(name))


def closest_people(directory: PeopleDirectory, name: str, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """The people ``name`` may be a misspelling of, most mentioned first ([] when it names someone)."""
    typed = directory.search_key(name).split()
    if not typed or knows(directory, name):
        return []
    found = [person for person in directory.people()
             if any(_fits(typed, name_key(spelling).split()) for spelling in person.variants)]
    return [person.name for person in found[:limit]]  # people() lists the most mentioned first


def person_suggestions(directory: PeopleDirectory, names: Sequence[str]) -> dict[str, list[str]]:
    """For each name of a ``--person`` filter that finds nobody, the people it may mean."""
    return {name: closest_people(directory, name) for name in names if not knows(directory, name)}


def did_you_mean(names: Sequence[str]) -> str:
    """"Tony Blair", "Tony Blair or Tony Blackburn": the people offered, as a sentence ends with them."""
    return " or ".join(names)
