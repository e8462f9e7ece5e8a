"""The embedded Whoosh engine: schema, analysis, storage, segments, ranking and search on Whoosh.

Every use of the ``whoosh`` library lives in this package.
"""
