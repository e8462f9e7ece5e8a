"""The HTML pages without JavaScript: search, narrow by facets, timeline, paging, article, person, people."""

from urllib.parse import parse_qs, urlsplit

import lxml.html
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from searchkit.web import create_app
from searchkit.web.charts import month_range, timeline


def page(client, url, params=None, status=200):
    response = client.get(url, params=params)
    assert response.status_code == status, response.text[:500]
    return lxml.html.fromstring(response.text)


def hits(doc):
    return doc.cssselect("article.hit")


def texts(elements):
    return [" ".join(e.text_content().split()) for e in elements]


def facet_link(doc, facet, value):
    (link,) = [a for a in doc.cssselect(f'section.facet[data-facet="{facet}"] li > a:first-child')
               if a.text_content() == value]
    return link.get("href")


def count_of(doc):
    summary = " ".join(doc.cssselect("p.summary")[0].text_content().split())
    return int(summary.split(" of ")[1].split()[0]) if " of " in summary else len(hits(doc))


def test_search_shows_hits_with_highlights_and_their_details(client):
    doc = page(client, "/", {"q": "decision proposal"})
    first = hits(doc)[0]
    assert first.cssselect("h2 a")[0].get("href").startswith("/article?id=")
    assert [m.text for m in first.cssselect("p.snippet mark")][:2] == ["decision", "proposal"]
    assert texts(first.cssselect("p.subheading")) == ["What happens next"]
    assert first.cssselect("p.meta a.section") and first.cssselect("p.meta time")
    assert first.cssselect("p.meta a.source")[0].get("href").startswith("https://news.example.org/")
    assert len(first.cssselect("p.people a")) == 2
    assert doc.cssselect('input[name="q"]')[0].get("value") == "decision proposal"


def test_facets_narrow_the_search_and_say_how_far(client):
    doc = page(client, "/", {"q": "harbour"})
    total = count_of(doc)
    world = page(client, facet_link(doc, "section", "World"))
    assert count_of(world) < total
    assert {t.split()[0] for t in texts(world.cssselect("p.meta a.section"))} == {"World"}
    assert texts(world.cssselect("ul.chips li")) == ["Section World ×"]
    nilsen = page(client, facet_link(world, "people", "Lars Nilsen"))
    assert all("Lars Nilsen" in t for t in texts(nilsen.cssselect("article.hit p.people")))
    both_link = facet_link(nilsen, "people", "Amara Okafor")
    expected = int(nilsen.xpath('//section[@data-facet="people"]//li[a="Amara Okafor"]/span[@class="count"]')[0].text)
    both = page(client, both_link)
    assert count_of(both) == expected
    assert all({"Amara Okafor", "Lars Nilsen"} <= set(t.split(", ")) for t in texts(both.cssselect("p.people")))
    assert [i.get("value") for i in both.cssselect('form.search input[type="hidden"]')] == [
        "World", "Lars Nilsen", "Amara Okafor"]  # a new query keeps the filters
    removed = page(client, both.xpath('//ul[@class="chips"]/li[contains(., "Lars Nilsen")]/a')[0].get("href"))
    assert texts(removed.cssselect("ul.chips li")) == ["Section World ×", "Person Amara Okafor ×"]


def test_a_month_narrows_to_its_dates(client):
    doc = page(client, "/", {"q": "harbour"})
    link = facet_link(doc, "month", "2024-12")
    assert parse_qs(urlsplit(link).query)["since"] == ["2024-12-01"]
    assert parse_qs(urlsplit(link).query)["until"] == ["2024-12-31"]
    december = page(client, link)
    assert {t[:7] for t in texts(december.cssselect("p.meta time"))} == {"2024-12"}
    assert december.cssselect('input[name="since"]')[0].get("value") == "2024-12-01"


def test_the_timeline_has_a_bar_per_month_linking_to_it(client):
    doc = page(client, "/", {"q": "*"})
    bars = doc.cssselect("figure.timeline svg a.bar")
    labels = [bar.cssselect("title")[0].text.split(":")[0] for bar in bars]
    assert labels == ["2024-08", "2024-09", "2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03"]
    counts = [int(bar.cssselect("title")[0].text.split(": ")[1].split()[0]) for bar in bars]
    assert sum(counts) == 30  # every article but the one whose date is no date
    assert len(hits(page(client, bars[-1].get("href")))) == counts[-1]  # March, on one page


def test_paging_and_a_page_past_the_end(client):
    doc = page(client, "/", {"q": "*"})
    assert [a.text for a in doc.cssselect("nav.pager a")] == ["2", "3", "Next ›"]
    last = page(client, doc.cssselect('nav.pager a[rel="next"]')[0].get("href"))
    assert doc.cssselect("nav.pager .current")[0].text == "1" and last.cssselect("nav.pager .current")[0].text == "2"
    first_ids = {a.get("href") for a in doc.cssselect("article.hit h2 a")}
    assert first_ids.isdisjoint(a.get("href") for a in last.cssselect("article.hit h2 a"))
    beyond = page(client, "/", {"q": "*", "page": "40"})
    assert "No hits on page 40" in beyond.cssselect("p.summary")[0].text_content()


def test_copies_open_under_their_hit(client):
    doc = page(client, "/", {"q": "Rotterdam"})
    (copies,) = doc.cssselect("details.copies")
    assert copies.cssselect("summary")[0].text == "+1 similar"
    (other,) = copies.cssselect("li a")
    shown = doc.cssselect("article.hit h2 a")[0].get("href")
    assert {shown, other.get("href")} == {"/article?id=corpus%2Fbusiness%2Fwire-reuters.txt",
                                          "/article?id=corpus%2Fbusiness%2Fwire-ap.txt"}


def test_did_you_mean_and_a_malformed_query(client):
    doc = page(client, "/", {"q": "hrbour"})
    suggestion = doc.cssselect("p.suggestion a")[0]
    assert suggestion.text == "harbour" and hits(page(client, suggestion.get("href")))
    bad = page(client, "/", {"q": "harbour AND ("}, status=400)
    assert "is never closed" in bad.cssselect("p.error")[0].text
    assert bad.cssselect('input[name="q"]')[0].get("value") == "harbour AND ("


def test_the_article_page(client):
    doc = page(client, "/article", {"id": "corpus/world/2024-09-0.txt"})
    assert doc.cssselect("h1")[0].text.startswith("Harbour talks resume in")
    assert texts(doc.cssselect("div.body h2")) == ["What happens next"]
    assert len(doc.cssselect("div.body p")) == 3
    people = doc.cssselect("p.people a")
    assert [a.get("href") for a in people] == ["/person?name=Amara+Okafor", "/person?name=Lars+Nilsen"]
    assert len(doc.cssselect("section.related li")) == 5
    wire = page(client, "/article", {"id": "corpus/business/wire-ap.txt"})
    copies = [a.get("href") for a in wire.cssselect("section.copies a")]
    assert copies == ["/article?id=corpus%2Fbusiness%2Fwire-reuters.txt"]
    missing = page(client, "/article", {"id": "no/such.txt"}, status=404)
    assert "no article with id 'no/such.txt'" in missing.cssselect("p.error")[0].text


def test_the_person_page(client):
    doc = page(client, "/person", {"name": "nilsen"})
    assert doc.cssselect("h1")[0].text == "Lars Nilsen"
    assert len(doc.cssselect("figure.timeline a.bar")) == 8
    assert sum(int(t.text.split(": ")[1].split()[0]) for t in doc.cssselect("figure.timeline title")) == 11
    assert len(doc.cssselect("section.articles li")) == 11
    co = {a.text: a.get("href") for a in doc.cssselect("aside.co-mentioned li a:first-child")}
    assert set(co) == {"Amara Okafor", "Mei Tanaka"}
    both = doc.xpath('//aside[@class="co-mentioned"]//li[a="Amara Okafor"]/a[@class="count"]')[0]
    assert count_of(page(client, both.get("href"))) == int(both.text)
    assert page(client, "/person", {"name": "Nobody Atall"}, status=404) is not None


def test_home_and_people_pages(client):
    home = page(client, "/")
    assert "31 articles" in home.cssselect("p.summary")[0].text_content()
    assert texts(home.cssselect("ul.latest li a"))[0] == "Harbour <img src=x onerror=alert(1)> fees"
    people = page(client, "/people", {"limit": 2})
    assert texts(people.cssselect("ol li")) == ["Amara Okafor 12", "Lars Nilsen 11"]
    assert people.cssselect("p > a")[0].get("href") == "/people?limit=4"


def test_mounted_in_another_service_links_stay_inside_it(news_index):
    service = Starlette(routes=[Mount("/news", app=create_app(news_index))])
    with TestClient(service, base_url="http://localhost") as mounted:
        doc = page(mounted, "/news/", {"q": "harbour"})
        links = [a.get("href") for a in doc.cssselect("a")] + [doc.cssselect("form.search")[0].get("action")]
        inside = [link for link in links if link.startswith("/")]
        assert inside and all(link.startswith("/news/") for link in inside)
        assert mounted.get("/news/static/style.css").status_code == 200
        assert mounted.get("/news/api/stats").json()["articles"] == 31


def test_timeline_layout():
    def link(since, until):
        return f"{since}..{until}"

    chart = timeline([("2024-11", 2), ("2025-02", 4)], link)
    assert [(b.label, b.count) for b in chart.bars] == [("2024-11", 2), ("2024-12", 0), ("2025-01", 0),
                                                        ("2025-02", 4)]
    assert chart.bars[0].href == "2024-11-01..2024-11-30" and chart.bars[3].height == 2 * chart.bars[0].height
    assert [label for _, label in chart.ticks] == ["Nov 2024", "Dec", "Jan 2025", "Feb"]
    decades = timeline([("1990-01", 1), ("2024-06", 3), ("2024-07", 1)], link)
    assert decades.by_year and len(decades.bars) == 35 and decades.bars[-1].count == 4
    assert decades.bars[-1].href == "2024-01-01..2024-12-31"
    assert timeline([], link) is None and month_range("2024-02") == ("2024-02-01", "2024-02-29")
