"""Rule-based extraction of the people named in a news article.

Why rules and not a model: searchkit must run with the standard library only, fast
enough to index whole archives, and be explainable.  The pipeline (see docs/people.md):

1. tokenise, keeping character offsets; classify each line as prose, a title-case
   heading, or ALL CAPS;
2. group capitalised tokens (plus name particles such as "de", "bin", "von der") into
   sequences, split them after possessives and at title words ("Prime Minister");
3. strip leading non-name words (demonyms, places, sentence openers) and classify each
   remaining candidate using cues: titles and role nouns before it, speech verbs around
   it, given-name and surname lists, organisation/place words, prepositions, "the";
4. resolve coreference inside the article: a surname or first name alone (also in
   headings and ALL-CAPS lines) maps to the full name used elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from searchkit.people import coref as coref
from searchkit.people import rules as rules
from searchkit.people.names import name_key
from searchkit.people.tokens import tokenise

__all__ = ["Mention", "extract_people", "find_mentions", "name_key"]


@dataclass(frozen=True)
class Mention:
    """One person mention: char span ``text[start:end]`` and its canonical name."""

    start: int
    end: int
    text: str
    name: str


def find_mentions(text: str) -> list[Mention]:
    """Every person mention in ``text`` with its canonical (full) name, in text order."""
    toks = tokenise(text)
    if not toks:
        return []
    accepted, pending, org_keys = rules.classify_runs(toks)
    accepted, pending = coref.complete_lists(toks, accepted, pending, org_keys)
    found = coref.corefer(toks, accepted, pending, org_keys)
    mentions: list[Mention] = []
    for start_i, end_i, canonical in found:
        start, end = toks[start_i].start, toks[end_i - 1].name_end
        mentions.append(Mention(start, end, text[start:end], canonical))
    return mentions


def extract_people(text: str, headline: str = "") -> list[str]:
    """Canonical display names of the people named in an article, in order of first mention."""
    full = f"{headline}\n\n{text}" if headline.strip() else text
    names: list[str] = []
    seen: set[str] = set()
    for mention in find_mentions(full):
        key = name_key(mention.name)
        if key not in seen:
            seen.add(key)
            names.append(mention.name)
    return names
