"""Loaders for the relevance bench's test collections (TIME and the classic SMART sets).

The texts stay in ``../shared/data`` (research licences): this module only reads them.
Every loader returns a ``Collection`` of documents split into headline and body, the
judged queries' texts, and graded qrels ``{qid: {doc_id: grade}}`` (grade 0 = judged
not relevant), so the bench treats all collections alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
CLASSIC = ("cran", "med", "cisi", "npl")
COLLECTIONS = ("time", *CLASSIC)
#: ``time-fixed``: TIME with its judgements renumbered (see ``TIME_SHIFT_FROM``).
EXTRA = ("time-fixed",)


@dataclass
class Doc:
    """One document of a test collection, split as searchkit would index it."""

    id: str
    headline: str
    body: str
    date: datetime | None = None

    @property
    def text(self) -> str:
        """Headline and body concatenated: what the plain BM25 baseline indexes."""
        return f"{self.headline}\n{self.body}" if self.headline else self.body


@dataclass
class Collection:
    """Documents, query texts and graded judgements of one test collection."""

    name: str
    docs: list[Doc]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def judged_queries(self) -> dict[str, str]:
        """Queries with at least one relevant document (the ones trec_eval averages over)."""
        return {q: t for q, t in self.queries.items() if any(g > 0 for g in self.qrels.get(q, {}).values())}


# -- TIME -------------------------------------------------------------------------


#: ``docs.jsonl`` lacks two of the original 425 stories (between doc_id 370 and 377) and
#: numbers the rest consecutively, so every judged id from 379 on names the story two
#: places further on: qrel 390 (Adoula expels Soviet diplomats) is doc_id 388 "CONGO
#: READING THE RUSSIANS' MAIL", not 390 (a Dundee by-election).  The dev qrels hold no
#: id between 371 and 378, so the shift is unambiguous.
TIME_SHIFT_FROM = 379
TIME_SHIFT = 2


def load_time(folder: Path, *, fix_qrels: bool = False) -> Collection:
    """TIME 1963: no reliable headline boundary in the upper-case text, so it all goes to the body.

    ``fix_qrels`` renumbers the judgements past the two missing stories (see
    ``TIME_SHIFT_FROM``); without it the shipped qrels are used as they are.

    The first words are a section label and a headline run into the first sentence
    ("RUSSIA THE WOLVES LIKE WOLVES IN WINTER, THE CIRCLE..."), with no delimiter a
    generic rule could find; guessing a split would put body words in the headline
    field and inflate them, so the honest choice is ``headline=""``.
    """
    docs = []
    with open(folder / "docs.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            docs.append(Doc(row["doc_id"], "", row["text"].strip(), _time_date(row.get("date", ""))))
    queries = {}
    for line in (folder / "queries.dev.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            qid, text = line.split("\t", 1)
            queries[qid] = text.strip()
    qrels = _read_trec_qrels(folder / "qrels.dev.trec")
    if fix_qrels:
        qrels = {
            q: {str(int(d) - TIME_SHIFT) if int(d) >= TIME_SHIFT_FROM else d: g for d, g in judged.items()}
            for q, judged in qrels.items()
        }
    return Collection("time-fixed" if fix_qrels else "time", docs, queries, qrels)


def _time_date(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, "%m/%d/%y").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def _read_trec_qrels(path: Path) -> dict[str, dict[str, int]]:
    """``qid iter doc_id grade`` lines (TIME and MED)."""
    qrels: dict[str, dict[str, int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 4:
            qrels.setdefault(parts[0], {})[parts[2]] = int(parts[3])
    return qrels


# -- SMART .I/.T/.W files ---------------------------------------------------------

_MARKER = re.compile(r"^\.([A-Z])(?:\s+(\S+))?\s*$")


def _smart_records(path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """(``.I`` id, {field letter: text}) for each record of a SMART file."""
    record_id: str | None = None
    fields: dict[str, list[str]] = {}
    current = ""
    with open(path, encoding="latin-1") as handle:
        for line in handle:
            match = _MARKER.match(line.rstrip("\n"))
            if match and match.group(1) == "I":
                if record_id is not None:
                    yield record_id, {k: " ".join(v).strip() for k, v in fields.items()}
                record_id, fields, current = match.group(2) or "", {}, ""
            elif match and match.group(2) is None:
                current = match.group(1)
                fields.setdefault(current, [])
            elif current:
                fields[current].append(line.strip())
    if record_id is not None:
        yield record_id, {k: " ".join(v).strip() for k, v in fields.items()}


def _smart_docs(path: Path) -> list[Doc]:
    """``.T`` title → headline, ``.W`` text → body (author and source fields are not searched)."""
    return [Doc(str(int(rid)), f.get("T", ""), f.get("W", "")) for rid, f in _smart_records(path)]


def load_cran(folder: Path) -> Collection:
    """Cranfield: graded qrels 1 (complete answer) … 4 (minimum interest), -1 not relevant.

    Grades become trec_eval gains 4, 3, 2, 1 (``5 - code``) and -1 becomes 0, so
    nDCG rewards the complete answers most and MAP counts codes 1–4 as relevant.
    Queries are numbered by position: ``cranqrel`` uses 1..225, not the ``.I`` labels.
    """
    queries = {str(n): f.get("W", "") for n, (_, f) in enumerate(_smart_records(folder / "cran.qry"), start=1)}
    qrels: dict[str, dict[str, int]] = {}
    for line in (folder / "cranqrel").read_text(encoding="latin-1").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            code = int(parts[2])
            qrels.setdefault(parts[0], {})[parts[1]] = 5 - code if 1 <= code <= 4 else 0
    return Collection("cran", _smart_docs(folder / "cran.all.1400"), queries, qrels)


def load_med(folder: Path) -> Collection:
    """MEDLINE: abstracts only (``.W``), TREC-style binary qrels."""
    queries = {str(int(rid)): f.get("W", "") for rid, f in _smart_records(folder / "MED.QRY")}
    return Collection("med", _smart_docs(folder / "MED.ALL"), queries, _read_trec_qrels(folder / "MED.REL"))


def load_cisi(folder: Path) -> Collection:
    """CISI: query text is ``.W`` (the ``.T``/``.A`` of some queries name a source paper).

    ``CISI.REL`` lines are ``qid doc_id 0 0.0``: every listed pair is relevant.
    """
    queries = {str(int(rid)): f.get("W", "") for rid, f in _smart_records(folder / "CISI.QRY")}
    qrels: dict[str, dict[str, int]] = {}
    for line in (folder / "CISI.REL").read_text(encoding="latin-1").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            qrels.setdefault(parts[0], {})[parts[1]] = 1
    return Collection("cisi", _smart_docs(folder / "CISI.ALL"), queries, qrels)


def _slash_records(path: Path) -> Iterator[tuple[str, str]]:
    """NPL's format: an id line, text lines, then a line holding ``/``."""
    lines: list[str] = []
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.strip() == "/":
            if lines:
                yield lines[0].strip(), " ".join(s.strip() for s in lines[1:]).strip()
            lines = []
        elif line.strip() or lines:
            lines.append(line)
    if lines:
        yield lines[0].strip(), " ".join(s.strip() for s in lines[1:]).strip()


def load_npl(folder: Path) -> Collection:
    """NPL: short abstracts without titles; ``rlv-ass`` lists each query's relevant ids."""
    docs = [Doc(rid, "", text) for rid, text in _slash_records(folder / "doc-text")]
    queries = dict(_slash_records(folder / "query-text"))
    qrels = {qid: {d: 1 for d in text.split()} for qid, text in _slash_records(folder / "rlv-ass")}
    return Collection("npl", docs, queries, qrels)


def load(name: str, data: Path = DEFAULT_DATA) -> Collection:
    """The named collection, read from ``data`` (``time`` or ``classic_ir/<name>``)."""
    if name in ("time", "time-fixed"):
        return load_time(data / "time", fix_qrels=name == "time-fixed")
    loaders = {"cran": load_cran, "med": load_med, "cisi": load_cisi, "npl": load_npl}
    if name not in loaders:
        raise ValueError(f"unknown collection {name!r} (known: {', '.join(COLLECTIONS + EXTRA)})")
    return loaders[name](data / "classic_ir" / name)
