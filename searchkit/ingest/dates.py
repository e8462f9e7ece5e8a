"""Turn the many ways articles write dates into timezone-aware UTC datetimes."""

from __future__ import annotations

from datetime import date, datetime, timezone

from searchkit.errors import InvalidOption


def parse_date(value: object) -> datetime | None:
    """Parse an article date (ISO 8601, RFC 2822, "12 March 2025", epoch seconds...).

    Returns an aware datetime in UTC (naive values are taken as UTC), or None
    when the value is empty or not a date: a bad date in one article must not
    stop it from being indexed.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return as_utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 100:
        return None
    from dateutil import parser as dateparser  # only articles and filters with dates need it

    try:
        parsed = dateparser.parse(text, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError, TypeError, LookupError):
        return None
    return as_utc(parsed) if parsed else None


def as_utc(value: datetime) -> datetime:
    """The same instant in UTC; naive datetimes are assumed to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def parse_date_option(value: str | datetime | date | None, name: str) -> datetime | None:
    """Parse a user-given filter date (``--since`` / ``--until``), failing loudly."""
    if value is None or value == "":
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise InvalidOption(f"{name}: not a date: {value!r} (use e.g. 2025-03-14)")
    return parsed
