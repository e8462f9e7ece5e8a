"""Import Whoosh without the heavy modules it loads and a search never uses.

``whoosh.compat`` imports ``urllib.request`` (the HTTP client, ``ssl``, ``email``...) for
a download helper, and ``whoosh.reading`` imports the ``cached_property`` package, which
imports ``asyncio`` for its async variants. Together they are about a quarter of a cold
``searchkit query``. ``whoosh.query`` imports ``whoosh.lang.morph_en``, which compiles
six large regular expressions (about 5 ms) for the ``Variations`` query searchkit never
builds. While those Whoosh modules load, light stand-ins take the place of the heavy
ones: ``urlretrieve`` and ``variations`` import the real thing when called, and
``functools.cached_property`` does what ``whoosh.reading`` asks of the package (cache one
value in the instance's ``__dict__``). The stand-ins leave ``sys.modules`` at once, so any
later import of those modules gets the real one.
"""

from __future__ import annotations

import functools
import sys
import types


def _urlretrieve(*args, **kwargs):
    """``urllib.request.urlretrieve``, imported on first call."""
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _variations(word: str):
    """``whoosh.lang.morph_en.variations``, imported on first call."""
    from whoosh.lang.morph_en import variations

    return variations(word)


def _stand_ins() -> dict[str, types.ModuleType]:
    urllib_request = types.ModuleType("urllib.request")
    urllib_request.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    cached = types.ModuleType("cached_property")
    cached.cached_property = functools.cached_property  # type: ignore[attr-defined]
    morph_en = types.ModuleType("whoosh.lang.morph_en")
    morph_en.variations = _variations  # type: ignore[attr-defined]
    return {"urllib.request": urllib_request, "cached_property": cached, "whoosh.lang.morph_en": morph_en}


def import_whoosh_lean() -> None:
    """Load ``whoosh.compat``, ``whoosh.reading`` and ``whoosh.query`` with the stand-ins (no-op once loaded)."""
    if "whoosh.query" in sys.modules and "whoosh.reading" in sys.modules:
        return
    placed = [name for name in ("urllib.request", "cached_property", "whoosh.lang.morph_en") if name not in sys.modules]
    stand_ins = _stand_ins()
    for name in placed:
        sys.modules[name] = stand_ins[name]
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.query  # noqa: F401
        import whoosh.reading  # noqa: F401
    finally:
        for name in placed:
            if sys.modules.get(name) is stand_ins[name]:
                del sys.modules[name]


import_whoosh_lean()
