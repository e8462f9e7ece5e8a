"""Faults on a real 3-node cluster: the leader killed mid-sync, a follower killed under queries and restarted.

The tests share one cluster (a start costs seconds): before and after each,
nodes a test killed are started again on their data and the cluster is waited
on until every node is healthy, and each test writes a collection of its own,
so no test sees another's faults or articles. Nothing waits a fixed time:
every wait polls with a deadline generous enough for a loaded machine.
"""

from __future__ import annotations

import threading

import pytest

from searchkit import Index
from searchkit.engine.base import SearchRequest
from searchkit.engine.typesense import TypesenseEngine
from searchkit.engine.typesense.client import Cluster
from searchkit.search.parser import parse

from .cluster import API_KEY, LocalCluster, wait_for
from .conftest import require_server
from .newsdesk import holding, newsdesk

CORPUS = newsdesk(count=2400, seed=5)


@pytest.fixture(scope="module")
def fault_cluster(tmp_path_factory):
    require_server()
    running = LocalCluster(tmp_path_factory.mktemp("faults")).start()
    yield running
    running.stop()


@pytest.fixture
def own_cluster(fault_cluster):
    """The module's cluster whole again: every node running and healthy, one the leader."""
    restore(fault_cluster)
    yield fault_cluster
    restore(fault_cluster)


def restore(cluster: LocalCluster) -> None:
    for node in cluster.nodes:
        if not node.alive():
            node.start()
    cluster.wait_ready()


def node_count(node, collection: str) -> int:
    """The articles one node holds, asked of that node alone (0 while it cannot answer)."""
    single = Cluster([node.address], API_KEY, retry_for=0)
    try:
        reply = single.read("GET", f"/collections/{collection}")
        return int(reply.body.get("num_documents", 0)) if reply.status == 200 else 0
    except Exception:  # a node still starting refuses or resets the connection
        return 0
    finally:
        single.close()


def test_a_sync_survives_the_leader_killed_mid_import(own_cluster, collection):
    engine = TypesenseEngine(own_cluster.location(collection), api_key=API_KEY)
    first_leader = own_cluster.leader()
    acknowledged: list[str] = []
    failure: list[BaseException] = []
    quarter = threading.Event()

    def sync():
        try:
            with engine.writer() as writer:
                for number, document in enumerate(CORPUS):
                    writer.add(document)
                    if number == len(CORPUS) // 4:
                        writer.checkpoint()
                        quarter.set()
                writer.commit()
                acknowledged.extend(writer.acknowledged)
        except BaseException as error:  # noqa: BLE001 - reported by the test thread below
            failure.append(error)
            quarter.set()

    worker = threading.Thread(target=sync)
    worker.start()
    assert quarter.wait(timeout=300), "the sync did not reach a quarter of the corpus"
    first_leader.kill()
    worker.join(timeout=600)
    assert not worker.is_alive(), "the sync did not finish after the leader was killed"
    assert not failure, failure
    new_leader = own_cluster.wait_ready()
    assert new_leader is not first_leader
    reader = engine.reader()
    assert reader.count() == len(CORPUS)
    assert set(acknowledged) == {document.article.id for document in CORPUS}
    assert set(reader.ids()) == set(acknowledged)
    grain = holding(CORPUS, "grain")
    results = reader.search(SearchRequest(parse("grain"), collapse=False, limit=5))
    assert results.total == len(grain)
    engine.close()


def test_queries_go_on_while_a_follower_is_down_and_it_catches_up(own_cluster, collection, api_key):
    engine = TypesenseEngine(own_cluster.location(collection), api_key=API_KEY)
    first, later = CORPUS[:1200], CORPUS[1200:]
    with engine.writer() as writer:
        for document in first:
            writer.add(document)
        writer.commit()
    expected = len(holding(first, "flood"))
    answers: list[int] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def query():
        reader = engine.reader()
        while not stop.is_set() and len(answers) < 5000:
            try:
                answers.append(reader.search(SearchRequest(parse("flood"), collapse=False, limit=3)).total)
            except BaseException as error:  # noqa: BLE001 - the test asserts there are none
                errors.append(error)

    worker = threading.Thread(target=query)
    worker.start()
    wait_for(lambda: len(answers) >= 5, "the first answers")
    follower = own_cluster.followers()[0]
    follower.kill()
    before = len(answers)
    wait_for(lambda: len(answers) >= before + 30, "answers with a follower down")
    with Index.open(own_cluster.location(collection)) as ix:  # `searchkit stats` names the node that is down
        roles = {node.address: (node.role, node.healthy) for node in ix.stats().nodes}
    assert roles.pop(follower.address) == ("down", False)
    assert sorted(roles.values()) == [("follower", True), ("leader", True)]
    with engine.writer() as writer:  # writes go on too, while the follower is away
        for document in later:
            writer.add(document)
        writer.commit()
    stop.set()
    worker.join(timeout=120)
    assert not errors, errors[:3]
    final = len(holding(CORPUS, "flood"))
    assert answers[:before] == [expected] * before
    assert all(expected <= total <= final for total in answers)  # later batches land while queries run
    follower.start()
    wait_for(lambda: node_count(follower, collection) == len(CORPUS), "the restarted follower to catch up", 300)
    assert engine.reader().count() == len(CORPUS)
    engine.close()
