#!/usr/bin/env python3
"""Tune the transformer on debate sentences and the fact-checked claims they repeat.

all-MiniLM-L6-v2 was trained to place texts about one topic near each other. A debate
sentence's topic neighbours among 19,250 fact checks are then as near as the claim it
restates (on the dev transcripts the claims people judged the same and the topic
neighbours the decision must turn down had the same mean cosine). Here the model is tuned
on pairs of the claim-matching data set's train transcripts:

- labelled pairs: the data set's links (positive, also where a reader judged one only
  partly right: the links are real matches) and the other pairs people judged
  (``benchmarks/judged/``: "yes" 1, "partly" 0.5, "no" 0), and as "no" the unlinked,
  unjudged pairs the transformer placed nearest (``--hard-negatives`` of them, from a
  ``tools/fit_decision.py --pairs`` file: mostly topic neighbours);
- a CoSENT loss over each batch's labelled pairs (every pair with a higher label should
  have the higher cosine), plus an in-batch ranking loss on its positives (a sentence's
  own claim against the batch's other claims), so retrieval is kept.

Only the debates of ``fit_decision.tuning_debates`` are used: the decision is fitted on
the other train debates, whose cosines the tuned model has not learnt (on the debates it
was tuned on, they would look better than on any page it will read).

Writes the tuned weights (``--out``, ``.npz``, named as in the export);
``tools/quantize_encoder.py --weights`` makes the packaged model from them. Build time
only: needs torch (``pip install torch``) besides the test dependencies. About eight
minutes on two cores. The packaged model: the pairs written by ``tools/fit_decision.py
--pairs`` with the untuned model (``quantize_encoder.py`` without ``--weights``), then::

    .venv/bin/python tools/tune_encoder.py ../shared/benchmarks/clef2021-task2b-en \\
        --pairs /tmp/pairs-untuned.jsonl --out /tmp/tuned.npz
    .venv/bin/python tools/quantize_encoder.py --weights /tmp/tuned.npz

and ``tools/fit_decision.py`` again for the decision that goes with it.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_decision import JUDGED, read_jsonl, tuning_debates  # noqa: E402
from quantize_encoder import export_weights, unpack  # noqa: E402

from server.index.encoder import MAX_PIECES, PACKAGE_DATA  # noqa: E402
from server.rank.decision import DECISION_FEATURES  # noqa: E402
from server.text.noise import without_noise  # noqa: E402

#: Optimiser steps, pairs a batch (half positive), learning rate (linear warm-up over the
#: first tenth, then linear decay), and the loss's scale of cosines.
STEPS, BATCH, LEARNING_RATE, SCALE = 250, 32, 2e-5, 20.0
#: Unlinked, unjudged pairs taken as topic neighbours ("no"), nearest first.
HARD_NEGATIVES = 2200
#: all-MiniLM-L6-v2's shape.
LAYERS, HEADS = 6, 12


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("claims_dataset", type=Path)
    parser.add_argument("--pairs", type=Path, required=True,
                        help="pairs written by tools/fit_decision.py --pairs")
    parser.add_argument("--out", type=Path, required=True, help="tuned weights (.npz)")
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--hard-negatives", type=int, default=HARD_NEGATIVES)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    try:
        import torch  # noqa: F401
    except ImportError:
        sys.exit("torch is missing: pip install torch")
    rows, claims = training_pairs(args.claims_dataset, args.pairs, args.hard_negatives)
    with tempfile.TemporaryDirectory() as tmp:
        weights = export_weights(unpack(Path(tmp) / "float32.onnx"))
    tuned = tune(weights, rows, claims, steps=args.steps, seed=args.seed)
    np.savez(args.out, **tuned)
    print(f"{args.out}: {len(tuned)} tensors")


def training_pairs(folder: Path, pairs: Path, hard: int
                   ) -> tuple[list[tuple[str, str, float]], dict[str, str]]:
    """(sentence as the decision reads it, claim id, label) of the tuning debates, and
    each claim's text."""
    claims = {r["id"]: r["text"] for r in read_jsonl(folder / "claims.jsonl")}
    transcripts = list(read_jsonl(folder / "sentences-train.jsonl"))
    debates = tuning_debates({r["doc"] for r in transcripts})
    text = {r["id"]: r["text"] for r in transcripts}
    labels: dict[tuple[str, str], float] = {}
    for line in (folder / "qrels-train.tsv").read_text(encoding="utf-8").splitlines():
        query, claim = line.split("\t")
        if query.rsplit("_", 1)[0] in debates:
            labels[(text[query], claim)] = 1.0
    judged = set()
    for path in sorted(JUDGED.glob("*-train.jsonl")):
        for r in read_jsonl(path):
            judged.add((r["sentence"], r["claim_id"]))
            if r["doc"] in debates:
                labels.setdefault((r["sentence"], r["claim_id"]), float(r["label"]))
    meaning = DECISION_FEATURES.index("meaning")
    near = sorted(((r["values"][meaning], r["sentence"], r["claim_id"]) for r in read_jsonl(pairs)
                   if r["split"] == "train" and r["doc"] in debates and not r["gold"]
                   and (r["sentence"], r["claim_id"]) not in judged), reverse=True)
    for _, sentence, claim in near[:hard]:
        labels.setdefault((sentence, claim), 0.0)
    rows = [(without_noise(s), c, y) for (s, c), y in sorted(labels.items())]
    print(f"{len(debates)} debates: {sum(y == 1 for *_, y in rows)} positive, "
          f"{sum(y == 0.5 for *_, y in rows)} partly, {sum(y == 0 for *_, y in rows)} "
          "negative pairs", file=sys.stderr)
    return rows, claims


def tune(weights: dict[str, np.ndarray], rows: list[tuple[str, str, float]],
         claims: dict[str, str], *, steps: int, seed: int) -> dict[str, np.ndarray]:
    """The weights after ``steps`` batches of ``rows``."""
    import torch
    from tokenizers import Tokenizer

    torch.manual_seed(seed)
    rng = random.Random(seed)
    tokenizer = Tokenizer.from_file(str(PACKAGE_DATA / "minilm" / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_PIECES)
    model = MiniLM(weights)

    def batch(texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
        encoded = tokenizer.encode_batch(texts)
        ids = torch.zeros((len(texts), max(len(e.ids) for e in encoded)), dtype=torch.long)
        for i, e in enumerate(encoded):
            ids[i, :len(e.ids)] = torch.tensor(e.ids)
        return ids, (ids != 0).long()

    positives = [r for r in rows if r[2] > 0]
    negatives = [r for r in rows if r[2] == 0]
    optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    warm = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: (s + 1) / warm if s < warm else max(0.0, (steps - s) / (steps - warm)))
    started = time.monotonic()
    model.train()
    for step in range(steps):
        pairs = rng.sample(positives, BATCH // 2) + rng.sample(negatives, BATCH // 2)
        sentences = model(*batch([s for s, _, _ in pairs]))
        claimed = model(*batch([claims[c] for _, c, _ in pairs]))
        cosine = (sentences * claimed).sum(-1)
        label = torch.tensor([y for *_, y in pairs])
        # CoSENT: log(1 + sum over pairs i labelled above j of exp(scale (cos_j - cos_i))).
        above = label[:, None] > label[None, :]
        differences = SCALE * (cosine[None, :] - cosine[:, None])[above]
        loss = torch.logsumexp(torch.cat([torch.zeros(1), differences]), 0)
        # In-batch ranking: each positive sentence's claim against the batch's claims.
        own = (label == 1).nonzero().flatten()
        if len(own) > 1:
            loss = loss + torch.nn.functional.cross_entropy(
                SCALE * sentences[own] @ claimed.T, own)
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        schedule.step()
        if step % 25 == 0 or step == steps - 1:
            print(f"step {step + 1}/{steps}: loss {loss.item():.3f} "
                  f"({time.monotonic() - started:.0f} s)", file=sys.stderr)
    return model.weights()


def MiniLM(weights: dict[str, np.ndarray]):  # noqa: ANN201, N802 - a torch module's class
    """all-MiniLM-L6-v2 (a BERT encoder, mean-pooled and normalised) as a torch module over
    the export's weights (``quantize_encoder.export_weights`` names)."""
    import torch
    from torch import nn

    class Module(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.names = {name: name.replace(".", "__") for name in weights}
            self.tensors = nn.ParameterDict({
                key: nn.Parameter(torch.tensor(np.asarray(weights[name], dtype=np.float32)))
                for name, key in self.names.items()})

        def get(self, name: str) -> torch.Tensor:
            return self.tensors[self.names[name]]

        def norm(self, x: torch.Tensor, name: str) -> torch.Tensor:
            return nn.functional.layer_norm(x, x.shape[-1:], self.get(f"{name}.weight"),
                                            self.get(f"{name}.bias"), eps=1e-12)

        def dense(self, x: torch.Tensor, name: str) -> torch.Tensor:
            return x @ self.get(f"{name}.weight") + self.get(f"{name}.bias")

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            e = "inner.embeddings"
            n = ids.shape[1]
            x = (self.get(f"{e}.word_embeddings.weight")[ids]
                 + self.get(f"{e}.position_embeddings.weight")[:n][None]
                 + self.get(f"{e}.token_type_embeddings.weight")[0])
            x = self.norm(x, f"{e}.LayerNorm")
            b, width = ids.shape[0], x.shape[-1] // HEADS
            padding = (1.0 - mask[:, None, None, :].float()) * -1e4
            for i in range(LAYERS):
                layer = f"inner.encoder.layer.{i}"
                q, k, v = (self.dense(x, f"{layer}.attention.self.{p}")
                           .view(b, n, HEADS, width).transpose(1, 2)
                           for p in ("query", "key", "value"))
                attention = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(width) + padding,
                                          dim=-1)
                context = (attention @ v).transpose(1, 2).reshape(b, n, HEADS * width)
                x = self.norm(self.dense(context, f"{layer}.attention.output.dense") + x,
                              f"{layer}.attention.output.LayerNorm")
                hidden = nn.functional.gelu(self.dense(x, f"{layer}.intermediate.dense"))
                x = self.norm(self.dense(hidden, f"{layer}.output.dense") + x,
                              f"{layer}.output.LayerNorm")
            m = mask[..., None].float()
            return nn.functional.normalize((x * m).sum(1) / m.sum(1).clamp(min=1), dim=-1)

        def weights(self) -> dict[str, np.ndarray]:
            return {name: self.get(name).detach().numpy() for name in self.names}

    return Module()


if __name__ == "__main__":
    main()
