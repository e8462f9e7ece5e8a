"""Language detectors on news text: errors and CPU per 1,000 articles, whole texts and their first 300 characters.

Texts: the TIME and BBC stories (English; BBC every fourth) and the readability
test pages whose ``<html lang>`` names their language (read by searchkit's HTML
reader; en, fr, es, de, ja, zh, pt, cs...). Compares py3langid (searchkit's
detector, on the lower-cased text as searchkit reads it) with langdetect where it
is installed (``pip install langdetect``; not a searchkit dependency).

Usage::

    python bench/language_detectors.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from relevance_data import DEFAULT_DATA  # noqa: E402


def texts(data: Path) -> list[tuple[str, str, str]]:
    """(expected language, source, text) of every text measured."""
    from searchkit.ingest.html.extract import extract_html

    found = []
    with open(data / "time" / "docs.jsonl", encoding="utf-8") as handle:
        found += [("en", "time", json.loads(line)["text"]) for line in handle]
    for path in sorted((data / "bbc_news" / "bbc").glob("*/*.txt"))[::4]:
        found.append(("en", "bbc", path.read_bytes().decode("utf-8", "replace")))
    for page in sorted((data / "readability_test_pages" / "pages").glob("*/source.html")):
        extracted = extract_html(page.read_bytes())
        if extracted.language and len(extracted.body) > 200:
            found.append((extracted.language.split("-")[0].lower(), "web", extracted.body))
    return found


def detectors() -> dict:
    from searchkit.analysis.detection import detect

    found = {"py3langid (searchkit)": detect}
    try:
        from langdetect import DetectorFactory
        from langdetect import detect as langdetect
    except ImportError:
        return found
    DetectorFactory.seed = 0
    found["langdetect"] = langdetect
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    args = parser.parse_args()
    measured = texts(args.data)
    print(f"{len(measured)} texts ({sum(src == 'web' for _, src, _ in measured)} web pages in several languages)")
    print("| detector | characters | errors (time / bbc / web) | CPU ms per 1,000 texts |")
    print("|---|---|---:|---:|")
    for name, detect in detectors().items():
        detect("warm up: the model loads once")
        for cut in (5000, 300):
            errors = {"time": 0, "bbc": 0, "web": 0}
            start = time.process_time()
            for language, source, text in measured:
                try:
                    guess = detect(text[:cut])
                except Exception:  # langdetect raises on text without features
                    guess = "?"
                errors[source] += guess != language
            cpu = (time.process_time() - start) / len(measured) * 1_000_000
            print(f"| {name} | first {cut:,} | {errors['time']} / {errors['bbc']} / {errors['web']} | {cpu:,.0f} |")


if __name__ == "__main__":
    main()
