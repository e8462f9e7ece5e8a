"""Indexing speed: ``searchkit index`` from scratch vs raw Whoosh on the same extracted texts.

Per run, in fresh processes: ``searchkit index CORPUS --index DIR -q`` into an empty
folder (wall time, peak RSS of the process tree), then raw Whoosh indexing the
texts searchkit's readers extracted (extraction untimed; plain schema: stemmed
TEXT headline/body, ID id, one writer). Prints medians and the ratio.

``--profile`` instead runs one in-process sync under cProfile and prints where the
time goes (reading/cleaning, people, duplicate keys, Whoosh analysis/writing, commit).

Usage::

    python bench/index_speed.py --runs 3
    python bench/index_speed.py --profile --profile-limit 6000
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed_common import (  # noqa: E402
    OUT,
    corpus_info,
    cumulative_report,
    du_mib,
    ensure_corpus,
    ensure_texts,
    median,
    raw_index_process,
    searchkit_index,
)


def work_dir(corpus: Path) -> Path:
    """Where the indexes built from a corpus are kept (query and cold-start benches reuse them)."""
    return OUT / f"work-{corpus.name}"


def measure_index(corpus: Path, runs: int = 3, verbose: bool = True, work: Path | None = None) -> dict:
    """Median wall time / peak RSS of searchkit and raw-Whoosh indexing over ``runs`` runs."""
    work = work or work_dir(corpus)
    work.mkdir(parents=True, exist_ok=True)
    texts = ensure_texts(corpus)
    sk_times, sk_cpu, sk_rss, sk_tree, raw_times, raw_cpu, raw_rss = [], [], [], [], [], [], []
    for run in range(1, runs + 1):
        sk = searchkit_index(corpus, work / "sk-index")
        raw_seconds, raw_cpu_seconds, raw = raw_index_process(texts, work / "raw-index")
        sk_times.append(sk.seconds)
        sk_cpu.append(sk.cpu_seconds)
        sk_rss.append(sk.max_rss_mib)
        sk_tree.append(sk.tree_mib)
        raw_times.append(raw_seconds)
        raw_cpu.append(raw_cpu_seconds)
        raw_rss.append(raw.max_rss_mib)
        if verbose:
            print(f"  run {run}: searchkit {sk.seconds:.1f} s wall / {sk.cpu_seconds:.1f} s CPU "
                  f"({sk.max_rss_mib:.0f} MiB largest process, {sk.tree_mib:.0f} MiB all), "
                  f"raw whoosh {raw_seconds:.1f} s wall / {raw_cpu_seconds:.1f} s CPU "
                  f"({raw.max_rss_mib:.0f} MiB), ratio wall {sk.seconds / raw_seconds:.2f} "
                  f"CPU {sk.cpu_seconds / raw_cpu_seconds:.2f}", file=sys.stderr, flush=True)
    sk_med, raw_med = median(sk_times), median(raw_times)
    articles = corpus_info(corpus).get("articles", 0)
    return {
        "corpus": str(corpus),
        "articles": articles,
        "runs": runs,
        "searchkit_seconds": sk_times,
        "raw_seconds": raw_times,
        "searchkit_median_s": round(sk_med, 2),
        "raw_median_s": round(raw_med, 2),
        "ratio_median": round(sk_med / raw_med, 2),
        "ratios_per_run": [round(a / b, 2) for a, b in zip(sk_times, raw_times, strict=True)],
        "searchkit_cpu_median_s": round(median(sk_cpu), 2),
        "raw_cpu_median_s": round(median(raw_cpu), 2),
        "cpu_ratio_median": round(median(sk_cpu) / median(raw_cpu), 2),
        "cpu_ratios_per_run": [round(a / b, 2) for a, b in zip(sk_cpu, raw_cpu, strict=True)],
        "searchkit_articles_per_s": round(articles / sk_med, 1) if articles else None,
        "searchkit_peak_rss_mib": round(max(sk_rss)),
        "searchkit_peak_tree_mib": round(max(sk_tree)),
        "raw_peak_rss_mib": round(max(raw_rss)),
        "searchkit_index_mib": round(du_mib(work / "sk-index"), 1),
        "raw_index_mib": round(du_mib(work / "raw-index"), 1),
    }


#: Profile buckets: a function belongs to the first bucket whose pattern its file path contains.
BUCKETS = (
    ("people extraction", ("searchkit/people",)),
    ("duplicate key", ("searchkit/fingerprint",)),
    ("reading + cleaning", ("searchkit/reading", "searchkit/textclean", "searchkit/encoding", "searchkit/dates",
                            "charset_normalizer", "dateutil", "json/")),
    ("whoosh analysis", ("whoosh/analysis",)),
    ("whoosh spelling/writing", ("whoosh/writing", "whoosh/codec", "whoosh/filedb", "whoosh/util",
                                 "whoosh/fields", "whoosh/columns", "whoosh/support")),
)


#: The steps of a sync whose cumulative time the profile reports.
INDEX_STEPS = (
    ("discover (walk folders, stat files)", "searchkit/sources", "discover"),
    ("read_file (decode, parse, clean)", "searchkit/reading", "read_file"),
    ("  clean_plain_text", "searchkit/textclean", "clean_plain_text"),
    ("  decode_bytes (incl. charset detection)", "searchkit/encoding", "decode_bytes"),
    ("  parse_date", "searchkit/dates", "parse_date"),
    ("content_hash", "searchkit/documents", "content_hash"),
    ("people extraction", "searchkit/documents", "default_people_extractor"),
    ("to_fields", "searchkit/documents", "to_fields"),
    ("  duplicate_key (body shingles)", "searchkit/fingerprint", "duplicate_key"),
    ("whoosh update_document", "whoosh/writing", "update_document"),
    ("  delete_by_term (unique id check)", "whoosh/writing", "delete_by_term"),
    ("  add_document", "whoosh/writing", "add_document"),
    ("    field.index (analysis -> postings)", "whoosh/fields", "index"),
    ("    spellable_words (body analysed again)", "whoosh/fields", "spellable_words"),
    ("    formats.word_values (term counting, all fields)", "whoosh/formats", "word_values"),
    ("whoosh commit (flush pool, write segment)", "whoosh/writing", "commit"),
)


def profile_sync(corpus: Path, limit: int | None, top: int = 25) -> str:
    """cProfile one in-process sync (optionally of the first ``limit`` articles' files); a text report."""
    from searchkit import Index

    root = corpus
    if limit:
        root = Path(tempfile.mkdtemp(prefix="sk-prof-corpus-", dir=OUT))
        _subset(corpus, root, limit)
    index_dir = Path(tempfile.mkdtemp(prefix="sk-prof-index-", dir=OUT))
    profiler = cProfile.Profile()
    started = time.perf_counter()
    with Index(index_dir) as ix:
        profiler.enable()
        report = ix.sync([root])
        profiler.disable()
    wall = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    out = io.StringIO()
    out.write(f"profiled sync: {report.summary()} in {wall:.1f} s (under cProfile)\n")
    out.write(_bucket_report(stats))
    out.write("cumulative time of the pipeline's steps:\n")
    out.write(cumulative_report(stats, INDEX_STEPS, stats.total_tt))  # type: ignore[attr-defined]
    stats.stream = out
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    stats.dump_stats(str(OUT / "index.prof"))
    shutil.rmtree(index_dir, ignore_errors=True)
    if root != corpus:
        shutil.rmtree(root, ignore_errors=True)
    return out.getvalue()


def _bucket_report(stats: pstats.Stats) -> str:
    """Self time summed per bucket (people, reading, Whoosh analysis, Whoosh writing...)."""
    totals: dict[str, float] = {}
    grand = 0.0
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        grand += tottime
        name = next((b for b, pats in BUCKETS if any(p in filename for p in pats)), "other")
        totals[name] = totals.get(name, 0.0) + tottime
    # Commit/merge time, measured as the cumulative time of SegmentWriter.commit.
    commit = sum(v[3] for k, v in stats.stats.items()  # type: ignore[attr-defined]
                 if k[2] == "commit" and "whoosh/writing" in k[0])
    lines = [f"self time by stage (total {grand:.1f} s):"]
    for name, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {name:26s} {seconds:7.1f} s  {100 * seconds / grand:5.1f}%")
    lines.append(f"  (cumulative in whoosh commit: {commit:.1f} s)")
    return "\n".join(lines) + "\n"


def _variant_schema(changes: set[str]):
    """A builder of searchkit's schema with fields changed (for --experiment; searchkit itself is untouched)."""
    from whoosh.fields import KEYWORD, TEXT

    from searchkit.engine.whoosh.schema import build_schema

    def build():
        schema = build_schema()
        if "no-spelling" in changes:
            analyzer = schema["body"].analyzer
            schema.remove("body")
            schema.add("body", TEXT(analyzer=analyzer, stored=True))
        if "no-vectors" in changes:
            schema.remove("people_names")
            schema.add("people_names", KEYWORD(commas=True))
        return schema

    return build


#: Variants timed by --experiment: what one change to the indexing path would save.
VARIANTS = ("baseline", "no-spelling", "no-vectors", "no-people", "limitmb-512", "all-four", "baseline")


def experiment(corpus: Path, limit: int | None) -> str:
    """Time an in-process sync of a sample under schema/writer variants, to size each recommendation."""
    import functools
    from unittest import mock

    import searchkit.index.core as indexing
    from searchkit import Index

    root = corpus
    if limit:
        root = Path(tempfile.mkdtemp(prefix="sk-exp-corpus-", dir=OUT))
        _subset(corpus, root, limit)
    lines = []
    for variant in VARIANTS:
        index_dir = Path(tempfile.mkdtemp(prefix="sk-exp-index-", dir=OUT))
        changes = {"no-spelling", "no-vectors", "no-people", "limitmb-512"} if variant == "all-four" else {variant}
        kwargs = {"people_extractor": lambda article: []} if "no-people" in changes else {}
        with mock.patch.object(indexing, "build_schema", _variant_schema(changes)):
            started, cpu = time.perf_counter(), time.process_time()
            with Index(index_dir, **kwargs) as ix:
                if "limitmb-512" in changes:
                    ix.engine.ix.writer = functools.partial(ix.engine.ix.writer, limitmb=512)  # type: ignore[method-assign]
                report = ix.sync([root])
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        line = (f"  {variant:12s} {seconds:7.1f} s wall {cpu:7.1f} s CPU  index {du_mib(index_dir):6.1f} MiB  "
                f"({report.summary()})")
        print(line, file=sys.stderr, flush=True)
        lines.append(line)
        shutil.rmtree(index_dir, ignore_errors=True)
    if root != corpus:
        shutil.rmtree(root, ignore_errors=True)
    return "in-process sync of the sample under variants:\n" + "\n".join(lines)


def _subset(corpus: Path, out: Path, limit: int) -> None:
    """A mixed sample of the corpus: whole JSONL files and .txt files, about ``limit`` articles."""
    jsonl = sorted(corpus.rglob("*.jsonl"))
    txt = sorted(corpus.rglob("*.txt"))
    share_txt = len(txt) / max(1, len(txt) + 1000 * len(jsonl))
    n_txt = int(limit * share_txt)
    for path in jsonl[: max(1, (limit - n_txt) // 1000)]:
        target = out / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    for path in txt[:: max(1, len(txt) // max(1, n_txt))][:n_txt]:
        target = out / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def main(argv: list[str] | None = None) -> None:
    """Parse options; measure (default) or profile."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="corpus folder (default: bench/out/corpus-1x, built if missing)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="folder for sk-index and raw-index (default: bench/out/work-CORPUS)")
    parser.add_argument("--profile", action="store_true", help="cProfile one in-process sync instead")
    parser.add_argument("--profile-limit", type=int, help="profile a sample of about this many articles")
    parser.add_argument("--experiment", action="store_true",
                        help="time a sample's sync under variants (no spelling field, no vectors, no people, "
                             "bigger writer pool)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    corpus = ensure_corpus(path=args.corpus) if args.corpus else ensure_corpus()
    if args.profile:
        print(profile_sync(corpus, args.profile_limit))
        return
    if args.experiment:
        print(experiment(corpus, args.profile_limit))
        return
    figures = measure_index(corpus, args.runs, work=args.work)
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    print(f"corpus {figures['corpus']}: {figures['articles']} articles, median of {figures['runs']} runs")
    print(f"searchkit index: {figures['searchkit_median_s']:.1f} s "
          f"({figures['searchkit_articles_per_s']} articles/s), peak RSS {figures['searchkit_peak_rss_mib']} MiB "
          f"(largest process; all processes {figures['searchkit_peak_tree_mib']} MiB), "
          f"index {figures['searchkit_index_mib']} MiB")
    print(f"raw whoosh:      {figures['raw_median_s']:.1f} s, peak RSS {figures['raw_peak_rss_mib']} MiB, "
          f"index {figures['raw_index_mib']} MiB")
    print(f"ratio searchkit/raw: {figures['ratio_median']:.2f} (per run: {figures['ratios_per_run']})")
    print(f"CPU seconds: searchkit {figures['searchkit_cpu_median_s']:.1f}, raw {figures['raw_cpu_median_s']:.1f}, "
          f"ratio {figures['cpu_ratio_median']:.2f} (per run: {figures['cpu_ratios_per_run']})")


if __name__ == "__main__":
    main()
