"""The language detector's model, unpacked once into the user's cache and mapped from there afterwards."""

from __future__ import annotations

import lzma
import os
import time

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from searchkit.analysis import langid_model

TEXTS = [
    "Der Bundestag hat am Donnerstag über den Haushalt beraten; die Opposition kritisierte die Regierung scharf.",
    "Le gouvernement a annoncé mardi une nouvelle réforme des retraites, contestée par les syndicats.",
    "The ceasefire in the Kursk region held overnight, officials in Moscow and Kyiv said on Monday.",
    "東京都は月曜日、新しい防災計画を発表した。",
    "gravitational torque on a satellite vehicle",
]


@pytest.fixture(scope="module")
def packaged() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def test_the_model_is_unpacked_once_and_then_read_without_decompressing(tmp_path, monkeypatch, packaged):
    monkeypatch.setenv("SEARCHKIT_CACHE_DIR", str(tmp_path / "cache"))
    first = langid_model.load_identifier(norm_probs=True)
    [folder] = (tmp_path / "cache").iterdir()
    assert (folder / "complete").exists() and {p.name for p in folder.glob("*.npy")} == {
        f"{name}.npy" for name in langid_model.ARRAYS}

    def no_decompressing(*args, **kwargs):
        raise AssertionError("the cached model was decompressed again")

    monkeypatch.setattr(lzma, "open", no_decompressing)
    second = langid_model.load_identifier(norm_probs=True)
    for text in TEXTS:
        assert first.classify(text) == second.classify(text) == packaged.classify(text)


def test_without_a_usable_cache_the_packaged_model_is_read(tmp_path, monkeypatch, packaged):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("SEARCHKIT_CACHE_DIR", str(blocked / "cache"))
    identifier = langid_model.load_identifier(norm_probs=True)
    assert [identifier.classify(text) for text in TEXTS] == [packaged.classify(text) for text in TEXTS]
    assert blocked.read_text() == "not a folder"


def test_what_a_killed_unpacking_left_is_removed_once_it_is_old(tmp_path, monkeypatch, packaged):
    monkeypatch.setenv("SEARCHKIT_CACHE_DIR", str(tmp_path))
    old, recent = tmp_path / ".langid-killed", tmp_path / ".langid-running"
    for folder in (old, recent):
        folder.mkdir()
        (folder / "nextmove.npy").write_bytes(b"half")
    an_hour_and_more = time.time() - langid_model.ABANDONED_AFTER - 60
    os.utime(old, (an_hour_and_more, an_hour_and_more))
    identifier = langid_model.load_identifier(norm_probs=True)
    assert identifier.classify(TEXTS[1]) == packaged.classify(TEXTS[1])
    assert not old.exists() and recent.exists()  # another process may be writing that one
