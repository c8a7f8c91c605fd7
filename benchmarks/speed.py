#!/usr/bin/env python3
"""Speed of the figure engine on a 200-sentence page against 19,250 claims.

Loads CLEF 2021 Task 2B's PolitiFact claims into a fresh temporary database (or the
``--database`` file a previous run kept, with the claims' transformer vectors), builds the
matcher, and matches a page of 200 transcript sentences repeatedly. In the same run, a
rapidfuzz token_set_ratio scan of every claim (the approach the index replaces) is timed
on a sample of the page's sentences as the reference.

Usage: python benchmarks/speed.py [DATASET_DIR] [--repeats N] [--scan-sample N]
                                  [--database FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from server.bench import dataset_matcher  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "benchmarks" / "clef2021-task2b-en"


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def page_sentences(folder: Path, size: int = 200) -> list[str]:
    """The first ``size`` non-trivial lines of the first transcript: one long page."""
    rows = [json.loads(line) for line in (folder / "sentences-test.jsonl").open()]
    first = rows[0]["doc"]
    page = [r["text"] for r in rows if r["doc"] == first and len(r["text"].split()) >= 3]
    return page[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--scan-sample", type=int, default=10,
                        help="sentences timed for the rapidfuzz scan reference")
    parser.add_argument("--database", type=Path,
                        help="SQLite file to keep the claims and their vectors in between runs")
    args = parser.parse_args()
    if not (args.dataset / "claims.jsonl").exists():
        sys.exit(f"{args.dataset} has no claims.jsonl")

    print(f"machine: {os.cpu_count()} cpus, python {sys.version.split()[0]}")
    rss0 = rss_mib()
    matcher, load, build = dataset_matcher(args.dataset, meaning=True, database=args.database)
    claims = [c.text for c in matcher.catalog.claims]
    print(f"claims={len(claims)} import={load:.2f}s index_build={build:.2f}s "
          f"(with the claims' transformer vectors) rss={rss_mib():.0f}MiB (start {rss0:.0f}MiB)")

    page = page_sentences(args.dataset)
    matcher.match(page)  # warm caches (stemmer, figure regexes)
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        results = matcher.match(page)
        times.append(time.perf_counter() - start)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    matched = sum(1 for r in results if r["matches"])
    read = sum(1 for d in matcher.decide(page) if d.pairs)
    print(f"page={len(page)} sentences matched={matched} read by the transformer={read} "
          f"repeats={args.repeats}")
    print(f"p50={p50 * 1000:.1f}ms p95={p95 * 1000:.1f}ms per page; "
          f"{len(page) / p50:.0f} sentences/s; rss={rss_mib():.0f}MiB")

    texts = claims
    sample = page[: args.scan_sample]
    start = time.perf_counter()
    for sentence in sample:
        process.extractOne(sentence, texts, scorer=fuzz.token_set_ratio)
    per_sentence = (time.perf_counter() - start) / len(sample)
    scan_page = per_sentence * len(page)
    print(f"reference rapidfuzz token_set_ratio scan: {per_sentence * 1000:.1f}ms/sentence, "
          f"{scan_page:.2f}s per page; engine is {scan_page / p50:.0f}x faster")


if __name__ == "__main__":
    main()
