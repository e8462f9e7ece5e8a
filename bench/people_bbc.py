"""Archive-level check of searchkit's people: the top names of `searchkit people` on BBC News.

The CoNLL and web benches score single documents; what a user sees is the people
listing of a whole archive, where one bad rule repeats across hundreds of articles and
one person split into spellings shows up twice. This indexes the 2,225 BBC News
2004-05 stories the user's way (``Index.sync``), lists the top names
(``Index.people``), and scores them against bench/people_bbc_labels.json, which
labels each name "person", "not person" or {"same_as": NAME} (a person another
entry already stands for):

* precision: entries that are people / labelled entries;
* duplicates: entries beyond the first for one person / labelled entries;
* counts that agree: how many of the listed people have a person page whose count
  equals the articles it lists and the articles ``--person NAME`` finds;
* names the labels do not know yet (label them before trusting the figures).

    python bench/people_bbc.py [--data ../shared/data/bbc_news/bbc] [--index DIR] [--top 200]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searchkit import Index  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "bbc_news" / "bbc"
LABELS = Path(__file__).resolve().parent / "people_bbc_labels.json"


def identity(name: str, labels: dict[str, object]) -> str:
    """The person an entry stands for: itself, or the entry it is the same as."""
    label = labels.get(name)
    seen = {name}
    while isinstance(label, dict) and label["same_as"] not in seen:
        name = label["same_as"]
        seen.add(name)
        label = labels.get(name)
    return name


def score(names: list[str], labels: dict[str, object]) -> dict[str, object]:
    """Precision and duplicate rate of a people listing against the labels."""
    known = [n for n in names if n in labels]
    people = [n for n in known if labels[n] != "not person"]
    identities = [identity(n, labels) for n in people]
    seen: set[str] = set()
    duplicates = []
    for name, who in zip(people, identities, strict=True):
        if who in seen:
            duplicates.append(name)
        seen.add(who)
    return {
        "labelled": len(known),
        "precision": len(people) / max(1, len(known)),
        "duplicate_rate": len(duplicates) / max(1, len(known)),
        "not_people": [n for n in known if labels[n] == "not person"],
        "duplicates": duplicates,
        "unlabelled": [n for n in names if n not in labels],
    }


def counts_agree(index: Index, names: list[str]) -> list[str]:
    """The people whose page count, listed articles and ``--person`` hits do not all agree."""
    wrong = []
    for name in names:
        page = index.person(name, limit=1000)
        hits = index.search("*", person=name, limit=1, collapse=False).total
        if not page.count == len(page.articles) == hits:
            wrong.append(f"{name}: page {page.count}, listed {len(page.articles)}, --person {hits}")
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--index", type=Path, help="index folder to (re)use; default: a temporary one")
    parser.add_argument("--top", type=int, default=200)
    parser.add_argument("--show", action="store_true", help="list non-people and duplicates")
    args = parser.parse_args()
    labels = json.loads(args.labels.read_text(encoding="utf-8"))["names"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.index or Path(tmp) / "index"
        started = time.perf_counter()
        index = Index.open(folder) if Index.exists(folder) else Index.create(folder)
        with index:
            index.sync([args.data])
            synced = time.perf_counter() - started
            names = [p.name for p in index.people(limit=args.top)]
            wrong = counts_agree(index, names)
    result = score(names, labels)
    print(f"articles indexed from {args.data.name}/ in {synced:.1f}s; top {len(names)} names, "
          f"{result['labelled']} labelled")
    print(f"precision {result['precision']:.3f}  duplicates {result['duplicate_rate']:.3f}  "
          f"counts agree {len(names) - len(wrong)}/{len(names)}")
    if args.show:
        print("not people:", ", ".join(result["not_people"]))
        print("duplicates:", ", ".join(f"{n} (= {identity(n, labels)})" for n in result["duplicates"]))
        print("\n".join(f"  counts differ: {line}" for line in wrong))
    if result["unlabelled"]:
        print(f"unlabelled names ({len(result['unlabelled'])}):")
        print("\n".join(f"  {name}" for name in result["unlabelled"]))


if __name__ == "__main__":
    main()
