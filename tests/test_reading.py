from datetime import datetime, timezone
from pathlib import Path

import pytest

from searchkit.errors import SourceError
from searchkit.ingest.encoding import decode_bytes
from searchkit.ingest.reading import read_file

from conftest import ARTICLES, SEED


def read_one(path: Path, article_id: str = "a", section: str = ""):
    result = read_file(path, article_id=article_id, section=section)
    assert not result.failures, result.failures
    assert len(result.articles) == 1
    return result.articles[0]


def test_seed_plain_text():
    article = read_one(SEED, "world/seed.txt", "world")
    assert article.id == "world/seed.txt"
    assert article.section == "world"
    assert len(article.subheads) == 4
    assert article.date is None


def test_text_front_matter_gives_metadata():
    article = read_one(ARTICLES / "europe" / "grid.txt", section="europe")
    assert article.headline == "Baltic states complete switch to European power grid"
    assert article.section == "Europe"  # front matter wins over the folder name
    assert article.date == datetime(2025, 2, 9, 12, 30, tzinfo=timezone.utc)
    assert article.url == "https://news.example.org/europe/baltic-grid"
    assert article.authors == ["Laura Kask"]
    assert article.subheads == ["Security Around Undersea Cables"]
    assert "Share this article" not in article.body and "Advertisement" not in article.body


def test_markdown_front_matter_block():
    article = read_one(ARTICLES / "business" / "rates.md")
    assert article.headline == "Bank of England cuts interest rates to 4.5%"
    assert article.section == "Business"
    assert article.date == datetime(2025, 2, 6, tzinfo=timezone.utc)
    assert "Read more" not in article.body


def test_jsonl_feed_with_varied_keys():
    result = read_file(ARTICLES / "feed.jsonl", article_id="feed.jsonl", section="wires")
    assert not result.failures
    first, second, third = result.articles
    assert (first.id, first.section, first.authors) == ("wire-1001", "US", ["Maria Lopez", "Tom Reed"])
    assert first.headline.startswith("Wildfires force thousands")
    assert first.body.count("\n\n") == 1
    assert (second.headline, second.section, second.authors) == (
        "Chess prodigy wins national title at 14", "Sport", ["Sam Patel"])
    assert second.date == datetime(2025, 3, 3, tzinfo=timezone.utc)
    assert third.people == ["Steve Witkoff"]  # given people are kept as they are


def test_jsonl_broken_lines_reported_rest_read(tmp_path):
    feed = tmp_path / "mixed.jsonl"
    feed.write_text(
        '{"id": "ok-1", "headline": "Good line", "body": "Parliament approved the budget on Tuesday."}\n'
        '{"id": "bad", "headline": \n'
        '["not", "an", "object"]\n'
        '{"id": 7, "headline": {"nested": true}, "body": ["wrong", "type"]}\n'
        '{"headline": "No id here", "text": "The match ended in a draw after extra time."}\n',
        encoding="utf-8",
    )
    result = read_file(feed, article_id="mixed.jsonl")
    assert [a.id for a in result.articles] == ["ok-1", "mixed.jsonl#5"]
    reasons = {f.path.rsplit(":", 1)[1]: f.reason for f in result.failures}
    assert set(reasons) == {"2", "3", "4"}
    assert "invalid JSON" in reasons["2"]
    assert "expected a JSON object" in reasons["3"]
    assert "empty article" in reasons["4"]


def test_html_page_metadata_and_clean_body():
    article = read_one(ARTICLES / "page.html", "page.html")
    assert article.headline == "Heatwave grips southern Europe as temperatures pass 44C"
    assert article.section == "Climate"
    assert article.date == datetime(2024, 7, 18, 8, 15, tzinfo=timezone.utc)
    assert article.authors == ["Elena Rossi"]
    assert article.url == "https://news.example.net/climate/heatwave-europe"
    assert article.subheads == ["Wildfires in Greece"]
    for boilerplate in ("cookies", "Privacy policy", "Share on Facebook", "Football transfer", "Comments (12)"):
        assert boilerplate not in article.body
    assert "Prime Minister Kyriakos Mitsotakis" in article.body


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        pytest.param("empty.txt", b"", "empty article", id="empty"),
        pytest.param("blank.txt", b"  \n\t\n  ", "empty article", id="whitespace-only"),
        pytest.param("binary.txt", bytes(range(256)) * 40, "binary", id="binary"),
        pytest.param("notes.docx", b"PK\x03\x04", "unsupported file type", id="unknown-extension"),
    ],
)
def test_bad_files_give_one_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    result = read_file(path, article_id=name)
    assert result.articles == []
    assert len(result.failures) == 1
    assert reason in result.failures[0].reason


def test_invalid_utf8_is_decoded_not_crashed(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\u00e9 owners in S\u00e3o Paulo protested against the new tax on Monday.".encode("latin-1"))
    article = read_one(path)
    assert "Café owners in São Paulo" in article.body


def test_broken_html_still_gives_an_article(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text("<html><body><h1>Flood warning issued<p>Rivers burst their banks after days of rain in"
                    " the north, and residents were told to <b>move to higher ground</i>.", encoding="utf-8")
    article = read_one(path)
    assert "Rivers burst their banks" in article.body


def test_a_folder_named_like_an_article_is_not_read(tmp_path):
    path = tmp_path / "folder.txt"
    path.mkdir()
    result = read_file(path, article_id="folder.txt")
    assert result.articles == []
    assert result.failures[0].reason == "not a regular file: a folder"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Zelensky’s plan".encode(), "Zelensky’s plan"),
        ("\ufeffWith a BOM".encode(), "With a BOM"),
        ("Kyiv and Kharkiv, naïve café".encode("utf-16"), "Kyiv and Kharkiv, naïve café"),
        ("Kyiv and Kharkiv, a long sentence about the war and its cost.".encode("utf-16-le"),
         "Kyiv and Kharkiv, a long sentence about the war and its cost."),
        ("Привет, как дела? Это статья о новостях в Москве.".encode("cp1251"),
         "Привет, как дела? Это статья о новостях в Москве."),
        (b"The BBC said \x935m\x94 was paid.", "The BBC said “5m” was paid."),
    ],
)
def test_decode_bytes(data, expected):
    assert decode_bytes(data, "x") == expected


def test_decode_rejects_binary():
    with pytest.raises(SourceError, match="binary"):
        decode_bytes(b"\x00\x01\x02\x03" * 500, "x")


# -- Markdown articles ---------------------------------------------------------------------

MARKDOWN = Path(__file__).parent / "fixtures" / "markdown"


def test_markdown_yaml_front_matter_is_yaml():
    article = read_one(MARKDOWN / "harvest.md")
    assert article.headline == "Growers' verdict: a record apple harvest"  # quoted, with its colon
    assert article.authors == ["Eve Stone", "Tom Lee"]  # a YAML list, not "[Eve Stone"
    assert article.date == datetime(2025, 9, 12, tzinfo=timezone.utc)  # a YAML date
    assert article.section == "Business"


def test_markdown_is_rendered_to_the_text_a_reader_sees():
    article = read_one(MARKDOWN / "harvest.md")
    body = article.body
    assert body.startswith("Fruit growers in the valley expect their largest harvest in twenty years after")
    assert "*" not in body and "`" not in body and "#" not in body
    assert "https://example.org" not in body and "growers' association said" in body
    assert "pickers.jpg" not in body and "Pickers at work" not in body  # an image is not text
    assert "Bramley and Cox are the largest crops." in body.split("\n\n")
    assert "Bramley 9,400" in body.split("\n\n")  # a table row
    assert "Read more" not in body
    assert article.headline not in body  # the leading heading is the headline, once


def test_markdown_headings_become_sub_headings_in_place():
    article = read_one(MARKDOWN / "harvest.md")
    paragraphs = article.body.split("\n\n")
    assert article.subheads == ["Pickers from across the region", "What it means for shoppers"]
    assert paragraphs[paragraphs.index("Pickers from across the region") + 1].startswith("Farms have recruited")


def test_markdown_with_plain_key_lines_still_reads_them():
    article = read_one(MARKDOWN / "plain_header.md")
    assert article.headline == "Library to stay open until nine on weekdays"
    assert article.authors == ["Ken Ito"]
    assert article.date == datetime(2025, 3, 4, tzinfo=timezone.utc)
    assert article.body.startswith("The city library will stay open")


def test_front_matter_that_is_not_yaml_is_read_line_by_line(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("---\ntitle: Rates: what changes in March\nsection: Money\n---\n\nBanks will pass on the cut.\n")
    article = read_one(path)
    assert article.headline == "Rates: what changes in March"
    assert article.section == "Money"


@pytest.mark.parametrize("block", [
    "date: 2025-02-30\ntitle: Ferry winter timetable",     # an impossible YAML date
    "title: Ferry winter timetable\ntags: " + "[" * 3000,  # nesting deeper than YAML's parser goes
])
def test_front_matter_yaml_cannot_break_reading(tmp_path, block):
    path = tmp_path / "odd.md"
    path.write_text(f"---\n{block}\n---\n\nThree extra sailings a day will run from November.\n")
    article = read_one(path)
    assert article.headline == "Ferry winter timetable"
    assert article.body == "Three extra sailings a day will run from November."


def test_front_matter_author_objects(tmp_path):
    path = tmp_path / "objects.md"
    path.write_text("---\ntitle: Orchards\nauthors:\n  - name: Eve Stone\n  - Tom Lee\n---\n\nA record harvest.\n")
    assert read_one(path).authors == ["Eve Stone", "Tom Lee"]
