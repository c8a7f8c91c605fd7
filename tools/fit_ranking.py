"""Fit ``RANK_WEIGHTS`` and ``CONTEXT_RANK_WEIGHTS`` in ``server/rank/rank.py``: the linear
models that order candidate claims for retrieval, for a sentence alone and for a sentence
read with the sentences around it.

For every query of each data set's train split, the product's matcher proposes its
candidates (``server.engine.CANDIDATES`` per query) and computes their ranking features;
the weights maximise the listwise likelihood of the relevant claims (softmax over each
query's candidates): the sum over data sets of each one's mean loss per query (so a data
set weighs the same however many queries it has), plus an L2 penalty. Queries whose
candidates hold no relevant claim teach nothing and are skipped. ``RANK_WEIGHTS`` is fitted
on every query ranked alone; ``CONTEXT_RANK_WEIGHTS`` on the queries that a
``sentences-<split>.jsonl`` (in the data set's folder, or in ``--sentences``) places in
their text, ranked with the sentences around them as ``recount bench`` does.
Prints the weights as dicts to paste, and MAP@5 / MRR on the check split with the current
and the fitted weights. Runs in the product's environment (``.venv/bin/python``)::

    python tools/fit_ranking.py ../shared/benchmarks/clef2020-task2-en \\
        ../shared/benchmarks/clef2021-task2b-en --sentences /tmp/clef2021-transcripts
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from scipy.special import log_softmax, softmax

from server.bench import (
    average_precision,
    dataset_matcher,
    read_qrels,
    read_queries,
    reciprocal_rank,
    split_context,
)
from server.engine import Matcher
from server.rank.rank import CONTEXT_RANK_WEIGHTS, FEATURES, RANK_WEIGHTS

#: The features of a sentence ranked alone: the context features merely repeat others.
SENTENCE_FEATURES = tuple(f for f in FEATURES if not f.startswith("context"))

#: One query: its candidates' features (rows), which candidates are relevant, and how many
#: relevant claims it has in all (found or not).
Query = tuple[np.ndarray, np.ndarray, int]


def queries(matcher: Matcher, folder: Path, split: str,
            context: list[list[str]] | None = None) -> list[Query]:
    """The split's queries, ranked alone or, given ``context``, with it."""
    rows = read_queries(folder, split)
    qrels = read_qrels(folder / f"qrels-{split}.tsv")
    out = []
    for row, found in zip(rows, matcher.rank([r["text"] for r in rows], context=context),
                          strict=True):
        relevant = qrels.get(str(row["id"]))
        if relevant is None:
            continue
        x = np.array([s.values for s in found]).reshape(-1, len(FEATURES))
        y = np.array([matcher.catalog.claims[s.claim].id in relevant for s in found])
        out.append((x, y, len(relevant)))
    return out


def placed(folder: Path, split: str, sentences: Path | None) -> list[list[str]] | None:
    """The split's queries' context, from the data set's sentences file or ``sentences``
    (None when no query is placed)."""
    extra = [sentences / f"sentences-{split}.jsonl"] if sentences else []
    return split_context(folder, split, read_queries(folder, split), extra)


def fit(sets: list[list[Query]], l2: float,
        features: tuple[str, ...] = FEATURES) -> np.ndarray:
    """Weights minimising the summed per-data-set mean listwise loss plus ``l2`` |w|^2;
    features not in ``features`` keep weight 0."""
    mask = np.array([f in features for f in FEATURES], dtype=float)
    parts = [(x * mask, y / y.sum(), 1.0 / len(qs))
             for qs in sets for x, y, _n in qs if y.any() and not y.all()]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = l2 * w @ w, 2 * l2 * w
        for x, target, share in parts:
            z = x @ w
            total -= share * target @ log_softmax(z)
            grad += share * x.T @ (softmax(z) - target)
        return total, grad

    return minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B").x


def measure(qs: list[Query], w: np.ndarray, depth: int = 10) -> tuple[float, float]:
    """MAP@5 and MRR when the candidates are ordered by ``w``."""
    ap = rr = 0.0
    for x, y, n in qs:
        order = np.argsort(-(x @ w), kind="stable")[:depth]
        # Candidates stand in by position; relevant claims not among them by other names.
        ranked = [str(i) for i in order]
        relevant = {str(i) for i in np.flatnonzero(y)} | {f"missing{i}" for i in range(n - y.sum())}
        ap += average_precision(ranked, relevant, 5)
        rr += reciprocal_rank(ranked, relevant)
    return ap / max(len(qs), 1), rr / max(len(qs), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("datasets", nargs="+", type=Path,
                        help="folders with claims.jsonl, queries-<split>.jsonl, qrels-<split>.tsv")
    parser.add_argument("--split", default="train", help="split to fit on (default: train)")
    parser.add_argument("--check", default="dev", help="split to report (default: dev)")
    parser.add_argument("--l2", type=float, default=1e-3, help="L2 penalty (default: 1e-3)")
    parser.add_argument("--sentences", type=Path, metavar="DIR",
                        help="folder with sentences-<split>.jsonl files placing queries of "
                             "data sets that have none in their text (see "
                             "tools/clef_transcripts.py)")
    args = parser.parse_args()
    needed = ["claims.jsonl", *(name for split in (args.split, args.check)
                                for name in (f"queries-{split}.jsonl", f"qrels-{split}.tsv"))]
    for folder in args.datasets:
        for name in needed:
            if not (folder / name).is_file():
                parser.error(f"{folder / name} does not exist")
    if args.sentences and not args.sentences.is_dir():
        parser.error(f"{args.sentences} is not a folder")

    alone: list[tuple[str, list[Query], list[Query]]] = []
    together: list[tuple[str, list[Query], list[Query]]] = []
    for folder in args.datasets:
        matcher, _load, _index = dataset_matcher(folder)
        alone.append((folder.name, queries(matcher, folder, args.split),
                      queries(matcher, folder, args.check)))
        print(f"{folder.name}: {len(alone[-1][1])} {args.split} and {len(alone[-1][2])} "
              f"{args.check} queries", flush=True)
        fit_context = placed(folder, args.split, args.sentences)
        check_context = placed(folder, args.check, args.sentences)
        if fit_context is not None and check_context is not None:
            together.append((folder.name,
                             queries(matcher, folder, args.split, fit_context),
                             queries(matcher, folder, args.check, check_context)))
            print(f"{folder.name}: in context too", flush=True)
    models = [("RANK_WEIGHTS", RANK_WEIGHTS, alone, SENTENCE_FEATURES)]
    if together:
        models.append(("CONTEXT_RANK_WEIGHTS", CONTEXT_RANK_WEIGHTS, together, FEATURES))
    for name, weights, sets, features in models:
        w = fit([fitting for _n, fitting, _c in sets], args.l2, features)
        current = np.array([weights.get(f, 0.0) for f in FEATURES])
        for data_set, _fitting, checking in sets:
            (ap0, rr0), (ap1, rr1) = measure(checking, current), measure(checking, w)
            print(f"{name} {data_set} {args.check}: MAP@5 {ap0:.4f} -> {ap1:.4f}, "
                  f"MRR {rr0:.4f} -> {rr1:.4f}")
        pairs = ", ".join(f'"{f}": {v:.2f}' for f, v in zip(FEATURES, w, strict=True)
                          if f in features)
        print(f"{name} = {{{pairs}}}")


if __name__ == "__main__":
    main()
