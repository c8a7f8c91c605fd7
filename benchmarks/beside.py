#!/usr/bin/env python3
"""The demo claims with a real fact-check collection beside them, through a real server.

Loads the 19,250 PolitiFact claims of CLEF 2021 Task 2B (or the claims.jsonl of another
``--dataset``, such as CLEF 2020's Snopes claims) and the demo claims
(shared/claims/ny-detainers.json) into one database, starts ``recount serve`` on it, and
measures what a reader of the five source articles would see: conflicting verdicts, the
share of key-figure sentences matched, and sentences matched to a claim of the collection;
then the labelled cases of ../shared/eval, scored by their own scorer.

Usage: python benchmarks/beside.py [--database FILE] [--shared DIR] [--dataset DIR]

``--database`` keeps the loaded claims and their transformer vectors between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.bench import claims_document  # noqa: E402
from server.index.encoder import claim_meaning, encoder  # noqa: E402
from server.store import open_store  # noqa: E402
from server.text.sentences import split_sentences  # noqa: E402
from tests.conftest import LiveServer  # noqa: E402
from tests.test_quality import KEY_FIGURE, post_match  # noqa: E402

DEMO = ROOT / "shared" / "claims" / "ny-detainers.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--dataset", type=Path,
                        help="the collection beside the demo claims (a folder holding "
                             "claims.jsonl; default: shared's clef2021-task2b-en)")
    args = parser.parse_args()
    dataset = args.dataset or args.shared / "benchmarks" / "clef2021-task2b-en"
    if not (dataset / "claims.jsonl").exists():
        sys.exit(f"{dataset} has no claims.jsonl")
    demo = json.loads(DEMO.read_text(encoding="utf-8"))
    demo_ids = {c["id"] for c in demo["claims"]}
    with tempfile.TemporaryDirectory() as tmp:
        database = args.database or Path(tmp) / "beside.db"
        store = open_store(str(database))
        if store.is_empty():
            store.import_document(claims_document(dataset))
        store.import_document(demo)
        print(f"claims: {store.counts()['claims']} ({len(demo_ids)} demo)")
        # Claim vectors up front (minutes for a new database), so the server starts quickly.
        claim_meaning(store.load_corpus().claims, encoder(), store)
        store.close()
        server = LiveServer(database, env={"RECOUNT_LOAD_DEMO": "false",
                                           "RECOUNT_RATE_LIMIT": ""})
        try:
            conflicts, key, key_matched, elsewhere = [], 0, 0, []
            for path in sorted((args.shared / "articles").glob("*.txt")):
                sentences = [s.text for s in split_sentences(path.read_text(encoding="utf-8"))]
                for result in post_match(server.url, sentences):
                    figures = [f for m in result["matches"] for f in m["figures"]]
                    conflicts += [(path.name, result["text"], f["text"]) for f in figures
                                  if f["status"] == "conflicting"]
                    if KEY_FIGURE.search(result["text"]):
                        key += 1
                        key_matched += bool(result["matches"])
                    elsewhere += [(path.name, result["text"], m["claim"]["text"])
                                  for m in result["matches"] if m["claim"]["id"] not in demo_ids]
            print(f"articles: conflicting verdicts={len(conflicts)} key-figure sentences "
                  f"matched={key_matched}/{key} matched to a claim of {dataset.name}={len(elsewhere)}")
            for item in [*conflicts, *elsewhere]:
                print("  ", " | ".join(item)[:200])
            scorer = args.shared / "eval" / "score_match.py"
            out = subprocess.run([sys.executable, str(scorer), server.url], text=True,
                                 capture_output=True, check=True,
                                 env={**os.environ, "PYTHONPATH": ""}).stdout
            print("labelled cases:", out.strip().splitlines()[-1])
        finally:
            server.stop()


if __name__ == "__main__":
    main()
