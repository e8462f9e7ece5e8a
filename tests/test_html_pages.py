"""Page furniture around the article: edges of the body, captions, ruby, JSON-LD bodies.

Fixtures under tests/fixtures/html/ were written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from searchkit.ingest.html.edges import trim_edges
from searchkit.ingest.html.extract import ExtractedPage, extract_html
from searchkit.ingest.html.fields import split_authors

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def load(name: str) -> ExtractedPage:
    return extract_html((FIXTURES / name).read_bytes())


@pytest.fixture(scope="module")
def ferry() -> ExtractedPage:
    return load("furniture.html")


def test_body_starts_with_the_first_sentence(ferry: ExtractedPage) -> None:
    assert ferry.body.startswith("The island ferry operator will run three extra crossings")


def test_body_ends_with_the_last_sentence(ferry: ExtractedPage) -> None:
    assert ferry.body.endswith("after the first season.")


@pytest.mark.parametrize("removed", [
    "High (HD)",                               # a video player's quality menu
    "Autoplay",                                # the player's buttons
    "Transport Correspondent",                 # byline above the text
    "9:28 AM",                                 # dateline
    "The leased vessel arriving",              # photo caption
    "Tom Hale",                                # photo credit
    "priya.raman@example.org",                 # contact line
    "Subscribe to the Coastline Gazette",      # call to subscribe
    "The Associated Press",                    # outlet sign-off
    "All rights reserved",                     # copyright footer
])
def test_furniture_is_gone(ferry: ExtractedPage, removed: str) -> None:
    assert removed not in ferry.body


def test_authors_come_from_metadata_not_the_trimmed_byline(ferry: ExtractedPage) -> None:
    assert ferry.authors == ["Priya Raman"]


ARTICLE = [
    "The council voted on Tuesday to close the old library, saying that repairs to its roof "
    "would cost more than a new building on the same site.",
    "Campaigners said they would appeal against the decision, which they called rushed.",
    "The new building is due to open in three years.",
]


def test_dateline_and_byline_before_the_text_go() -> None:
    got = trim_edges(["Le Monde | 04.05.2015 à 13h36 | Par Anne Morel", *ARTICLE], ["Anne Morel"])
    assert got == ARTICLE


def test_same_short_line_inside_the_article_stays() -> None:
    middle = [ARTICLE[0], "Watch the vote", ARTICLE[1], ARTICLE[2]]
    assert trim_edges(middle) == middle


def test_closing_list_of_results_stays() -> None:
    results = ["Palm Bay 70, Rockledge 44", "Eau Gallie 61, Melbourne 58",
               "Viera 55, Satellite 49", "Cocoa 48, Titusville 40"]
    assert trim_edges(ARTICLE + results) == ARTICLE + results


def test_closing_list_of_alike_lines_stays() -> None:
    teams = ["Belgium (Group I): sixth appearance", "Italy (Group J): tenth appearance",
             "Wales (Group E): second appearance", "Austria (Group G): third appearance"]
    assert trim_edges(ARTICLE + teams) == ARTICLE + teams


def test_quoted_post_at_the_end_stays() -> None:
    quote = ["\u2014 Ann Example (@annexample) November 18, 2019"]
    assert trim_edges(ARTICLE + quote) == ARTICLE + quote


def test_body_of_short_lines_is_not_emptied() -> None:
    poem = ["The tide goes out", "The boats lie still", "Gulls on the wall", "Night on the hill"]
    assert trim_edges(poem) == poem


def test_ruby_annotations_do_not_break_sentences() -> None:
    page = load("ruby.html")
    assert page.body.startswith("市立図書館は四月から")
    assert "としょかん" not in page.body
    assert "(" not in page.body


def test_jsonld_article_body_replaces_a_consent_overlay() -> None:
    page = load("consent_overlay.html")
    assert page.body.startswith("The city council voted on Tuesday")
    assert "before the end of the year." in page.body
    assert "privacy" not in page.body.lower()
    assert len(page.body.split("\n\n")) == 4


def test_article_body_in_the_page_script_state_is_used() -> None:
    page = load("script_state.html")
    assert page.body.startswith("Fruit growers in the valley")
    assert "juice makers" in page.body
    assert "Loading" not in page.body


# -- pages that list other pages ---------------------------------------------------------

def _page(body: str, jsonld: str = "") -> bytes:
    script = f'<script type="application/ld+json">{jsonld}</script>' if jsonld else ""
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Page</title>{script}</head>"
            f"<body><main>{body}</main></body></html>").encode()


PARAGRAPHS = [
    "The council said the repairs, which began two years ago after cracks were found in the main span, "
    "had cost far more than planned because of a shortage of steel.",
    "Engineers replaced more than four hundred bolts and strengthened the supports under the northern "
    "approach, where the worst of the damage had been found.",
    "Businesses on both sides of the river said trade had fallen during the closure, and several said "
    "they had only survived because of emergency grants from the council.",
    "A new speed limit will apply across the bridge, and heavy lorries will be kept to the inside lane "
    "to reduce the load on the repaired sections.",
]
RELATED = "".join(f'<li><a href="/news/{i}">Another story about the harbour and its repairs, part {i}</a></li>'
                  for i in range(30))


def test_front_page_is_recognised() -> None:
    page = load("front_page.html")
    assert "linked headlines" in page.not_article


def test_article_with_a_long_list_of_related_links_is_an_article() -> None:
    body = f"<h1>Bridge repairs</h1>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}<ul>{RELATED}</ul>"
    page = extract_html(_page(body))
    assert page.not_article == ""
    assert page.body.startswith("The council said the repairs")


def test_declared_collection_is_a_listing() -> None:
    cards = "".join(f'<div><h3><a href="/s/{i}">Story number {i} about the town and its people</a></h3>'
                    f"<p>One line about it.</p></div>" for i in range(6))
    page = extract_html(_page(cards, '{"@type": "CollectionPage", "name": "Local news"}'))
    assert "collection" in page.not_article


def test_declared_article_is_an_article_however_many_links() -> None:
    cards = "".join(f'<div><h3><a href="/s/{i}">Story number {i} about the town and its people</a></h3>'
                    f"<p>One line about it.</p></div>" for i in range(30))
    page = extract_html(_page(cards, '{"@type": "NewsArticle", "headline": "Town stories"}'))
    assert page.not_article == ""


# -- bylines: desks and outlets are not people ---------------------------------------------

@pytest.mark.parametrize(("byline", "names"), [
    ("Our Foreign Staff", []),                       # a desk, not a person
    ("Unsere Redaktion", []),
    ("S Sky", []),                                   # a comment's avatar letter and user name
    ("Tech Insider Alex Perry", ["Alex Perry"]),     # the desk named before the reporter
    ("Music Critic Mary Ann Lee", ["Mary Ann Lee"]),
    ("By Jane Doe and Tom Lee", ["Jane Doe", "Tom Lee"]),
    ("Sam Smith", ["Sam Smith"]),                    # initials that happen to match stay
])
def test_byline_cleaning(byline: str, names: list[str]) -> None:
    assert split_authors(byline) == names


def test_inner_byline_element_gives_the_name() -> None:
    html = ("<html><head><title>Phones get slimmer</title></head><body><article>"
            "<div class='authorinfo'><span>Tech Insider</span> <span class='author-name'>Alex Perry</span>"
            " <span>1 day ago</span> <a>SHARE</a></div><h1>Phones get slimmer</h1>"
            f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></article></body></html>")
    assert extract_html(html).authors == ["Alex Perry"]


def test_view_counter_in_an_author_box_is_no_name() -> None:
    html = ("<html><head><title>Autumn camp</title></head><body><article>"
            "<p class='author'>史蒂文 發表在 痞客邦 <span class='author-views'>人氣( 23925 )</span></p>"
            "<h1>Autumn camp</h1><p>楓香樹由綠轉黃、轉紅到楓紅層層，營區內除了露營、民宿、餐飲、賞楓項目。</p>"
            "</article></body></html>")
    assert "人氣(" not in extract_html(html).authors


def test_caption_and_credit_above_the_text_go() -> None:
    caption = ("In this March 3, 2025, file photo, the leased ferry arrives in the harbour, "
               "watched by residents.")
    got = trim_edges([caption, "Jon Hale | Harbour Authority", *ARTICLE])
    assert got == ARTICLE


def test_social_and_membership_calls_below_the_text_go() -> None:
    tail = ["Follow the Northgate Herald's local desk on Facebook and Instagram.",
            "If you enjoyed this article, become a member and support local reporting."]
    assert trim_edges(ARTICLE + tail) == ARTICLE
