"""Build the speed-benchmark corpus from ../shared/data (Reuters-21578 + BBC News).

Layout (what a real archive looks like to ``searchkit index``):

- ``reuters/reuters-NNN.jsonl``: Reuters stories as a wire feed, 1,000 a file, with
  ``id``, ``headline``, ``date``, ``section`` (first TOPIC, else "reuters") and ``body``
  (entities decoded, control characters dropped, hard wraps joined into paragraphs);
- ``<section>/NNN.txt``: BBC stories copied byte for byte, so the plain-text reader
  (encoding detection, headline finding, cleaning) does its real work;
- replicas (``--replicate N`` / ``--size N``) in ``r01/``, ``r02/``... sub-folders with
  new ids, later dates and swapped words (see ``speed_common.Replicator``).

Usage::

    python bench/prepare.py                      # bench/out/corpus-1x (23,803 articles)
    python bench/prepare.py --size 200000        # bench/out/corpus-200000
    python bench/prepare.py --replicate 3        # bench/out/corpus-3x (71,406 articles)
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed_common import DATA, OUT, build_corpus, corpus_path  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    """Parse options, build the corpus, print what was written."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder (default: %(default)s)")
    parser.add_argument("--out", type=Path, help="corpus folder (default: bench/out/corpus-1x or corpus-SIZE)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--replicate", type=int, default=1, help="whole copies of the corpus (default 1)")
    group.add_argument("--size", type=int, help="total articles (replicas cut to fit)")
    args = parser.parse_args(argv)
    if args.size is None and args.replicate > 1:
        out = args.out or OUT / f"corpus-{args.replicate}x"
    else:
        out = args.out or corpus_path(args.size)
    info = build_corpus(out, size=args.size, replicate=args.replicate, data=args.data)
    print(json.dumps(asdict(info), indent=1))


if __name__ == "__main__":
    main()
