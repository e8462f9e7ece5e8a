"""Indexes written by other versions of searchkit open: the schema comes from the code, not the index files."""

import sys
import types

from searchkit import Article, Index
from searchkit.engine.whoosh import schema
from searchkit.engine.whoosh.analysis import NewsTokenizer


def test_an_index_naming_analyzer_classes_that_no_longer_exist_still_opens(tmp_path, monkeypatch):
    gone = types.ModuleType("searchkit_old_analysis")  # stands for a module an older searchkit had
    exec("from searchkit.engine.whoosh.analysis import NewsTokenizer\n"
         "class OldTokenizer(NewsTokenizer):\n    pass\n", gone.__dict__)
    gone.OldTokenizer.__module__ = gone.__name__
    monkeypatch.setitem(sys.modules, gone.__name__, gone)
    with monkeypatch.context() as patch:
        patch.setattr(schema, "news_analyzer", gone.OldTokenizer)
        with Index(tmp_path / "index") as ix:  # its commits pickle OldTokenizer into the index files
            ix.add(Article(id="a", headline="Harbour strike ends", body="Dock workers returned on Monday."))
    del sys.modules[gone.__name__]
    with Index.open(tmp_path / "index") as ix:
        assert [hit.id for hit in ix.search("harbour")] == ["a"]
        assert isinstance(ix.snapshot().reader.searcher.schema["body"].analyzer, NewsTokenizer)
