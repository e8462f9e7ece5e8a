"""The ``Index`` facade: open an index, keep it in sync with files, check it, search it.

``core`` is the ``Index`` class; ``sync`` decides what a sync adds, updates and
removes, ``prepare`` reads and prepares files (on every core for large syncs),
``watch`` follows folders as they change and ``check`` verifies an index.
"""
