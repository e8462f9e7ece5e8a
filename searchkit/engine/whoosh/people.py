"""The people directory on Whoosh: built from the ``people_names`` terms, applied to people queries."""

from __future__ import annotations

from collections import Counter

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


def expand_people(directory: PeopleDirectory, query: wq.Query) -> wq.Query:
    """Let full-name people terms also match articles naming the person by surname only."""
    if not any(field == "people" and " " in str(text) for field, text in query.iter_all_terms()):
        return query  # nothing to expand: leave the directory unbuilt

    def expand(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Term) and node.fieldname == "people" and " " in node.text:
            bare = directory.surname_key_of(node.text)
            return wq.Or([node, wq.Term("people", bare, boost=node.boost)]) if bare else node
        return node if node.is_leaf() else node.apply(expand)

    return expand(query)
