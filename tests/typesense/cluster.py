"""A Typesense cluster of real server processes on 127.0.0.1, for the engine's tests and benches.

Each node gets its own data folder, API port and peering port; all read the
same ``--nodes`` file. Nodes can be killed (SIGKILL, as a crash) and started
again on the same data. Waits poll with generous deadlines, never fixed sleeps.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parents[2]
SERVER_VARIABLE = "TYPESENSE_SERVER"
API_KEY = "searchkit-test-key"


def server_binary() -> Path:
    """Where ``.ci/install-typesense`` puts the pinned server (or ``$TYPESENSE_SERVER``)."""
    return Path(os.environ.get(SERVER_VARIABLE) or ROOT / ".ci" / "bin" / "typesense-server")


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def wait_for(condition, what: str, deadline: float = 120.0, every: float = 0.2):
    """Poll ``condition`` until it returns something true; fail naming ``what`` after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            raise TimeoutError(f"gave up waiting {deadline:.0f} s for {what}")
        time.sleep(every)


class Node:
    def __init__(self, binary: Path, folder: Path, api_port: int, peering_port: int, nodes_file: Path) -> None:
        self.binary, self.folder = binary, folder
        self.api_port, self.peering_port = api_port, peering_port
        self.nodes_file = nodes_file
        self.process: subprocess.Popen | None = None
        (folder / "data").mkdir(parents=True, exist_ok=True)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.api_port}"

    def start(self) -> None:
        log = (self.folder / "server.log").open("ab")
        self.process = subprocess.Popen(
            [str(self.binary), f"--data-dir={self.folder / 'data'}", f"--api-key={API_KEY}",
             "--api-address=127.0.0.1", f"--api-port={self.api_port}", "--peering-address=127.0.0.1",
             f"--peering-port={self.peering_port}", f"--nodes={self.nodes_file}", "--enable-cors=false",
             "--thread-pool-size=4", "--snapshot-interval-seconds=30"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()

    def kill(self) -> None:
        """SIGKILL, as a machine losing power would stop it."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def debug(self) -> dict | None:
        try:
            reply = httpx2.get(f"http://{self.address}/debug", headers={"X-TYPESENSE-API-KEY": API_KEY}, timeout=2)
            return reply.json() if reply.status_code == 200 else None
        except (httpx2.HTTPError, ValueError):
            return None

    def healthy(self) -> bool:
        try:
            return httpx2.get(f"http://{self.address}/health", timeout=2).json().get("ok") is True
        except (httpx2.HTTPError, ValueError):
            return False


class LocalCluster:
    """``size`` nodes peering on 127.0.0.1; ``location(collection)`` is searchkit's URL for it."""

    def __init__(self, folder: Path, size: int = 3, binary: Path | None = None) -> None:
        binary = binary or server_binary()
        ports = free_ports(2 * size)
        nodes_file = folder / "nodes"
        folder.mkdir(parents=True, exist_ok=True)
        pairs = [(ports[2 * i], ports[2 * i + 1]) for i in range(size)]
        nodes_file.write_text(",".join(f"127.0.0.1:{peer}:{api}" for api, peer in pairs))
        self.nodes = [Node(binary, folder / f"node{i}", api, peer, nodes_file) for i, (api, peer) in enumerate(pairs)]

    def start(self) -> LocalCluster:
        for node in self.nodes:
            node.start()
        self.wait_ready()
        return self

    def wait_ready(self, deadline: float = 180.0) -> Node:
        """Every running node healthy and one of them the leader."""
        def ready():
            running = [node for node in self.nodes if node.alive()]
            return all(node.healthy() for node in running) and self.leader()
        return wait_for(ready, "a healthy cluster with a leader", deadline)

    def leader(self) -> Node | None:
        for node in self.nodes:
            if node.alive() and (node.debug() or {}).get("state") == 1:
                return node
        return None

    def followers(self) -> list[Node]:
        leader = self.leader()
        return [node for node in self.nodes if node.alive() and node is not leader]

    def location(self, collection: str) -> str:
        return "typesense://" + ",".join(node.address for node in self.nodes) + "/" + collection

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()
