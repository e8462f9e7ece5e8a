"""Shared code for the speed benchmarks: the corpus, raw-Whoosh baselines, timing helpers.

The speed scripts (prepare, index_speed, query_speed, cold_start, resync, scale)
all need the same corpus, the same extracted texts and the same raw-Whoosh
comparison, so that their figures and ratios are comparable; it lives here once.

Run as a script it is the raw-Whoosh worker (``raw-index``), so the baseline is
timed in a fresh process like ``searchkit index``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: The shared data sets (SEARCHKIT_BENCH_DATA overrides the folder beside the repository).
DATA = Path(os.environ.get("SEARCHKIT_BENCH_DATA") or REPO.parent / "shared" / "data")
OUT = REPO / "bench" / "out"
VENV_BIN = Path(sys.executable).parent
SEARCHKIT = str(VENV_BIN / "searchkit")
PYTHON = sys.executable

#: Articles per Reuters JSONL file (a daily feed dump of a wire service is about this size).
JSONL_CHUNK = 1000
BBC_SECTIONS = ("business", "entertainment", "politics", "sport", "tech")

# -- the source data ---------------------------------------------------------

_STORY = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAGS = re.compile(r"<[^>]+>")


def _tag(text: str, name: str) -> str:
    match = re.search(rf"<{name}\b[^>]*>(.*?)</{name}>", text, re.S)
    return match.group(1) if match else ""


def _clean_sgml(text: str) -> str:
    """Decode entities (``&lt;``, ``&#3;``) and drop the control characters they give."""
    return _CONTROL.sub("", html.unescape(text))


def _reuters_body(raw: str) -> str:
    """Wire text: indented lines start paragraphs, others are hard wraps; the sign-off goes."""
    paragraphs: list[list[str]] = []
    for line in _clean_sgml(raw).split("\n"):
        if not line.strip():
            continue
        if line[:1].isspace() or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    texts = [" ".join(p) for p in paragraphs]
    if texts and texts[-1].rstrip(".").lower() in ("reuter", "reuters"):
        texts.pop()
    elif texts and texts[-1].endswith((" Reuter", " REUTER")):
        texts[-1] = texts[-1].rsplit(" ", 1)[0]
    return "\n\n".join(texts)


def _reuters_date(raw: str) -> str:
    text = raw.strip().split(".")[0]
    try:
        return datetime.strptime(text, "%d-%b-%Y %H:%M:%S").isoformat()
    except ValueError:
        return ""


def reuters_records(root: Path) -> Iterator[dict]:
    """Reuters-21578 stories as JSONL records (stories with neither title nor text are left out)."""
    for sgm in sorted(root.glob("*.sgm")):
        text = sgm.read_bytes().decode("latin-1")
        for attrs, story in _STORY.findall(text):
            newid = re.search(r'NEWID="(\d+)"', attrs)
            body_part = _tag(story, "TEXT")
            title = " ".join(_clean_sgml(_tag(body_part, "TITLE")).split())
            body_raw = _tag(body_part, "BODY")
            if not body_raw and 'TYPE="UNPROC"' in story:
                body_raw = _TAGS.sub("", body_part)
            body = _reuters_body(body_raw)
            if not title and not body:
                continue
            topics = re.findall(r"<D>(.*?)</D>", _tag(story, "TOPICS"))
            yield {
                "id": f"reuters-{newid.group(1) if newid else len(title)}",
                "headline": title,
                "date": _reuters_date(_tag(story, "DATE")),
                "section": topics[0] if topics else "reuters",
                "body": body,
            }


def bbc_files(root: Path) -> list[tuple[str, str, bytes]]:
    """BBC stories as (section, file name, raw bytes): copied verbatim so the text reader does its job."""
    out = []
    for section in BBC_SECTIONS:
        for path in sorted((root / section).glob("*.txt")):
            out.append((section, path.name, path.read_bytes()))
    return out


# -- replication ---------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z]{4,}")


class Replicator:
    """Makes replica k of a text distinct but realistic: swaps content words within frequency bands.

    About 60% of the word types (4+ letters) are permuted among words of similar
    corpus frequency, a fresh permutation per replica. Zipf's law, document
    lengths and case stay as in the originals, while shingles (so near-duplicate
    keys), term statistics per document and the names people extraction sees change.
    """

    BAND = 40
    SHARE = 60  # percent of word types swapped per replica

    def __init__(self, texts: Sequence[str]) -> None:
        counts = Counter(w.lower() for text in texts for w in _WORD.findall(text))
        self.ranked = [w for w, _ in counts.most_common()]
        self._maps: dict[int, dict[str, str]] = {}

    def mapping(self, k: int) -> dict[str, str]:
        if k not in self._maps:
            rng = random.Random(1000 + k)
            out: dict[str, str] = {}
            for start in range(0, len(self.ranked), self.BAND):
                band = [w for w in self.ranked[start : start + self.BAND]
                        if zlib.crc32(f"{k}:{w}".encode()) % 100 < self.SHARE]
                shuffled = band[:]
                rng.shuffle(shuffled)
                out.update(zip(band, shuffled, strict=True))
            self._maps[k] = out
        return self._maps[k]

    def apply(self, text: str, k: int) -> str:
        if k == 0:
            return text
        table = self.mapping(k)

        def swap(match: re.Match) -> str:
            word = match.group()
            new = table.get(word.lower())
            if new is None:
                return word
            if word.isupper():
                return new.upper()
            return new.capitalize() if word[0].isupper() else new

        return _WORD.sub(swap, text)


# -- the corpus ------------------------------------------------------------------


@dataclass
class CorpusInfo:
    """What ``build_corpus`` wrote: where, how many articles of each kind, how many files."""

    path: str
    articles: int
    reuters: int
    bbc: int
    files: int
    replicas: int
    seconds: float = 0.0
    sources: dict = field(default_factory=dict)


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def build_corpus(out: Path, *, size: int | None = None, replicate: int = 1, data: Path = DATA) -> CorpusInfo:
    """Write the corpus folder: Reuters as JSONL files of 1,000, BBC as .txt per section folder.

    Replica 0 is the originals; replica k (k >= 1) lives in ``r{k:02d}/`` sub-folders with
    ids suffixed ``-r{k}``, dates moved k x 400 days later and words swapped (see Replicator).
    ``size`` caps the total (the last replica is cut proportionally).
    """
    started = time.perf_counter()
    reuters = list(reuters_records(data / "reuters21578"))
    bbc = bbc_files(data / "bbc_news" / "bbc")
    per_replica = len(reuters) + len(bbc)
    if size is not None:
        replicate = max(1, -(-size // per_replica))
    total = size if size is not None else per_replica * replicate
    replicator = Replicator([r["headline"] + "\n" + r["body"] for r in reuters]
                            + [_decode(b)[0] for _, _, b in bbc]) if replicate > 1 else None
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    written_r = written_b = files = 0
    for k in range(replicate):
        left = total - written_r - written_b
        share = min(1.0, left / per_replica)
        n_r = len(reuters) if share >= 1 else round(len(reuters) * share)
        n_b = min(len(bbc), left - n_r) if share < 1 else len(bbc)
        sub = f"r{k:02d}" if k else ""
        folder = out / "reuters" / sub
        folder.mkdir(parents=True, exist_ok=True)
        for start in range(0, n_r, JSONL_CHUNK):
            with (folder / f"reuters-{start // JSONL_CHUNK:03d}.jsonl").open("w", encoding="utf-8") as handle:
                for record in reuters[start : min(n_r, start + JSONL_CHUNK)]:
                    handle.write(json.dumps(_replica_record(record, k, replicator), ensure_ascii=False) + "\n")
            files += 1
        for section, name, raw in (bbc[int(i * len(bbc) / n_b)] for i in range(n_b)):  # all sections
            target = out / section / sub / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if k == 0:
                target.write_bytes(raw)
            else:
                text, encoding = _decode(raw)
                assert replicator is not None
                target.write_bytes(replicator.apply(text, k).encode(encoding, "replace"))
            files += 1
        written_r += n_r
        written_b += n_b
        if written_r + written_b >= total:
            break
    info = CorpusInfo(str(out), written_r + written_b, written_r, written_b, files, replicate,
                      time.perf_counter() - started)
    (out.parent / f"{out.name}.info.json").write_text(json.dumps(asdict(info), indent=1))
    return info


def _replica_record(record: dict, k: int, replicator: Replicator | None) -> dict:
    if k == 0 or replicator is None:
        return record
    date = record["date"]
    if date:
        date = (datetime.fromisoformat(date) + timedelta(days=400 * k)).isoformat()
    return {
        "id": f"{record['id']}-r{k}",
        "headline": replicator.apply(record["headline"], k),
        "date": date,
        "section": record["section"],
        "body": replicator.apply(record["body"], k),
    }


def corpus_path(size: int | None) -> Path:
    """Where the corpus of a size lives (None: the 23,803 originals)."""
    return OUT / ("corpus-1x" if size is None else f"corpus-{size}")


def ensure_corpus(size: int | None = None, path: Path | None = None) -> Path:
    """The corpus folder, built first when it is missing."""
    path = path or corpus_path(size)
    if not (path.parent / f"{path.name}.info.json").exists():
        info = build_corpus(path, size=size)
        print(f"# built {path}: {info.articles} articles in {info.seconds:.1f} s", file=sys.stderr)
    return path


def corpus_info(path: Path) -> dict:
    info = path.parent / f"{path.name}.info.json"
    return json.loads(info.read_text()) if info.exists() else {}


# -- extracted texts (what raw Whoosh indexes) ---------------------------------


def extract_texts(corpus: Path, out: Path) -> int:
    """Read the corpus with searchkit's own readers (untimed) and save id/headline/body as JSONL."""
    from searchkit.ingest.reading import read_file
    from searchkit.ingest.sources import discover

    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for source in discover([corpus]).files:
            result = read_file(Path(source.path), article_id=source.article_id, section=source.section,
                               display_path=source.display)
            for article in result.articles:
                handle.write(json.dumps({"id": article.id, "headline": article.headline, "body": article.body},
                                        ensure_ascii=False) + "\n")
                count += 1
    return count


def ensure_texts(corpus: Path) -> Path:
    path = corpus.parent / f"{corpus.name}.texts.jsonl"
    if not path.exists():  # written under a temporary name: an interrupted run leaves no half file
        partial = path.with_suffix(".partial")
        extract_texts(corpus, partial)
        partial.rename(path)
    return path


def raw_schema():
    """The plain baseline schema: stemmed TEXT headline/body, ID id (body stored for highlights)."""
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    return Schema(
        id=ID(stored=True, unique=True),
        headline=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        body=TEXT(analyzer=StemmingAnalyzer(), stored=True),
    )


def raw_index(texts: Path, index_dir: Path) -> tuple[float, float]:
    """Index the extracted texts with one plain Whoosh writer; returns (wall, CPU) seconds (load untimed)."""
    from whoosh import index

    docs = [json.loads(line) for line in texts.open(encoding="utf-8")]
    if index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True)
    started, cpu = time.perf_counter(), time.process_time()
    ix = index.create_in(str(index_dir), raw_schema())
    writer = ix.writer()
    for doc in docs:
        writer.add_document(id=doc["id"], headline=doc["headline"], body=doc["body"])
    writer.commit()
    return time.perf_counter() - started, time.process_time() - cpu


# -- running and measuring processes ---------------------------------------------


@dataclass
class Run:
    """One measured child process: wall seconds, peak RSS (MiB) of its tree, exit code, output, and CPU
    seconds (user + system): on a shared, loaded machine CPU time is the steadier figure for ratios."""

    seconds: float
    max_rss_mib: float
    returncode: int
    stdout: str = ""
    stderr: str = ""
    cpu_seconds: float = 0.0
    tree_mib: float = 0.0  # peak of the summed PSS of the process and its descendants (when sampled)


def run_measured(cmd: Sequence[str], *, cwd: Path | None = None, env: dict | None = None,
                 tree: bool = False) -> Run:
    """Run a command; wall time, ``ru_maxrss`` of its largest process (wait4 gives it per child and its
    waited-for descendants, not mixed with earlier children) and, with ``tree``, the peak memory of
    its whole process tree.

    ``ru_maxrss`` is one process's peak: with worker processes the tree's memory is their sum, so
    the tree's proportional set size (PSS: shared pages split between the processes sharing them,
    so forked copies are not counted twice) is summed every half second and its peak kept. Only
    on request: reading a process's memory map slows its own allocations (it holds the map's
    lock), so a baseline measured beside it would be slowed too.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=err)
        peak = [0.0]
        done = threading.Event()
        sampler = threading.Thread(target=_sample_tree, args=(proc.pid, done, peak), daemon=True) if tree else None
        if sampler is not None:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        if sampler is not None:
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, usage.ru_maxrss / 1024, proc.returncode,
                   out.read().decode(errors="replace"), err.read().decode(errors="replace"),
                   usage.ru_utime + usage.ru_stime, peak[0])


def _sample_tree(pid: int, done: threading.Event, peak: list[float]) -> None:
    while not done.wait(0.5):
        peak[0] = max(peak[0], sum(_pss_kib(p) for p in _tree(pid)) / 1024)


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc; empty elsewhere)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children_max_rss_mib() -> float:
    """Peak RSS of the largest child waited for so far (RUSAGE_CHILDREN)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def searchkit_index(corpus: Path, index_dir: Path, *, fresh: bool = True) -> Run:
    """``searchkit index CORPUS --index DIR -q`` as a subprocess (a fresh index folder when ``fresh``)."""
    if fresh and index_dir.exists():
        shutil.rmtree(index_dir)
    run = run_measured([SEARCHKIT, "index", str(corpus), "--index", str(index_dir), "-q"], tree=True)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"searchkit index failed ({run.returncode}): {run.stderr[-2000:]}")
    return run


def raw_index_process(texts: Path, index_dir: Path) -> tuple[float, float, Run]:
    """Raw-Whoosh indexing in a fresh process: (timed wall seconds, timed CPU seconds, the whole process run)."""
    run = run_measured([PYTHON, __file__, "raw-index", str(texts), str(index_dir)])
    if run.returncode != 0:
        raise RuntimeError(f"raw index failed: {run.stderr[-2000:]}")
    figures = json.loads(run.stdout)
    return figures["seconds"], figures["cpu_seconds"], run


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p50, p95) of a sample."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def du_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


# -- queries ---------------------------------------------------------------------

_QWORD = re.compile(r"[A-Za-z]{3,}")


@dataclass(frozen=True)
class BenchQuery:
    """One benchmark query: the text, and a person filter (searchkit) or None."""

    text: str
    person: str | None = None
    kind: str = "words"


def make_queries(texts: Path, people: Sequence[str], n: int = 240, seed: int = 7) -> list[BenchQuery]:
    """Realistic queries from headline words: 1-3 words; ~20% with a person filter; ~15% a quoted phrase."""
    from whoosh.analysis import STOP_WORDS

    rng = random.Random(seed)
    headlines = []
    for line in texts.open(encoding="utf-8"):
        words = [w.lower() for w in _QWORD.findall(json.loads(line)["headline"])]
        words = [w for w in words if w not in STOP_WORDS]
        if len(words) >= 2:
            headlines.append(words)
    queries: list[BenchQuery] = []
    while len(queries) < n:
        words = rng.choice(headlines)
        roll = rng.random()
        if roll < 0.15:
            i = rng.randrange(len(words) - 1)
            queries.append(BenchQuery(f'"{words[i]} {words[i + 1]}"', None, "phrase"))
            continue
        chosen = rng.sample(words, min(len(words), rng.choice((1, 2, 2, 3))))
        if roll < 0.35 and people:
            queries.append(BenchQuery(chosen[0], rng.choice(people), "person"))
        else:
            queries.append(BenchQuery(" ".join(chosen), None, f"{len(chosen)} words"))
    return queries


def raw_search(searcher, parser, query: BenchQuery, limit: int = 10) -> int:
    """Raw Whoosh: parse (OR of words over headline+body), optional person phrase filter, top hits with
    ``highlights("body")``; returns the hit count."""
    from whoosh import query as wq

    parsed = parser.parse(query.text)
    restrict = None
    if query.person:
        words = [t.text for t in searcher.schema["body"].analyzer(query.person)]
        restrict = wq.Phrase("body", words) if len(words) > 1 else wq.Term("body", words[0]) if words else None
    results = searcher.search(parsed, limit=limit, filter=restrict, terms=True)
    for hit in results:
        hit.highlights("body")
    return len(results)


def raw_parser(schema):
    from whoosh.qparser import MultifieldParser, OrGroup

    return MultifieldParser(["headline", "body"], schema, group=OrGroup)


def main(argv: list[str] | None = None) -> None:
    """Worker entry point: ``speed_common.py raw-index TEXTS INDEX_DIR`` prints {"seconds": ...}."""
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    raw = sub.add_parser("raw-index")
    raw.add_argument("texts", type=Path)
    raw.add_argument("index_dir", type=Path)
    args = parser.parse_args(argv)
    if args.command == "raw-index":
        wall, cpu = raw_index(args.texts, args.index_dir)
        print(json.dumps({"seconds": wall, "cpu_seconds": cpu}))



# -- profiles ----------------------------------------------------------------------


def cumulative_report(stats, targets: Sequence[tuple[str, str, str]], total: float) -> str:
    """Cumulative seconds of chosen functions (label, file-path fragment, function name) in a pstats.Stats,
    so a profile reads as "stage: seconds, share" rather than a list of Whoosh internals."""
    lines = []
    for label, fragment, func in targets:
        seconds = sum(v[3] for k, v in stats.stats.items() if k[2] == func and fragment in k[0])
        calls = sum(v[1] for k, v in stats.stats.items() if k[2] == func and fragment in k[0])
        lines.append(f"  {label:44s} {seconds:8.2f} s  {100 * seconds / total:5.1f}%  ({calls} calls)")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
