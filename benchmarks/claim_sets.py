"""Page matching on the claim sets self-hosting groups build, other than one publisher's
fact checks with headlines: a data set's claims spread over N fact-checkers (an aggregated
ClaimReview feed), without their titles (a CSV of claims), or a random few of them (a
group's own collection), every transcript of a split sent through the matching of
/api/v1/match, as ``recount bench pages`` does.

The match decision must weigh them as it weighs the collection it was fitted on
(``rank.decision.collection``, ``rank.decision.untitled``).

    .venv/bin/python benchmarks/claim_sets.py --publishers 50 --vectors-from /tmp/clef2021.db
    .venv/bin/python benchmarks/claim_sets.py --without-titles --vectors-from /tmp/clef2021.db
    .venv/bin/python benchmarks/claim_sets.py --sample 2000 --vectors-from /tmp/clef2021.db

``--vectors-from`` names a ``recount bench pages --database`` file whose stored transformer
vectors save reading the claims again; it is copied, never changed.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server.bench import claims_document, dataset_matcher, run_pages  # noqa: E402
from server.store import open_store  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "clef2021-task2b-en"


def claim_set(doc: dict, publishers: int, titles: bool, sample: int | None = None,
              seed: int = 0) -> dict:
    """The claims of a one-source data set document (a random ``sample`` of them, if
    given) quoted from ``publishers`` fact-check sources in turn, with or without their
    titles."""
    if sample is not None:
        doc["claims"] = random.Random(seed).sample(doc["claims"], min(sample, len(doc["claims"])))
    doc["sources"] = [{"id": f"checker-{k}", "publisher": f"Checker {k}", "kind": "fact-check"}
                      for k in range(publishers)]
    for i, claim in enumerate(doc["claims"]):
        claim["quotes"] = [{"source": f"checker-{i % publishers}", "text": claim["text"]}]
        if not titles:
            claim.pop("title", None)
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--publishers", type=int, default=1)
    parser.add_argument("--without-titles", action="store_true")
    parser.add_argument("--sample", type=int, help="a random N of the claims only")
    parser.add_argument("--seed", type=int, default=0, help="of the --sample draw")
    parser.add_argument("--vectors-from", type=Path,
                        help="SQLite file of an earlier run whose claim vectors to reuse")
    parser.add_argument("--out", type=Path, help="write every highlight here, for judging")
    args = parser.parse_args()
    if not (args.dataset / "claims.jsonl").exists():
        sys.exit(f"{args.dataset} has no claims.jsonl")
    if args.publishers < 1:
        sys.exit("--publishers must be at least 1")
    if args.sample is not None and args.sample < 1:
        sys.exit("--sample must be at least 1")
    if args.vectors_from and not args.vectors_from.is_file():
        sys.exit(f"--vectors-from: no such file {args.vectors_from}")

    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "spread.db"
        if args.vectors_from:  # SQLite's backup: a copy of the file could miss its WAL
            with sqlite3.connect(args.vectors_from) as source, sqlite3.connect(database) as copy:
                source.backup(copy)
                # The copy's claims go (their vectors stay): the set below is all it holds.
                copy.executescript("DELETE FROM figure; DELETE FROM quote; DELETE FROM claim;")
        store = open_store(str(database))
        try:
            doc = claim_set(claims_document(args.dataset), args.publishers,
                            not args.without_titles, args.sample, args.seed)
            result = store.import_document(doc)
        finally:
            store.close()
        print(f"claims={result.claims} publishers={args.publishers} "
              f"titles={'no' if args.without_titles else 'yes'}", file=sys.stderr)
        matcher, _, _ = dataset_matcher(args.dataset, meaning=True, database=database)
    out = args.out.open("w", encoding="utf-8") if args.out else None
    try:
        report = run_pages(matcher, args.dataset, args.split, out=out)
    finally:
        if out is not None:
            out.close()
    print("\n".join(report.lines()))


if __name__ == "__main__":
    main()
