"""The people directory on Whoosh: built from the ``people_names`` terms, applied to people queries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from whoosh import query as wq

from searchkit.people.directory import PeopleDirectory


def directory_of(reader) -> PeopleDirectory:
    """A directory of the ``people_names`` term list (no stored documents are loaded)."""

    def spellings() -> dict[str, int]:
        # Read segment by segment, each term comes with its count; asked term by term of the whole
        # index, Whoosh looks each count up again in every segment (5,400 names: 0.9 s against 0.1 s).
        counts: Counter[str] = Counter()
        for leaf, _ in reader.leaf_readers():
            if "people_names" in leaf.indexed_field_names():
                for term, info in leaf.iter_field("people_names"):
                    counts[term.decode("utf-8") if isinstance(term, bytes) else term] += info.doc_frequency()
        return dict(counts)

    return PeopleDirectory(spellings)


def person_query(directory: PeopleDirectory, name: str, boost: float = 1.0) -> wq.Query | None:
    """Articles naming the person ``name`` refers to: the exact spellings the directory gives that
    person, or, for a surname no one person owns, every name with that surname."""
    spellings = directory.spellings_of(name)
    if spellings is None:
        key = directory.search_key(name)
        return wq.Term("people", key, boost=boost) if key else None
    terms = [wq.Term("people_names", spelling, boost=boost) for spelling in spellings]
    return terms[0] if len(terms) == 1 else wq.Or(terms)


def people_filter(directory: PeopleDirectory, names: Sequence[str]) -> wq.Query | None:
    """Articles naming any of the people (None when no name is given)."""
    found = [q for q in (person_query(directory, name) for name in names) if q is not None]
    if not found:
        return None
    return found[0] if len(found) == 1 else wq.Or(found)


def expand_people(directory: PeopleDirectory, query: wq.Query) -> wq.Query:
    """Full names in a query (``person:"George Bush"``) match the person as the filter does.

    Single words stay as they are: a plain query word is also looked up among
    people's surnames, and should keep matching everyone of that name.
    """
    if not any(field == "people" and " " in str(text) for field, text in query.iter_all_terms()):
        return query  # nothing to expand: leave the directory unbuilt

    def expand(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Term) and node.fieldname == "people" and " " in node.text:
            return person_query(directory, node.text, node.boost) or node
        return node if node.is_leaf() else node.apply(expand)

    return expand(query)
