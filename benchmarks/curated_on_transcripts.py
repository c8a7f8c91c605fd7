#!/usr/bin/env python3
"""Curated claims against real speech: every highlight they get on debate transcripts.

The rules for claims with curated figures (a count repeated or counted with its noun in
words that name a group and the story; places, bodies and owners; periods and years) are
read on stories made up to test them. Debate transcripts are real speech on other
subjects, so nearly every highlight of a curated claim there is a false one. Loads the demo
claims and the fictional stories' claims (``benchmarks/story*/claims.json``) into one
database, sends every sentence of the chosen splits of CLEF 2021 Task 2B's transcripts in
pages of 200 through ``Matcher.match``, and prints each highlight (split, sentence, claim,
score, whether it matched by repeating a figure, the figures' verdicts), then the count.

Usage: python benchmarks/curated_on_transcripts.py [DATASET_DIR] [--split S ...]
                                                   [--claims FILE ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.bench import PAGE, read_transcripts  # noqa: E402
from server.claimsfile import read_file  # noqa: E402
from server.demo import load_demo  # noqa: E402
from server.engine import Matcher  # noqa: E402
from server.store import open_store  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "benchmarks" / "clef2021-task2b-en"
STORIES = sorted((ROOT / "benchmarks").glob("story*/claims.json"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--split", nargs="+", default=["train", "dev", "test"])
    parser.add_argument("--claims", nargs="+", type=Path, default=STORIES,
                        help="claims files loaded beside the demo claims "
                             "(default: the fictional stories')")
    args = parser.parse_args()
    if not args.dataset.is_dir():
        sys.exit(f"no data set at {args.dataset}")
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "curated.db"))
        load_demo(store)
        for path in args.claims:
            store.import_document(read_file(path), name=path.name)
        matcher = Matcher(store.load_corpus())
        store.close()
    sentences = highlights = 0
    for split in args.split:
        for rows in read_transcripts(args.dataset / f"sentences-{split}.jsonl").values():
            texts = [r["text"] for r in rows]
            for start in range(0, len(texts), PAGE):
                for result in matcher.match(texts[start:start + PAGE]):
                    sentences += 1
                    for m in result["matches"]:
                        highlights += 1
                        figures = [(f["text"], f["status"]) for f in m["figures"]]
                        print(f"{split} | {result['text']} -> {m['claim']['id']} "
                              f"{m['score']:.3f}{' repeats' if m.get('repeats') else ''} "
                              f"{figures}")
        print(f"{split}: read", file=sys.stderr)
    print(f"sentences={sentences} highlights={highlights}")


if __name__ == "__main__":
    main()
