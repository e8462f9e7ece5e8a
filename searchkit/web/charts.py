"""The timeline: articles per month as bars, laid out here and drawn as SVG by the page template.

Every month between the first and the last is a bar (a quiet month is a gap, not
skipped), so the chart's width is time; a span of more than ten years is drawn
by year instead. Each bar links to the same search narrowed to its month or year.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass

#: Beyond this many months the timeline counts years.
MAX_MONTHS = 120
WIDTH, HEIGHT, AXIS = 720, 120, 18


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float
    href: str


@dataclass(frozen=True)
class Timeline:
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    total: int
    by_year: bool
    width: int = WIDTH
    height: int = HEIGHT
    axis: int = AXIS

    @property
    def first(self) -> str:
        return self.bars[0].label

    @property
    def last(self) -> str:
        return self.bars[-1].label


def month_range(month: str) -> tuple[str, str]:
    """The first and last day of a month (``2025-03``) or a year (``2025``), as ISO dates."""
    if len(month) == 4:
        return f"{month}-01-01", f"{month}-12-31"
    year, number = int(month[:4]), int(month[5:7])
    return f"{month}-01", f"{month}-{calendar.monthrange(year, number)[1]:02d}"


def timeline(counts: Iterable[tuple[str, int]], link: Callable[[str, str], str]) -> Timeline | None:
    """Bars for ``(YYYY-MM, count)`` pairs; ``link(since, until)`` is a bar's address. None without dates."""
    months = {m: c for m, c in counts if len(m) == 7 and m[4] == "-" and m[:4].isdigit() and m[5:].isdigit()}
    if not months:
        return None
    first, last = min(months), max(months)
    labels = list(_months_between(first, last))
    by_year = len(labels) > MAX_MONTHS
    if by_year:
        years: dict[str, int] = {}
        for month, count in months.items():
            years[month[:4]] = years.get(month[:4], 0) + count
        labels = [str(y) for y in range(int(first[:4]), int(last[:4]) + 1)]
        months = years
    peak = max(months.values())
    slot = WIDTH / max(len(labels), 12)  # a few months are drawn as narrow bars in the middle
    left = (WIDTH - slot * len(labels)) / 2
    gap = min(2.0, slot * 0.2)
    bars = []
    for i, label in enumerate(labels):
        count = months.get(label, 0)
        height = (HEIGHT - AXIS - 4) * count / peak
        bars.append(Bar(label, count, round(left + i * slot + gap / 2, 2), round(HEIGHT - AXIS - height, 2),
                        round(slot - gap, 2), round(height, 2), link(*month_range(label))))
    return Timeline(bars, _ticks(labels, left, slot, by_year), sum(months.values()), by_year)


def _months_between(first: str, last: str):
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _ticks(labels: list[str], left: float, slot: float, by_year: bool) -> list[tuple[float, str]]:
    """Axis labels: each month when there are few, else each year where it starts (fewer when they crowd)."""
    if not by_year and len(labels) <= 12:
        return [(round(left + i * slot + slot / 2, 2),
                 calendar.month_abbr[int(m[5:7])] + (f" {m[:4]}" if i == 0 or m.endswith("-01") else ""))
                for i, m in enumerate(labels)]
    starts = [(i, label[:4]) for i, label in enumerate(labels) if by_year or label.endswith("-01")]
    if not starts or starts[0][0] >= 3:  # the first year gets a label of its own if there is room
        starts.insert(0, (0, labels[0][:4]))
    every = max(1, -(-len(starts) // 10))
    return [(round(left + i * slot + (slot / 2 if by_year else 0), 2), year) for i, year in starts[::every]]
