"""Check the arguments of public calls, so bad input raises ``InvalidOption`` and never a bare TypeError.

A library user passing ``None`` for a query or ``5`` for a section should get
an error naming the argument, from the same family as every other searchkit
error, not whatever Python raised deep inside the engine.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from numbers import Real

from searchkit.errors import InvalidOption

#: A path given to ``sync``/``check``/``repair``/``watch``: a string or an ``os.PathLike``.
PathArgument = str | os.PathLike


def _kind(value: object) -> str:
    return "None" if value is None else type(value).__name__


def text_argument(value: object, what: str) -> str:
    """``value`` itself, when it is a string."""
    if not isinstance(value, str):
        raise InvalidOption(f"{what} must be a string, not {_kind(value)}")
    return value


def texts_argument(value: object, what: str) -> tuple[str, ...]:
    """One string or several as a tuple (None: none)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Iterable) or isinstance(value, (bytes, dict)):
        raise InvalidOption(f"{what} must be a string or a list of strings, not {_kind(value)}")
    values = tuple(value)
    for item in values:
        if not isinstance(item, str):
            raise InvalidOption(f"{what} must be a string or a list of strings, not a list holding {_kind(item)}")
    return values


def int_argument(value: object, what: str, minimum: int, maximum: int | None = None) -> int:
    """``value``, when it is a whole number within bounds (True and False are not numbers here)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidOption(f"{what} must be a whole number, not {_kind(value)}")
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"{minimum} or more"
        raise InvalidOption(f"{what} must be {bounds}, not {value}")
    return value


def seconds_argument(value: object, what: str) -> float | None:
    """A positive number of seconds, or None for no limit."""
    if value is None:
        return None
    if not isinstance(value, Real) or isinstance(value, bool) or not value > 0:
        raise InvalidOption(f"{what} must be a positive number of seconds or None, not {value!r}")
    return float(value)


def flag_argument(value: object, what: str) -> bool:
    """``value``, when it is True or False."""
    if not isinstance(value, bool):
        raise InvalidOption(f"{what} must be True or False, not {_kind(value)}")
    return value


def date_argument(value: object, what: str) -> object:
    """``value``, when it can be a date filter: None, a string or a date/datetime (parsed later)."""
    if value is not None and not isinstance(value, (str, date)):
        raise InvalidOption(f"{what} must be a date, a date string or None, not {_kind(value)}")
    return value


def path_argument(value: object, what: str = "path") -> PathArgument:
    """``value``, when it is a path: a string or an ``os.PathLike``."""
    if not isinstance(value, (str, os.PathLike)):
        raise InvalidOption(f"{what} must be a path, not {_kind(value)}")
    return value


def paths_argument(paths: object, what: str = "paths") -> list[PathArgument]:
    """Folders and files as a list; one path alone is taken as a list of one (a string is not iterated)."""
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    if not isinstance(paths, Iterable) or isinstance(paths, (bytes, dict)):
        raise InvalidOption(f"{what} must be a path or a list of paths, not {_kind(paths)}")
    return [path_argument(path, f"each of {what}") for path in paths]
