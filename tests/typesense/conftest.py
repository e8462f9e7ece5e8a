"""A real 3-node Typesense cluster for the engine tests, started once per session from the pinned server.

Where the server is not installed the tests skip with the command that
installs it; in CI (``CI=true``) they fail instead, so a missing install step
can never pass as green.
"""

from __future__ import annotations

import os
import uuid

import pytest
from faults import skip_or_fail

from .cluster import API_KEY, LocalCluster, server_binary


def require_server() -> None:
    """Skip (or, in CI, fail) where the pinned server is not installed."""
    binary = server_binary()
    if binary.is_file() and os.access(binary, os.X_OK):
        return
    skip_or_fail(f"no Typesense server at {binary}: run .ci/install-typesense")


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    require_server()
    running = LocalCluster(tmp_path_factory.mktemp("typesense")).start()
    yield running
    running.stop()


@pytest.fixture
def api_key(monkeypatch):
    monkeypatch.setenv("SEARCHKIT_TYPESENSE_API_KEY", API_KEY)
    return API_KEY


@pytest.fixture
def collection() -> str:
    """A collection name no other test uses (tests share one cluster)."""
    return "t" + uuid.uuid4().hex[:12]

