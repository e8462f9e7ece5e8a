"""Each node of a Typesense cluster as it reports itself: Raft role, health, memory, disk, pending writes.

Every node is asked on its own (``/debug``, ``/health``, ``/metrics.json``,
``/stats.json``; no retries), so a node that is down or still catching up shows
as such instead of being hidden behind another that answers. These endpoints are
the same in Typesense 0.24 and current releases.
"""

from __future__ import annotations

from searchkit.engine.typesense.client import Cluster
from searchkit.models import NodeStats

#: Raft states as ``/debug`` gives them (braft's numbering).
_ROLES = {1: "leader", 2: "leader", 3: "candidate", 4: "follower"}


def node_stats(cluster: Cluster) -> tuple[NodeStats, ...]:
    """One entry per node named in the location, in that order."""
    return tuple(_one(cluster, node) for node in cluster.nodes)


def _one(cluster: Cluster, node: str) -> NodeStats:
    address = node.split("://", 1)[-1]
    debug = cluster.ask(node, "GET", "/debug")
    if debug is None:
        return NodeStats(address, "down", False)
    state = debug.body.get("state") if isinstance(debug.body, dict) else None
    health = cluster.ask(node, "GET", "/health")
    metrics = _figures(cluster.ask(node, "GET", "/metrics.json"))
    stats = _figures(cluster.ask(node, "GET", "/stats.json"))
    return NodeStats(
        address=address,
        role=_ROLES.get(state, "starting"),
        healthy=bool(health and isinstance(health.body, dict) and health.body.get("ok") is True),
        memory_bytes=_number(metrics.get("typesense_memory_resident_bytes")),
        disk_used_bytes=_number(metrics.get("system_disk_used_bytes")),
        disk_total_bytes=_number(metrics.get("system_disk_total_bytes")),
        pending_writes=_number(stats.get("pending_write_batches")),
        version=debug.body.get("version") if isinstance(debug.body, dict) else None,
    )


def _figures(reply) -> dict:
    return reply.body if reply is not None and reply.status == 200 and isinstance(reply.body, dict) else {}


def _number(value) -> int | None:
    """Typesense gives its metrics as strings ("32047104"); None where one is missing or not a number."""
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None
