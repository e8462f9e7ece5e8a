"""`searchkit index --watch`, `serve` and `stats` on the 3-node cluster, run as a user runs them.

Both commands run as processes on a ``typesense://`` location naming all three
nodes; what they did is then asked of each node alone, so "the cluster
converged" means every replica answers the same. Waits poll with generous
deadlines (a loaded machine may take seconds per sync), never fixed sleeps.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from pathlib import Path

from click.testing import CliRunner
from corpus_factory import write_corpus

from searchkit import Index
from searchkit.cli.commands import cli

from .cluster import API_KEY, wait_for

STORY = ("Ferry crews strike over night shifts\n\n"
         "Ferry crews in Split walked off the job on Monday, said union leader Marija Kovač, after talks "
         "on night shifts broke down. Crossings to the islands were cancelled.\n")


def run_env() -> dict:
    return {**os.environ, "SEARCHKIT_TYPESENSE_API_KEY": API_KEY, "PYTHONUNBUFFERED": "1"}


def per_node(cluster, collection: str) -> list[Index]:
    """One ``Index`` for each node alone: what that replica holds."""
    return [Index.open(f"typesense://{node.address}/{collection}") for node in cluster.nodes]


def converged(replicas: list[Index], query: str, expected: int, count: int) -> bool:
    """Every replica finds ``expected`` articles for ``query`` and holds ``count`` articles."""
    return all(ix.search(query).total == expected and len(ix) == count for ix in replicas)


def stop(process: subprocess.Popen) -> tuple[int, str, str]:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        out, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # a hang is a failure, not a wait
        process.kill()
        out, err = process.communicate()
    return process.returncode, out, err


def test_watch_follows_added_edited_and_deleted_files_on_every_node(cluster, api_key, collection, tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 20)
    location = cluster.location(collection)
    watcher = subprocess.Popen(
        [sys.executable, "-m", "searchkit", "index", "--watch", "--json", "--index", location, str(corpus)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=run_env())
    reports: list[dict] = []
    reading = threading.Thread(target=lambda: reports.extend(json.loads(line) for line in watcher.stdout))
    reading.start()
    replicas: list[Index] = []
    try:
        wait_for(lambda: reports or watcher.poll() is not None, "the first sync's report", 180)
        assert (reports[0]["added"], reports[0]["failed"]) == (20, 0)
        replicas = per_node(cluster, collection)
        story = corpus / "europe" / "ferries.txt"
        story.parent.mkdir(exist_ok=True)
        story.write_text(STORY, encoding="utf-8")
        wait_for(lambda: converged(replicas, "Split", 1, 21), "the new story on every node", 180)
        assert {ix.get("corpus/europe/ferries.txt").people[0] for ix in replicas} == {"Marija Kovač"}

        story.write_text(STORY.replace("Split", "Zadar"), encoding="utf-8")
        wait_for(lambda: converged(replicas, "Zadar", 1, 21), "the edited story on every node", 180)
        assert all(ix.search("Split").total == 0 for ix in replicas)

        story.unlink()
        wait_for(lambda: converged(replicas, "ferry", 0, 20), "the deleted story gone from every node", 180)
        wait_for(lambda: sum(r["removed"] for r in reports), "the report of the deletion", 60)
    finally:
        watcher.send_signal(signal.SIGINT)
        code = watcher.wait(timeout=60)
        reading.join()
        err = watcher.stderr.read()
        for ix in replicas:
            ix.close()
    assert code == 0, err
    changes = reports[1:]
    assert sum(r["added"] for r in changes) == 1 and sum(r["removed"] for r in changes) == 1
    assert sum(r["updated"] for r in changes) >= 1 and not any(r["failed"] for r in changes)
    with Index.open(location) as ix:
        assert ix.check([corpus]).in_sync


def get(url: str):
    with urllib.request.urlopen(url, timeout=60) as response:
        body = response.read().decode()
        return json.loads(body) if response.headers.get_content_type() == "application/json" else body


def test_serve_answers_the_api_and_the_page_from_the_cluster(cluster, api_key, collection, tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 24)
    location = cluster.location(collection)
    with Index(location) as ix:
        ix.sync([corpus])
        grain = ix.search("grain exports", limit=1)
    server = subprocess.Popen([sys.executable, "-m", "searchkit", "serve", "--index", location, "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=run_env())
    try:
        url = server.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), server.stderr.read() if server.poll() is not None else url
        assert get(url + "api/stats")["articles"] == 24
        found = get(url + "api/search?q=grain+exports")
        assert found["total"] == grain.total > 0
        top = found["hits"][0]
        assert top["id"] == grain.hits[0].id and "grain" in top["snippet"].lower()
        assert get(url + "api/article?id=" + urllib.parse.quote(top["id"]))["headline"] == top["headline"]
        page = get(url + "?q=grain+exports")
        assert top["headline"].split()[0] in page and f"{grain.total}" in page

        _add_story(location, corpus)  # a sync from elsewhere: the running server sees it
        wait_for(lambda: get(url + "api/search?q=Split")["total"] == 1, "the new commit in the server", 120)
        assert "Ferry crews strike" in get(url + "?q=Split")
    finally:
        code, _, err = stop(server)
    assert code == 0, err
    assert err.splitlines()[0] == f"searchkit: serving {location} (24 articles); Ctrl-C stops"


def _add_story(location: str, corpus: Path) -> None:
    (corpus / "europe").mkdir(exist_ok=True)
    (corpus / "europe" / "ferries.txt").write_text(STORY, encoding="utf-8")
    with Index(location) as ix:
        assert ix.sync([corpus]).added == 1


def test_stats_reports_each_node_role_health_memory_and_disk(cluster, api_key, collection, tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 16)
    location = cluster.location(collection)
    runner = CliRunner()
    assert runner.invoke(cli, ["index", str(corpus), "--index", location, "-q"]).exit_code == 0
    figures = json.loads(runner.invoke(cli, ["stats", "--index", location, "--json"]).output)
    assert figures["articles"] == 16 and figures["path"] == location
    nodes = figures["nodes"]
    assert [node["address"] for node in nodes] == [node.address for node in cluster.nodes]
    assert sorted(node["role"] for node in nodes) == ["follower", "follower", "leader"]
    assert all(node["healthy"] and node["version"] for node in nodes)
    assert all(node["memory_bytes"] > 0 and 0 < node["disk_used_bytes"] <= node["disk_total_bytes"] for node in nodes)
    leader = next(node for node in nodes if node["role"] == "leader")
    assert leader["address"] == cluster.leader().address and figures["size_bytes"] == leader["memory_bytes"]
    text = runner.invoke(cli, ["stats", "--index", location]).output
    assert "in memory on the leader" in text
    node_lines = [line for line in text.splitlines() if "127.0.0.1:" in line and "typesense://" not in line]
    assert len(node_lines) == 3 and node_lines[0].startswith("Nodes:")
    assert f"{leader['address']} leader, healthy: " in text and " memory, disk " in text
