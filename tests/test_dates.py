"""Dates as news articles write them: time zones, two-digit years, day/month order, and what cannot be read."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchkit import Index, InvalidOption
from searchkit.cli.commands import cli
from searchkit.ingest.dates import parse_date_option, read_date


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.mark.parametrize(("text", "expected"), [
    ("March 15, 2025 3:46 PM EST", utc(2025, 3, 15, 20, 46)),
    ("Tue, 04 Mar 2025 10:00:00 PDT", utc(2025, 3, 4, 17, 0)),
    ("15 March 2025 14:00 BST", utc(2025, 3, 15, 13, 0)),
    ("2025-03-04 10:00 CET", utc(2025, 3, 4, 9, 0)),
    ("4 March 2025, 18:30 IST", utc(2025, 3, 4, 13, 0)),
    ("July 3, 2025 12:00 ET", utc(2025, 7, 3, 16, 0)),  # ET follows daylight saving time
    ("January 3, 2025 12:00 ET", utc(2025, 1, 3, 17, 0)),
    ("Mar 3 2025 10:00 +0530", utc(2025, 3, 3, 4, 30)),
    ("2025-03-04T10:00:00Z", utc(2025, 3, 4, 10, 0)),
    ("01/04/63", utc(1963, 1, 4)),  # TIME magazine, 1963: never 2063
    ("12/31/99", utc(1999, 12, 31)),
])
def test_news_dates_are_read_in_their_own_time_zone_and_century(text, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no library warning may reach a user
        reading = read_date(text)
    assert (reading.value, reading.note) == (expected, "")


def test_a_two_digit_year_never_puts_an_article_in_the_future():
    next_year = datetime.now(timezone.utc).year % 100 + 1
    assert read_date(f"01/04/{next_year:02d}").value.year == 1900 + next_year


def test_what_cannot_be_understood_comes_back_as_a_note():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        relative = read_date("yesterday")
        unknown = read_date("3 July 2025 10:00 XYZT")
    assert relative.value is None and relative.note == "date not understood: 'yesterday' (stored undated)"
    assert unknown.value == utc(2025, 7, 3, 10, 0)
    assert unknown.note == "time zone 'XYZT' in date '3 July 2025 10:00 XYZT' not known (time taken as UTC)"
    assert read_date({"y": 1}).note == "date is a JSON dict, not text (stored undated)"


def test_numeric_article_dates_follow_the_configured_order(monkeypatch):
    assert read_date("03/04/2025").value == utc(2025, 3, 4)  # month first unless told otherwise
    monkeypatch.setenv("SEARCHKIT_DATE_ORDER", "dmy")
    assert read_date("03/04/2025").value == utc(2025, 4, 3)
    assert read_date("2025/03/04").value == utc(2025, 3, 4)  # year first is always year-month-day
    assert read_date("2025-03-04").value == utc(2025, 3, 4)


def test_an_ambiguous_filter_date_names_both_readings(monkeypatch):
    with pytest.raises(InvalidOption) as refused:
        parse_date_option("03/04/2025", "since")
    assert str(refused.value) == (
        "since: '03/04/2025' is ambiguous: 4 March 2025 (month first) or 3 April 2025 (day first); write "
        "2025-03-04 or 2025-04-03, or set SEARCHKIT_DATE_ORDER=mdy or dmy")
    assert parse_date_option("13/04/2025", "since") == utc(2025, 4, 13)  # only one reading
    monkeypatch.setenv("SEARCHKIT_DATE_ORDER", "dmy")
    assert parse_date_option("03/04/2025", "since") == utc(2025, 4, 3)
    monkeypatch.setenv("SEARCHKIT_DATE_ORDER", "ymd")
    with pytest.raises(InvalidOption, match="SEARCHKIT_DATE_ORDER must be mdy or dmy, not 'ymd'"):
        parse_date_option("2025-03-04", "since")


FEED = [
    {"id": "a", "headline": "Storm", "body": "A storm hit Lima.", "date": "March 15, 2025 3:46 PM EST"},
    {"id": "b", "headline": "Flood", "body": "Rivers rose in Quito.", "date": "yesterday"},
    {"id": "c", "headline": "Drought", "body": "Wells ran dry in Accra.", "date": "last week"},
    {"id": "d", "headline": "Frost", "body": "Frost hit Riga farms.", "date": "2 days ago"},
]


def test_a_sync_warns_once_per_file_about_dates_it_cannot_read(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in FEED), encoding="utf-8")
    (corpus / "note.txt").write_text("Title: Council vote\nDate: the day before\n\nThe council voted in Oslo.\n")
    run = subprocess.run([sys.executable, "-W", "default", "-m", "searchkit", "index", "--index",
                          str(tmp_path / "index"), str(corpus)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines() == [
        f"searchkit: warning: {corpus}/feed.jsonl:2: date not understood: 'yesterday' (stored undated) "
        "(and 2 more such lines in this file)",
        f"searchkit: warning: {corpus}/note.txt: date not understood: 'the day before' (stored undated)",
        "5 added, 0 updated, 0 removed, 0 unchanged, 0 failed",
    ]  # and no Python warning, although -W default shows them
    with Index.open(tmp_path / "index") as ix:
        assert ix.get("a").date == utc(2025, 3, 15, 20, 46)
        assert ix.get("b").date is None
    as_json = CliRunner().invoke(cli, ["index", "--index", str(tmp_path / "other"), "--json", str(corpus)])
    assert [w["path"] for w in json.loads(as_json.stdout)["warnings"]] == [
        f"{corpus}/feed.jsonl:2", f"{corpus}/note.txt"]


def test_query_refuses_an_ambiguous_since_and_follows_a_set_order(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text(json.dumps(FEED[0]) + "\n", encoding="utf-8")
    index = str(tmp_path / "index")
    runner = CliRunner()
    runner.invoke(cli, ["index", "--index", index, str(corpus)])
    refused = runner.invoke(cli, ["query", "--index", index, "storm", "--since", "03/04/2025"])
    assert refused.exit_code == 2
    assert refused.stderr.startswith("searchkit: error: since: '03/04/2025' is ambiguous: 4 March 2025")
    day_first = {"SEARCHKIT_DATE_ORDER": "dmy"}
    assert runner.invoke(cli, ["query", "--index", index, "storm", "--since", "03/04/2025"], env=day_first,
                         ).exit_code == 1  # after 3 April: the 15 March storm is not
    assert runner.invoke(cli, ["query", "--index", index, "storm", "--since", "03/04/2025"],
                         env={"SEARCHKIT_DATE_ORDER": "mdy"}).exit_code == 0


def test_a_bad_date_order_setting_stops_a_sync_before_it_reads(tmp_path, monkeypatch):
    monkeypatch.setenv("SEARCHKIT_DATE_ORDER", "sometimes")
    with Index(tmp_path / "index") as ix, pytest.raises(InvalidOption, match="SEARCHKIT_DATE_ORDER"):
        ix.sync([Path(tmp_path)])
