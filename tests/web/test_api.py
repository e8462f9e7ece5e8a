"""The JSON API answers what the CLI's --json prints, takes every search option, and refuses bad requests clearly."""

import json

import pytest
from click.testing import CliRunner

from searchkit.cli.commands import cli
from searchkit.web.api import ENDPOINTS
from searchkit.web.openapi import SCHEMAS, openapi


def cli_json(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_search_answers_what_the_cli_prints(client, news_index):
    answer = client.get("/api/search", params={"q": "harbour budget", "facets": "section,people,month"}).json()
    printed = cli_json("query", "harbour", "budget", "--index", str(news_index), "--json",
                       "--facets", "section,people,month")
    assert {k: answer[k] for k in ("total", "hits", "facets")} == {k: printed[k] for k in ("total", "hits", "facets")}
    assert answer["query"] == "harbour budget" and answer["page"] == 1 and answer["limit"] == 10
    assert answer["hits"][0]["highlights"] and answer["hits"][0]["snippet"]
    assert answer["suggestion"] is None


def test_search_options_filter_sort_and_page(client):
    first = client.get("/api/search", params={"q": "harbour", "limit": 3}).json()
    second = client.get("/api/search", params={"q": "harbour", "limit": 3, "page": 2}).json()
    assert len(first["hits"]) == 3 and second["hits"][0]["rank"] == 4
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
    world = client.get("/api/search", params={"q": "harbour", "section": "world", "limit": 50}).json()
    assert world["hits"] and {h["section"] for h in world["hits"]} == {"World"}
    both = client.get("/api/search", params=[("q", "*"), ("person", "Okafor"), ("person", "Diego Herrera"),
                                              ("all_people", "true"), ("limit", "50")]).json()
    assert both["hits"] and all({"Amara Okafor", "Diego Herrera"} <= set(h["people"]) for h in both["hits"])
    either = client.get("/api/search", params=[("q", "*"), ("person", "Okafor"), ("person", "Diego Herrera")]).json()
    assert either["total"] > both["total"]
    newest = client.get("/api/search", params={"q": "*", "since": "2024-10-01", "until": "2024-10-31"}).json()
    dates = [h["date"] for h in newest["hits"]]
    assert dates == sorted(dates, reverse=True) and all(d.startswith("2024-10") for d in dates)
    copies = client.get("/api/search", params={"q": "Rotterdam dockworkers", "collapse": "false"}).json()
    assert [h["similar"] for h in copies["hits"]] == [0, 0]
    assert client.get("/api/search", params={"q": "Rotterdam dockworkers"}).json()["hits"][0]["similar"] == 1


def test_search_suggests_a_respelling(client):
    answer = client.get("/api/search", params={"q": "hrbour"}).json()
    assert answer["suggestion"] == "harbour"
    assert "suggestion" not in client.get("/api/search", params={"q": "hrbour", "suggest": "no"}).json()


def test_article_related_copies_people_person_stats(client, news_index):
    index = str(news_index)
    article = client.get("/api/article", params={"id": "corpus/world/2024-09-0.txt"}).json()
    assert article == cli_json("show", "corpus/world/2024-09-0.txt", "--index", index, "--json")
    related = client.get("/api/related", params={"id": "corpus/world/2024-09-0.txt", "limit": 5}).json()
    printed = cli_json("related", "corpus/world/2024-09-0.txt", "--index", index, "--json", "-n", "5")
    assert related == {"id": "corpus/world/2024-09-0.txt", **printed}
    (wire,) = [h for h in client.get("/api/search", params={"q": "Rotterdam"}).json()["hits"] if h["similar"]]
    copies = client.get("/api/copies", params={"id": wire["id"]}).json()["copies"]
    assert [c["id"] for c in copies] == [{"corpus/business/wire-reuters.txt", "corpus/business/wire-ap.txt"}.difference(
        [wire["id"]]).pop()]
    people = client.get("/api/people", params={"limit": 3}).json()["people"]
    assert people == cli_json("people", "--index", index, "--json", "-n", "3")
    person = client.get("/api/person", params={"name": "okafor"}).json()
    printed = cli_json("people", "Okafor", "--index", index, "--json", "-n", "20")
    assert {k: v for k, v in person.items() if k != "timeline"} == printed
    assert sum(month["count"] for month in person["timeline"]) == person["count"] == 12
    assert [m["month"] for m in person["timeline"]] == sorted(m["month"] for m in person["timeline"])
    stats = client.get("/api/stats").json()
    assert stats["articles"] == cli_json("stats", "--index", index, "--json")["articles"] == 31


@pytest.mark.parametrize(("path", "params", "status", "message"), [
    ("/api/search", {"q": "harbour AND ("}, 400, "unbalanced parenthesis"),
    ("/api/search", {"q": "harbour", "sectoin": "world"}, 400, "unknown parameter 'sectoin'"),
    ("/api/search", {"q": "harbour", "page": "two"}, 400, "page must be a whole number"),
    ("/api/search", {"q": "harbour", "limit": "500"}, 400, "limit must be between 1 and 100"),
    ("/api/search", {"q": "harbour", "page": "1001", "limit": "100"}, 400, "page too deep"),
    ("/api/search", {"q": "harbour", "since": "yesterday-ish"}, 400, "since"),
    ("/api/search", {"q": "harbour", "sort": "oldest"}, 400, "sort must be one of relevance, date"),
    ("/api/search", {"q": "harbour", "facets": "colour"}, 400, "unknown facet 'colour'"),
    ("/api/search", {"q": "harbour", "collapse": "maybe"}, 400, "collapse must be true or false"),
    ("/api/search", {"q": "x" * 1001}, 400, "q is too long"),
    ("/api/article", {}, 400, "id is required"),
    ("/api/article", {"id": "no/such.txt"}, 404, "no article with id 'no/such.txt'"),
    ("/api/person", {"name": "Nobody Atall"}, 404, "no person named 'Nobody Atall'"),
    ("/api/nothing", {}, 404, "Not Found"),
])
def test_bad_requests_get_one_clear_message(client, path, params, status, message):
    response = client.get(path, params=params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert message in response.json()["error"] and response.json()["status"] == status


def test_openapi_describes_every_endpoint_and_answer(client):
    document = client.get("/api/openapi.json").json()
    assert document == json.loads(json.dumps(openapi()))
    routes = {route.path for route in client.app.routes if route.path.startswith("/api/")}
    assert set(document["paths"]) == routes - {"/api/openapi.json"}
    examples = {
        "/api/search": {"q": "harbour", "facets": "month"}, "/api/article": {"id": "corpus/world/2024-09-0.txt"},
        "/api/copies": {"id": "corpus/business/wire-ap.txt"}, "/api/related": {"id": "corpus/world/2024-09-0.txt"},
        "/api/people": {}, "/api/person": {"name": "Okafor"}, "/api/stats": {},
    }
    assert set(examples) == {endpoint.path for endpoint in ENDPOINTS}
    for path, params in examples.items():
        operation = document["paths"][path]["get"]
        assert {p["name"] for p in operation["parameters"]} >= set(params)
        answer = client.get(path, params=params).json()
        schema = SCHEMAS[operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]]
        assert set(schema["required"]) <= set(answer) <= set(schema["properties"]), path
