"""Search engines: where articles are stored and how they are matched and ranked.

``whoosh`` is the embedded engine, the default: an index in a folder, nothing to
install or run.
"""
