"""A held-out check of searchkit.people on Reuters-21578's PEOPLE tags.

The extractor's rules were refined while reading CoNLL-2003 dev errors, so its
CoNLL figures may flatter it. Reuters-21578 (other stories, another decade) tags
1,156 stories with the people they are about, as lowercase surnames
("leigh-pemberton", "reagan"). This prints the share of tagged people whose
surname the extractor finds in the story (a recall the rules never saw), and
how many names it finds per story.

    python bench/people_heldout.py [--data ../shared/data/reuters21578]
"""

from __future__ import annotations

import argparse
import html
import re
from pathlib import Path

from searchkit.people.extract import extract_people, name_key
from searchkit.people.names import surname

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "reuters21578"
_STORY = re.compile(r"<REUTERS.*?</REUTERS>", re.S)


def tagged_stories(folder: Path):
    """(title, body, tagged people) of every story that has PEOPLE tags and a body."""
    for path in sorted(folder.glob("*.sgm")):
        for story in _STORY.findall(path.read_text(encoding="latin-1")):
            people = re.findall(r"<D>(.*?)</D>", re.search(r"<PEOPLE>(.*?)</PEOPLE>", story, re.S).group(1))
            body = re.search(r"<BODY>(.*?)</BODY>", story, re.S)
            if not people or not body:
                continue
            title = re.search(r"<TITLE>(.*?)</TITLE>", story, re.S)
            text = re.sub(r"&#\d+;", "", html.unescape(body.group(1)))
            paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s{3,}", text))
            yield (html.unescape(title.group(1)) if title else "", "\n\n".join(paragraphs), people)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    stories = tagged = found = names = 0
    for title, body, people in tagged_stories(args.data):
        extracted = extract_people(body, headline=title)
        keys = {name_key(surname(n)) for n in extracted}
        stories += 1
        names += len(extracted)
        for person in people:
            tagged += 1
            found += name_key(person.replace("-", " ").split()[-1]) in keys or name_key(person) in keys
    print(f"{stories} stories with PEOPLE tags, {tagged} tagged people")
    print(f"tagged people whose surname is extracted: {found / tagged:.3f}")
    print(f"names extracted per story: {names / stories:.2f}")


if __name__ == "__main__":
    main()
