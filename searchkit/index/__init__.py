"""The ``Index`` facade: open an index, keep it in sync with files, check it, search it.

``core`` is the ``Index`` class; ``sync`` decides what a sync adds, updates and
removes, ``prepare`` reads and prepares files (on every core for large syncs),
``watch`` follows folders as they change, ``check`` verifies an index and
``repair`` mends one; ``results`` turns search options into the engine seam's
requests and its results back into ``Results``. Everything here speaks to the
engine through ``searchkit.engine.base`` only.
"""
