"""Hostile input: a corpus of broken files, and thousands of generated queries.

Nothing here may produce a traceback: every bad file is one line naming it and
why, every bad query is one error line with exit code 2, and the index stays
consistent.
"""

import json
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus_factory import write_corpus
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from searchkit import Index, SearchkitError
from searchkit.cli.commands import cli

GOOD = 20


def build_hostile_corpus(root: Path, outside: Path) -> dict[str, str]:
    """Write the bad files; returns {file name: expected reason fragment} for those that must fail."""
    write_corpus(root / "good", GOOD)
    bad = root / "bad"
    bad.mkdir()
    expected = {}

    def put(name: str, data: bytes, reason: str | None = None) -> None:
        (bad / name).write_bytes(data)
        if reason:
            expected[name] = reason

    put("binary.txt", os.urandom(4096), "binary")
    put("zeros.txt", b"\x00" * 1000, "binary")
    put("elf.html", b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8, "")
    put("empty.txt", b"", "empty article")
    put("blank.md", b" \n\t \n\r\n", "empty article")
    put("empty.html", b"", "")
    put("invalid-utf8.txt", "Caf\u00e9 prices rose in Lisbon on Monday.".encode("latin-1") + b"\xff\xfe\xfa")
    put("utf16-no-bom.txt", "Markets in Tokyo closed higher on Friday after a long week.".encode("utf-16-le"))
    put("latin1.txt", "Le ministre a annonc\u00e9 une r\u00e9forme \u00e0 Paris.".encode("latin-1"))
    put("cp1252.txt", b"The \x93budget\x94 vote \x96 a narrow win \x85 was held on Tuesday.")
    put("big.txt", b"word " * (50 * 1024 * 1024 // 5), "too large")
    put("huge.html", b"<html><body>" + b"<div><p>Paragraph about the harbour project and its costs.</p></div>"
        * 150_000 + b"</body></html>")
    put("nested.html", b"<html><body>" + b"<div>" * 100_000 + b"<p>Rescue teams reached the valley.</p>"
        + b"</div>" * 100_000 + b"</body></html>")
    put("all-script.html", b"<html><head><script>" + b"var a = 1;" * 50_000 + b"</script></head><body>"
        b"<script>track()</script></body></html>", "no article text")
    put("broken.html", b"<html><body><h1>Storm warning<p>Gales hit the coast <b>overnight</i> and")
    put("wrong-charset.html", '<html><head><meta charset="utf-8"></head><body><p>Z\u00fcrich banks '
        'reported higher profits this quarter, officials said.</p></body></html>'.encode("cp1252"))
    put("feed.jsonl", b'{"id": "ok-1", "headline": "Good", "body": "A valid line about the port strike."}\n'
        b'{"id": "broken", "body": \n[1, 2, 3]\n"just a string"\n{"id": {"a": 1}, "body": 42}\n'
        b'{"id": "ok-2", "title": "Also good", "text": "Another valid line about tariffs."}\n\xff\xfe\n',
        "invalid JSON")
    put("types.jsonl", b'{"id": 7, "headline": ["x"], "date": {"y": 1}, "authors": 5, "body": "Fine text."}\n')
    put("notes.pdf", b"%PDF-1.4 not an article")
    put("image.jpg", b"\xff\xd8\xff\xe0")
    for i, name in enumerate(["spaces in name.txt", "ünïcödé-名前.txt", "-leading-dash.txt", "semi;colon.txt",
                              "quote'name.txt", "brackets[1].txt", "dollar$sign.txt", "new\nline.txt"]):
        put(name, f"Odd name {i}\n\nCouncil members met in Riga to discuss the tram budget {i}.".encode())
    for i in range(12):
        put(f"tiny-{i}.txt", b"\n" * i, "empty article")
    put("utf32.txt", "Fishermen in Bergen landed a record catch.".encode("utf-32"))
    put("shift-jis.html", '<html><head><meta charset="shift_jis"></head><body><p>東京の株価は金曜日に上昇した。'
        '市場関係者によると、輸出企業の株が買われた。</p></body></html>'.encode("shift_jis"))
    put("only-comments.html", b"<html><!-- nothing --><body><!-- still nothing --></body></html>", "")
    put("control-chars.txt", b"Budget talks\n\nThe \x1b[31mminister\x1b[0m spoke \x07 about taxes in Oslo.")
    put("gzip.txt.gz", b"\x1f\x8b\x08\x00 not really gzip")
    put("frameset.htm", b"<html><frameset><frame src='a.html'></frameset></html>", "")
    put("svg.html", b"<svg xmlns='http://www.w3.org/2000/svg'><text>Chart</text></svg>")
    put("no-body.html", b"<title>Wildfire spreads near Athens</title><p>Firefighters battled the blaze.")
    secret = outside / "secret.txt"
    secret.write_text("Secret outside article about nothing.")
    (bad / "link-outside.txt").symlink_to(secret)
    (bad / "link-loop").symlink_to(bad)
    locked = bad / "locked.txt"
    locked.write_text("Locked article text.")
    locked.chmod(0)
    return expected


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    outside = base / "outside"
    outside.mkdir()
    corpus = base / "corpus"
    expected = build_hostile_corpus(corpus, outside)
    index_dir = base / "index"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run([sys.executable, "-m", "searchkit", "index", "--index", str(index_dir), str(corpus)],
                         capture_output=True, text=True, timeout=1800, env=dict(os.environ, SEARCHKIT_DEBUG="1"))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds, not wall time: a loaded machine stretches the one, not the other
    cpu_seconds = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    peak_mb = max(before.ru_maxrss, after.ru_maxrss) / 1024
    return corpus, index_dir, expected, run, cpu_seconds, peak_mb


def test_hostile_corpus_has_at_least_50_files(hostile):
    corpus = hostile[0]
    assert sum(1 for p in (corpus / "bad").iterdir()) >= 50


def test_each_failure_is_one_line_and_the_rest_is_indexed(hostile):
    corpus, index_dir, expected, run, _elapsed, _peak = hostile
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    failed = [line for line in run.stderr.splitlines() if line.startswith("searchkit: failed: ")]
    for name, reason in expected.items():
        lines = [line for line in failed if f"/bad/{name}" in line]
        assert lines, f"{name} not reported"
        assert reason in lines[0], lines[0]
    for line in run.stderr.splitlines():
        assert re.match(r"searchkit: (failed|skipped|warning): |\d+ added, ", line), line
    with Index.open(index_dir) as ix:
        ids = set(ix.ids())
        assert {f"corpus/good/{p.parent.name}/{p.name}" for p in (corpus / "good").rglob("*.txt")} <= ids
        for name in ("bad/invalid-utf8.txt", "bad/utf16-no-bom.txt", "bad/latin1.txt", "bad/cp1252.txt",
                     "bad/nested.html", "bad/broken.html", "bad/huge.html", "bad/spaces in name.txt",
                     "bad/new\nline.txt"):
            assert f"corpus/{name}" in ids, name
        for name in ("ok-1", "ok-2", "7"):
            assert name in ids, name
        assert "corpus/bad/link-outside.txt" not in ids  # not followed
        assert len(ix.search("Zürich")) == 1
        assert ix.check([corpus]).consistent


def test_hostile_corpus_in_bounded_time_and_memory(hostile):
    _corpus, _index, _expected, _run, cpu_seconds, peak_mb = hostile
    assert cpu_seconds < 120
    assert peak_mb < 1024


def test_resync_of_hostile_corpus_changes_nothing(hostile):
    corpus, index_dir, _expected, _run, _elapsed, _peak = hostile
    with Index.open(index_dir) as ix:
        report = ix.sync([corpus])
    assert (report.added, report.updated, report.removed) == (0, 0, 0)


#: 4,000 generated queries in all; SEARCHKIT_FUZZ_SCALE=10 runs ten times as many (the long run).
_SCALE = int(os.environ.get("SEARCHKIT_FUZZ_SCALE", "1"))
LIBRARY_QUERIES = 3_000 * _SCALE
CLI_QUERIES = 1_000 * _SCALE

QUERY_PIECES = st.sampled_from(
    list('abcXYZ "()*?~^:[]{}-+!/\\\'<>=,.;éü中\u202e\x1b\x00\t\n')
    + ["AND ", "OR ", "NOT ", "ANDNOT ", "ANDMAYBE ", "person:", "headline:", "date:", "section:",
       "nosuchfield:", "TO ", "2025-01-01 ", "*:*", "ceasefire ", "Zelensky ", "date:[", " to ]"]
)
QUERIES = st.one_of(st.lists(QUERY_PIECES, max_size=25).map("".join), st.text(max_size=60),
                    st.text(min_size=1, max_size=40).map(lambda s: s * 60))  # very long queries


@pytest.fixture(scope="module")
def fuzz_index(tmp_path_factory):
    base = tmp_path_factory.mktemp("fuzz")
    write_corpus(base / "corpus", 40)
    with Index(base / "index") as ix:
        ix.sync([base / "corpus"])
    return base / "index"


def test_generated_queries_through_the_library(fuzz_index):
    seen = {"answered": 0, "refused": 0}

    @settings(max_examples=LIBRARY_QUERIES, deadline=None, derandomize=True, database=None,
              phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))
    @given(QUERIES, st.booleans())
    def search(text, literal):
        try:  # facets and feedback on some of the queries (feedback triples a search's cost)
            ix.search(text, literal=literal, facets="people,section" if len(text) % 3 == 0 else None,
                      feedback=len(text) % 5 == 0)
            seen["answered"] += 1
        except SearchkitError as exc:
            assert str(exc) and "\n" not in str(exc)
            seen["refused"] += 1

    with Index.open(fuzz_index) as ix:
        search()
    assert seen["answered"] > LIBRARY_QUERIES // 10 and seen["refused"] > LIBRARY_QUERIES // 100


def test_generated_queries_through_the_cli(fuzz_index):
    runner = CliRunner()

    @settings(max_examples=CLI_QUERIES, deadline=None, derandomize=True, database=None,
              phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))
    @given(QUERIES.filter(lambda t: t.strip() and "\x00" not in t))
    def query(text):
        plain = ["--no-feedback"] if len(text) % 4 else []
        result = runner.invoke(cli, ["query", "--index", str(fuzz_index), "--json", *plain, "--", text],
                               catch_exceptions=False)
        assert result.exit_code in (0, 1, 2)
        if result.exit_code == 2:
            assert len(result.stderr.strip().splitlines()) == 1
            assert result.stderr.startswith("searchkit: error: ")
        else:
            json.loads(result.stdout)
            assert "\x1b" not in result.stdout.replace("\\u001b", "")

    query()
