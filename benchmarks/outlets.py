#!/usr/bin/env python3
"""The demo claims against sentences written the way outlets write about their story, each
labelled with what a reader expects: highlighted or not, and each figure's verdict.

``benchmarks/outlets/sentences.jsonl`` holds them, and ``decoys.jsonl`` sentences of other
stories written to share their counts and words by chance, with a few that restate the
claims in unusual words (how both were written and labelled: benchmarks/outlets/README.md).
Each sentence is sent alone, as a page of one sentence, so that no sentence is read as
going on from another; prints the agreement and every sentence the engine reads otherwise
than its label.

Usage: python benchmarks/outlets.py [--sentences FILE] [--claims FILE ...] [--lead TEXT]
[--quiet]

``--lead`` sends each sentence after a sentence of the page that names the story (a
headline: "Lead in Tollingford's and Quarrendale's tap water"), as a page of two, and
reads the second: how a sentence reads on a page about its story.

``--claims`` loads these claims files (``recount-claims/1``) instead of the demo claims:
``benchmarks/story2/`` holds another story's claims and sentences.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.claimsfile import read_file  # noqa: E402
from server.engine import Matcher  # noqa: E402
from server.paths import DEMO_CLAIMS  # noqa: E402
from server.store import open_store  # noqa: E402

SENTENCES = ROOT / "benchmarks" / "outlets" / "sentences.jsonl"
#: A figure's verdict as the labels name it, from the API's status and reason.
VERDICTS = {("consistent", "exact"): "consistent", ("consistent", "rounded"): "rounded",
            ("conflicting", "other-quantity"): "other-population",
            ("conflicting", "different-value"): "conflicting"}


def read(result: dict[str, Any]) -> dict[str, str]:
    """A result's figure verdicts, as the labels name them."""
    return {f["text"]: VERDICTS.get((f["status"], f["reason"]), f["status"])
            for m in result["matches"] for f in m["figures"]}


def agrees(label: dict[str, Any], result: dict[str, Any]) -> tuple[bool, bool]:
    """Whether the engine highlights the sentence as labelled ("match-no-verdict" may be
    highlighted or not), and gives its figures the labelled verdicts (a label's figure may
    be written with its noun: "42 months" for the engine's "42", or without a hedge the
    engine reads with it: "$52.3 million" for "an estimated $52.3 million")."""
    expect, highlighted = label["expect"], bool(result["matches"])
    shown = expect == "match-no-verdict" or highlighted == (expect != "no-match")
    got = read(result)
    if label["figures"] is None:  # "match": highlighted, its verdicts not labelled
        return shown, True
    wanted = {next((g for g in got if f == g or f.startswith(g + " ")
                    or g.endswith(" " + f)), f): v
              for f, v in label["figures"].items()}
    return shown, got == wanted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=Path, default=SENTENCES)
    parser.add_argument("--claims", type=Path, nargs="+", default=[DEMO_CLAIMS],
                        help="claims files to load (default: the demo claims)")
    parser.add_argument("--lead", help="send each sentence after this one, on one page")
    parser.add_argument("--quiet", action="store_true", help="the totals only")
    args = parser.parse_args()
    labels = [json.loads(line) for line in args.sentences.read_text(encoding="utf-8")
              .splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "demo.db"))
        for path in args.claims:
            if not path.exists():
                sys.exit(f"no claims file at {path}")
            store.import_document(read_file(path), name=path.name)
        matcher = Matcher(store.load_corpus())
        store.close()
    totals: Counter[str] = Counter()
    for label in labels:
        result = matcher.match([*([args.lead] if args.lead else []), label["sentence"]])[-1]
        shown, judged = agrees(label, result)
        totals["sentences"] += 1
        totals["highlight as labelled"] += shown
        totals["verdicts as labelled"] += shown and judged
        totals[f"{label['expect']}: as labelled"] += shown and judged
        totals[f"{label['expect']}: sentences"] += 1
        if not (shown and judged) and not args.quiet:
            print(f"{label['expect']}: {label['sentence']}\n    labelled {label['figures']}, "
                  f"read {read(result)}"
                  f"{'' if result['matches'] else ' (not highlighted)'}")
    print(f"sentences={totals['sentences']} "
          f"highlighted_as_labelled={totals['highlight as labelled']} "
          f"all_as_labelled={totals['verdicts as labelled']}")
    for expect in sorted({label["expect"] for label in labels}):
        print(f"  {expect}: {totals[f'{expect}: as labelled']}"
              f"/{totals[f'{expect}: sentences']}")


if __name__ == "__main__":
    main()
