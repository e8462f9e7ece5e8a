"""searchkit in a browser: a search page and a JSON API over one index.

>>> from searchkit.web import create_app
>>> app = create_app("index")            # doctest: +SKIP  (an ASGI app: serve it, or mount it in yours)
"""

from searchkit.web.app import create_app

__all__ = ["create_app"]
