"""Generate realistic-looking news articles for tests that need many of them.

Seeded, so every run writes the same corpus; the texts are assembled from
phrases written for these tests (no public data set is copied).
"""

from __future__ import annotations

import random
from pathlib import Path

PLACES = ["Kyiv", "Geneva", "Nairobi", "Lima", "Hanoi", "Oslo", "Accra", "Dhaka", "Quito", "Riga"]
TOPICS = ["ceasefire talks", "flood defences", "grain exports", "rail strike", "budget vote",
          "vaccine rollout", "port reopening", "election count", "bank rates", "drought relief"]
PEOPLE = ["Amara Okafor", "Lars Nilsen", "Mei Tanaka", "Diego Herrera", "Sofia Rossi",
          "Tomas Novak", "Priya Raman", "Jonas Berg", "Fatima Haddad", "Ewan Clarke"]
VERBS = ["said", "told reporters", "warned", "confirmed", "announced"]
SECTIONS = ["world", "business", "politics", "science"]


def article_text(rng: random.Random, n: int) -> str:
    topic, place = rng.choice(TOPICS), rng.choice(PLACES)
    person = rng.choice(PEOPLE)
    title = f"{topic.capitalize()} resume in {place} as officials meet (report {n})"
    paragraphs = [
        f"Officials in {place} reopened {topic} on {rng.choice(['Monday', 'Tuesday', 'Friday'])}, "
        f"weeks after the last round ended without agreement.",
        f"Minister {person} {rng.choice(VERBS)} that the {topic} would continue "
        f"\"for as long as it takes\", adding that {rng.randint(2, 90)}% of the work was done.",
    ]
    for _ in range(rng.randint(2, 6)):
        other = rng.choice(PEOPLE)
        paragraphs.append(
            f"{other.split()[0]} {other.split()[1]}, an adviser, {rng.choice(VERBS)} the plan for "
            f"{rng.choice(TOPICS)} in {rng.choice(PLACES)} depended on funding of "
            f"{rng.randint(1, 900)} million dollars and on the weather in the coming weeks."
        )
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def write_corpus(root: Path, count: int, seed: int = 7) -> list[Path]:
    """Write ``count`` articles under ``root/<section>/`` and return their paths."""
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        path = root / SECTIONS[n % len(SECTIONS)] / f"article-{n:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(rng, n), encoding="utf-8")
        paths.append(path)
    return paths
