"""`searchkit serve` as a user runs it: the URL printed, Ctrl-C, errors in one line, new commits seen live."""

import json
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request

from starlette.testclient import TestClient

from searchkit import Index
from searchkit.web import create_app
from web.conftest import start_server, stop

from conftest import ROOT


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.load(response)


def test_serves_until_ctrl_c(news_index):
    process, url = start_server(news_index)
    try:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        assert get_json(url + "api/stats")["articles"] == 31
        with urllib.request.urlopen(url + "?q=harbour", timeout=60) as response:
            assert "Harbour talks resume" in response.read().decode()
    finally:
        process.send_signal(signal.SIGINT)
        code, err = stop(process)
    assert code == 0
    assert err.splitlines() == [f"searchkit: serving {news_index} (31 articles); Ctrl-C stops", "searchkit: stopped"]


def test_sigterm_stops_it_cleanly_too(news_index):
    process, url = start_server(news_index, "--quiet")
    assert get_json(url + "api/stats")["articles"] == 31
    process.send_signal(signal.SIGTERM)
    assert stop(process) == (0, "")


def test_a_busy_port_is_one_error_line(news_index):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "searchkit", "serve", "--index", str(news_index),
                                 "--port", str(port)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (f"searchkit: error: cannot listen on 127.0.0.1 port {port}: Address already in use "
                             "(choose another with --port, or --port 0 for any free one)\n")


def test_every_interface_only_when_asked_and_with_a_warning(news_index):
    process, url = start_server(news_index, "--host", "0.0.0.0")
    try:
        assert get_json(url + "api/stats")["articles"] == 31
    finally:
        code, err = stop(process)
    assert code == 0
    assert err.startswith("searchkit: warning: listening on every interface (0.0.0.0): anyone who can reach this "
                          "machine can read the index")


def test_without_an_index_it_builds_one_from_the_corpus_or_says_what_to_do(tmp_path):
    empty = subprocess.run([sys.executable, "-m", "searchkit", "serve", "--port", "0"], capture_output=True,
                           text=True, timeout=120, cwd=tmp_path)
    assert empty.returncode == 2
    assert empty.stderr == "searchkit: error: no index at index (run `searchkit index PATH` to build one)\n"
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    process, url = start_server(tmp_path / "index", cwd=tmp_path)
    try:
        hits = get_json(url + "api/search?q=ceasefire+Kursk")["hits"]
        assert hits[0]["headline"].startswith("The United States is sending a delegation to Russia")
    finally:
        stop(process)


def test_a_new_commit_is_seen_by_the_next_request_without_a_restart(newsroom, tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(newsroom, corpus)
    with Index(index) as ix:
        ix.sync([corpus])
    process, url = start_server(index)
    try:
        assert get_json(url + "api/search?q=lighthouse")["total"] == 0
        (corpus / "world" / "lighthouse.txt").write_text(
            "Title: Lighthouse keepers return to the island\nSection: World\nDate: 2025-03-25\n\n"
            "Lighthouse keepers returned to the island on Tuesday after the storm, Amara Okafor said.\n")
        subprocess.run([sys.executable, "-m", "searchkit", "index", str(corpus), "--index", str(index), "-q"],
                       check=True, timeout=300)
        found = get_json(url + "api/search?q=lighthouse")
        assert [h["id"] for h in found["hits"]] == ["corpus/world/lighthouse.txt"]
        assert get_json(url + "api/stats")["articles"] == 32
        assert "Lighthouse keepers return" in get_json(url + "api/person?name=Okafor")["articles"][0]["headline"]
    finally:
        stop(process)


def test_the_library_app_sees_commits_of_another_index_object(newsroom, tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(newsroom, corpus)
    with Index(index) as writer:
        writer.sync([corpus])
        with TestClient(create_app(index), base_url="http://127.0.0.1") as c:
            assert c.get("/api/stats").json()["articles"] == 31
            (corpus / "sport").joinpath("2024-08-4.txt").unlink()
            writer.sync([corpus])
            assert c.get("/api/stats").json()["articles"] == 30
            assert c.get("/api/article", params={"id": "corpus/sport/2024-08-4.txt"}).status_code == 404
