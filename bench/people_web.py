"""Precision of searchkit.people on real web pages (Mozilla readability test pages).

CoNLL and Reuters are clean newswire; web pages add captions, credits, product names,
time stamps and navigation text. bench/people_web_labels.json lists, for ~45 news and
tech pages, every name the extractor has output at some point, hand-labelled as a real
person or not (names only; the pages' text stays outside the repository). This prints:

* precision: labelled people / labelled names among what the extractor outputs now;
* kept: the share of the labelled people that are still output (a recall check:
  the rules must not lose real names while dropping non-people);
* names the labels do not know yet (label them before trusting the figures).

    python bench/people_web.py [--data ../shared/data/readability_test_pages/pages] [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searchkit.ingest.html.extract import extract_html  # noqa: E402
from searchkit.people.extract import extract_people  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "readability_test_pages" / "pages"
LABELS = Path(__file__).resolve().parent / "people_web_labels.json"


def page_people(folder: Path, page: str) -> list[str]:
    """The people field searchkit would index for one test page."""
    extracted = extract_html((folder / page / "source.html").read_bytes())
    return extract_people(extracted.body, headline=extracted.headline)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--show", action="store_true", help="list non-people and lost people")
    args = parser.parse_args()
    labels = json.loads(args.labels.read_text(encoding="utf-8"))["pages"]
    true_pos = false_pos = kept = total_people = 0
    unknown: list[str] = []
    for page, label in sorted(labels.items()):
        found = page_people(args.data, page)
        people, not_people = set(label["people"]), set(label["not_people"])
        true_pos += sum(name in people for name in found)
        wrong = [name for name in found if name in not_people]
        false_pos += len(wrong)
        lost = sorted(people - set(found))
        kept += len(people) - len(lost)
        total_people += len(people)
        unknown += [f"{page}: {name}" for name in found if name not in people | not_people]
        if args.show and (wrong or lost):
            print(f"{page}: not people {wrong}  lost {lost}")
    print(f"pages: {len(labels)}  labelled people: {total_people}")
    print(f"output: {true_pos + false_pos} labelled names ({true_pos} people, {false_pos} not people)")
    print(f"precision {true_pos / max(1, true_pos + false_pos):.3f}  "
          f"kept people {kept / max(1, total_people):.3f}")
    if unknown:
        print(f"unlabelled names ({len(unknown)}):")
        print("\n".join(f"  {line}" for line in unknown))


if __name__ == "__main__":
    main()
