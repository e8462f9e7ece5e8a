"""`searchkit serve` under load: concurrent clients of mixed searches while a writer syncs changes.

The BBC News archive is copied and indexed, then served by `searchkit serve`. For
`--seconds`, `--clients` threads send mixed requests over keep-alive connections
(API searches with facets, filters, date order and paging; search pages; articles;
people), while a writer changes the archive every `--every` seconds and syncs it
with `searchkit index` in its own process: each sync adds a pair of "pairmark"
articles, now and then deletes an older pair, and edits a story. A client asking
for "pairmark" must see an even total (a commit is whole or not seen at all); any
other answer than 200, or an odd total, is an error. The baseline is one client
sending the same mix to the same server with no writer, measured first.

    python bench/web_load.py [--corpus ../shared/data/bbc_news/bbc] [--seconds 60] [--clients 16]
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from searchkit import Index

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["economy growth", "film award", "election labour", "mobile phone", "football cup", "oil prices",
           "music chart", "blair brown", "games console", "court ruling", "interest rates", "champions league",
           "broadband", "tax cuts", "box office", "iraq", "virus software", "olympic", "dollar", "tory campaign",
           '"prime minister"', "headline:election", "person:Blair", "econom*", "stock market NOT football"]
SECTIONS = ["business", "entertainment", "politics", "sport", "tech"]
PEOPLE = ["Tony Blair", "Gordon Brown", "Michael Howard", "Bill Gates", "Charles Kennedy"]


def mixed_request(rng: random.Random, ids: list[str]) -> tuple[str, str]:
    """(kind, path) of one request of the mix."""
    roll = rng.random()
    query = rng.choice(QUERIES)
    if roll < 0.15:
        return "pairmark", "/api/search?" + urlencode({"q": "pairmark", "limit": 1})
    if roll < 0.55:
        params = {"q": query, "limit": rng.choice([10, 20])}
        if rng.random() < 0.5:
            params["facets"] = "section,people,month"
        if rng.random() < 0.3:
            params["section"] = rng.choice(SECTIONS)
        if rng.random() < 0.2:
            params["sort"] = "date"
        if rng.random() < 0.2:
            params["page"] = 2
        return "api search", "/api/search?" + urlencode(params)
    if roll < 0.80:
        params = {"q": query}
        if rng.random() < 0.3:
            params["section"] = rng.choice(SECTIONS)
        return "search page", "/?" + urlencode(params)
    if roll < 0.90:
        return "article", rng.choice(["/article?", "/api/article?"]) + urlencode({"id": rng.choice(ids)})
    return "person", rng.choice(["/person?", "/api/person?"]) + urlencode({"name": rng.choice(PEOPLE)})


class Client(threading.Thread):
    def __init__(self, host: str, port: int, until: float, seed: int, ids: list[str]) -> None:
        super().__init__(daemon=True)
        self.host, self.port, self.until, self.ids = host, port, until, ids
        self.rng = random.Random(seed)
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()
        self.odd = 0

    def run(self) -> None:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        while time.monotonic() < self.until:
            kind, path = mixed_request(self.rng, self.ids)
            start = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                elapsed = time.perf_counter() - start
                if response.status != 200:
                    self.errors[f"{kind}: HTTP {response.status} {body[:120]!r}"] += 1
                    continue
                if kind == "pairmark":
                    self.odd += json.loads(body)["total"] % 2
                self.latency[kind].append(elapsed)
            except Exception as exc:  # any failure counts: that is what this bench measures
                self.errors[f"{kind}: {type(exc).__name__}: {exc}"] += 1
                connection.close()
                connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        connection.close()


def run_clients(url: str, clients: int, seconds: float, ids: list[str], seed: int) -> list[Client]:
    parts = urlsplit(url)
    until = time.monotonic() + seconds
    threads = [Client(parts.hostname, parts.port, until, seed + i, ids) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return threads


def write_pair(corpus: Path, n: int) -> None:
    """Two short, unlike articles (never folded as copies) that one sync adds together."""
    for half, topic in (("a", "harbour dredging budget"), ("b", "orchestra touring schedule")):
        path = corpus / "pairs" / f"pair-{n}-{half}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"Pair {n} {half}\n\nThe pairmark story {n} about the {topic}.\n", encoding="utf-8")


def writer(corpus: Path, index: Path, stop: threading.Event, every: float, log: list) -> None:
    stories = sorted(p for p in corpus.rglob("*.txt") if p.parent.name != "pairs")
    n = 1
    while not stop.is_set():
        started = time.monotonic()
        write_pair(corpus, n)
        if n % 3 == 0:
            for half in ("a", "b"):
                (corpus / "pairs" / f"pair-{n - 2}-{half}.txt").unlink()
        story = stories[n % len(stories)]
        story.write_text(story.read_text(encoding="utf-8", errors="replace") + f"\nEdited in sync {n}.\n",
                         encoding="utf-8")
        sync = subprocess.run([sys.executable, "-m", "searchkit", "index", str(corpus), "--index", str(index),
                               "-q", "--lock-timeout", "60"], capture_output=True, text=True)
        log.append((time.monotonic() - started, sync.returncode, sync.stderr.strip()))
        n += 1
        stop.wait(max(0.0, every - (time.monotonic() - started)))


def figures(threads: list[Client]) -> tuple[dict[str, list[float]], int, Counter, int]:
    latency: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    for thread in threads:
        for kind, values in thread.latency.items():
            latency[kind] += values
        errors.update(thread.errors)
    requests = sum(len(v) for v in latency.values()) + sum(errors.values())
    return latency, requests, errors, sum(t.odd for t in threads)


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1] if len(values) > 1 else \
        (values[0] if values else float("nan"))


def report(name: str, latency: dict[str, list[float]], requests: int, seconds: float) -> tuple[float, float]:
    every = [v for values in latency.values() for v in values]
    p50, p95 = percentile(every, 0.50), percentile(every, 0.95)
    print(f"{name}: {requests} requests in {seconds:g} s ({requests / seconds:.1f}/s); "
          f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, p99 {percentile(every, 0.99) * 1000:.0f} ms")
    for kind in sorted(latency):
        values = latency[kind]
        print(f"  {kind:12} {len(values):6} requests  p50 {percentile(values, 0.5) * 1000:6.0f} ms  "
              f"p95 {percentile(values, 0.95) * 1000:6.0f} ms")
    return p50, p95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "data" / "bbc_news" / "bbc")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--every", type=float, default=3.0, help="seconds between the writer's syncs")
    parser.add_argument("--baseline-seconds", type=float, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="searchkit-web-load-"))
    corpus, index = work / "corpus", work / "index"
    shutil.copytree(args.corpus, corpus)
    write_pair(corpus, 0)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "searchkit", "index", str(corpus), "--index", str(index), "-q"],
                   check=True)
    print(f"indexed {args.corpus} in {time.monotonic() - started:.1f} s")
    with Index.open(index) as ix:  # ids as the index gives them (the folder's label, then the path)
        ids = [article_id for article_id in sorted(ix.ids()) if "/pairs/" not in article_id][::7]
    server = subprocess.Popen([sys.executable, "-m", "searchkit", "serve", "--index", str(index), "--port", "0",
                               "--quiet"], stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        base = figures(run_clients(url, 1, args.baseline_seconds, ids, args.seed))
        base_p50, base_p95 = report("baseline, 1 client, no writer", base[0], base[1], args.baseline_seconds)
        stop, log = threading.Event(), []
        sync_thread = threading.Thread(target=writer, args=(corpus, index, stop, args.every, log))
        sync_thread.start()
        try:
            latency, requests, errors, odd = figures(run_clients(url, args.clients, args.seconds, ids,
                                                                 args.seed + 100))
        finally:
            stop.set()
            sync_thread.join()
        p50, p95 = report(f"{args.clients} clients + a writer", latency, requests, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=60)
    failed_syncs = [entry for entry in log if entry[1] != 0]
    print(f"writer: {len(log)} syncs (median {statistics.median(e[0] for e in log):.1f} s each), "
          f"{len(failed_syncs)} failed" + (f": {failed_syncs[0][2]}" if failed_syncs else ""))
    print(f"errors: {sum(errors.values()) + sum(base[2].values())}, answers from a half-applied commit: {odd}")
    for message, count in (errors + base[2]).most_common(5):
        print(f"  {count} x {message}")
    print(f"ratio to baseline: p50 x{p50 / base_p50:.1f}, p95 x{p95 / base_p95:.1f} "
          f"(16 clients share one index reader: requests queue)")
    check = subprocess.run([sys.executable, "-m", "searchkit", "check", str(corpus), "--index", str(index), "-q"],
                           capture_output=True, text=True)
    print(f"final index in sync with the files: {check.returncode == 0} ({check.stdout.strip()})")
    shutil.rmtree(work)
    ok = not errors and not base[2] and odd == 0 and not failed_syncs and check.returncode == 0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
