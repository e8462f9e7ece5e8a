"""Resync speed: ``searchkit index`` on an up-to-date index, and after adding 100 articles.

Uses the searchkit index that index_speed.py built from the corpus (built here
when missing). Cases, each a fresh ``searchkit index CORPUS --index DIR -q`` process:

- nothing changed (median of ``--runs``, >= 3): every file is stat-ed and skipped;
- 100 new articles as one new JSONL file (``reuters/zz-new-N.jsonl``);
- 100 new articles as a new folder of 100 BBC .txt files (``zz-new-N/``).

After each "new" run the added files are deleted and the index resynced (untimed), so
every run starts from the same state. Reports medians and peak RSS.

Usage::

    python bench/resync.py --runs 3
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from query_speed import ensure_indexes  # noqa: E402
from speed_common import SEARCHKIT, ensure_corpus, median, run_measured  # noqa: E402


def _sync(corpus: Path, index: Path):
    run = run_measured([SEARCHKIT, "index", str(corpus), "--index", str(index)])
    if run.returncode not in (0, 1):
        raise RuntimeError(f"searchkit index failed: {run.stderr}")
    return run


def _add_jsonl(corpus: Path, tag: str) -> Path:
    """100 Reuters records under new ids, as one new feed file."""
    source = sorted((corpus / "reuters").glob("reuters-*.jsonl"))[-1]
    target = corpus / "reuters" / f"zz-new-{tag}.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()[:100]
    with target.open("w", encoding="utf-8") as handle:
        for line in lines:
            record = json.loads(line)
            record["id"] = f"{record['id']}-new{tag}"
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target


def _add_folder(corpus: Path, tag: str) -> Path:
    """100 BBC stories copied into a new folder."""
    target = corpus / f"zz-new-{tag}"
    target.mkdir()
    sources = sorted(p for p in corpus.rglob("*.txt") if not p.parent.name.startswith("zz-new-"))[:100]
    for i, path in enumerate(sources):
        shutil.copyfile(path, target / f"{i:03d}.txt")
    return target


def measure_resync(corpus: Path, runs: int = 3, work: Path | None = None) -> dict:
    """Median seconds of the no-change resync and of the two 100-new cases."""
    sk_index, _, _ = ensure_indexes(corpus, work)
    first = _sync(corpus, sk_index)  # settles any leftovers from an earlier interrupted run
    unchanged = [_sync(corpus, sk_index) for _ in range(runs)]
    cases: dict[str, list] = {"jsonl": [], "folder": []}
    summaries: dict[str, str] = {}
    for run in range(runs):
        for case, add in (("jsonl", _add_jsonl), ("folder", _add_folder)):
            added = add(corpus, f"{case}{run}")
            measured = _sync(corpus, sk_index)
            cases[case].append(measured)
            summaries[case] = measured.stderr.strip().splitlines()[-1] if measured.stderr.strip() else ""
            if added.is_dir():
                shutil.rmtree(added)
            else:
                added.unlink()
            _sync(corpus, sk_index)
    return {
        "corpus": str(corpus),
        "runs": runs,
        "settle_s": round(first.seconds, 2),
        "unchanged_s": round(median([r.seconds for r in unchanged]), 3),
        "unchanged_cpu_s": round(median([r.cpu_seconds for r in unchanged]), 3),
        "new100_jsonl_cpu_s": round(median([r.cpu_seconds for r in cases["jsonl"]]), 3),
        "new100_folder_cpu_s": round(median([r.cpu_seconds for r in cases["folder"]]), 3),
        "unchanged_all_s": [round(r.seconds, 3) for r in unchanged],
        "unchanged_summary": unchanged[-1].stderr.strip().splitlines()[-1] if unchanged[-1].stderr.strip() else "",
        "new100_jsonl_s": round(median([r.seconds for r in cases["jsonl"]]), 3),
        "new100_folder_s": round(median([r.seconds for r in cases["folder"]]), 3),
        "new100_summaries": summaries,
        "peak_rss_mib": round(max(r.max_rss_mib for r in unchanged + cases["jsonl"] + cases["folder"])),
    }


def main(argv: list[str] | None = None) -> None:
    """Parse options, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="corpus folder (default: bench/out/corpus-1x)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="folder holding sk-index (default: index_speed's)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    corpus = ensure_corpus(path=args.corpus) if args.corpus else ensure_corpus()
    figures = measure_resync(corpus, args.runs, args.work)
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    print(f"resync of {figures['corpus']} (median of {figures['runs']} runs)")
    print(f"nothing changed:         {figures['unchanged_s']:.2f} s  {figures['unchanged_all_s']}  "
          f"[{figures['unchanged_summary']}]")
    print(f"100 new (one JSONL file): {figures['new100_jsonl_s']:.2f} s  [{figures['new100_summaries']['jsonl']}]")
    print(f"100 new (a .txt folder):  {figures['new100_folder_s']:.2f} s  [{figures['new100_summaries']['folder']}]")
    print(f"CPU seconds: nothing changed {figures['unchanged_cpu_s']:.2f}, 100 new JSONL "
          f"{figures['new100_jsonl_cpu_s']:.2f}, 100 new .txt folder {figures['new100_folder_cpu_s']:.2f}")
    print(f"peak RSS: {figures['peak_rss_mib']} MiB")


if __name__ == "__main__":
    main()
