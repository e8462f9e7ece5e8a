"""Search engines: where articles are stored and how they are matched and ranked.

``base`` is the seam: the protocols an engine implements and the plain data
that crosses it (the ``Index`` facade uses nothing else). ``whoosh`` is the
embedded engine, the default: an index in a folder, nothing to install or run.
"""
