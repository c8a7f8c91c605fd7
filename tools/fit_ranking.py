"""Fit ``RANK_WEIGHTS`` in ``server/rank/rank.py``: the linear model that orders candidate
claims for retrieval.

For every query of each data set's train split, the product's matcher proposes its
candidates (``server.engine.CANDIDATES`` per query) and computes their ranking features;
the weights maximise the listwise likelihood of the relevant claims (softmax over each
query's candidates): the sum over data sets of each one's mean loss per query (so a data
set weighs the same however many queries it has), plus an L2 penalty. Queries whose candidates hold no relevant claim teach nothing and are skipped.
Prints the weights as a dict to paste, and MAP@5 / MRR on the check split with the current
and the fitted weights. Runs in the product's environment (``.venv/bin/python``)::

    python tools/fit_ranking.py ../shared/benchmarks/clef2020-task2-en \\
        ../shared/benchmarks/clef2021-task2b-en
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
)
from server.engine import Matcher
from server.rank.rank import FEATURES, RANK_WEIGHTS

#: One query: its candidates' features (rows), which candidates are relevant, and how many
#: relevant claims it has in all (found or not).
Query = tuple[np.ndarray, np.ndarray, int]


def queries(matcher: Matcher, folder: Path, split: str) -> list[Query]:
    rows = read_queries(folder, split)
    qrels = read_qrels(folder / f"qrels-{split}.tsv")
    out = []
    for row, found in zip(rows, matcher.rank([r["text"] for r in rows]), strict=True):
        relevant = qrels.get(str(row["id"]))
        if relevant is None:
            continue
        x = np.array([s.values for s in found]).reshape(-1, len(FEATURES))
        y = np.array([matcher.catalog.claims[s.claim].id in relevant for s in found])
        out.append((x, y, len(relevant)))
    return out


def fit(sets: list[list[Query]], l2: float) -> np.ndarray:
    """Weights minimising the summed per-data-set mean listwise loss plus ``l2`` |w|^2."""
    parts = [(x, y / y.sum(), 1.0 / len(qs))
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
    args = parser.parse_args()
    needed = ["claims.jsonl", *(name for split in (args.split, args.check)
                                for name in (f"queries-{split}.jsonl", f"qrels-{split}.tsv"))]
    for folder in args.datasets:
        for name in needed:
            if not (folder / name).is_file():
                parser.error(f"{folder / name} does not exist")

    fitting, checking = [], []
    for folder in args.datasets:
        matcher, _load, _index = dataset_matcher(folder)
        fitting.append(queries(matcher, folder, args.split))
        checking.append(queries(matcher, folder, args.check))
        print(f"{folder.name}: {len(fitting[-1])} {args.split} and {len(checking[-1])} "
              f"{args.check} queries", flush=True)
    w = fit(fitting, args.l2)
    current = np.array([RANK_WEIGHTS[f] for f in FEATURES])
    for folder, qs in zip(args.datasets, checking, strict=True):
        (ap0, rr0), (ap1, rr1) = measure(qs, current), measure(qs, w)
        print(f"{folder.name} {args.check}: MAP@5 {ap0:.4f} -> {ap1:.4f}, "
              f"MRR {rr0:.4f} -> {rr1:.4f}")
    pairs = ", ".join(f'"{f}": {v:.2f}' for f, v in zip(FEATURES, w, strict=True))
    print(f"RANK_WEIGHTS = {{{pairs}}}")


if __name__ == "__main__":
    main()
