"""Fit the match decision (``server/rank/decision.py``) and the check-worthiness read-out
(``server/data/checkworthy.npz``).

1. Check-worthiness: a logistic read-out of the transformer's sentence vector, fitted on
   the train split of a check-worthiness data set (debate sentences labelled worth checking
   or not; ``checkworthiness-debates-en``), checked by MAP on its dev split. Its debates
   are all among the claim-matching data set's train transcripts.
2. The decision: every transcript of the claim-matching data set's train and dev splits
   goes through ``Matcher.decide`` page by page (as ``recount bench pages`` sends them),
   with the screen open (every pair sharing two salient words is read). The models are
   fitted on the train debates the transformer was not tuned on (``tuning_debates``); the
   pairs of all are written with ``--pairs``. A pair is labelled
   by the judged file when it holds the pair (``benchmarks/judged/*.jsonl``: read by
   people, see benchmarks/README.md), else positive when the data set links the sentence
   to the claim, else negative. The screen and the decision are logistic models with an
   L2 penalty fitted on train. ``HIGHLIGHT`` is the lowest probability at which the train
   sentences whose best pair is above it are at least ``--precision`` right (a pair judged "partly" counts half;
   an unjudged one is right when the data set links it), ``SUGGEST`` the same at 50%;
   ``SCREEN_KEEP`` is set so the screen passes 97% of the train pairs the decision
   highlights. Dev is reported with them.

   ``UNTITLED_COVER`` and ``UNTITLED_MEANING`` say how a titled claim's cover and title
   cosine stand to its text's, over the train pairs the decision gives at least
   ``UNTITLED_REGION`` (a pairs file from before they were written leaves them out).

Prints the constants to paste into ``server/rank/weights.py`` and writes
``checkworthy.npz``; ``--pairs FILE`` also writes the pairs (with features and
probabilities) for judging. Runs in the product's environment::

    .venv/bin/python tools/fit_decision.py ../shared/benchmarks/clef2021-task2b-en \\
        ../shared/benchmarks/checkworthiness-debates-en --database /tmp/clef2021.db
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit

from server.bench import PAGE, dataset_matcher, read_qrels, read_transcripts
from server.engine import Matcher
from server.index.encoder import DIMS, encoder
from server.index.terms import is_number, terms
from server.paths import PACKAGE_DATA
from server.rank.decision import DECISION_FEATURES, SCREEN_FEATURES

JUDGED = Path(__file__).resolve().parent.parent / "benchmarks" / "judged"
#: Share of the train pairs the decision highlights that the screen must pass (each
#: sentence it passes costs a few milliseconds of the transformer).
SCREEN_RECALL = 0.97
#: Precision of the train sentences highlighted (a pair judged "partly" counting half) that
#: sets ``HIGHLIGHT``. Above the 80% the highlights should reach: the dev sentences'
#: highlights have been judged the same claim ("yes") about ten points less often than that.
PRECISION = 0.85
#: Precision (as for ``--precision``) of the pairs offered as possibly related.
SUGGEST_PRECISION = 0.5
#: L2 penalties (per example): the read-out has 384 weights and 1% positives, the
#: decision a dozen features. Chosen by dev MAP / dev log-loss.
CHECKWORTHY_L2, DECISION_L2 = 1e-6, 1e-6
#: Probability from which the pairs tell how an untitled claim's features stand to a titled
#: one's (``weights.UNTITLED_COVER``): the pairs near the decision, not the whole screen.
UNTITLED_REGION = 0.01


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """Weights and bias minimising the mean log-loss plus ``l2`` times the squared weights."""
    x1 = np.hstack([x, np.ones((len(x), 1))])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        p = expit(x1 @ w)
        value = -np.mean(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))
        grad = x1.T @ (p - y) / len(y)
        grad[:-1] += 2 * l2 * w[:-1]
        return value + l2 * float(w[:-1] @ w[:-1]), grad

    w = minimize(loss, np.zeros(x1.shape[1]), jac=True, method="L-BFGS-B").x
    return w[:-1], float(w[-1])


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def mean_average_precision(docs: list[str], labels: np.ndarray, scores: np.ndarray) -> float:
    """Average precision per document, averaged (CLEF check-worthiness scoring)."""
    aps = []
    for doc in sorted(set(docs)):
        rows = [i for i, d in enumerate(docs) if d == doc]
        order = sorted(rows, key=lambda i: -scores[i])
        hits, total = 0, 0.0
        for rank, i in enumerate(order, start=1):
            if labels[i]:
                hits += 1
                total += hits / rank
        if hits:
            aps.append(total / hits)
    return float(np.mean(aps)) if aps else 0.0


def fit_checkworthiness(folder: Path, encode: CachedEncoder) -> None:
    def split(name: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        rows = list(read_jsonl(folder / f"{name}.jsonl"))
        print(f"encoding {len(rows)} {name} sentences", file=sys.stderr)
        vectors = encode.encode([r["text"] for r in rows])
        return [r["doc"] for r in rows], vectors, np.array([r["label"] for r in rows], float)

    _, x_train, y_train = split("train")
    dev_docs, x_dev, y_dev = split("dev")
    weights, bias = fit_logistic(x_train, y_train, CHECKWORTHY_L2)
    print(f"check-worthiness dev MAP {mean_average_precision(dev_docs, y_dev, x_dev @ weights):.3f}")
    np.savez(PACKAGE_DATA / "checkworthy.npz", weights=weights.astype(np.float32),
             bias=np.float32(bias))


class CachedEncoder:
    """The transformer, remembering what it has read: fitting reads the same sentences
    again and again. ``path`` (``.npz``) keeps them between runs."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.cache: dict[str, np.ndarray] = {}
        if path is not None and path.exists():
            with np.load(path, allow_pickle=True) as data:  # our own cache file
                self.cache = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))

    def encode(self, texts, progress=None) -> np.ndarray:  # noqa: ANN001 - Encoder's
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            self.cache.update(zip(missing, encoder().encode(missing, progress), strict=True))
        if not texts:
            return np.zeros((0, DIMS), dtype=np.float32)
        return np.stack([self.cache[t] for t in texts])

    def save(self) -> None:
        if self.path is not None:
            texts = list(self.cache)
            np.savez(self.path, texts=np.array(texts, dtype=object),
                     vectors=np.stack([self.cache[t] for t in texts]))


def tuning_debates(debates: Iterable[str]) -> set[str]:
    """The train debates the transformer is tuned on (``tools/tune_encoder.py``): every
    other one in name (date) order. The decision is fitted on the others: on the debates
    it was tuned on, the tuned model's cosines are better than on any page it will read."""
    return set(sorted(debates)[0::2])


def judged_labels() -> dict[tuple[str, str], int]:
    """(sentence, claim id) -> 1 or 0, from every judged file."""
    labels = {}
    for path in sorted(JUDGED.glob("*.jsonl")):
        for row in read_jsonl(path):
            labels[(row["sentence"], row["claim_id"])] = float(row["label"])
    return labels


def pairs(matcher: Matcher, folder: Path, split: str) -> list[dict]:
    """Every pair past the open screen, with its features and the data set's gold."""
    qrels = read_qrels(folder / f"qrels-{split}.tsv")
    out = []
    for doc, rows in read_transcripts(folder / f"sentences-{split}.jsonl").items():
        print(f"{split}: {doc}", file=sys.stderr)
        for start in range(0, len(rows), PAGE):
            page = rows[start:start + PAGE]
            for row, decided in zip(page, matcher.decide([r["text"] for r in page], keep=0.0),
                                    strict=True):
                gold = qrels.get(str(row.get("query_id")), set())
                for pair in decided.pairs:
                    claim = matcher.catalog.claims[pair.scored.claim]
                    out.append({"split": split, "doc": doc, "line": row["line"],
                                "sentence": row["text"], "claim_id": claim.id,
                                "claim": claim.text, "gold": claim.id in gold,
                                "values": list(pair.values),
                                "cover_text": cover_of_text(matcher, decided.terms,
                                                            pair.scored.claim)})
    return out


def cover_of_text(matcher: Matcher, sentence_terms: list[str], claim_index: int) -> float:
    """``cover_claim`` over the claim's text alone, as if it had no title."""
    ranker, claim = matcher.ranker, matcher.catalog.claims[claim_index]
    nouns = frozenset().union(*(matcher.catalog.quantities[q].noun_terms
                                for q in claim.quantity_ids))
    own = frozenset(terms(claim.text)) - nouns
    mass = sum(ranker.weight(t) for t in own if not is_number(t))
    content = {t for t in sentence_terms if not is_number(t)}
    return min(1.0, sum(ranker.weight(t) for t in content & own) / mass) if mass else 0.0


def untitled(rows: list[dict], x: np.ndarray, probability: np.ndarray
             ) -> tuple[float, tuple[float, float]]:
    """``UNTITLED_COVER`` and ``UNTITLED_MEANING``: over the pairs the decision gives at
    least ``UNTITLED_REGION``, the share of a titled claim's cover that its text's cover is
    (least squares through 0), and the title cosine as a line in the text cosine."""
    near = probability >= UNTITLED_REGION
    cover = x[near, DECISION_FEATURES.index("cover_claim")]
    text = np.array([r["cover_text"] for r in rows])[near]
    said = x[near, DECISION_FEATURES.index("meaning")]
    title = x[near, DECISION_FEATURES.index("title_meaning")]
    line = np.linalg.lstsq(np.vstack([np.ones_like(said), said]).T, title, rcond=None)[0]
    return float((cover * text).sum() / (text * text).sum()), (float(line[0]), float(line[1]))


def best_pairs(rows: list[dict], probability: np.ndarray) -> np.ndarray:
    """Indexes of each sentence's most probable pair."""
    best: dict[tuple[str, int], int] = {}
    for i, r in enumerate(rows):
        key = (r["doc"], r["line"])
        if key not in best or probability[i] > probability[best[key]]:
            best[key] = i
    return np.array(sorted(best.values()), dtype=np.int64)


def threshold_for(probability: np.ndarray, labels: np.ndarray, precision: float) -> float:
    """The lowest probability at which the pairs at or above it are ``precision`` right."""
    order = np.argsort(-probability)
    right = np.cumsum(labels[order]) / np.arange(1, len(order) + 1)
    ok = np.nonzero(right >= precision)[0]
    return float(probability[order][ok[-1]]) if len(ok) else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("claims_dataset", type=Path)
    parser.add_argument("checkworthiness_dataset", type=Path)
    parser.add_argument("--database", type=Path, help="SQLite file to keep the claims in")
    parser.add_argument("--precision", type=float, default=PRECISION,
                        help="precision of the highlighted train pairs that sets HIGHLIGHT")
    parser.add_argument("--pairs", type=Path, help="write every pair here (JSON lines)")
    parser.add_argument("--from-pairs", type=Path,
                        help="refit from the pairs a run wrote with --pairs (the features "
                             "are unchanged when only labels or settings are)")
    parser.add_argument("--skip-checkworthiness", action="store_true",
                        help="keep the current checkworthy.npz")
    parser.add_argument("--sentence-cache", type=Path,
                        help=".npz file keeping the sentences' vectors between runs")
    args = parser.parse_args()

    judged = judged_labels()
    if args.from_pairs:
        data: dict[str, list[dict]] = {"train": [], "dev": []}
        for row in read_jsonl(args.from_pairs):
            data[row["split"]].append(row)
    else:
        encode = CachedEncoder(args.sentence_cache)
        if not args.skip_checkworthiness:
            fit_checkworthiness(args.checkworthiness_dataset, encode)
        matcher, _, _ = dataset_matcher(args.claims_dataset, meaning=True,
                                        database=args.database)
        matcher.encoder = encode  # type: ignore[assignment]
        data = {split: pairs(matcher, args.claims_dataset, split) for split in ("train", "dev")}
        encode.save()
    for rows in data.values():
        for r in rows:
            r["label"] = judged.get((r["sentence"], r["claim_id"]), int(r["gold"]))
            r["judged"] = (r["sentence"], r["claim_id"]) in judged
    # Fitted on the train debates the transformer was not tuned on; those it was tuned on
    # are reported and written out apart (tools/tune_encoder.py reads their pairs).
    tuned_on = tuning_debates({r["doc"] for r in data["train"]})
    data["tuned"] = [r for r in data["train"] if r["doc"] in tuned_on]
    data["train"] = [r for r in data["train"] if r["doc"] not in tuned_on]
    x = {s: np.array([r["values"] for r in rows]) for s, rows in data.items()}
    y = {s: np.array([r["label"] for r in rows], float) for s, rows in data.items()}
    n_screen = len(SCREEN_FEATURES)
    screen_w, screen_b = fit_logistic(x["train"][:, :n_screen], y["train"], DECISION_L2)
    weights, bias = fit_logistic(x["train"], y["train"], DECISION_L2)
    screen_p = {s: expit(x[s][:, :n_screen] @ screen_w + screen_b) for s in data}
    full = {s: expit(x[s] @ weights + bias) for s in data}
    # Precision counts a pair judged "partly" as half right; an unjudged pair is right when
    # the data set links it, else wrong.
    # A highlight is judged by its best claim: one pair per sentence.
    best = best_pairs(data["train"], full["train"])
    highlight = threshold_for(full["train"][best], y["train"][best], args.precision)
    suggest = threshold_for(full["train"][best], y["train"][best], SUGGEST_PRECISION)
    above = full["train"] >= highlight
    keep = float(np.quantile(screen_p["train"][above], 1 - SCREEN_RECALL)) if above.any() else 0.0
    prob = {s: np.where(screen_p[s] >= keep, full[s], 0.0) for s in data}
    print("SCREEN_WEIGHTS =", {f: round(float(w), 3)
                               for f, w in zip(SCREEN_FEATURES, screen_w, strict=True)})
    print(f"SCREEN_BIAS = {screen_b:.3f}\nSCREEN_KEEP = {keep:.4f}")
    print("DECISION_WEIGHTS =", {f: round(float(w), 3)
                                 for f, w in zip(DECISION_FEATURES, weights, strict=True)})
    print(f"DECISION_BIAS = {bias:.3f}\nHIGHLIGHT = {highlight:.3f}\nSUGGEST = {suggest:.3f}")
    if all("cover_text" in r for r in data["train"]):
        share, line = untitled(data["train"], x["train"], full["train"])
        print(f"UNTITLED_COVER = {share:.3f}\nUNTITLED_MEANING = ({line[0]:.3f}, {line[1]:.3f})")
    for s, rows in data.items():
        sentences = len({(r["doc"], r["line"]) for r in rows})
        screened = float(np.mean(screen_p[s] >= keep))
        lit = {(r["doc"], r["line"]) for r, p in zip(rows, prob[s], strict=True)
               if p >= highlight}
        print(f"{s}: pairs={len(rows)} sentences with a pair={sentences} "
              f"screen keeps {screened:.1%} of pairs; highlighted sentences={len(lit)}; "
              f"positives={int(y[s].sum())}")
    if args.pairs:
        with args.pairs.open("w", encoding="utf-8") as f:
            for s, rows in data.items():
                for r, p in zip(rows, prob[s], strict=True):
                    f.write(json.dumps({**r, "probability": round(float(p), 4)}) + "\n")


if __name__ == "__main__":
    main()
