"""What a fresh process loads: a query and a small sync import only what they use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from whoosh.query import Variations

from searchkit import Article, Index

#: Modules that neither a query nor a sync of plain-text and JSON-lines files needs.
HEAVY = ("urllib.request", "asyncio", "logging", "whoosh.lang.morph_en", "markdown_it", "yaml",
         "charset_normalizer", "bs4", "lxml")
#: What a sync loads beyond a query: the language detector (py3langid) imports logging.
SYNC_ONLY = {"logging"}

_LOADED = """
import json, sys
from pathlib import Path
from searchkit import Index
import searchkit.cli.search_commands
with Index(sys.argv[1]) as ix:
    if sys.argv[2] == "sync":
        ix.sync([sys.argv[3]])
    hits = [hit.id for hit in ix.search("harbour strike")]
print(json.dumps({"hits": hits, "loaded": [name for name in json.loads(sys.argv[4]) if name in sys.modules]}))
"""


def _fresh_process(*args: str) -> dict:
    result = subprocess.run([sys.executable, "-c", _LOADED, *args, json.dumps(HEAVY)],
                            capture_output=True, text=True, timeout=120, check=True)
    return json.loads(result.stdout)


def test_a_query_and_a_sync_of_text_and_feed_files_load_no_heavy_module(tmp_path: Path):
    corpus = tmp_path / "corpus"
    (corpus / "port").mkdir(parents=True)
    (corpus / "port" / "strike.txt").write_text(
        "Dockers strike at the harbour\n\nHarbour pilots joined the dockers' strike on Monday, "
        "halting cranes at the container terminal.\n", encoding="utf-8")
    (corpus / "wire.jsonl").write_text(json.dumps(
        {"id": "w1", "headline": "Strike ends", "body": "The harbour strike ended after talks with the union."}) + "\n",
        encoding="utf-8")
    synced = _fresh_process(str(tmp_path / "index"), "sync", str(corpus))
    assert sorted(synced["hits"]) == ["corpus/port/strike.txt", "w1"]
    assert set(synced["loaded"]) <= SYNC_ONLY
    queried = _fresh_process(str(tmp_path / "index"), "query", "")
    assert queried == {"hits": synced["hits"], "loaded": []}


def test_whoosh_variations_still_work_after_the_lean_import():
    with Index.in_memory() as ix:
        ix.add(Article(id="a", headline="Rendering", body="The studio renders frames overnight."))
        reader = ix.snapshot().reader.searcher.reader()
        terms = {text.decode() for text in Variations("body_exact", "render")._btexts(reader)}
    assert "renders" in terms
