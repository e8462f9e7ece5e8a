"""Fault injection on ingestion: hostile files and names, files that change under the reader.

Each case is a 20-article corpus plus one bad entry: the bad entry is one line
(failed or skipped) naming it and why, the exit code says whether this run
failed, and every other article is indexed. Nothing may hang: a subprocess
runs with a generous timeout that only catches a hang.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from corpus_factory import write_corpus
from faults import skip_or_fail

from searchkit import Index
from searchkit.ingest import reading
from searchkit.ingest.reading import MAX_JSONL_LINE

GOOD = 20
HANG = 120  # seconds: only a hang takes this long
STORY = "Harbour cranes restarted\n\nDock workers in Rotterdam restarted the cranes on Friday, officials said.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write_corpus(root / "good", GOOD)
    (root / "bad").mkdir()
    return root


def index_cli(tmp_path: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``searchkit index`` in a subprocess (real stdout/stderr encodings), killed if it hangs."""
    return subprocess.run([sys.executable, "-m", "searchkit", "index", "--index", str(tmp_path / "index"), *args],
                          capture_output=True, text=True, timeout=HANG, env={**os.environ, **(env or {})})


def lines(stderr: str, kind: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"searchkit: {kind}: ")]


def good_ids_indexed(index_dir: Path) -> set[str]:
    with Index.open(index_dir) as ix:
        ids = set(ix.ids())
    good = {i for i in ids if i.startswith("corpus/good/")}
    assert len(good) == GOOD, sorted(ids)
    return ids


@pytest.mark.parametrize("name", ["pipe.txt", "pipe.jsonl"])
def test_a_fifo_in_the_corpus_is_skipped_unopened_by_index_and_check(tmp_path, corpus, name):
    os.mkfifo(corpus / "bad" / name)
    run = index_cli(tmp_path, str(corpus))
    assert run.returncode == 0, run.stderr
    assert lines(run.stderr, "skipped") == [f"searchkit: skipped: {corpus}/bad/{name}: not a regular file: "
                                            "a FIFO (named pipe)"]
    good_ids_indexed(tmp_path / "index")
    check = subprocess.run([sys.executable, "-m", "searchkit", "check", "--index", str(tmp_path / "index"),
                            str(corpus)], capture_output=True, text=True, timeout=HANG)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_device_linked_in_is_never_read(tmp_path, corpus):
    (corpus / "bad" / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "zero.jsonl").symlink_to("/dev/zero")
    run = index_cli(tmp_path, "--follow-symlinks", str(corpus), str(tmp_path / "zero.jsonl"))
    assert run.returncode == 1, run.stderr  # the device given directly is a failure of this run
    assert lines(run.stderr, "skipped") == [
        f"searchkit: skipped: {corpus}/bad/zero.txt: not a regular file: a character device"]
    assert lines(run.stderr, "failed") == [
        f"searchkit: failed: {tmp_path}/zero.jsonl: not a regular file: a character device"]
    good_ids_indexed(tmp_path / "index")


def test_a_device_node_made_as_root_is_skipped(tmp_path, corpus):
    try:
        os.mknod(corpus / "bad" / "null.txt", 0o600 | 0o020000, os.makedev(1, 3))
    except PermissionError:
        skip_or_fail("os.mknod needs root (the /dev/zero symlink test covers devices otherwise)")
    run = index_cli(tmp_path, str(corpus))
    assert run.returncode == 0, run.stderr
    assert "null.txt: not a regular file: a character device" in run.stderr
    good_ids_indexed(tmp_path / "index")


def sync_in_thread(ix: Index, paths: list, **kwargs):
    """Run ``ix.sync`` on a thread and fail (rather than hang the suite) if it never returns."""
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["report"] = ix.sync(paths, **kwargs)
        except BaseException as exc:  # handed to the test below
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(HANG)
    assert not thread.is_alive(), "the sync hangs"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["report"]


def test_a_file_swapped_for_a_fifo_after_discovery_is_not_read(tmp_path, corpus):
    victim = corpus / "good" / "world" / "article-00016.txt"

    def swap(done, total, path):
        if done == 1 and victim.is_file():
            victim.unlink()
            os.mkfifo(victim)

    with Index(tmp_path / "index") as ix:
        report = sync_in_thread(ix, [corpus], progress=swap)
    assert [(Path(f.path).name, f.reason) for f in report.failures] == [
        ("article-00016.txt", "not a regular file: a FIFO (named pipe)")]
    assert report.added == GOOD - 1


def test_a_file_that_vanishes_before_it_is_read_is_one_failure_and_then_forgotten(tmp_path, corpus):
    victim = corpus / "good" / "world" / "article-00016.txt"

    def delete(done, total, path):
        if done == 1 and victim.exists():
            victim.unlink()

    with Index(tmp_path / "index") as ix:
        report = ix.sync([corpus], progress=delete)
        assert [(Path(f.path).name, f.reason) for f in report.failures] == [
            ("article-00016.txt", "cannot read: No such file or directory")]
        assert report.added == GOOD - 1
        again = ix.sync([corpus])
        assert (again.failed, again.still_failing, again.unchanged) == (0, [], GOOD - 1)
        assert ix.meta.failing == {}


def test_a_file_changed_while_it_is_read_is_read_again_next_time(tmp_path, corpus, monkeypatch):
    victim = corpus / "good" / "world" / "article-00016.txt"
    real = reading.read_limited

    def read_then_change(path, display, limit):
        data = real(path, display, limit)
        if Path(path) == victim and b"Zanzibar" not in data:
            victim.write_text(STORY.replace("Rotterdam", "Zanzibar"), encoding="utf-8")
        return data

    monkeypatch.setattr(reading, "read_limited", read_then_change)
    with Index(tmp_path / "index") as ix:
        assert ix.sync([corpus]).added == GOOD
        assert ix.search("Zanzibar").total == 0  # the text as it was read
        report = ix.sync([corpus])
        assert (report.updated, report.unchanged) == (1, GOOD - 1)
        assert [hit.id for hit in ix.search("Zanzibar")] == ["corpus/good/world/article-00016.txt"]


def test_symlinks_out_of_the_corpus_are_followed_by_neither_sync_nor_watch(tmp_path, corpus):
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text(STORY.replace("Rotterdam", "Quagadougou"), encoding="utf-8")
    (outside / "folder" / "deep.txt").write_text(STORY.replace("Rotterdam", "Quagadougou"), encoding="utf-8")
    (corpus / "bad" / "file-link.txt").symlink_to(outside / "secret.txt")
    (corpus / "bad" / "folder-link").symlink_to(outside / "folder")
    run = index_cli(tmp_path, str(corpus))
    assert run.returncode == 0, run.stderr
    assert sorted(lines(run.stderr, "skipped")) == [
        f"searchkit: skipped: {corpus}/bad/file-link.txt: symlink to a file outside the indexed folder (not followed)",
        f"searchkit: skipped: {corpus}/bad/folder-link: symlink to a folder (not followed; --follow-symlinks "
        "follows it)",
    ]
    assert "Quagadougou" not in " ".join(good_ids_indexed(tmp_path / "index"))

    from searchkit.index.watch import watch

    stop, reports = threading.Event(), []
    with Index(tmp_path / "index") as writer, Index(tmp_path / "index") as reader:
        thread = threading.Thread(target=watch, args=(writer, [corpus]),
                                  kwargs={"stop": stop, "on_sync": reports.append}, daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + HANG
            while not reports:
                assert time.monotonic() < deadline
                time.sleep(0.05)
            (corpus / "new").mkdir()
            (corpus / "new" / "file-link.txt").symlink_to(outside / "secret.txt")
            (corpus / "new" / "folder-link").symlink_to(outside / "folder")
            (corpus / "new" / "marker.txt").write_text(STORY.replace("Rotterdam", "Vladivostok"), encoding="utf-8")
            while reader.search("Vladivostok").total == 0:  # the burst with the links has been synced
                assert time.monotonic() < deadline
                time.sleep(0.05)
            assert reader.search("Quagadougou").total == 0
        finally:
            stop.set()
            thread.join(HANG)
    assert not thread.is_alive()
    assert {f.reason for r in reports for f in r.skipped} >= {
        "symlink to a file outside the indexed folder (not followed)",
        "symlink to a folder (not followed; --follow-symlinks follows it)"}


def test_file_names_that_are_not_utf8_are_indexed_under_an_escaped_id(tmp_path, corpus):
    bad = os.fsencode(corpus / "bad")
    with open(bad + b"/caf\xe9 report.txt", "wb") as handle:
        handle.write(STORY.replace("Rotterdam", "Reykjavik").encode())
    open(bad + b"/empty\xff.txt", "wb").close()
    run = index_cli(tmp_path, str(corpus), env={"PYTHONIOENCODING": "utf-8"})
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert lines(run.stderr, "failed") == [f"searchkit: failed: {corpus}/bad/empty\\xff.txt: empty article (no text)"]
    ids = good_ids_indexed(tmp_path / "index")
    assert "corpus/bad/caf\\xe9 report.txt" in ids
    query = subprocess.run([sys.executable, "-m", "searchkit", "query", "--index", str(tmp_path / "index"),
                            "Reykjavik"], capture_output=True, text=True, timeout=HANG)
    assert query.returncode == 0 and "corpus/bad/caf\\xe9 report.txt" in query.stdout
    with Index.open(tmp_path / "index") as ix:  # and a resync finds it unchanged under the same id
        assert ix.sync([corpus]).unchanged == GOOD + 1


def feed_line(n: int) -> str:
    return json.dumps({"id": f"wire-{n}", "headline": f"Wire story {n}",
                       "body": f"Ministers in Accra approved wire budget number {n} on Monday."}) + "\n"


def test_a_record_nested_thousands_deep_is_one_failure(tmp_path, corpus):
    deep = '{"id": "deep", "body": ' + "[" * 5000 + "]" * 5000 + "}\n"
    (corpus / "bad" / "feed.jsonl").write_text(feed_line(1) + deep + feed_line(2), encoding="utf-8")
    run = index_cli(tmp_path, str(corpus))
    assert run.returncode == 1, run.stderr
    assert lines(run.stderr, "failed") == [
        f"searchkit: failed: {corpus}/bad/feed.jsonl:2: invalid JSON: nested too deeply"]
    assert {"wire-1", "wire-2"} <= good_ids_indexed(tmp_path / "index")


def test_lone_surrogates_are_replaced_and_the_record_indexed(tmp_path, corpus):
    broken = '{"id": "cut", "headline": "Emoji cut in half \\ud83d", "body": "Fishermen in Bergen \\udc00 landed."}\n'
    (corpus / "bad" / "feed.jsonl").write_text(feed_line(1) + broken + broken.replace('"cut"', '"cut-2"'),
                                               encoding="utf-8")
    run = index_cli(tmp_path, str(corpus))
    assert run.returncode == 0, run.stderr
    assert lines(run.stderr, "warning") == [
        f"searchkit: warning: {corpus}/bad/feed.jsonl:2: text holds invalid Unicode (a lone surrogate escape "
        "such as \\ud800), replaced with U+FFFD (and 1 more such line in this file)"]
    assert {"wire-1", "cut", "cut-2"} <= good_ids_indexed(tmp_path / "index")
    with Index.open(tmp_path / "index") as ix:
        assert ix.get("cut").headline == "Emoji cut in half \ufffd"
        assert ix.check([corpus]).in_sync


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>Budget talks in Oslo</w:document>")
    return buffer.getvalue()


TEXT_ONLY_PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                 b"4 0 obj << /Length 44 >> stream\nBT /F1 12 Tf 72 712 Td (Budget talks in Oslo) Tj ET\n"
                 b"endstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


@pytest.mark.parametrize(("name", "data", "kind"), [
    pytest.param("report.txt", TEXT_ONLY_PDF, "a PDF document", id="pdf"),
    pytest.param("memo.txt", docx_bytes(), "a Word document (.docx)", id="docx"),
    pytest.param("archive.html", b"PK\x03\x04" + bytes(range(200)), "a ZIP archive", id="zip"),
    pytest.param("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "a PNG image", id="png"),
    pytest.param("feed.jsonl", gzip.compress(feed_line(1).encode()), "gzip-compressed data", id="gzip"),
    pytest.param("tool.md", b"\x7fELF\x02\x01\x01" + bytes(100), "a program (ELF executable)", id="elf"),
])
def test_a_file_that_is_not_text_is_named_for_what_it_is(tmp_path, corpus, name, data, kind):
    (corpus / "bad" / name).write_bytes(data)
    (corpus / "bad" / "BMW.txt").write_text("BMW sales rise\n\nBMW sold more cars in Munich this spring.\n")
    run = index_cli(tmp_path, str(corpus))
    assert run.returncode == 1, run.stderr
    assert lines(run.stderr, "failed") == [
        f"searchkit: failed: {corpus}/bad/{name}: not an article: {kind} (searchkit reads plain text, HTML and "
        "JSON lines)"]
    assert "corpus/bad/BMW.txt" in good_ids_indexed(tmp_path / "index")  # a text starting "BM" is no bitmap


PEAK_OF_CHILD = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
sys.stderr.write(f"peak-kb {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n")
sys.exit(code)
"""


def test_a_huge_sparse_jsonl_line_is_refused_without_being_held_in_memory(tmp_path, corpus):
    feed = corpus / "bad" / "feed.jsonl"
    first = feed_line(1).encode()
    with open(feed, "wb") as handle:  # a 1 GB line of zero bytes, costing no disk
        handle.write(first)
        handle.seek(len(first) + 1024**3)
        handle.write(b"\n" + feed_line(2).encode())
    with open(corpus / "bad" / "huge.txt", "wb") as handle:
        handle.truncate(3 * 1024**3)
    measured = subprocess.run(  # a parent of its own, so that the peak is this sync's alone
        [sys.executable, "-c", PEAK_OF_CHILD, sys.executable, "-m", "searchkit", "index", "--index",
         str(tmp_path / "index"), str(corpus)],
        capture_output=True, text=True, timeout=HANG, env={**os.environ, "SEARCHKIT_WORKERS": "1"})
    run, peak_mb = measured, int(measured.stderr.rsplit("peak-kb ", 1)[1]) / 1024
    assert run.returncode == 1, run.stderr
    limit = MAX_JSONL_LINE // 1024**2
    assert sorted(lines(run.stderr, "failed")) == [
        f"searchkit: failed: {corpus}/bad/feed.jsonl:2: line too long (the limit is {limit} MB)",
        f"searchkit: failed: {corpus}/bad/huge.txt: file too large (3072 MB, the limit is 16 MB)",
    ]
    assert {"wire-1", "wire-2"} <= good_ids_indexed(tmp_path / "index")
    assert peak_mb < 600, peak_mb  # the line was skipped, never read whole (1 GB)


def test_a_number_too_long_for_python_is_one_failure(tmp_path, corpus):
    (corpus / "bad" / "feed.jsonl").write_text(feed_line(1) + '{"id": ' + "9" * 5000 + ', "body": "x"}\n')
    run = index_cli(tmp_path, str(corpus))
    assert run.returncode == 1, run.stderr
    (failure,) = lines(run.stderr, "failed")
    assert failure.startswith(f"searchkit: failed: {corpus}/bad/feed.jsonl:2: invalid JSON: ")
    assert "wire-1" in good_ids_indexed(tmp_path / "index")
