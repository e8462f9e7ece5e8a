"""The shortcuts of the search path give exactly what Whoosh's own code gives."""

from __future__ import annotations

from whoosh.scoring import BM25F

from searchkit import Article, Index
from searchkit.engine.whoosh import engine as whoosh_engine  # where searchers get their weighting
from searchkit.engine.whoosh import ranking
from searchkit.engine.whoosh.collecting import build_collector
from searchkit.engine.whoosh.compile import compile_query
from searchkit.engine.whoosh.facets import COPIES
from searchkit.search.budget import Budget
from searchkit.search.options import SearchOptions
from searchkit.search.parser import parse


def _articles(batch: int, n: int = 120) -> list[Article]:
    return [Article(id=f"{batch}-{i}", headline=f"Harbour report {i % 9}",
                    body=f"Harbour cranes and pilots, report {i}. " + "Dockers voted to strike. " * (i % 5)
                    + ("The port reopened on Monday after the storm." if i % 3 else ""))
            for i in range(n)]


def _ranked(ix: Index, **options) -> list[tuple[str, float, int]]:
    results = ix.search("harbour dockers strike", limit=50, **options)
    return [(hit.id, hit.score, hit.similar) for hit in results] + [("total", 0.0, results.total)]


class _PlainBM25F(ranking.NewsBM25F):
    """NewsBM25F scoring with Whoosh's own per-posting length look-up."""

    def scorer(self, searcher, fieldname, text, qf=1):
        return BM25F.scorer(self, searcher, fieldname, text, qf)


def test_field_length_tables_score_as_whoosh_across_commits(monkeypatch):
    with Index.in_memory() as ix:
        for batch in range(3):  # three commits: several segments, then changes that need new tables
            ix.add_many(_articles(batch))
            ix.delete(f"{batch}-7")
            fast = _ranked(ix)
            assert isinstance(ix.snapshot().reader.searcher.weighting, ranking.NewsBM25F)
            monkeypatch.setattr(whoosh_engine, "weighting", _PlainBM25F)
            ix._refresh()
            assert type(ix.snapshot().reader.searcher.weighting) is _PlainBM25F
            assert _ranked(ix) == fast and len(fast) > 40
            monkeypatch.undo()
            ix._refresh()


def test_collectors_score_each_match_once_and_find_what_whoosh_finds():
    with Index.in_memory() as ix:
        ix.add_many(_articles(0) + [Article(id=f"copy-{i}", headline="Harbour report 1",
                                            body=_articles(0)[i].body) for i in range(40)])
        searcher = ix.snapshot().reader.searcher
        base = compile_query(parse("harbour dockers strike"), searcher.schema).query
        options = SearchOptions.build(limit=20)
        collector = build_collector(searcher, 20, options, "relevance", None, None, Budget(None))
        searcher.search_with_collector(base, collector)
        ours = collector.results()
        whoosh = searcher.search(base, limit=20, optimize=False, collapse=COPIES)
        assert ours.top_n == whoosh.top_n and len(ours) == len(whoosh)
        assert ours.collapsed_counts and ours.collapsed_counts == whoosh.collapsed_counts


def _expansion_words(ix: Index, query: str) -> list[tuple[str, float]]:
    searcher = ix.snapshot().reader.searcher
    base = compile_query(parse(query), searcher.schema).query
    top = searcher.search(base, limit=ranking.FEEDBACK_DOCS, optimize=False).top_n
    return ranking._expansion(searcher, top, searcher.schema["body"].analyzer)


def test_feedback_word_frequencies_are_remembered_per_commit(monkeypatch):
    with Index.in_memory() as ix:
        ix.add_many(Article(id=f"a{i}", body=f"Quay cranes idle at the harbour, report {i}." if i < 4
                            else f"Markets closed higher on report {i}.") for i in range(100))
        before = _expansion_words(ix, "harbour")
        ix.add_many(Article(id=f"b{i}", body=f"The new quay opened, report {i}.") for i in range(40))
        after = _expansion_words(ix, "harbour")  # "quay" is now in more than a tenth of the articles
        assert "quai" in dict(before) and "quai" not in dict(after)  # Porter: quay -> quai
        monkeypatch.setattr(ranking, "_body_frequency",
                            lambda reader, word: reader.doc_frequency(ranking.FEEDBACK_FIELD, word))
        assert _expansion_words(ix, "harbour") == after
