"""The engines the contract suite runs against: Whoosh in-process and a Typesense cluster."""

from __future__ import annotations

import uuid

ENGINES = ["whoosh", "typesense"]


def open_engine(name: str, request):
    """A new, empty engine of kind ``name`` (skipped where that engine cannot run here)."""
    if name == "whoosh":
        from searchkit.engine.whoosh.engine import WhooshEngine

        return WhooshEngine.in_memory(lock_timeout=5.0)
    from searchkit.engine.typesense import TypesenseEngine

    from .cluster import API_KEY

    cluster = request.getfixturevalue("cluster")
    return TypesenseEngine(cluster.location("t" + uuid.uuid4().hex[:12]), api_key=API_KEY)


def close_engine(engine) -> None:
    """Drop what the engine holds on a cluster (an in-process engine just goes), then close it."""
    drop = getattr(engine, "drop", None)
    if drop is not None:
        drop()
    engine.close()
