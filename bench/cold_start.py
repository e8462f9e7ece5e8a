"""Cold start: wall time of a new ``searchkit query`` process vs a minimal raw-Whoosh script.

Each run starts a fresh interpreter (file pages stay in the OS cache: this is the
"type a query in a terminal" case, not a cold disk). Queries rotate over a few
realistic ones; medians over ``--runs`` (>= 5). Also times ``python -c pass`` and
``import searchkit.cli.commands`` alone, splits one in-process query into phases (import,
Index.open, first search incl. the people directory, output), and lists the
slowest imports from ``python -X importtime -c "import searchkit.cli.commands"``.

``--baseline DIR`` (a folder holding another version's ``searchkit/``, compiled) also
times that version's ``searchkit query``, interleaved with this tree's and the raw script in
every round, so that both ratios to raw Whoosh come from the same moments of a loaded machine.

Usage::

    python bench/cold_start.py --runs 7
    python bench/cold_start.py --runs 15 --baseline /tmp/searchkit-previous
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from query_speed import ensure_indexes  # noqa: E402
from speed_common import PYTHON, SEARCHKIT, ensure_corpus, median, run_measured  # noqa: E402

QUERIES = ("oil prices", "coffee export quotas", "interest rates", "election", "trade deficit japan")

RAW_SCRIPT = """
import sys
from whoosh import index
from whoosh.qparser import MultifieldParser, OrGroup
ix = index.open_dir(sys.argv[1])
with ix.searcher() as searcher:
    query = MultifieldParser(["headline", "body"], ix.schema, group=OrGroup).parse(sys.argv[2])
    for hit in searcher.search(query, limit=10, terms=True):
        print(hit["headline"], "|", hit.highlights("body"))
"""

PHASES_SCRIPT = """
import json, sys, time
t0 = time.perf_counter()
import searchkit.cli.commands
from searchkit import Index
t1 = time.perf_counter()
ix = Index.open(sys.argv[1])
t2 = time.perf_counter()
ix.directory()
t3 = time.perf_counter()
results = ix.search(sys.argv[2], limit=10)
t4 = time.perf_counter()
from searchkit.cli.output import results_text
text = results_text(results, color=False, width=80)
t5 = time.perf_counter()
ix.close()
print(json.dumps({"import_ms": 1000 * (t1 - t0), "open_ms": 1000 * (t2 - t1), "directory_ms": 1000 * (t3 - t2),
                  "search_ms": 1000 * (t4 - t3), "format_ms": 1000 * (t5 - t4)}))
"""


#: ``searchkit query`` from the package in another folder (this tree's editable install set aside).
BASELINE_LAUNCH = ("import sys; sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f)]; "
                   "sys.path.insert(0, sys.argv.pop(1)); sys.argv[0] = 'searchkit'; "
                   "from searchkit.cli.commands import main; main()")


def _query(command: list[str], q: str, sk_index: Path):
    run = run_measured([*command, "query", q, "--index", str(sk_index), "--color", "never"])
    if run.returncode not in (0, 1):
        raise RuntimeError(f"searchkit query failed: {run.stderr}")
    return run


def measure_cold(sk_index: Path, raw_index: Path, runs: int = 7, baseline: Path | None = None) -> dict:
    """Median wall seconds of fresh processes: searchkit query, raw script, bare python, import only
    (and the baseline's searchkit query, when given)."""
    sk, raw, bare, imp, sk_cpu, raw_cpu, base, base_cpu = [], [], [], [], [], [], [], []
    phases: list[dict] = []
    for i in range(runs):
        q = QUERIES[i % len(QUERIES)]
        if baseline is not None:
            run = _query([PYTHON, "-c", BASELINE_LAUNCH, str(baseline)], q, sk_index)
            base.append(run.seconds)
            base_cpu.append(run.cpu_seconds)
        run = _query([SEARCHKIT], q, sk_index)
        sk.append(run.seconds)
        sk_cpu.append(run.cpu_seconds)
        raw_run = run_measured([PYTHON, "-c", RAW_SCRIPT, str(raw_index), q])
        raw.append(raw_run.seconds)
        raw_cpu.append(raw_run.cpu_seconds)
        bare.append(run_measured([PYTHON, "-c", "pass"]).seconds)
        imp.append(run_measured([PYTHON, "-c", "import searchkit.cli.commands"]).seconds)
        phases.append(json.loads(run_measured([PYTHON, "-c", PHASES_SCRIPT, str(sk_index), q]).stdout))
    figures = {
        "runs": runs,
        "searchkit_query_s": round(median(sk), 3),
        "raw_script_s": round(median(raw), 3),
        "ratio": round(median(sk) / median(raw), 2),
        "searchkit_query_cpu_s": round(median(sk_cpu), 3),
        "raw_script_cpu_s": round(median(raw_cpu), 3),
        "python_pass_s": round(median(bare), 3),
        "import_searchkit_cli_s": round(median(imp), 3),
        "phases_ms": {k: round(median([p[k] for p in phases]), 1) for k in phases[0]},
        "searchkit_all_s": [round(x, 3) for x in sk],
    }
    if baseline is not None:
        figures.update(baseline_query_s=round(median(base), 3), baseline_ratio=round(median(base) / median(raw), 2),
                       baseline_cpu_s=round(median(base_cpu), 3),
                       baseline_cpu_ratio=round(median(base_cpu) / median(raw_cpu), 2),
                       cpu_ratio=round(median(sk_cpu) / median(raw_cpu), 2))
    return figures


def import_times(top: int = 15) -> list[tuple[str, float, float]]:
    """The slowest imports of ``import searchkit.cli.commands``: (module, self ms, cumulative ms), by cumulative."""
    run = run_measured([PYTHON, "-X", "importtime", "-c", "import searchkit.cli.commands"])
    rows = []
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = (part.strip() for part in line[len("import time:"):].split("|"))
        rows.append((name.strip(), int(self_us) / 1000, int(cumulative_us) / 1000))
    return sorted(rows, key=lambda r: -r[2])[:top]


def main(argv: list[str] | None = None) -> None:
    """Parse options, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="corpus folder (default: bench/out/corpus-1x)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--work", type=Path, help="folder holding sk-index and raw-index (default: index_speed's)")
    parser.add_argument("--baseline", type=Path, help="folder holding another version's searchkit/ to time alongside")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    corpus = ensure_corpus(path=args.corpus) if args.corpus else ensure_corpus()
    sk_index, raw_index, _ = ensure_indexes(corpus, args.work)
    figures = measure_cold(sk_index, raw_index, args.runs, args.baseline)
    figures["imports"] = import_times()
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    print(f"cold start on {sk_index} (median of {figures['runs']} fresh processes)")
    print(f"searchkit query:      {figures['searchkit_query_s']:.3f} s  (all: {figures['searchkit_all_s']})")
    print(f"raw whoosh script:    {figures['raw_script_s']:.3f} s  ratio {figures['ratio']}")
    print(f"CPU seconds:          searchkit {figures['searchkit_query_cpu_s']:.3f}, "
          f"raw {figures['raw_script_cpu_s']:.3f}")
    if args.baseline is not None:
        print(f"baseline query:       {figures['baseline_query_s']:.3f} s  ratio {figures['baseline_ratio']}  "
              f"(CPU {figures['baseline_cpu_s']:.3f} s, ratio {figures['baseline_cpu_ratio']}; "
              f"this tree's CPU ratio {figures['cpu_ratio']})")
    print(f"python -c pass:       {figures['python_pass_s']:.3f} s")
    print(f"import searchkit.cli.commands: {figures['import_searchkit_cli_s']:.3f} s")
    print("in-process phases (ms): " + ", ".join(f"{k} {v}" for k, v in figures["phases_ms"].items()))
    print("slowest imports (cumulative ms, self ms):")
    for name, self_ms, cumulative_ms in figures["imports"]:
        print(f"  {cumulative_ms:8.1f} {self_ms:8.1f}  {name}")


if __name__ == "__main__":
    main()
