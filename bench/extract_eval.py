"""Benchmark searchkit's HTML extractor on public extraction test sets.

* Zyte article-extraction benchmark: body token-shingle precision / recall / F1,
  computed exactly as that benchmark defines it (see its README).
* Mozilla readability test pages: headline exact-match rate and author-found rate,
  over all pages and over news-like pages (pages declaring an Article/NewsArticle
  type in JSON-LD / microdata or ``og:type=article``).

Usage::

    python bench/extract_eval.py [--zyte PATH] [--readability PATH] [--anchor] [--limit N]

The data is read from ../shared/data by default and never copied into the repo.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searchkit.errors import SourceError  # noqa: E402
from searchkit.ingest.html.extract import extract_html  # noqa: E402
from searchkit.ingest.html.fields import parse_date  # noqa: E402

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of n-token shingles; a text shorter than n tokens is one shingle."""
    tokens = _TOKEN_RE.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """Normalised TP/FP/FN of one page (they sum to 1 so every page weighs the same)."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if not total:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def prf(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Zyte's macro precision/recall (per-page ratios averaged) and F1 of the means."""
    def ratio(tp: float, other: float) -> float | None:
        if tp + other == 0:
            return None
        return tp / (tp + other)

    precs, recs = [], []
    for tp, fp, fn in counts:
        if fp == 0 and fn == 0:
            precs.append(1.0)
            recs.append(1.0)
            continue
        p, r = ratio(tp, fp), ratio(tp, fn)
        if p is not None:
            precs.append(p)
        if r is not None:
            recs.append(r)
    precision = sum(precs) / len(precs) if precs else 0.0
    recall = sum(recs) / len(recs) if recs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _extract_body(html: bytes, url: str, stats: dict[str, int]) -> str:
    try:
        page = extract_html(html, url=url)
        if page.not_article:
            stats["non_articles"] += 1
            print(f"  judged not an article: {url}: {page.not_article}")
        return page.body
    except SourceError:
        stats["source_errors"] += 1
        return ""
    except Exception as exc:  # noqa: BLE001 - the bench counts every crash
        stats["exceptions"] += 1
        print(f"  EXCEPTION {url}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return ""


def eval_zyte(root: Path, anchor: bool, limit: int, stats: dict[str, int]) -> None:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    pages = [(i, gzip.decompress((root / "html" / f"{i}.html.gz").read_bytes())) for i in ids]
    counts, worst = [], []
    start, cpu = time.perf_counter(), time.process_time()
    for page_id, html in pages:
        pred = _extract_body(html, truth[page_id].get("url", page_id), stats)
        c = page_counts(truth[page_id]["articleBody"], pred)
        counts.append(c)
        worst.append((c[0], page_id))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    stats["pages"] += len(pages)
    stats["seconds_x1000"] += int(elapsed * 1000)
    stats["cpu_x1000"] += int(cpu * 1000)
    p, r, f = prf(counts)
    print(f"Zyte benchmark: {len(pages)} pages, {len(pages) / elapsed:.1f} pages/s "
          f"({len(pages) / cpu:.1f} per CPU-second)")
    print(f"  searchkit    F1 {f:.3f}  precision {p:.3f}  recall {r:.3f}")
    if anchor:
        _anchor(pages, truth)
    if "-v" in sys.argv:
        for score, page_id in sorted(worst)[:15]:
            print(f"    low: {score:.2f} {page_id[:12]} {truth[page_id].get('url', '')[:90]}")


def _anchor(pages: list[tuple[str, bytes]], truth: dict) -> None:
    """trafilatura's F1 on the same pages, if it is installed (bench-only anchor)."""
    try:
        import trafilatura
    except ImportError:
        print("  trafilatura not importable: anchor skipped")
        return
    counts = []
    start = time.perf_counter()
    for page_id, html in pages:
        try:
            pred = trafilatura.extract(html.decode("utf-8", "replace")) or ""
        except Exception:  # noqa: BLE001
            pred = ""
        counts.append(page_counts(truth[page_id]["articleBody"], pred))
    elapsed = time.perf_counter() - start
    p, r, f = prf(counts)
    version = getattr(trafilatura, "__version__", "?")
    print(f"  trafilatura {version} F1 {f:.3f}  precision {p:.3f}  recall {r:.3f}"
          f"  ({len(pages) / elapsed:.1f} pages/s)")


def _norm_title(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "")
    text = re.sub(r"[\u2018\u2019\u201a\u201b\u2032`´]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u201f\u2033«»]", '"', text)
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


_SITE_TAIL_RE = re.compile(r"^\s*(?:[|\-:·•»~]|::)\s*\S.{0,40}$|^\s*\[[^\]]{1,40}\]$")
_NEWSY_RE = re.compile(
    r'"@type"\s*:\s*\[?\s*"(?:News|Reportage|Analysis|Opinion)?Article"|'
    r'itemtype="https?://schema\.org/(?:News)?Article"|'
    r'property="og:type"\s+content="article"|content="article"\s+property="og:type"',
    re.IGNORECASE)


def eval_readability(root: Path, limit: int, stats: dict[str, int]) -> None:
    dirs = sorted(p for p in (root / "pages").iterdir() if (p / "source.html").exists())
    if limit:
        dirs = dirs[:limit]
    items = [(d, (d / "source.html").read_bytes(),
              json.loads((d / "expected-metadata.json").read_text(encoding="utf-8")))
             for d in dirs]
    newsy_pages = {d.name for d, html, _ in items
                   if _NEWSY_RE.search(html.decode("utf-8", "replace"))}
    rows = []
    start, cpu = time.perf_counter(), time.process_time()
    for d, html, expected in items:
        try:
            page = extract_html(html, url=d.name)
            headline, authors, date = page.headline, page.authors, page.date
            if page.not_article:
                stats["non_articles"] += 1
                print(f"  judged not an article: {d.name}: {page.not_article}")
        except SourceError:
            stats["source_errors"] += 1
            headline, authors, date = "", [], None
        except Exception as exc:  # noqa: BLE001
            stats["exceptions"] += 1
            print(f"  EXCEPTION {d.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            headline, authors, date = "", [], None
        want = _norm_title(expected.get("title") or "")
        title_ok = _norm_title(headline) == want
        # Readability keeps " | Site" suffixes that searchkit removes on purpose.
        rest = want[len(_norm_title(headline)):] if headline else ""
        title_site = title_ok or bool(want.startswith(_norm_title(headline)) and headline
                                      and _SITE_TAIL_RE.match(rest))
        byline = _norm_title(expected.get("byline") or "").lower()
        author_ok = author_right = None
        if byline:
            named = [bool(a) and (_norm_title(a).lower() in byline
                                  or byline in _norm_title(a).lower()) for a in authors]
            author_ok = any(named)
            # Found and right: at least one author, and every author given is in the byline.
            author_right = bool(named) and all(named)
        want_date = parse_date(expected.get("publishedTime") or "")
        date_ok = None if want_date is None else (
            date is not None and abs((date - want_date).total_seconds()) < 60)
        newsy = d.name in newsy_pages
        rows.append((d.name, title_ok, author_ok, newsy, headline, expected.get("title"),
                     title_site, date_ok, author_right, authors, expected.get("byline")))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    stats["pages"] += len(dirs)
    stats["seconds_x1000"] += int(elapsed * 1000)
    stats["cpu_x1000"] += int(cpu * 1000)
    print(f"Readability test pages: {len(dirs)} pages, {len(dirs) / elapsed:.1f} pages/s "
          f"({len(dirs) / cpu:.1f} per CPU-second)")
    for label, subset in (("all", rows), ("news-like", [r for r in rows if r[3]])):
        if not subset:
            continue
        titles = sum(r[1] for r in subset) / len(subset)
        titles_site = sum(r[6] for r in subset) / len(subset)
        with_byline = [r for r in subset if r[2] is not None]
        found = sum(bool(r[2]) for r in with_byline) / len(with_byline) if with_byline else 0.0
        right = sum(bool(r[8]) for r in with_byline) / len(with_byline) if with_byline else 0.0
        with_date = [r for r in subset if r[7] is not None]
        dated = sum(bool(r[7]) for r in with_date) / len(with_date) if with_date else 0.0
        print(f"  {label:9s} ({len(subset):3d} pages): headline exact {titles:.3f} "
              f"(exact but for a site suffix {titles_site:.3f})   "
              f"author found {found:.3f}, found and right {right:.3f} "
              f"({len(with_byline)} with byline)   "
              f"date equal {dated:.3f} ({len(with_date)} dated)")
    if "-v" in sys.argv:
        for name, ok, _a, _n, got, want, _s, _d, right, authors, byline in rows:
            if not ok:
                print(f"    title miss {name}: got {got!r} want {want!r}")
            if right is False:
                print(f"    author miss {name}: got {authors!r} byline {byline!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--zyte", type=Path,
                    default=REPO.parent / "shared/data/article_extraction_benchmark")
    ap.add_argument("--readability", type=Path,
                    default=REPO.parent / "shared/data/readability_test_pages")
    ap.add_argument("--anchor", action="store_true", help="also score trafilatura if installed")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages of each set")
    ap.add_argument("-v", action="store_true", help="list the weakest pages")
    args = ap.parse_args(argv)
    stats = {"pages": 0, "seconds_x1000": 0, "cpu_x1000": 0, "exceptions": 0,
             "source_errors": 0, "non_articles": 0}
    eval_zyte(args.zyte, args.anchor, args.limit, stats)
    eval_readability(args.readability, args.limit, stats)
    seconds = stats["seconds_x1000"] / 1000 or 1e-9
    cpu = stats["cpu_x1000"] / 1000 or 1e-9
    print(f"Overall: {stats['pages']} pages, {stats['pages'] / seconds:.1f} pages/s single "
          f"process ({stats['pages'] / cpu:.1f} per CPU-second), exceptions "
          f"{stats['exceptions']}, SourceErrors {stats['source_errors']}, "
          f"judged not an article {stats['non_articles']}")
    return 1 if stats["exceptions"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
