"""Score searchkit.people on CoNLL-2003 English dev (PER entities).

Usage::

    python bench/people_eval.py [--data ../shared/data/conll2003/dev.txt] [--errors N]

Prints entity-level PER precision/recall/F1 (exact token-span match), the mean
per-document F1 of canonical name sets (all
documents, and prose-only ones: results tables left out), and single-process throughput (median of 3).

Canonical gold set of a document: each gold PER span is mapped to the longest gold PER
span of the same document whose name-key token sequence contains it as a contiguous run
(so "Simmons" -> "Phil Simmons"; ties go to the first such name), then keyed with
``name_key``.  Predicted set: ``name_key`` of each ``Mention.name``.  Documents where
both sets are empty are skipped; the F1 is averaged over the others.
"""

from __future__ import annotations

import argparse
import statistics
import time
from bisect import bisect_right
from pathlib import Path

from searchkit.people.extract import find_mentions, name_key

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "conll2003"
DEFAULT_DATA = DEFAULT_DATA / "dev.txt"

Doc = list[list[tuple[str, str]]]  # sentences of (token, NER tag)


def read_conll(path: Path) -> list[Doc]:
    """Documents as lists of sentences of (token, tag); -DOCSTART- separates docs."""
    docs: list[Doc] = []
    doc: Doc = []
    sent: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.strip()
            if line.startswith("-DOCSTART-"):
                if sent:
                    doc.append(sent)
                if doc:
                    docs.append(doc)
                doc, sent = [], []
            elif not line:
                if sent:
                    doc.append(sent)
                sent = []
            else:
                parts = line.split()
                sent.append((parts[0], parts[-1]))
    if sent:
        doc.append(sent)
    if doc:
        docs.append(doc)
    return docs


def build_text(doc: Doc) -> tuple[str, list[int], list[int]]:
    """Text with one sentence per line; token start/end offsets in reading order."""
    lines: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for sent in doc:
        parts: list[str] = []
        for tok, _tag in sent:
            starts.append(pos)
            ends.append(pos + len(tok))
            parts.append(tok)
            pos += len(tok) + 1
        lines.append(" ".join(parts))
    return "\n".join(lines), starts, ends


def gold_spans(doc: Doc) -> list[tuple[int, int]]:
    """PER spans as (first, end) token indices over the whole document."""
    spans: list[tuple[int, int]] = []
    idx = 0
    for sent in doc:
        i = 0
        while i < len(sent):
            if sent[i][1] in ("B-PER", "I-PER"):
                j = i + 1
                while j < len(sent) and sent[j][1] == "I-PER":
                    j += 1
                spans.append((idx + i, idx + j))
                i = j
            else:
                i += 1
        idx += len(sent)
    return spans


def gold_canonical(tokens: list[str], spans: list[tuple[int, int]]) -> set[str]:
    """Gold canonical set: a span is replaced by the longest gold name containing it."""
    keyed = [tuple(name_key(" ".join(tokens[a:b])).split()) for a, b in spans]
    out: set[str] = set()
    for ks in keyed:
        best = ks
        for other in keyed:
            if len(other) > len(best) and any(
                other[i : i + len(ks)] == ks for i in range(len(other) - len(ks) + 1)
            ):
                best = other
        out.add(" ".join(best))
    return out


_SENTENCE_END = frozenset(['.', '?', '!', '"', "'"])


def is_prose(doc: Doc) -> bool:
    """A story told in sentences, not a results table or a list of scores.

    A line with a number that does not end like a sentence ("Arsenal 2 Chelsea 1") is a
    table row; a document whose rows are more than a fifth of its lines is a table.
    """
    rows = sum(
        1 for sent in doc
        if sent[-1][0] not in _SENTENCE_END and any(tok[0].isdigit() for tok, _tag in sent)
    )
    return rows <= 0.2 * len(doc)


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(docs: list[Doc], show_errors: int = 0) -> dict[str, float]:
    tp = fp = fn = 0
    doc_f1s: list[float] = []
    prose_f1s: list[float] = []
    errors: list[str] = []
    for doc in docs:
        text, starts, ends = build_text(doc)
        tokens = [tok for sent in doc for tok, _ in sent]
        gold = set(gold_spans(doc))
        pred: set[tuple[int, int]] = set()
        names: set[str] = set()
        for m in find_mentions(text):
            a = bisect_right(starts, m.start) - 1
            b = bisect_right(starts, m.end - 1)
            if starts[a] == m.start and ends[b - 1] == m.end:
                pred.add((a, b))
            else:
                pred.add((a, -b))  # partial-token span: never matches gold
            names.add(name_key(m.name))
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
        if show_errors:
            for a, b in sorted(pred - gold):
                errors.append(f"FP {' '.join(tokens[a:abs(b)])!r}  <<{_ctx(tokens, a, abs(b))}>>")
            for a, b in sorted(gold - pred):
                errors.append(f"FN {' '.join(tokens[a:b])!r}  <<{_ctx(tokens, a, b)}>>")
        gcanon = gold_canonical(tokens, sorted(gold))
        if gcanon or names:
            doc_f1s.append(f1(len(gcanon & names), len(names - gcanon), len(gcanon - names))[2])
            if is_prose(doc):
                prose_f1s.append(doc_f1s[-1])
    for line in errors[:show_errors]:
        print(line)
    p, r, f = f1(tp, fp, fn)
    return {"precision": p, "recall": r, "f1": f, "canonical_f1": statistics.mean(doc_f1s),
            "prose_f1": statistics.mean(prose_f1s), "prose_docs": len(prose_f1s), "scored_docs": len(doc_f1s),
            "gold": tp + fn, "predicted": tp + fp}


def _ctx(tokens: list[str], a: int, b: int) -> str:
    return " ".join(tokens[max(0, a - 6) : a] + ["["] + tokens[a:b] + ["]"] + tokens[b : b + 6])


def throughput(docs: list[Doc], runs: int = 3) -> float:
    texts = [build_text(doc)[0] for doc in docs]
    n_tokens = sum(len(sent) for doc in docs for sent in doc)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for text in texts:
            find_mentions(text)
        times.append(time.perf_counter() - t0)
    return n_tokens / statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=0, help="print N error examples")
    args = parser.parse_args()
    docs = read_conll(args.data)
    n_tokens = sum(len(sent) for doc in docs for sent in doc)
    scores = evaluate(docs, args.errors)
    speed = throughput(docs)
    print(f"documents: {len(docs)}  tokens: {n_tokens}  gold PER: {scores['gold']}"
          f"  predicted: {scores['predicted']}")
    print(f"PER precision {scores['precision']:.4f}  recall {scores['recall']:.4f}"
          f"  F1 {scores['f1']:.4f}")
    print(f"canonical-set F1 (mean per document): {scores['canonical_f1']:.4f}  "
          f"prose-only {scores['prose_f1']:.4f} ({scores['prose_docs']} of {scores['scored_docs']} documents)")
    print(f"throughput: {speed:,.0f} tokens/s (single process, median of 3)")


if __name__ == "__main__":
    main()
