"""Turn the many ways articles write dates into timezone-aware UTC datetimes.

News dates come as ISO 8601, RFC 2822, "March 15, 2025 3:46 PM EST",
"01/04/63"... python-dateutil reads most of them; around it this module adds
what a news archive needs and dateutil leaves open:

- time-zone abbreviations that news sites print (EST, PDT, BST, CET, IST...)
  are resolved (dateutil knows only UTC/GMT and warns about the rest);
- a two-digit year never puts an article in the future ("63" is 1963);
- a numeric day/month order ("03/04/2025") follows SEARCHKIT_DATE_ORDER
  (``mdy``, the default for article dates, or ``dmy``); a filter date that
  could be read both ways is refused unless that order is set;
- what could not be understood comes back as a note, never as a library warning.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import cache

from searchkit.errors import InvalidOption

#: Environment variable that sets the day/month order of numeric dates: "mdy" or "dmy".
DATE_ORDER_ENV = "SEARCHKIT_DATE_ORDER"
DATE_ORDERS = ("mdy", "dmy")
#: Article dates are read month first unless SEARCHKIT_DATE_ORDER says otherwise.
DEFAULT_ARTICLE_ORDER = "mdy"
_MAX_LENGTH = 100

#: Hours from UTC of the zone abbreviations news pages print. Where one abbreviation
#: names several zones, the reading common in English-language news wins: CST is US
#: Central (not China), IST is India (not Ireland or Israel). ET/CT/MT/PT follow
#: daylight saving time (zones below).
_ZONE_HOURS = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10, "NST": -3.5, "NDT": -2.5, "BRT": -3, "ART": -3,
    "BST": 1, "IST": 5.5, "CET": 1, "CEST": 2, "WEST": 1, "EET": 2, "EEST": 3, "MSK": 3,
    "WAT": 1, "CAT": 2, "SAST": 2, "EAT": 3, "PKT": 5, "ICT": 7, "WIB": 7, "HKT": 8, "SGT": 8,
    "PHT": 8, "AWST": 8, "JST": 9, "KST": 9, "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11,
    "NZST": 12, "NZDT": 13,
}
_ZONE_NAMES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
               "PT": "America/Los_Angeles"}
_ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_FIRST_RE = re.compile(r"\d{4}[/.]\d{1,2}[/.]\d{1,2}\b")
_FOUR_DIGITS_RE = re.compile(r"\d{4}")


@dataclass(frozen=True)
class DateReading:
    """A date as read from an article: the value (or None) and, when something was off, why."""

    value: datetime | None
    note: str = ""


def parse_date(value: object) -> datetime | None:
    """Parse an article date (ISO 8601, RFC 2822, "12 March 2025", epoch seconds...).

    Returns an aware datetime in UTC (naive values are taken as UTC), or None
    when the value is empty or not a date: a bad date in one article must not
    stop it from being indexed. ``read_date`` also says why a date was dropped.
    """
    return read_date(value).value


def read_date(value: object, order: str | None = None) -> DateReading:
    """An article date and a note on what could not be understood (empty when all went well)."""
    if value is None or value == "":
        return DateReading(None)
    if isinstance(value, datetime):
        return DateReading(as_utc(value))
    if isinstance(value, date):
        return DateReading(datetime(value.year, value.month, value.day, tzinfo=timezone.utc))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return DateReading(datetime.fromtimestamp(value, tz=timezone.utc))
        except (OverflowError, OSError, ValueError):
            return DateReading(None, f"date {value!r} is not a time stamp in range (stored undated)")
    if not isinstance(value, str):
        return DateReading(None, f"date is a JSON {type(value).__name__}, not text (stored undated)")
    text = value.strip()
    if not text:
        return DateReading(None)
    if len(text) > _MAX_LENGTH:
        return DateReading(None, f"date is {len(text)} characters long, not a date (stored undated)")
    parsed, unknown_zone = parse_text(text, dayfirst=article_dayfirst(order))
    if parsed is None:
        return DateReading(None, f"date not understood: {text!r} (stored undated)")
    if unknown_zone:
        return DateReading(parsed, f"time zone {unknown_zone!r} in date {text!r} not known (time taken as UTC)")
    return DateReading(parsed)


def parse_text(text: str, *, dayfirst: bool = False, fuzzy: bool = False) -> tuple[datetime | None, str]:
    """A date string as an aware UTC datetime (or None), and the zone name it could not resolve ("")."""
    if _ISO_RE.match(text):
        try:
            return as_utc(datetime.fromisoformat(text)), ""
        except ValueError:
            pass  # "2025-03-04 10:00 EST" and other near-ISO forms: dateutil below
    from dateutil import parser as dateparser  # only articles and filters with dates need it

    unknown: list[str] = []

    def zone(name: str | None, offset: int | None) -> tzinfo | None:
        if offset is not None:
            return timezone(timedelta(seconds=offset))
        if name is None:
            return None
        found = _zone(name.upper())
        if found is None:
            unknown.append(name)
        return found

    try:
        parsed = dateparser.parse(text, default=datetime(2000, 1, 1), tzinfos=zone, fuzzy=fuzzy,
                                  dayfirst=dayfirst and not _YEAR_FIRST_RE.match(text),
                                  parserinfo=_news_parserinfo())
    except (ValueError, OverflowError, TypeError, LookupError):
        return None, ""
    if parsed is None:
        return None, ""
    parsed = as_utc(parsed)
    if parsed > datetime.now(timezone.utc) + timedelta(days=1) and not _FOUR_DIGITS_RE.search(text):
        parsed = _years_earlier(parsed, 100)  # a two-digit year of this century still in the future
    return parsed, unknown[0] if unknown else ""


@cache
def _zone(name: str) -> tzinfo | None:
    if name in _ZONE_HOURS:
        return timezone(timedelta(hours=_ZONE_HOURS[name]), name)
    if name in _ZONE_NAMES:
        from dateutil import tz

        return tz.gettz(_ZONE_NAMES[name])
    return None


@cache
def _news_parserinfo():
    """dateutil's parserinfo, with two-digit years read as the latest such year not after this one."""
    from dateutil import parser as dateparser

    class NewsParserInfo(dateparser.parserinfo):
        def convertyear(self, year: int, century_specified: bool = False) -> int:
            if year < 100 and not century_specified:
                year += self._century
                if year > self._year:
                    year -= 100
            return year

    return NewsParserInfo()


def _years_earlier(value: datetime, years: int) -> datetime:
    try:
        return value.replace(year=value.year - years)
    except ValueError:  # 29 February
        return value.replace(year=value.year - years, day=28)


def as_utc(value: datetime) -> datetime:
    """The same instant in UTC; naive datetimes are assumed to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def article_dayfirst(order: str | None = None) -> bool:
    """Whether an article's numeric date is read day first: ``order``, else SEARCHKIT_DATE_ORDER, else month first."""
    return (order or configured_order() or DEFAULT_ARTICLE_ORDER) == "dmy"


def configured_order() -> str | None:
    """The day/month order set in SEARCHKIT_DATE_ORDER (None: not set); raises InvalidOption if invalid."""
    order = os.environ.get(DATE_ORDER_ENV, "").strip().lower()
    if not order:
        return None
    if order not in DATE_ORDERS:
        raise InvalidOption(f"{DATE_ORDER_ENV} must be {' or '.join(DATE_ORDERS)}, not {order!r}")
    return order


def parse_date_option(value: str | datetime | date | None, name: str) -> datetime | None:
    """Parse a user-given filter date (``--since`` / ``--until``), failing loudly.

    A numeric date that reads differently day first and month first
    ("03/04/2025") is refused, naming both readings, unless SEARCHKIT_DATE_ORDER
    says which order to use.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        parsed = parse_date(value)
        if parsed is None:
            raise InvalidOption(f"{name}: not a date: {value!r} (use e.g. 2025-03-14)")
        return parsed
    text = value.strip()
    order = configured_order()
    month_first, _ = parse_text(text, dayfirst=False)
    if month_first is None or len(text) > _MAX_LENGTH:
        raise InvalidOption(f"{name}: not a date: {value!r} (use e.g. 2025-03-14)")
    if order is not None:
        return month_first if order == "mdy" else parse_text(text, dayfirst=True)[0]
    day_first, _ = parse_text(text, dayfirst=True)
    if day_first is not None and day_first != month_first:
        raise InvalidOption(
            f"{name}: {value!r} is ambiguous: {_spelled(month_first)} (month first) or {_spelled(day_first)} "
            f"(day first); write {month_first:%Y-%m-%d} or {day_first:%Y-%m-%d}, "
            f"or set {DATE_ORDER_ENV}=mdy or dmy")
    return month_first


def _spelled(value: datetime) -> str:
    return f"{value.day} {value:%B %Y}"
