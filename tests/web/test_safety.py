"""Hostile articles and requests: everything is escaped, nothing is written, ids reach no files, queries are bounded."""

import hashlib
import logging
import threading

import lxml.html
import pytest
from starlette.testclient import TestClient

from searchkit import Article, Index
from searchkit.web import create_app
from searchkit.web.gate import TakeTurns
from web.newsroom import SCRIPT

HOSTILE_PAGES = [
    ("/", {}),
    ("/", {"q": "harbour"}),
    ("/", {"q": "harbour", "section": 'World"><img src=x onerror="document.title=\'pwned-img\'">'}),
    ("/article", {"id": "corpus/hostile/script.txt"}),
    ("/article", {"id": "evil-1"}),
    ("/person", {"name": "Mallory <script>alert(1)</script> Jones"}),
    ("/person", {"name": "Amara Okafor"}),
    ("/people", {}),
    ("/", {"q": '"><script>alert(1)</script> \x1b[2J harbour'}),
    ("/", {"q": "harbour AND (<script>alert(1)</script>"}),
    ("/person", {"name": "<script>alert(1)</script>"}),
    ("/article", {"id": '"><img src=x onerror=alert(1)>'}),
]


def assert_inert(html_text: str) -> lxml.html.HtmlElement:
    """No markup of the articles' survives as markup: no foreign scripts, handlers, images or script links."""
    assert "\x1b" not in html_text and "\x07" not in html_text
    doc = lxml.html.fromstring(html_text)
    assert [s.get("src") for s in doc.iter("script")] == ["/static/app.js"]
    assert not list(doc.iter("img", "iframe", "object", "embed", "b"))
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        assert not [name for name in element.attrib if name.lower().startswith("on")], lxml.html.tostring(element)
        for name in ("href", "src", "action"):
            assert not element.get(name, "").strip().lower().startswith(("javascript:", "data:")), element.get(name)
    return doc


@pytest.mark.parametrize(("path", "params"), HOSTILE_PAGES)
def test_hostile_text_is_shown_as_text(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code in (200, 400, 404)
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    doc = assert_inert(response.text)
    if path == "/article" and params["id"] == "corpus/hostile/script.txt":
        assert doc.cssselect("h1")[0].text_content() == f"Harbour {SCRIPT} report"  # shown, not dropped
        assert not doc.cssselect("p.source a")  # the javascript: URL is no link
        assert "javascript:document.title" in doc.cssselect("p.source")[0].text_content()


def test_the_api_returns_hostile_text_as_json_strings(client):
    response = client.get("/api/article", params={"id": "corpus/hostile/script.txt"})
    assert response.headers["content-type"] == "application/json"
    article = response.json()
    assert article["headline"] == f"Harbour {SCRIPT} report"
    assert article["url"] == "javascript:document.title='pwned-url'"


def test_terminal_escapes_never_reach_a_page(tmp_path):
    with Index(tmp_path / "index") as ix:  # added as is: reading files already drops control characters
        ix.add(Article(id="esc", headline="Red \x1b[31malert\x1b[0m\x07 harbour", section="World\x1b[2J",
                       body="The harbour \x1b]0;pwned\x07 board met.", people=["Eve \x1b[1mBold\x1b[0m"]))
        with TestClient(create_app(ix), base_url="http://127.0.0.1") as c:
            article = assert_inert(c.get("/article?id=esc").text)
            person = article.cssselect("p.people a")[0].get("href")  # the name's link, without the escapes
            for url in ("/?q=harbour", person, "/people", "/"):
                response = c.get(url)
                assert response.status_code == 200, url
                assert_inert(response.text)
            assert "Red [31malert[0m harbour" in c.get("/?q=harbour").text
            answer = c.get("/api/search", params={"q": "harbour"})
            assert "\x1b" not in answer.text and "\\u001b[31malert" in answer.text  # JSON escapes them


def test_nothing_is_written(client, news_index):
    def snapshot():
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in news_index.iterdir()}

    before = snapshot()
    urls = [p for p, _ in HOSTILE_PAGES] + ["/api/search?q=harbour&facets=people,month", "/api/stats",
                                            "/api/person?name=Okafor", "/api/people", "/api/openapi.json"]
    for url in urls:
        assert client.get(url).status_code in (200, 400, 404)
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for url in ("/", "/api/search", "/api/article?id=evil-1"):
            response = client.request(method, url, content=b"q=harbour")
            assert response.status_code == 405, (method, url)
    assert snapshot() == before


@pytest.mark.parametrize("article_id", ["../../../../etc/passwd", "/etc/passwd", "..", "world/../../index",
                                        "searchkit-meta.json", "evil-1\x00.txt", "%2e%2e%2fetc%2fpasswd"])
def test_ids_reach_no_files(client, article_id):
    assert client.get("/article", params={"id": article_id}).status_code == 404
    answer = client.get("/api/article", params={"id": article_id})
    assert answer.status_code == 404 and "no article with id" in answer.json()["error"]


@pytest.mark.parametrize("path", ["/static/../conftest.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py",
                                  "/static//etc/passwd"])
def test_static_files_stay_in_their_folder(client, path):
    assert client.get(path).status_code == 404


def test_query_length_is_bounded(client):
    assert client.get("/", params={"q": "harbour " * 200}).status_code == 400
    answer = client.get("/api/search", params={"q": "harbour " * 200})
    assert answer.status_code == 400 and "q is too long" in answer.json()["error"]


@pytest.mark.parametrize(("host", "answered"), [
    ("127.0.0.1", True), ("127.0.0.1:8080", True), ("localhost:8080", True), ("[::1]:8080", True),
    ("LOCALHOST.", True), ("evil.example", False), ("evil.example:8080", False), ("127.0.0.1.evil.example", False),
    ("", False),
])
def test_requests_for_other_hosts_are_refused(client, host, answered):
    response = client.get("/api/stats", headers={"host": host})
    assert (response.status_code == 200) is answered
    if not answered:
        assert response.status_code == 400 and "--allow-host" in response.text


def test_allowed_hosts_can_be_configured(news_index):
    app = create_app(news_index, allowed_hosts=["news.example.org"])
    with TestClient(app, base_url="http://news.example.org") as c:
        assert c.get("/api/stats").status_code == 200
        assert c.get("/api/stats", headers={"host": "localhost"}).status_code == 400
    with TestClient(create_app(news_index, allowed_hosts=None), base_url="http://anything.example") as c:
        assert c.get("/api/stats").status_code == 200


class StalledIndex:
    """An index whose searches wait until released: a search that takes too long."""

    def __init__(self, path):
        self.ix = Index.open(path)
        self.release = threading.Event()

    def search(self, *args, **kwargs):
        self.release.wait(60)
        return self.ix.search(*args, **kwargs)


def test_a_request_gets_an_answer_in_bounded_time(news_index):
    stalled = StalledIndex(news_index)
    app = create_app(stalled.ix, timeout=0.5)
    stalled.ix.search = stalled.search
    try:
        with TestClient(app, base_url="http://127.0.0.1") as c:
            first = c.get("/api/search", params={"q": "harbour"})  # its search is still running...
            second = c.get("/", params={"q": "harbour"})  # ...so this one cannot have its turn
            assert first.status_code == second.status_code == 503
            assert "did not answer within 0.5 s" in first.json()["error"] and first.headers["retry-after"]
            assert "did not answer within 0.5 s" in second.text
            stalled.release.set()
            assert c.get("/api/stats").status_code == 200
    finally:
        stalled.release.set()
        stalled.ix.close()


def test_an_unexpected_error_is_one_line_not_a_traceback(news_index, monkeypatch, caplog):
    monkeypatch.delenv("SEARCHKIT_DEBUG")
    with Index.open(news_index) as ix:
        def broken(*args, **kwargs):
            raise RuntimeError("disk on fire")

        ix.search = broken
        with TestClient(create_app(ix), base_url="http://127.0.0.1") as c, caplog.at_level(logging.ERROR):
            page = c.get("/", params={"q": "harbour"})
            answer = c.get("/api/search", params={"q": "harbour"})
    assert page.status_code == answer.status_code == 500
    assert answer.json()["error"] == "internal error: RuntimeError (the server's log has the details)"
    assert "Traceback" not in page.text and "disk on fire" not in page.text
    assert [r.getMessage() for r in caplog.records] == ["internal error on /: RuntimeError: disk on fire",
                                                        "internal error on /api/search: RuntimeError: disk on fire"]


def test_waiting_requests_take_their_turns_in_order():
    turns, order = TakeTurns(), []
    assert turns.acquire(timeout=1)
    waiters = []
    for n in range(4):
        waiter = threading.Thread(target=lambda n=n: turns.acquire(timeout=60) and (order.append(n), turns.release()))
        waiter.start()
        waiters.append(waiter)
        while len(turns._waiting) < n + 1:  # queued before the next one comes
            waiter.join(0.01)
    assert not turns.acquire(timeout=0.01)  # a late comer that gives up leaves the queue as it was
    turns.release()
    for waiter in waiters:
        waiter.join(60)
    assert order == [0, 1, 2, 3]
    assert turns.acquire(timeout=1)
