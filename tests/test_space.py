"""Edited and deleted articles give their space back without `--optimize` (issue 12.17).

An edit marks the old copy deleted in its segment; the merge policy drops
segments whose every article is deleted and rewrites those more than a third
deleted, so the index holds at most 1.5 stored articles per live one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_factory import write_corpus

from searchkit import Index


def stored_and_live(ix: Index) -> tuple[int, int]:
    segments = ix.engine.ix._segments()
    return sum(s.doc_count_all() for s in segments), sum(s.doc_count() for s in segments)


def size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.iterdir() if path.is_file())


def edit(paths: list[Path], tag: str) -> None:
    for path in paths:
        path.write_text(path.read_text(encoding="utf-8") + f"\nUpdated: {tag}.\n", encoding="utf-8")


@pytest.fixture
def archive(tmp_path) -> tuple[Path, list[Path]]:
    corpus = tmp_path / "archive"
    return corpus, write_corpus(corpus, 120)


def test_a_segment_whose_articles_were_all_edited_is_dropped(archive, tmp_path, monkeypatch):
    monkeypatch.setenv("SEARCHKIT_WORKERS", "1")  # one segment per sync
    corpus, files = archive
    with Index(tmp_path / "index") as ix:
        ix.sync([corpus])
        (first,) = ix.engine.ix._segments()
        edit(files, "round 1")
        assert ix.sync([corpus]).updated == 120
        assert first not in ix.engine.ix._segments()
        assert stored_and_live(ix) == (120, 120)


def test_editing_every_article_again_and_again_keeps_the_index_near_its_live_size(archive, tmp_path):
    corpus, files = archive
    index_dir = tmp_path / "index"
    with Index(index_dir) as ix:
        ix.sync([corpus])
        for round_ in range(5):
            edit(files, f"round {round_}")
            ix.sync([corpus])
            stored, live = stored_and_live(ix)
            assert live == 120 and stored <= 1.5 * live
        edit(files[:50], "a partial round")  # 50 of 120: more than a third of each segment
        ix.sync([corpus])
        stored, live = stored_and_live(ix)
        assert stored <= 1.5 * live
        kept = size(index_dir)
        ix.optimize()
        assert kept <= 1.6 * size(index_dir)


def test_a_segment_is_rewritten_once_more_than_a_third_of_it_is_deleted(archive, tmp_path, monkeypatch):
    monkeypatch.setenv("SEARCHKIT_WORKERS", "1")
    corpus, files = archive
    with Index(tmp_path / "index") as ix:
        ix.sync([corpus])
        (big,) = ix.engine.ix._segments()
        edit(files[:30], "a quarter")  # 30 of 120 deleted: kept as it is
        ix.sync([corpus])
        assert big in ix.engine.ix._segments()
        assert stored_and_live(ix) == (150, 120)
        edit(files[30:45], "a bit more")  # 45 of 120 deleted: rewritten with its 75 live articles
        ix.sync([corpus])
        assert big not in ix.engine.ix._segments()
        assert stored_and_live(ix) == (120, 120)
        assert ix.search("Updated", limit=200).total == 45 and ix.check([corpus]).in_sync


def test_deleted_articles_give_their_space_back_too(archive, tmp_path):
    corpus, files = archive
    with Index(tmp_path / "index") as ix:
        ix.sync([corpus])
        for path in files[:80]:
            path.unlink()
        assert ix.sync([corpus]).removed == 80
        stored, live = stored_and_live(ix)
        assert live == 40 and stored <= 1.5 * live  # 120 stored before
