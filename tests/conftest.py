"""Shared fixtures: the seed article, the project's fixture articles, fresh indexes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from searchkit import Index

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "world" / "000_e5306c6442d6f8c1.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLES = FIXTURES / "articles"

SEED_PEOPLE = [
    "Donald Trump", "Marco Rubio", "Vladimir Putin", "Volodymyr Zelensky", "Dmitry Peskov",
    "Micheál Martin", "Karoline Leavitt", "Mike Waltz", "Steve Witkoff", "Oleksandr Syrsky", "JD Vance",
]


@pytest.fixture(scope="session")
def _cache_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, _cache_folder):
    """No test sees the user's index location, colour preference, terminal size (pytest-xdist's
    workers set COLUMNS) or cache; bugs raise, not hide."""
    for name in ("SEARCHKIT_INDEX", "NO_COLOR", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SEARCHKIT_DEBUG", "1")
    monkeypatch.setenv("SEARCHKIT_CACHE_DIR", str(_cache_folder))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable corpus: the seed under world/ plus the fixture articles."""
    root = tmp_path / "corpus"
    (root / "world").mkdir(parents=True)
    shutil.copy(SEED, root / "world" / SEED.name)
    shutil.copytree(ARTICLES, root, dirs_exist_ok=True)
    return root


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    """A corpus holding only the seed article, as shipped in corpus/."""
    root = tmp_path / "corpus"
    (root / "world").mkdir(parents=True)
    shutil.copy(SEED, root / "world" / SEED.name)
    return root


@pytest.fixture
def ram_index():
    with Index.in_memory() as ix:
        yield ix


@pytest.fixture
def indexed(corpus: Path, ram_index: Index) -> Index:
    """An in-memory index synced with the whole fixture corpus."""
    report = ram_index.sync([corpus])
    assert report.failed == 0, report.failures
    return ram_index
