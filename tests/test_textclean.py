from hypothesis import given
from hypothesis import strategies as st

from searchkit.ingest.plaintext import (
    clean_plain_text,
    first_sentence,
    headline_from_lead,
    normalize,
    split_front_matter,
)

from conftest import SEED

SEED_SUBHEADS = [
    "Progress on Ceasefire Negotiations",
    "U.S. Delegation Prepares for Moscow Talks",
    "Tensions Persist on the Ground",
    "Trump Pressures Russia",
]


def seed():
    return clean_plain_text(SEED.read_text(encoding="utf-8"))


def test_seed_has_exactly_its_four_subheads():
    assert seed().subheads == SEED_SUBHEADS


def test_seed_headline_is_derived_from_the_lead():
    headline = seed().headline
    assert headline.startswith("The United States is sending a delegation to Russia")
    assert "ceasefire" in headline
    assert len(headline) <= 110


def test_seed_comment_widget_dropped_and_paragraphs_kept():
    cleaned = seed()
    assert "0 Comments" not in cleaned.body
    paragraphs = cleaned.body.split("\n\n")
    assert paragraphs[0].startswith("The United States is sending")
    assert paragraphs[-1].startswith("While Trump indicated")
    assert "Tensions Persist on the Ground" in paragraphs  # sub-headings stay in place


def test_headline_line_is_taken_when_headline_shaped():
    text = ("Storm Eowyn batters Ireland\n\n"
            "Hundreds of thousands of homes lost power as winds of 183km/h hit the west coast.")
    cleaned = clean_plain_text(text)
    assert cleaned.headline == "Storm Eowyn batters Ireland"
    assert cleaned.body.startswith("Hundreds of thousands")


def test_widget_lines_removed_but_similar_prose_kept():
    text = (
        "Officials said the talks would continue on Friday in Geneva.\n"
        "Share this article\nAdvertisement\nRead more: Ten things to know\n"
        "Readers can share their views at public meetings across the county, officials said.\n"
        "12 comments"
    )
    body = clean_plain_text(text).body
    assert "Share this article" not in body and "Advertisement" not in body
    assert "Read more" not in body and "12 comments" not in body
    assert "Readers can share their views" in body


def test_front_matter_lines_and_block():
    meta, rest = split_front_matter("Title: A\nSection: World\nDate: 2025-01-02\n\nBody text.")
    assert meta == {"title": "A", "section": "World", "date": "2025-01-02"}
    assert rest.strip() == "Body text."
    meta, rest = split_front_matter('---\ntitle: "Quoted: title"\nsection: Tech\n---\nBody.')
    assert meta == {"title": "Quoted: title", "section": "Tech"}
    assert rest.strip() == "Body."


def test_prose_starting_with_a_colon_word_is_not_front_matter():
    text = "Date: unknown, said the spokesman, who declined to give a timetable for the vote."
    meta, rest = split_front_matter(text)
    assert meta == {} and rest == text


def test_hard_wrapped_paragraphs_are_joined():
    wrapped = (
        "The central bank held rates steady on Thursday, saying inflation was\n"
        "still too high for a cut, although several members of the committee\n"
        "argued that the economy was slowing faster than expected this year.\n"
        "\n"
        "Markets had priced in no change."
    )
    body = clean_plain_text("Rates held\n\n" + wrapped).body
    first = body.split("\n\n")[0]
    assert first.startswith("The central bank held rates steady on Thursday, saying inflation was still too high")


def test_normalize_unicode_quotes_and_whitespace():
    text = "Cafe\u0301\u00a0\u00a0owner \u201bsaid\u201f\u200b hello\x07  \r\n  next line"
    assert normalize(text) == "Caf\u00e9 owner \u2018said\u201c hello\nnext line"


def test_first_sentence_not_cut_at_abbreviations():
    text = "Mr. Smith met U.S. officials in Washington on Monday. They discussed trade."
    assert first_sentence(text) == "Mr. Smith met U.S. officials in Washington on Monday."


def test_long_lead_headline_cut_at_a_clause():
    lead = ("The government announced on Tuesday a sweeping package of measures to tackle the rising cost of living, "
            "including a freeze on energy bills and new support for pensioners.")
    headline = headline_from_lead(lead)
    assert headline == (
        "The government announced on Tuesday a sweeping package of measures to tackle the rising cost of living"
    )


@given(st.text(max_size=400))
def test_cleaning_is_idempotent_on_the_body(text):
    once = clean_plain_text(text)
    twice = clean_plain_text(once.body, headline=once.headline or "x")
    assert twice.body == once.body
