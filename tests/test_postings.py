"""The fast per-article word scores give exactly Whoosh's own, across segments and deletions."""

from __future__ import annotations

from searchkit import Article, Index
from searchkit.engine.whoosh import postings
from searchkit.engine.whoosh.postings import scores_at


def whoosh_scores(searcher, word: str, docnums: list[int]) -> dict[int, float]:
    matcher = searcher.postings("body", word)
    found = {}
    while matcher.is_active():
        if matcher.id() in docnums:
            found[matcher.id()] = matcher.score()
        matcher.next()
    return found


def test_scores_match_whoosh_over_segments_with_deleted_articles():
    with Index.in_memory() as ix:
        for batch in range(3):  # three commits: three segments
            ix.add_many(Article(id=f"{batch}-{n}", body=f"Harbour cranes and harbour pilots, report {n}. "
                                                        + "Dockers voted. " * (n % 7))
                        for n in range(300))
        ix.add(Article(id="0-5", body="The harbour reopened."))  # replaces an article of the first segment
        ix.delete("1-7")
        searcher = ix.snapshot().reader.searcher
        assert len(searcher.leaf_searchers()) >= 2
        live = sorted(searcher.reader().all_doc_ids())
        wanted = live[::7]
        expected = whoosh_scores(searcher, "harbour", wanted)
        got = dict(scores_at(searcher, "body", "harbour", wanted))
        assert got.keys() == expected.keys() and len(got) > 100
        assert all(abs(got[d] - expected[d]) < 1e-12 for d in got)
        assert dict(scores_at(searcher, "body", "docker", wanted)) == whoosh_scores(searcher, "docker", wanted)
        assert list(scores_at(searcher, "body", "absent", wanted)) == []


def test_the_cache_of_decoded_postings_stays_within_its_bound(monkeypatch):
    monkeypatch.setattr(postings, "CACHED_POSTINGS", 500)
    with Index.in_memory() as ix:
        ix.add_many(Article(id=str(n), body=f"Harbour cranes, pilots and dockers: report {n}.") for n in range(400))
        searcher = ix.snapshot().reader.searcher
        wanted = sorted(searcher.reader().all_doc_ids())[::3]
        for word in ("harbour", "crane", "pilot", "docker", "report", "harbour"):
            assert dict(scores_at(searcher, "body", word, wanted)) == whoosh_scores(searcher, word, wanted)
        (segment, _), = searcher.leaf_searchers()
        assert postings._cache_of(segment.reader())._size <= 500
