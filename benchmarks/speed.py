#!/usr/bin/env python3
"""Speed of the figure engine on a 200-sentence page against 19,250 claims, in process
and through a real server's ``/api/v1/match``.

Loads CLEF 2021 Task 2B's PolitiFact claims and their transformer vectors into a temporary
database (or the ``--database`` file a previous run kept), builds the matcher, and times
``Matcher.match`` on pages of 200 transcript sentences (each of 3 words or more). Then
``recount serve`` runs on the same database and the same pages are POSTed to
``/api/v1/match`` as the extension sends them (``{"sentences": [...]}``), timed at the
client: from sending the request to the parsed response. The two are timed in alternating
rounds, so a slower minute of a shared machine falls on both. In the same run, a rapidfuzz
token_set_ratio scan of every claim (the approach the index replaces) is timed on a sample
of the first page's sentences as the reference.

Usage: python benchmarks/speed.py [DATASET_DIR] [--pages N] [--repeats N]
                                  [--scan-sample N] [--database FILE]

``--pages N`` times the first N 200-sentence pages of the test transcripts (transcript by
transcript; a transcript's shorter last page is left out) instead of the first one alone;
``--repeats N`` is the number of rounds, each timing every page once in process and once
through the server. The server's log is written beside ``--database`` (FILE.log).
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from server.bench import PAGE, dataset_matcher, machine, read_transcripts  # noqa: E402
from tests.conftest import LiveServer  # noqa: E402
from tests.test_quality import post_match  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "benchmarks" / "clef2021-task2b-en"


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def transcript_pages(folder: Path, count: int, size: int = PAGE) -> list[list[str]]:
    """The first ``count`` pages of ``size`` sentences of 3 words or more of the test
    transcripts, in the file's order of transcripts."""
    pages = []
    for rows in read_transcripts(folder / "sentences-test.jsonl").values():
        texts = [r["text"] for r in rows if len(r["text"].split()) >= 3]
        pages += [texts[i:i + size] for i in range(0, len(texts) - size + 1, size)]
    return pages[:count]


def timed(call: Callable[[list[str]], Any], page: list[str]) -> float:
    start = time.perf_counter()
    call(page)
    return time.perf_counter() - start


def spread(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return f"p50={statistics.median(times) * 1000:.1f}ms p95={p95 * 1000:.1f}ms"


def matched_ids(results: list[dict[str, Any]]) -> list[list[str]]:
    return [[m["claim"]["id"] for m in r["matches"]] for r in results]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--pages", type=int, default=1,
                        help="distinct 200-sentence pages, timed round-robin")
    parser.add_argument("--repeats", type=int, default=30,
                        help="rounds, each timing every page in process and through HTTP")
    parser.add_argument("--scan-sample", type=int, default=10,
                        help="sentences timed for the rapidfuzz scan reference")
    parser.add_argument("--database", type=Path,
                        help="SQLite file to keep the claims and their vectors in between runs")
    args = parser.parse_args()
    if not (args.dataset / "claims.jsonl").exists():
        sys.exit(f"{args.dataset} has no claims.jsonl")
    pages = transcript_pages(args.dataset, args.pages)
    if not pages:
        sys.exit(f"{args.dataset} has no test transcript of {PAGE} sentences")

    print(f"machine: {machine()}")
    rss0 = rss_mib()
    with tempfile.TemporaryDirectory() as tmp:
        # The server reads the claims' vectors from the database, so it needs a file.
        database = args.database or Path(tmp) / "speed.db"
        matcher, load, build = dataset_matcher(args.dataset, meaning=True, database=database)
        claims = [c.text for c in matcher.catalog.claims]
        print(f"claims={len(claims)} import={load:.2f}s index_build={build:.2f}s "
              f"(with the claims' transformer vectors) rss={rss_mib():.0f}MiB "
              f"(start {rss0:.0f}MiB)")
        server = LiveServer(database, env={"RECOUNT_LOAD_DEMO": "false",
                                           "RECOUNT_RATE_LIMIT": ""})
        try:
            send = functools.partial(post_match, server.url)
            # The first pass warms both (stemmer, figure regexes) and checks they agree.
            local = [matcher.match(page) for page in pages]
            remote = [send(page) for page in pages]
            in_process: list[float] = []
            through_http: list[float] = []
            runs = [(matcher.match, in_process), (send, through_http)]
            for n in range(args.repeats):
                # Alternate which goes first, so neither always runs after the other.
                for call, times in runs[:: 1 if n % 2 == 0 else -1]:
                    times += [timed(call, page) for page in pages]
        finally:
            server.stop()

    matched = sum(1 for results in local for r in results if r["matches"])
    read = sum(1 for page in pages for d in matcher.decide(page) if d.pairs)
    same = [matched_ids(r) for r in local] == [matched_ids(r) for r in remote]
    print(f"pages={len(pages)} of {PAGE} sentences, matched={matched} read by the "
          f"transformer={read} repeats={args.repeats}; the server's matches are "
          f"{'the same' if same else 'DIFFERENT'}")
    p50 = statistics.median(in_process)
    print(f"in process: {spread(in_process)} per page; "
          f"{PAGE / p50:.0f} sentences/s; rss={rss_mib():.0f}MiB")
    print(f"through HTTP: {spread(through_http)} per page (POST /api/v1/match, at the client)")

    texts = claims
    sample = pages[0][: args.scan_sample]
    start = time.perf_counter()
    for sentence in sample:
        process.extractOne(sentence, texts, scorer=fuzz.token_set_ratio)
    per_sentence = (time.perf_counter() - start) / len(sample)
    scan_page = per_sentence * PAGE
    print(f"reference rapidfuzz token_set_ratio scan: {per_sentence * 1000:.1f}ms/sentence, "
          f"{scan_page:.2f}s per page; engine is {scan_page / p50:.0f}x faster")


if __name__ == "__main__":
    main()
