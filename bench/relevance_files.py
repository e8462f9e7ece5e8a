"""A test collection as the files a user would index: a scraper's JSON-lines feed, or one file per article.

The relevance bench indexes these files with ``Index.sync``, the path every user's
articles take (reading, cleaning, derived headlines, people, analysis in worker
processes), rather than handing ``Article`` objects to ``Index.add_many``.

- ``jsonl``: one ``docs.jsonl`` whose records hold ``id``, ``body`` and ``date``, plus
  ``title`` only when the collection has titles (TIME and NPL have none: a scraper
  exporting them writes no title key, and searchkit derives one for display).
- ``txt``: one ``<id>.txt`` per document, the title (when there is one) on the first
  line, a blank line, then the text (how the BBC corpus and most plain-text dumps look).

A document with neither title nor text (two in Cranfield) is not written: searchkit
refuses an empty article, and no query can find one anyway.
"""

from __future__ import annotations

import json
from pathlib import Path

from relevance_data import Collection, Doc

LAYOUTS = ("jsonl", "txt")


def write_jsonl(collection: Collection, folder: Path) -> Path:
    """``folder/docs.jsonl``: one record per document, with only the keys the collection has."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "docs.jsonl", "w", encoding="utf-8") as handle:
        for doc in _written(collection):
            record: dict[str, str] = {"id": doc.id}
            if doc.headline:
                record["title"] = doc.headline
            record["body"] = doc.body
            if doc.date is not None:
                record["date"] = doc.date.date().isoformat()
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return folder


def write_txt(collection: Collection, folder: Path) -> Path:
    """``folder/<id>.txt`` for each document: title line and blank line when titled, then the text."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc in _written(collection):
        text = f"{doc.headline}\n\n{doc.body}\n" if doc.headline else f"{doc.body}\n"
        (folder / f"{doc.id}.txt").write_text(text, encoding="utf-8")
    return folder


def _written(collection: Collection) -> list[Doc]:
    return [doc for doc in collection.docs if doc.headline.strip() or doc.body.strip()]


def write_files(collection: Collection, folder: Path, layout: str) -> Path:
    """The collection written in ``layout`` under ``folder``; returns the folder to sync."""
    writers = {"jsonl": write_jsonl, "txt": write_txt}
    if layout not in writers:
        raise ValueError(f"unknown layout {layout!r} (known: {', '.join(LAYOUTS)})")
    return writers[layout](collection, folder)
