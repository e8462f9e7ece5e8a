"""searchkit in a browser: a search page and a JSON API over one index.

>>> from searchkit.web import create_app
>>> app = create_app("index")            # doctest: +SKIP  (an ASGI app: serve it, or mount it in yours)
"""

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":  # loaded on first use: `searchkit serve --help` needs no web stack
        from searchkit.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
