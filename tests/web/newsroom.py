"""A small newsroom archive for the web tests, written for them (no public data set is copied).

Thirty-odd dated articles over eight months in five sections, people who recur
(so person pages have timelines and co-mentions), sub-headings, a wire story in
two copies, and, on request, hostile articles that try to run script.
"""

from __future__ import annotations

from pathlib import Path

SECTIONS = ("World", "Business", "Politics", "Science", "Sport")
MONTHS = ("2024-08", "2024-09", "2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03")

# (section, headline, the two people it names, its lead with {a} {b} for them and {place} {day} for the month's)
STORIES = [
    ("World", "Harbour talks resume", ("Amara Okafor", "Lars Nilsen"),
     "Negotiators met in {place} on {day} to settle the future of the old harbour. {a} said in {place} that "
     "talks would go on, while {b} of the {place} port authority warned on {day} that money was missing."),
    ("Business", "Grain exports climb as the port reopens", ("Lars Nilsen", "Mei Tanaka"),
     "Grain exports from {place} rose again on {day} as ships returned. {a} said {place} shippers had "
     "booked every berth; {b}, a trader in {place}, expected prices to ease after {day}."),
    ("Politics", "Budget vote delayed after late amendments", ("Diego Herrera", "Amara Okafor"),
     "The budget vote in {place} was pushed back on {day} after late amendments. Finance minister {a} "
     "called the {place} delay necessary, and {b} said on {day} that flood defences must not be cut."),
    ("Science", "Drought study maps the retreat of wetlands", ("Priya Raman", "Jonas Berg"),
     "A drought study from {place} published on {day} maps how wetlands shrank. Lead author {a} said "
     "the {place} losses beat every model, and hydrologist {b} asked {place} farmers on {day} for data."),
    ("Sport", "Rowing crew sets a record on the lake", ("Ewan Clarke", "Sofia Rossi"),
     "The rowing crew set a course record at {place} on {day}. Coach {a} praised a perfect start in "
     "{place}, and {b}, the stroke, said on {day} that the crew trained twice a day near {place}."),
]
PLACES = ("Valletta", "Gdansk", "Porto", "Split", "Tallinn", "Bari", "Cork", "Malmo", "Rijeka", "Varna")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


def _body(story: tuple, n: int, month: str, place: str) -> str:
    """A body that shares little text with the same story in another month (so they are not wire copies)."""
    (a, b), lead = story[2], story[3]
    day = WEEKDAYS[n % len(WEEKDAYS)]
    named = f"{MONTH_NAMES[int(month[5:]) - 1]} {month[:4]}"
    return (
        f"{lead.format(a=a, b=b, place=place, day=day)}\n\n"
        f"{a} told {n + 3} reporters in {place} that {20 + n * 3}% of the {named} plan was done, while "
        f"{b} put its cost at {40 + n * 11} million euros for {named}.\n\n"
        "What happens next\n\n"
        f"{b.split()[1]} said on {day} that a decision on the {named} proposal in {place} was expected within "
        f"{2 + n % 5} weeks, after {120 + n * 7} written responses from {place} residents and "
        f"{30 + n * 2} businesses in {named}.\n"
    )


def write_newsroom(root: Path, *, hostile: bool = False) -> Path:
    """Write the archive under ``root`` (one folder per section); returns ``root``."""
    n = 0
    for month_index, month in enumerate(MONTHS):
        for story_index, story in enumerate(STORIES):
            if (month_index + story_index) % 3 == 2:  # not every story every month: the timelines vary
                continue
            section, headline = story[0], story[1]
            n += 1
            named = f"{MONTH_NAMES[int(month[5:]) - 1]} {month[:4]}"
            place = PLACES[(month_index + 3 * story_index) % len(PLACES)]  # a story is never twice in one place
            day = 3 + (n * 5) % 24
            path = root / section.lower() / f"{month}-{story_index}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                f"Title: {headline} in {place} ({named})\nSection: {section}\nDate: {month}-{day:02d}\n"
                f"URL: https://news.example.org/{section.lower()}/{month}-{story_index}\n\n"
                + _body(story, n, month, place), encoding="utf-8")
    wire = ("Dockworkers in Rotterdam walked out on Monday over pay, halting container traffic at Europe's "
            "largest port, and union leader Anna de Vries said the strike would last until the operators "
            "returned to talks about wages and the new automated cranes.")
    for agency, day in (("Reuters", "10"), ("AP", "11")):
        (root / "business" / f"wire-{agency.lower()}.txt").write_text(
            f"Title: Rotterdam port strike halts containers ({agency})\nSection: Business\nDate: 2025-03-{day}\n\n"
            f"ROTTERDAM ({agency}) - {wire}\n", encoding="utf-8")
    if hostile:
        write_hostile(root / "hostile")
    return root


#: Text that would run script, break out of an attribute, or drive a terminal if printed raw.
SCRIPT = "<script>document.title='pwned-script'</script>"
IMG = '"><img src=x onerror="document.title=\'pwned-img\'">'
TERMINAL = "\x1b[31mred\x1b[0m\x07"


def write_hostile(folder: Path) -> None:
    """Articles whose headline, section, people, body and URL try to run script."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "script.txt").write_text(
        f"Title: Harbour {SCRIPT} report\nSection: World{IMG}\nDate: 2025-03-20\n"
        "URL: javascript:document.title='pwned-url'\n\n"
        f"The harbour {SCRIPT} board met on Monday {IMG} and said the breakwater {TERMINAL} would be "
        "finished by the summer, according to minutes seen by reporters.\n", encoding="utf-8")
    (folder / "feed.jsonl").write_text(
        '{"id": "evil-1", "headline": "Harbour <img src=x onerror=alert(1)> fees", "section": "Business", '
        '"date": "2025-03-21", "url": "javascript:alert(1)", '
        '"people": ["Mallory <script>alert(1)</script> Jones", "Amara Okafor"], '
        '"body": "Port fees at the harbour rise in April, Mallory Jones said. <b onmouseover=alert(1)>bold</b>"}\n',
        encoding="utf-8")
