"""Tests for the HTML article extractor (searchkit.html_extract and its helpers).

Fixtures under tests/fixtures/html/ were written for these tests; each feature is
checked both ways: what must be kept is kept, what must go is gone.
"""

from __future__ import annotations

import time
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

import pytest

from searchkit.errors import SourceError
from searchkit.ingest.html.extract import ExtractedPage, extract_html
from searchkit.ingest.html.fields import (
    clean_author,
    clean_section,
    drop_site_authors,
    parse_date,
    split_authors,
    strip_site_suffix,
)
from searchkit.ingest.html.text import clean_inline, decode_html

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def load(name: str) -> ExtractedPage:
    return extract_html((FIXTURES / name).read_bytes())


@pytest.fixture(scope="module")
def news() -> ExtractedPage:
    return load("news_jsonld.html")


# -- a full news page: JSON-LD, nav/header/footer, comments, widgets ----------------------

def test_news_metadata_from_jsonld(news: ExtractedPage) -> None:
    assert news.headline == "Harbour bridge reopens after two-year repair"
    assert news.section == "Local"
    assert news.date == datetime(2024, 3, 5, 7, 30, tzinfo=timezone.utc)
    assert news.date.tzinfo is not None
    assert news.authors == ["Jane Doe", "Tom Lee"]
    assert news.url == "https://news.example.org/local/harbour-bridge-reopens"
    assert news.site_name == "Northgate Herald"
    assert news.language == "en-GB"
    assert news.description == "The crossing carries 40,000 vehicles a day."


@pytest.mark.parametrize("kept", [
    "The Harbour Bridge reopened to traffic on Tuesday morning",
    "The final bill came to 48 million pounds",
    "cyclists get a separate, protected lane for the first time",
    "many welcomed the reopening",
])
def test_news_body_keeps_article_text(news: ExtractedPage, kept: str) -> None:
    assert kept in news.body


@pytest.mark.parametrize("removed", [
    "We use cookies",                        # cookie banner
    "Accept all",                            # button
    "Sport",                                 # navigation
    "Share on Facebook",                     # share widget
    "Bridge closure doubles journey times",  # related-article list
    "Related stories",                       # ...and its heading
    "Sign up to our morning briefing",       # newsletter box
    "Photograph: Northgate Picture Desk",    # caption credit
    "The bridge seen from the north shore",  # the photo's caption describes the picture
    "It has taken far too long",             # comment section
    "24 comments",
    "All rights reserved",                   # footer
    "TRACKING-SCRIPT-TEXT",                  # script
    "STYLE-TEXT",                            # style
    "Harbour bridge reopens after two-year repair",  # the headline is not body
])
def test_news_body_drops_boilerplate(news: ExtractedPage, removed: str) -> None:
    assert removed not in news.body


def test_subheadings_kept_in_place(news: ExtractedPage) -> None:
    paragraphs = news.body.split("\n\n")
    assert news.subheads == ["Cost of the repairs", "What changes for drivers"]
    cost = paragraphs.index("Cost of the repairs")
    assert paragraphs[cost - 1].startswith("The crossing, which carries")
    assert paragraphs[cost + 1].startswith("The final bill came to")
    drivers = paragraphs.index("What changes for drivers")
    assert cost < drivers
    assert paragraphs[drivers + 1].startswith("A new 30mph limit")


def test_lengths_reported(news: ExtractedPage) -> None:
    assert news.clean_length == len(news.body)
    assert news.raw_length > news.clean_length > 500


# -- OpenGraph-only page -----------------------------------------------------------------

def test_opengraph_only_page() -> None:
    page = load("og_only.html")
    assert page.headline == "Lighthouse keeper retires after 41 years"  # site suffix gone
    assert page.site_name == "The Coastal Post"
    assert page.section == "Features"
    assert page.url == "https://coastalpost.example.com/2023/lighthouse-keeper"
    # Naive publication time is taken as UTC and made timezone-aware.
    assert page.date == datetime(2023, 11, 2, 14, 15, tzinfo=timezone.utc)
    assert page.authors == ["Maria Lopez"]  # no "By", no "4 Minute Read"
    assert "Arthur Penrose climbed the 117 steps" in page.body
    assert "using the logbooks he kept" in page.body
    assert "WhatsApp" not in page.body and "Copy link" not in page.body
    assert "Contact" not in page.body


# -- no metadata at all: <title> and the page's own structure ------------------------------

def test_page_without_metadata() -> None:
    page = load("no_meta.html")
    assert page.headline == "Village fete raises record sum"
    assert page.date is None and page.authors == [] and page.section == ""
    assert page.body.startswith("The Millbrook summer fete raised more than 12,000 pounds")
    assert "behaved itself for once" in page.body
    assert "Front page" not in page.body and "Weather" not in page.body
    assert len(page.body.split("\n\n")) == 4


# -- comment section longer than the article -------------------------------------------------

def test_comment_section_not_taken_for_the_article() -> None:
    page = load("comments_heavy.html")
    assert "The central library will open until nine" in page.body
    assert "local history collection" in page.body
    assert "mobile library service to a shared timetable" in page.body
    assert "vending machine" not in page.body
    assert "My mother relies on it" not in page.body


# -- broken markup --------------------------------------------------------------------------

def test_broken_markup_and_unclosed_title() -> None:
    page = load("broken.html")
    assert page.headline == "Storm damage closes coastal road"
    paragraphs = page.body.split("\n\n")
    assert paragraphs[0].startswith("The coastal road between Seacombe and Eastwick")
    assert any(p.startswith("Forecasters expect further gales") for p in paragraphs)
    assert "promenade & the harbour wall" in page.body
    assert "<" not in page.body


# -- encodings -----------------------------------------------------------------------------

ARTICLE = ("<p>Caf\u00e9 owners in S\u00e3o Paulo said the \u201cbest\u201d year since 2019 "
           "was over, and that prices \u2013 after a long, slow rise \u2013 had finally "
           "fallen back for most customers, na\u00efvely or not.</p>") * 3


def page_bytes(encoding: str, declared: str | None) -> bytes:
    meta = f'<meta charset="{declared}">' if declared else ""
    html = f"<html><head>{meta}<title>Caf\u00e9 prices</title></head><body>{ARTICLE}</body></html>"
    return html.encode(encoding)


@pytest.mark.parametrize(("encoding", "declared"), [
    ("cp1252", "utf-8"),        # wrong declaration: windows-1252 bytes declared as UTF-8
    ("cp1252", None),           # no declaration: detected
    ("latin-1", None),          # latin-1 bytes (no curly quotes in latin-1: see below)
    ("utf-8", "iso-8859-1"),    # UTF-8 bytes declared as latin-1
    ("utf-8", "utf-8"),
    ("cp1252", "windows-1252"),
])
def test_encodings(encoding: str, declared: str | None) -> None:
    text = ARTICLE
    if encoding == "latin-1":
        text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2013", "-")
    html = f'<html><head>{f"<meta charset={declared!r}>" if declared else ""}' \
           f"<title>Caf\u00e9 prices</title></head><body>{text}</body></html>"
    page = extract_html(html.encode(encoding))
    assert page.headline == "Caf\u00e9 prices"
    assert "S\u00e3o Paulo" in page.body
    assert "na\u00efvely" in page.body
    assert "\ufffd" not in page.body
    if encoding != "latin-1":
        assert "\u201cbest\u201d" in page.body


def test_byte_order_mark_wins_over_declaration() -> None:
    data = "\ufeff".encode("utf-16-le") + ("<meta charset='iso-8859-1'>" + ARTICLE).encode(
        "utf-16-le")
    page = extract_html(data)
    assert "S\u00e3o Paulo" in page.body


def test_decode_never_raises_on_garbage() -> None:
    text, encoding = decode_html(bytes(range(256)) * 50)
    assert isinstance(text, str) and encoding


def test_decode_unknown_declared_charset() -> None:
    text, _ = decode_html(b'<meta charset="no-such-charset"><p>caf\xc3\xa9</p>')
    assert "caf\u00e9" in text


# -- robustness: nesting, size, scripts, empty ---------------------------------------------

def test_deeply_nested_page() -> None:
    depth = 100_000
    html = ("<html><body>" + "<div>" * depth
            + "<p>Deep inside the markup, this paragraph is the only real text on the page, "
              "and it should still be found.</p>" + "</div>" * depth + "</body></html>")
    start = time.perf_counter()
    page = extract_html(html)
    assert time.perf_counter() - start < 60
    assert "this paragraph is the only real text" in page.body


def test_page_too_deep_for_lxml_keeps_metadata_and_text() -> None:
    depth = 3_000  # over libxml2's 2,048 levels: the body comes from the tag-stripping reader
    html = ('<html lang="en"><head><meta property="og:title" content="Canal basin dredged">'
            '<meta name="author" content="Ann Smith"></head><body>' + "<div>" * depth
            + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS) + "</div>" * depth + "</body></html>")
    page = extract_html(html)
    assert page.headline == "Canal basin dredged"
    assert page.authors == ["Ann Smith"]
    assert page.language == "en"
    assert page.body.split("\n\n") == ARTICLE_PARAS


def test_huge_page_bounded_time() -> None:
    filler = ('<div class="related"><ul>'
              + "".join(f'<li><a href="/s{i}">Other story number {i}</a></li>' for i in range(40))
              + "</ul></div>")
    article = ("<article><p>The council confirmed on Friday that the new ferry terminal, "
               "which cost 30 million pounds, will open in June, a year later than planned.</p>"
               "<p>Officials blamed the delay on supply problems, rising costs, and a long dispute "
               "with the contractor over the design of the passenger walkway.</p></article>")
    html = "<html><body>" + filler * 2600 + article + filler * 2600 + "</body></html>"
    assert len(html) > 10_000_000
    start = time.perf_counter()
    page = extract_html(html)
    assert time.perf_counter() - start < 90
    assert "new ferry terminal" in page.body
    assert "Other story number" not in page.body


def test_mostly_script_page_keeps_its_little_text() -> None:
    script = "<script>" + "var x = 'SCRIPTDATA';" * 50_000 + "</script>"
    html = (f"<html><head>{script}</head><body>{script}<p>A single short paragraph of real "
            f"text, surrounded by kilobytes of script.</p>{script}</body></html>")
    page = extract_html(html)
    assert page.body == "A single short paragraph of real text, surrounded by kilobytes of script."


@pytest.mark.parametrize("data", [b"", "   \n  ", "<html><head><script>var a = 1;</script>"
                                  "</head><body><script>var b = 2;</script></body></html>",
                                  b"<html><body><div><span></span></div></body></html>"])
def test_nothing_usable_raises_source_error(data: bytes | str) -> None:
    with pytest.raises(SourceError) as info:
        extract_html(data, url="https://example.org/empty")
    assert info.value.path == "https://example.org/empty"


def test_normalised_text() -> None:
    decomposed = "Cafe\u0301 culture"  # e + combining acute
    html = (f"<p>{decomposed} \x07returns\u200b   to the   high street,\n\n with new shops, "
            f"bars and restaurants opening every week across the town centre.</p>")
    page = extract_html(html)
    assert "Caf\u00e9 culture returns to the high street, with new shops" in page.body
    assert unicodedata.is_normalized("NFC", page.body)
    assert "\x07" not in page.body and "\u200b" not in page.body


# -- JSON-LD variants and microdata --------------------------------------------------------

def test_jsonld_list_and_microdata_byline() -> None:
    html = """<html><head>
    <script type="application/ld+json">[{"@type": "Organization", "name": "Valley Times"},
      {"@type": ["NewsArticle"], "headline": "Flood defences tested", "datePublished":
      "2022-01-10T09:00:00-05:00", "articleSection": ["Environment", "Local"]}]</script>
    </head><body><article itemscope itemtype="https://schema.org/NewsArticle">
    <span itemprop="author" itemscope><span itemprop="name">Priya Raman</span></span>
    <p>The new flood barriers on the river were tested on Sunday, and held back water levels that
    would once have flooded dozens of homes, engineers said.</p></article></body></html>"""
    page = extract_html(html)
    assert page.headline == "Flood defences tested"
    assert page.section == "Environment"
    assert page.date == datetime(2022, 1, 10, 14, 0, tzinfo=timezone.utc)
    assert page.authors == ["Priya Raman"]
    assert page.site_name == "Valley Times"


def test_double_escaped_entities_in_meta() -> None:
    html = ('<meta property="og:title" content="Rates rise &amp;#8211; again &amp;amp; again">'
            "<p>The central bank raised interest rates for the fifth time this year on Thursday, "
            "citing persistent inflation in services and wages.</p>")
    assert extract_html(html).headline == "Rates rise \u2013 again & again"


def test_byline_element_cleaned() -> None:
    html = """<html><body><div class="article-byline">By SAM O'NEILL, Staff Writer</div>
    <p>The town's oldest cinema will close next month after ninety years, its owners said on
    Wednesday, blaming rising energy bills and falling audiences since the pandemic.</p>
    </body></html>"""
    page = extract_html(html)
    assert page.authors == ["SAM O'NEILL"]
    assert "Staff Writer" not in page.body and "SAM O'NEILL" not in page.body


# -- helpers -------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "name"), [
    ("By Jane Doe", "Jane Doe"),
    ("by  Jane Doe | 5 min read", "Jane Doe"),
    ("Jane Doe, Staff Writer", "Jane Doe"),
    ("https://www.example.com/people/jane-doe", ""),
    ("Staff", ""),
    ("J J", ""),                                    # initials only
    ("F.", ""),
    ("Reuters", ""),                                # one word: an agency, not a person
    ("The Associated Press", ""),
    ("Detroit News wire services", ""),
    ("Ben Silverman Games", "Ben Silverman"),       # desk word after the name
    ("Tom Davies Associated Press", "Tom Davies"),  # agency after the name
    ("Jeff Foust Monday", "Jeff Foust"),            # run-on weekday
    ("王小明", "王小明"),                             # caseless script: one word is a full name
])
def test_clean_author(raw: str, name: str) -> None:
    assert clean_author(raw) == name


@pytest.mark.parametrize(("raw", "names"), [
    ("Paul Girard (avec Lucie Morel, Hugo Blanc)", ["Paul Girard", "Lucie Morel", "Hugo Blanc"]),
    ("By Jane Doe (with Sam Lee and Ana Ruiz)", ["Jane Doe", "Sam Lee", "Ana Ruiz"]),
])
def test_split_authors_co_authors_in_parentheses(raw: str, names: list[str]) -> None:
    assert split_authors(raw) == names


@pytest.mark.parametrize(("names", "sites", "host", "kept"), [
    (["BBC News"], ["BBC News"], "www.bbc.co.uk", []),
    (["Jill Disis", "CNN Business"], ["CNN"], "edition.cnn.com", ["Jill Disis"]),
    (["Kevin McCoy USA TODAY"], [], "www.usatoday.com", ["Kevin McCoy"]),
    (["JERUSALEM POST"], ["The Jerusalem Post"], "www.jpost.com", []),
    (["Ann Smith"], ["Valley Times"], "valleytimes.example", ["Ann Smith"]),
    (["Steven Chen"], [], "steven.blogs.example.net", ["Steven Chen"]),  # a user subdomain is no site name
])
def test_drop_site_authors(names: list[str], sites: list[str], host: str, kept: list[str]) -> None:
    assert drop_site_authors(names, sites, host) == kept


def test_author_naming_the_site_falls_back_to_the_byline() -> None:
    html = ("""<html><head><meta property="og:site_name" content="Valley Times">
    <link rel="canonical" href="https://www.valleytimes.example/news/1">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Dam repairs begin",
    "author": {"@type": "Organization", "name": "Valley Times"}}</script></head><body>
    <div class="byline">By Ann Smith</div>""" + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS)
            + "</body></html>")
    assert extract_html(html).authors == ["Ann Smith"]


def test_personal_site_keeps_its_author() -> None:
    html = ("""<html><head><script type="application/ld+json">{"@type": "Article",
    "headline": "Anomaly detection in SQL", "author": {"@type": "Person", "name": "Haki Benita"},
    "publisher": {"@type": "Organization", "name": "Haki Benita"}}</script></head><body>"""
            + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS) + "</body></html>")
    assert extract_html(html, url="https://hakibenita.example/sql").authors == ["Haki Benita"]


@pytest.mark.parametrize(("raw", "section"), [
    ("/world/middle_east", "Middle East"),
    ("https://example.org/news/local-politics/", "Local Politics"),
    ("/sport/index.html", "Sport"),
    ("Economy & Business", "Economy & Business"),
    ("gizmodo.com", ""),
    ("BY: JOE WEE", ""),
    ("nil", ""),
    ("Valley Times", ""),
])
def test_clean_section(raw: str, section: str) -> None:
    assert clean_section(raw, ["Valley Times"], "www.valleytimes.example") == section


def test_path_section_becomes_a_label() -> None:
    html = ('<html><head><meta property="article:section" content="/world/middle_east"></head>'
            "<body>" + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS) + "</body></html>")
    assert extract_html(html).section == "Middle East"


def test_parse_date_is_timezone_aware() -> None:
    assert parse_date("2024-02-29T23:30:00+02:00") == datetime(2024, 2, 29, 21, 30,
                                                              tzinfo=timezone.utc)
    assert parse_date("2024-02-29") == datetime(2024, 2, 29, tzinfo=timezone.utc)
    assert parse_date("not a date") is None


@pytest.mark.parametrize(("title", "sites", "host", "expected"), [
    ("Storm hits coast | BBC News", ["BBC News"], "", "Storm hits coast"),
    ("Storm hits coast - The Guardian", [], "www.theguardian.com", "Storm hits coast"),
    ("Wikipedia - Storm hits coast", [], "en.wikipedia.org", "Storm hits coast"),
    ("Weekly edition [LWN.net]", [], "lwn.net", "Weekly edition"),
    ("Storm hits coast (AP)", ["Herald"], "herald.example", "Storm hits coast (AP)"),
    # A colon or dash inside the headline itself is not a site suffix.
    ("Storm hits coast - and more to come", ["BBC News"], "bbc.co.uk",
     "Storm hits coast - and more to come"),
])
def test_strip_site_suffix(title: str, sites: list[str], host: str, expected: str) -> None:
    assert strip_site_suffix(title, sites, host) == expected


def test_clean_inline() -> None:
    assert clean_inline("  a\tb\n\nc\x00d\xad e ") == "a b c d e"
    assert clean_inline("lone \ud800surrogate") == "lone surrogate"


def test_lone_surrogate_in_str_input_is_dropped() -> None:
    page = extract_html("<p>A paragraph with a lone \udc80surrogate, from a bad decoder, "
                        "which must not reach the index.</p>")
    page.body.encode("utf-8")  # would raise on a surrogate
    assert "lone surrogate, from a bad decoder" in page.body


# -- JSON-LD articleBody as a hint, and the parser fallback ----------------------------------

ARTICLE_PARAS = [
    "Work to dredge the canal basin began on Monday, the first time in thirty years that the "
    "silt has been cleared, and boats are expected to return by the spring.",
    "The trust that manages the waterway said the project would remove about 9,000 tonnes of "
    "mud, which will be spread on farmland nearby rather than sent to landfill.",
    "Narrowboat owners have complained for years that the basin was too shallow to moor in "
    "safely, and several boats ran aground there last summer.",
    "The work is expected to take eight weeks, during which the towpath will stay open.",
]
DECOY_PARAS = [
    "Our guide to the best walks in the county, with maps, parking tips, cafes, pubs and "
    "places to stop for a picnic, is out now, and costs just five pounds.",
    "Readers can also enter our photography competition, with prizes for landscapes, wildlife, "
    "portraits and, new this year, a category for under-sixteens, judged by our photographers.",
    "The winning pictures, chosen by a panel of local artists, editors and readers, will be "
    "shown at the library, the town hall and, for the first time, at the railway station.",
    "Tickets for the autumn food festival, with stalls, cookery demonstrations, tastings and a "
    "farmers' market, go on sale next week, with discounts for families and students.",
]


def hint_page(with_jsonld: bool) -> str:
    ld = ""
    if with_jsonld:
        ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
              '"Canal basin dredged", "articleBody": "' + "\\n\\n".join(ARTICLE_PARAS) + '"}'
              "</script>")
    article = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS)
    decoy = "".join(f"<p>{p}</p>" for p in DECOY_PARAS)
    return (f"<html><head>{ld}<title>Canal basin dredged</title></head><body>"
            f"<div>{decoy}</div><div>{article}</div></body></html>")


def test_jsonld_article_body_picks_the_matching_block() -> None:
    # Without structured data the denser (comma-rich) block wins the scoring...
    plain = extract_html(hint_page(False))
    assert "photography competition" in plain.body
    # ...the publisher's articleBody points the extractor at the real article.
    hinted = extract_html(hint_page(True))
    assert "Work to dredge the canal basin began on Monday" in hinted.body
    assert "the towpath will stay open" in hinted.body
    assert "photography competition" not in hinted.body


def test_jsonld_article_body_replaces_a_paywall_teaser() -> None:
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Canal", '
          '"articleBody": "' + "\\n\\n".join(ARTICLE_PARAS) + '"}</script>')
    html = (f"<html><head>{ld}</head><body><article><p>{ARTICLE_PARAS[0]}</p>"
            f"<div class='subscribe-wall'>Subscribe to keep reading.</div></article></body></html>")
    page = extract_html(html)
    assert page.body.split("\n\n") == ARTICLE_PARAS


def test_parser_failure_falls_back_to_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import searchkit.ingest.html.extract as module

    def broken_parser(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(module, "parse_tree", broken_parser)
    page = extract_html("<html><head><title>Canal basin dredged</title><script>var x;</script>"
                        "</head><body>" + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS)
                        + "</body></html>")
    assert page.headline == "Canal basin dredged"
    assert page.body.split("\n\n") == ARTICLE_PARAS
    assert "var x" not in page.body
    with pytest.raises(SourceError):
        extract_html("<html><script>only code</script></html>")


def test_junk_looking_wrapper_class_does_not_remove_the_article() -> None:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS)
    html = ('<html><body><div class="wrapper header-style-2">'
            '<div class="header-bar">Weather: sunny intervals and light winds, with highs of 14C '
            "this afternoon and a dry, clear night to follow.</div>"
            f"<article><h1>Canal basin dredged</h1>{body}</article>"
            "</div></body></html>")
    page = extract_html(html)
    assert page.body.split("\n\n") == ARTICLE_PARAS  # the article stays...
    assert "sunny intervals" not in page.body        # ...the real header bar goes


def test_gallery_and_credit_lines_dropped_but_caption_kept() -> None:
    html = ("<article>" + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS)
            + "<div><p>1 of 3</p><p>1of3Boats moored in the basin before the work began.</p>"
              "<p>Image copyright Waterways Trust</p>"
              "<p>This website uses cookies to improve your experience.</p>"
              "<p>Advert</p><p>DON'T MISS</p><p>This slideshow requires JavaScript.</p>"
              "<p>A dredger at work in the canal basin on Monday morning.</p></div></article>")
    page = extract_html(html)
    assert "A dredger at work in the canal basin on Monday morning." in page.body
    assert "1of3" not in page.body and "1 of 3" not in page.body
    assert "Image copyright" not in page.body
    assert "uses cookies" not in page.body
    for line in ("Advert", "DON'T MISS", "requires JavaScript"):
        assert line not in page.body


def test_embedded_post_kept_while_social_buttons_go() -> None:
    html = ("<article>" + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS[:2])
            + '<div class="social-media-embed"><blockquote class="twitter-tweet"><p>The basin '
              "looks like a building site today, but it will be worth it for the boats.</p>"
              "</blockquote></div>"
            + '<div class="social-buttons"><p>Share this story with your friends and family '
              "on every network you use.</p></div>"
            + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS[2:]) + "</article>")
    page = extract_html(html)
    assert "it will be worth it for the boats" in page.body
    assert "Share this story" not in page.body
    assert ARTICLE_PARAS[3] in page.body


def test_tag_budget_cuts_pathological_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    import searchkit.ingest.html.extract as module

    monkeypatch.setattr(module, "MAX_TAGS", 40)
    early = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAS)
    late = "<p>" + "A paragraph far beyond the tag budget of this page, never parsed. " * 3 + "</p>"
    page = extract_html("<html><body><article>" + early + "<span></span>" * 60 + late
                        + "</article></body></html>")
    assert ARTICLE_PARAS[0] in page.body
    assert "beyond the tag budget" not in page.body
